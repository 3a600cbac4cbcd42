package org.sigmappg.cli;

import java.io.PrintWriter;
import java.util.List;
import org.sigmappg.bench.EmbedBenchmark;
import org.sigmappg.bench.TrainingThroughput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Embedding throughput of the published pro student, DJL against the reference layout in PyTorch. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Time embedding every window of the sample set with the published 'pro' student's layout in Java and in",
                "PyTorch (bench/embed_torch.py, the reference layout of scripts/reference), alternating, and print windows per",
                "second and the ratio (above 1: Java is faster)."})
public final class BenchEmbedCommand extends CliCommand {
    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + EmbedBenchmark.BATCH,
            description = "Windows per forward on both sides (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--repetitions", paramLabel = "N", defaultValue = "5",
            description = "Alternating Java/PyTorch repetitions; medians are reported (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1", description = "Untimed passes first, on each side (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Intra-op threads on both sides (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
            description = "Python with PyTorch, e.g. Debian's python3-torch (default ${DEFAULT-VALUE}).")
    String python;

    @Override
    protected Object execute() throws Exception {
        return EmbedBenchmark.run(new TrainingThroughput.Config(List.of("pro"), batch, 30, 1, warmup, repetitions, threads, 1L, python));
    }

    @Override
    protected void printHuman(Object result, PrintWriter out) {
        out.print(((TrainingThroughput.Result) result).summary());
    }
}
