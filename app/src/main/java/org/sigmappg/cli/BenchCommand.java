package org.sigmappg.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Benchmarks, each run against its reference implementation in the same invocation. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks against reference implementations, run side by side in one invocation.",
        subcommands = {BenchPreprocessCommand.class, BenchTokenizerCommand.class, BenchPretrainCommand.class, BenchEmbedCommand.class,
                BenchGuiCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark: " + String.join(", ", spec.subcommands().keySet()));
    }
}
