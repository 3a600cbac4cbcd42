package org.sigmappg.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sigmappg.recipe.RunKinds;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.PretrainSummary;
import org.sigmappg.train.PretrainTask;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Stage-2 teacher-student pre-training with prior-guided adversarial masking, or a resume; its options are the pre-training recipe's. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, modelTransformer = PretrainCommand.Recipe.class,
        description = {"Pre-train the SIGMA-PPG student (stage 2) to predict a frozen tokenizer's codes at masked patches.",
                "Ctrl-C stops cleanly after the current step, saves a checkpoint and marks the run CANCELLED."})
public final class PretrainCommand extends CliCommand {
    @Mixin
    ThreadOptions threadOptions;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue a stopped run from its last checkpoint.")
    String resume;

    /** Adds the pre-training recipe's options. */
    static final class Recipe implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return RecipeOptions.addTo(spec, RunKinds.PRETRAIN, Set.of());
        }
    }

    @Override
    protected Object execute() throws Exception {
        PretrainTask task = new PretrainTask(common.openWorkspace());
        String runId = resume;
        if (runId == null) {
            PretrainRunParams params = RecipeOptions.build(spec, RunKinds.PRETRAIN);
            if (params.dataset().isEmpty() || params.tokenizerRun().isEmpty()) {
                throw new IllegalArgumentException("give --tokenizer RUN and --dataset NAME (or --resume RUN)");
            }
            runId = task.create(params, RunKinds.PRETRAIN.commandLine(params, Map.of())).id();
        }
        ConsoleProgress progress = new ConsoleProgress(System.err).cancelOnInterrupt();
        try {
            return task.run(runId, progress);
        } finally {
            progress.finishLine();
            progress.workFinished();
        }
    }

    @Override
    protected void printHuman(Object result, PrintWriter out) {
        PretrainSummary s = (PretrainSummary) result;
        String run = String.format(Locale.ROOT, "%s %s (%s masks, %,d parameters): %d epochs, %d steps in %.0f s on %s; ",
                s.run(), s.status(), s.masking(), s.parameters(), s.epochs(), s.steps(), s.seconds(), s.device());
        if (s.maskedAccuracy() == null) {
            out.println(run + "no held-out figures (nothing held out, or stopped before the first evaluation); the training "
                    + "steps' loss and accuracy are in the run's metrics");
            return;
        }
        out.println(run + String.format(Locale.ROOT,
                "on %d held-out windows: masked accuracy %.3f under its own masks, %.3f under the shared random masks (chance %.3f); "
                        + "loss under its own masks %.3f vs random masks %.3f; prior masked %.3f vs unmasked %.3f; "
                        + "accuracy on peaks %.3f vs flat %.3f; mask entropy %.2f",
                s.heldOutWindows(), s.maskedAccuracy(), s.maskedAccuracyRandomMasks(), s.chanceAccuracy(), s.lossTeacherMasks(),
                s.lossRandomMasks(), s.priorMasked(), s.priorUnmasked(), s.accuracyHighPrior(), s.accuracyLowPrior(), s.maskEntropy()));
    }
}
