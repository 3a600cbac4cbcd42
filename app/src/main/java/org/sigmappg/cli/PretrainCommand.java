package org.sigmappg.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.model.StudentParams;
import org.sigmappg.run.ParamOverrides;
import org.sigmappg.run.RunInfo;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.PretrainSummary;
import org.sigmappg.train.PretrainTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Stage-2 teacher-student pre-training with prior-guided adversarial masking, or a resume. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Pre-train the SIGMA-PPG student (stage 2) to predict a frozen tokenizer's codes at masked patches.",
                "Masks: adversarial (teacher + prior, default), random (uniform, the ablation baseline) or prior-only.",
                "Ctrl-C stops cleanly after the current step, saves a checkpoint and marks the run CANCELLED."})
public final class PretrainCommand extends CliCommand {
    @Mixin
    ThreadOptions threadOptions;

    @Option(names = "--tokenizer", paramLabel = "RUN", description = "The tokenizer run whose codes are the targets.")
    String tokenizer;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset to pre-train on.")
    String dataset;

    @Option(names = "--size", defaultValue = "tiny", description = "Student size: tiny, base (~5.8 M) or pro (~30 M) (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--masking", defaultValue = "adversarial", description = "adversarial, random or prior-only (default ${DEFAULT-VALUE}).")
    String masking;

    @Option(names = "--mask-ratio", paramLabel = "R", description = "Share of patches masked (default 0.5).")
    Double maskRatio;

    @Option(names = "--no-prior", description = "Leave the statistical prior out of the adversarial masks (it is on by default).")
    boolean noPrior;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training windows (default: the preset's).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Windows per step (default: the preset's).")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "Student peak learning rate (default 5e-4).")
    Double learningRate;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Change any named setting, e.g. --set teacher.entropyBonusWeight=0.01 (repeatable).")
    List<String> settings;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--held-out", defaultValue = "0.2", paramLabel = "FRACTION",
            description = "Share held out for the run's figures and the --inspect windows: of each subject's windows (its last ones) by "
                    + "default, of the subjects with --held-out-by subject (default ${DEFAULT-VALUE}); with 0 the figures are not measured.")
    double heldOut;

    @Option(names = "--inspect", defaultValue = "4", paramLabel = "N", description = "Held-out windows kept for inspection each epoch (default ${DEFAULT-VALUE}).")
    int inspect;

    @Option(names = "--held-out-by", defaultValue = "window", paramLabel = "window|subject",
            description = "Hold out the last windows of every subject (window) or whole subjects (subject) (default ${DEFAULT-VALUE}).")
    String heldOutBy;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue a stopped run from its last checkpoint.")
    String resume;

    @Override
    protected Object execute() throws Exception {
        PretrainTask task = new PretrainTask(common.openWorkspace());
        String runId = resume;
        if (runId == null) {
            if (dataset == null || tokenizer == null) {
                throw new IllegalArgumentException("give --tokenizer RUN and --dataset NAME (or --resume RUN)");
            }
            StudentParams model = PretrainRunParams.preset(size);
            var opt = model.optimiser();
            if (epochs != null) {
                opt = opt.withEpochs(epochs);
                model = model.withTeacher(model.teacher().withOptimiser(model.teacher().optimiser().withEpochs(epochs)));
            }
            if (batchSize != null) {
                opt = opt.withBatchSize(batchSize);
            }
            if (learningRate != null) {
                opt = opt.withLearningRate(learningRate);
            }
            MaskingParams m = model.masking().withStrategy(MaskingParams.Strategy.fromLabel(masking));
            if (noPrior) {
                m = m.withPrior(m.priorAlpha(), false);
            }
            if (maskRatio != null) {
                m = new MaskingParams(m.strategy(), maskRatio, m.priorAlpha(), m.usePrior());
            }
            model = ParamOverrides.apply(model.withOptimiser(opt).withMasking(m), settings, StudentParams::fromJson);
            PretrainRunParams params = new PretrainRunParams(PretrainRunParams.VERSION, dataset, tokenizer,
                    size.toLowerCase(Locale.ROOT), model, seed, heldOut, heldOutBy, device, inspect);
            RunInfo run = task.create(params, reproducingCommand());
            runId = run.id();
        }
        ConsoleProgress progress = new ConsoleProgress(System.err).cancelOnInterrupt();
        try {
            return task.run(runId, progress);
        } finally {
            progress.finishLine();
            progress.workFinished();
        }
    }

    private String reproducingCommand() {
        StringBuilder sb = new StringBuilder("sigma-ppg pretrain --tokenizer " + tokenizer + " --dataset " + dataset + " --size " + size
                + " --masking " + masking + " --device " + device + " --seed " + seed + " --held-out " + heldOut + " --held-out-by " + heldOutBy
                + " --inspect " + inspect);
        if (epochs != null) {
            sb.append(" --epochs ").append(epochs);
        }
        if (batchSize != null) {
            sb.append(" --batch-size ").append(batchSize);
        }
        if (learningRate != null) {
            sb.append(" --lr ").append(learningRate);
        }
        if (maskRatio != null) {
            sb.append(" --mask-ratio ").append(maskRatio);
        }
        if (noPrior) {
            sb.append(" --no-prior");
        }
        if (settings != null) {
            settings.forEach(x -> sb.append(" --set ").append(x));
        }
        return sb.toString();
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
