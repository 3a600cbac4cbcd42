package org.sigmappg.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.sigmappg.train.MaskCrossCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One pre-training run's student under another run's masks, against random masks (MaskCrossCheck). */
@Command(name = "cross-masks", mixinStandardHelpOptions = true,
        description = {"Measure one pre-training run's student under ANOTHER run's masks and under random masks of the same ratio,",
                "on the held-out windows both share (same dataset, tokenizer and split). A student trained on random masks",
                "(--student) under an adversarial run's teacher (--masks) says whether that teacher's masks are hard in",
                "themselves, not only for the student that adapted to them. A run against itself reproduces its summary."})
public final class CrossMasksCommand extends CliCommand {
    @Mixin
    ThreadOptions threadOptions;

    @Option(names = "--student", required = true, paramLabel = "RUN", description = "The pre-training run whose student is measured.")
    String student;

    @Option(names = "--masks", required = true, paramLabel = "RUN",
            description = "The pre-training run whose masking (teacher and prior, prior alone, or random) draws the masks.")
    String masks;

    @Override
    protected Object execute() throws Exception {
        return MaskCrossCheck.run(common.openWorkspace(), student, masks);
    }

    @Override
    protected void printHuman(Object result, PrintWriter out) {
        MaskCrossCheck.Result r = (MaskCrossCheck.Result) result;
        out.println(String.format(Locale.ROOT, "student of %s on %d held-out windows: loss %.3f under the %s masks of %s, %.3f under "
                        + "the shared random masks (%+.3f); masked accuracy %.3f and %.3f; mean prior of masked / visible patches %.3f / %.3f",
                r.student(), r.heldOutWindows(), r.lossMasks(), r.masking(), r.masks(), r.lossRandomMasks(),
                r.lossMasks() - r.lossRandomMasks(), r.maskedAccuracy(), r.maskedAccuracyRandomMasks(), r.priorMasked(), r.priorUnmasked()));
    }
}
