package org.sigmappg.cli;

import org.sigmappg.run.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The headless command line: the same core entry points as the workbench, for scripts and servers. */
@Command(name = "sigma-ppg",
        mixinStandardHelpOptions = true,
        versionProvider = SigmaPpgCli.Version.class,
        description = "SIGMA-PPG workbench, headless commands. Run without a command to open the workbench.",
        subcommands = {
                ImportCommand.class,
                DatasetsCommand.class,
                RunsCommand.class,
                InspectCommand.class,
                BenchCommand.class,
                GenerateSampleCommand.class,
                TrainTokenizerCommand.class,
                TokenizeCommand.class,
                PretrainCommand.class,
                CrossMasksCommand.class,
                ExportRunCommand.class,
                ImportRunCommand.class,
                FinetuneCommand.class,
                EvaluateCommand.class,
                EmbedCommand.class,
                ExportWindowsCommand.class,
                ImportWeightsCommand.class,
                ExportWeightsCommand.class,
                WorkspaceCommand.class,
                CommandLine.HelpCommand.class
        })
public final class SigmaPpgCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command (see --help)");
    }

    /** Runs the command line and returns its exit code: 0 success, 1 failure, 2 usage error. */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the command line with its output and errors going to the given writers. */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** The configured command tree (for running, and for listing the commands in tests and docs). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SigmaPpgCli());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + CliCommand.shown(ex.getMessage()) + " (see " + ex.getCommandLine().getCommandName() + " --help)");
            ex.getCommandLine().getErr().flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + CliCommand.reason(ex));
            commandLine.getErr().flush();
            return 1;
        });
        return cl;
    }

    /** Prints the workbench version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sigma-ppg " + BuildInfo.version() + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
