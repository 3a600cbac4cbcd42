package org.sigmappg.train;

import com.google.gson.Gson;
import java.util.Locale;
import org.sigmappg.model.StudentParams;

/**
 * Everything a stage-2 pre-training run was asked to do: the run's own settings (dataset, seed, held-out share and
 * unit, device), the frozen tokenizer run whose codes are the targets, the student/teacher/masking record (every
 * METHOD.md section 3 hyper-parameter is a named field of it), and how many held-out windows are kept for inspection
 * (teacher probabilities, masks and student correctness per epoch). Layouts of version 1 still read ({@link #fromJson}).
 */
public record PretrainRunParams(int version, RunSettings run, String tokenizerRun, String size, StudentParams model,
                                int inspectionWindows) implements WithRunSettings {
    public static final int VERSION = StoredParams.VERSION;

    public PretrainRunParams {
        if (run == null || model == null) {
            throw new IllegalArgumentException("pre-training run parameters need the run's settings and a model");
        }
        if (inspectionWindows < 0) {
            throw new IllegalArgumentException("inspection windows must be zero or more, got " + inspectionWindows);
        }
    }

    /** The defaults of a new run of preset {@code size}: no dataset or tokenizer yet, {@link RunSettings#defaults()}, 4 inspection windows. */
    public static PretrainRunParams defaults(String size) {
        return new PretrainRunParams(VERSION, RunSettings.defaults(), "", size.toLowerCase(Locale.ROOT), preset(size), 4);
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

    public PretrainRunParams withModel(StudentParams newModel) {
        return new PretrainRunParams(version, run, tokenizerRun, size, newModel, inspectionWindows);
    }

    public String toJson() {
        return new Gson().toJson(this);
    }

    public static PretrainRunParams fromJson(String json) {
        return StoredParams.read(json, PretrainRunParams.class, "pre-training run");
    }
}
