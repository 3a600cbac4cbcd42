package org.sigmappg.cli;

import java.io.PrintWriter;
import org.sigmappg.train.TokenizeTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes every window's code indices, as a trained tokenizer assigns them, to the run's artifacts. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Assign every patch of a dataset its code with a trained tokenizer; the codes become an artifact of the run.")
public final class TokenizeCommand extends CliCommand {
    @Mixin
    ThreadOptions threadOptions;

    @Option(names = "--run", required = true, paramLabel = "RUN", description = "A tokenizer run (e.g. tok-0001).")
    String run;

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "Dataset to tokenize.")
    String dataset;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default ${DEFAULT-VALUE}).")
    String device;

    @Override
    protected Object execute() throws Exception {
        ConsoleProgress progress = new ConsoleProgress(System.err);
        try {
            return new TokenizeTask(common.openWorkspace()).run(run, dataset, device, progress);
        } finally {
            progress.finishLine();
        }
    }

    @Override
    protected void printHuman(Object result, PrintWriter out) {
        TokenizeTask.Result r = (TokenizeTask.Result) result;
        out.println("tokenized " + r.windows() + " windows (" + r.patches() + " patches, " + r.distinctCodes() + " distinct codes) of "
                + r.dataset() + " with " + r.run() + " into " + r.file());
    }
}
