package org.sigmappg.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.sigmappg.model.TokenizerParams;
import org.sigmappg.run.RunInfo;
import org.sigmappg.train.TokenizerRunParams;
import org.sigmappg.train.TokenizerSummary;
import org.sigmappg.train.TokenizerTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains the stage-1 VQ tokenizer, or resumes a stopped tokenizer run. */
@Command(name = "train-tokenizer", mixinStandardHelpOptions = true,
        description = {"Train the SIGMA-PPG VQ tokenizer (stage 1) on a dataset, or resume a stopped run with --resume.",
                "Ctrl-C stops cleanly after the current step, saves a checkpoint and marks the run CANCELLED."})
public final class TrainTokenizerCommand extends CliCommand {
    @Mixin
    ThreadOptions threadOptions;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset to train on.")
    String dataset;

    @Option(names = "--size", defaultValue = "tiny", description = "Model size: tiny, base or pro (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training windows (default: the preset's).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Windows per step (default: the preset's).")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate (default: the preset's).")
    Double learningRate;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--held-out", defaultValue = "0.2", paramLabel = "FRACTION",
            description = "Share held out for the ICR and held-out code usage: of each subject's windows (its last ones) by default, of the "
                    + "subjects with --held-out-by subject (default ${DEFAULT-VALUE}); with 0 they are not measured.")
    double heldOut;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "Change any named model or optimiser setting, e.g. --set consistencyWeight=1.0 --set optimiser.warmupFraction=0.2 (repeatable).")
    java.util.List<String> settings;

    @Option(names = "--held-out-by", defaultValue = "window", paramLabel = "window|subject",
            description = "Hold out the last windows of every subject (window) or whole subjects (subject) (default ${DEFAULT-VALUE}).")
    String heldOutBy;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue a stopped run from its last checkpoint.")
    String resume;

    @Override
    protected Object execute() throws Exception {
        TokenizerTask task = new TokenizerTask(common.openWorkspace());
        String runId;
        if (resume != null) {
            runId = resume;
        } else {
            if (dataset == null) {
                throw new IllegalArgumentException("give --dataset NAME (or --resume RUN)");
            }
            TokenizerParams model = TokenizerRunParams.preset(size);
            var opt = model.optimiser();
            if (epochs != null) {
                opt = opt.withEpochs(epochs);
            }
            if (batchSize != null) {
                opt = opt.withBatchSize(batchSize);
            }
            if (learningRate != null) {
                opt = opt.withLearningRate(learningRate);
            }
            model = org.sigmappg.run.ParamOverrides.apply(model.withOptimiser(opt), settings, TokenizerParams::fromJson);
            TokenizerRunParams params = new TokenizerRunParams(TokenizerRunParams.VERSION, dataset, size.toLowerCase(Locale.ROOT),
                    model, seed, heldOut, heldOutBy, device);
            RunInfo run = task.create(params, reproducingCommand(params));
            runId = run.id();
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

    String reproducingCommand(TokenizerRunParams p) {
        var o = p.model().optimiser();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "sigma-ppg train-tokenizer --dataset %s --size %s --epochs %d --batch-size %d --lr %s --device %s --seed %d --held-out %s",
                p.dataset(), p.size(), o.epochs(), o.batchSize(), o.learningRate(), p.device(), p.seed(), p.heldOutFraction()));
        sb.append(" --held-out-by ").append(p.heldOutBy());
        if (settings != null) {
            settings.forEach(x -> sb.append(" --set ").append(x));
        }
        return sb.toString();
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
