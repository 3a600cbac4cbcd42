package org.sigmappg.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sigmappg.recipe.RunKinds;
import org.sigmappg.train.TokenizerRunParams;
import org.sigmappg.train.TokenizerSummary;
import org.sigmappg.train.TokenizerTask;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Trains the stage-1 VQ tokenizer, or resumes a stopped tokenizer run; its options are the tokenizer recipe's. */
@Command(name = "train-tokenizer", mixinStandardHelpOptions = true, modelTransformer = TrainTokenizerCommand.Recipe.class,
        description = {"Train the SIGMA-PPG VQ tokenizer (stage 1) on a dataset, or resume a stopped run with --resume.",
                "Ctrl-C stops cleanly after the current step, saves a checkpoint and marks the run CANCELLED."})
public final class TrainTokenizerCommand extends CliCommand {
    @Mixin
    ThreadOptions threadOptions;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue a stopped run from its last checkpoint.")
    String resume;

    /** Adds the tokenizer recipe's options. */
    static final class Recipe implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return RecipeOptions.addTo(spec, RunKinds.TOKENIZER, Set.of());
        }
    }

    @Override
    protected Object execute() throws Exception {
        TokenizerTask task = new TokenizerTask(common.openWorkspace());
        String runId = resume;
        if (runId == null) {
            TokenizerRunParams params = RecipeOptions.build(spec, RunKinds.TOKENIZER);
            if (params.dataset().isEmpty()) {
                throw new IllegalArgumentException("give --dataset NAME (or --resume RUN)");
            }
            runId = task.create(params, RunKinds.TOKENIZER.commandLine(params, Map.of())).id();
        }
        ConsoleProgress progress = new ConsoleProgress(System.err).cancelOnInterrupt();
        try {
            TokenizerSummary s = task.run(runId, progress);
            progress.finishLine();
            return s;
        } finally {
            progress.finishLine();
            progress.workFinished();
        }
    }

    @Override
    protected void printHuman(Object result, PrintWriter out) {
        TokenizerSummary s = (TokenizerSummary) result;
        String heldOut = s.icr() == null ? "no held-out figures (nothing held out, or stopped in the first epoch)"
                : String.format(Locale.ROOT, "on %d held-out windows: ICR %.1f %%, unused codes %.1f %%, perplexity %.1f", s.heldOutWindows(),
                        100 * s.icr(), 100 * s.unusedCodesHeldOut(), s.perplexityHeldOut());
        out.println(String.format(Locale.ROOT,
                "%s %s: %d epochs, %d steps in %.0f s on %s; recon loss %.4f -> %.4f; on the last epoch's training batches: unused codes "
                        + "%.1f %%, perplexity %.1f; %s; %d dead codes re-seeded",
                s.run(), s.status(), s.epochs(), s.steps(), s.seconds(), s.device(), s.reconLossFirstEpoch(), s.reconLossLastEpoch(),
                100 * s.unusedCodes(), s.perplexity(), heldOut, s.reseededCodes()));
    }
}
