package org.sigmappg.train;

import com.google.gson.Gson;
import java.util.Locale;
import org.sigmappg.model.StudentParams;

/**
 * Everything a stage-2 pre-training run was asked to do: the dataset, the frozen tokenizer run whose codes
 * are the targets, the student/teacher/masking record (every METHOD.md section 3 hyper-parameter is a
 * named field of it), the seed, the share of subjects held out, the device, and how many held-out windows
 * are kept for inspection (teacher probabilities, masks and student correctness per epoch).
 */
public record PretrainRunParams(int version, String dataset, String tokenizerRun, String size, StudentParams model,
                                long seed, double heldOutFraction, String heldOutBy, String device, int inspectionWindows) {
    public static final int VERSION = 1;

    public PretrainRunParams {
        TrainingWindows.HeldOutBy.parse(heldOutBy);
        if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in [0, 1), got " + heldOutFraction);
        }
        if (inspectionWindows < 0) {
            throw new IllegalArgumentException("inspection windows must be zero or more, got " + inspectionWindows);
        }
    }

    /** The preset of that name: tiny, base or pro. */
    public static StudentParams preset(String size) {
        return switch (size.toLowerCase(Locale.ROOT)) {
            case "tiny" -> StudentParams.tiny();
            case "base" -> StudentParams.base();
            case "pro" -> StudentParams.pro();
            default -> throw new IllegalArgumentException("unknown size '" + size + "'; choose tiny, base or pro");
        };
    }

    public String toJson() {
        return new Gson().toJson(this);
    }

    public static PretrainRunParams fromJson(String json) {
        return new Gson().fromJson(json, PretrainRunParams.class);
    }
}
