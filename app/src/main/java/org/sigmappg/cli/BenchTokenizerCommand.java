package org.sigmappg.cli;

import java.io.PrintWriter;
import java.util.List;
import org.sigmappg.bench.TokenizerBenchmark;
import org.sigmappg.bench.TrainingThroughput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Stage-1 training throughput in patches per second, DJL against the same model in PyTorch. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = {"Time the tokenizer training step (encoder on the window and its augmented view, VQ, decoder,",
                "backward, EMA codebook, two AdamW) in Java and in PyTorch (bench/tokenizer_torch.py), alternating,",
                "on random windows, and print patches per second and the ratio."})
public final class BenchTokenizerCommand extends CliCommand {
    @Mixin
    TrainingBenchOptions options;

    @Override
    protected Object execute() throws Exception {
        return TokenizerBenchmark.run(options.config());
    }

    @Override
    protected void printHuman(Object result, PrintWriter out) {
        out.print(((TrainingThroughput.Result) result).summary());
    }

    /** The options of both training benchmarks ({@code bench tokenizer}, {@code bench pretrain}). */
    static final class TrainingBenchOptions {
        @Option(names = "--sizes", split = ",", paramLabel = "SIZE[,SIZE...]", defaultValue = "tiny,base",
                description = "Model presets to time: tiny, base, pro (default ${DEFAULT-VALUE}).")
        List<String> sizes;

        @Option(names = "--batch", paramLabel = "N", description = "Windows per step (default: each preset's batch size).")
        Integer batch;

        @Option(names = "--patches", paramLabel = "P", defaultValue = "240",
                description = "Patches per window, all valid (default ${DEFAULT-VALUE}).")
        int patches;

        @Option(names = "--steps", paramLabel = "N", defaultValue = "3",
                description = "Timed steps per repetition (default ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
                description = "Untimed steps first, on each side (default ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--repetitions", paramLabel = "N", defaultValue = "3",
                description = "Alternating Java/PyTorch repetitions; medians are reported (default ${DEFAULT-VALUE}).")
        int repetitions;

        @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
                description = "Intra-op threads on both sides (default: all cores, or -Dai.djl.pytorch.num_threads).")
        int threads;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of data, initialisation and steps (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
                description = "Python with PyTorch, e.g. Debian's python3-torch (default ${DEFAULT-VALUE}).")
        String python;

        TrainingThroughput.Config config() {
            return new TrainingThroughput.Config(sizes, batch, patches, steps, warmup, repetitions, threads, seed, python);
        }
    }
}
