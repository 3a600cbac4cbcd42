package org.sigmappg.cli;

import java.io.PrintWriter;
import org.sigmappg.bench.PretrainBenchmark;
import org.sigmappg.bench.TrainingThroughput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Stage-2 training throughput in steps per second, DJL against the same models in PyTorch. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Time the stage-2 step (frozen tokenizer targets, teacher + prior + Gumbel-Top-k, student,",
                "REINFORCE, one backward, two AdamW) in Java and in PyTorch (bench/pretrain_torch.py), alternating,",
                "on random windows and priors, and print steps per second and the ratio."})
public final class BenchPretrainCommand extends CliCommand {
    @Mixin
    BenchTokenizerCommand.TrainingBenchOptions options;

    @Override
    protected Object execute() throws Exception {
        return PretrainBenchmark.run(options.config());
    }

    @Override
    protected void printHuman(Object result, PrintWriter out) {
        out.print(((TrainingThroughput.Result) result).summary());
    }
}
