package org.sigmappg.eval;

import java.util.List;
import java.util.Locale;

/**
 * The figures a downstream evaluation reports (METHOD section 4), with the key they are stored under, the
 * label a report shows and how many decimals it prints.
 */
public enum Metric {
    /** Mean absolute error, in the label's unit. */
    MAE("mae", "MAE", true, 2),
    /** Root mean squared error, in the label's unit. */
    RMSE("rmse", "RMSE", true, 2),
    /** Pearson correlation of prediction and reference. */
    PEARSON_R("pearson_r", "Pearson r", false, 3),
    /** Bland-Altman bias: mean of (prediction - reference). */
    BA_BIAS("ba_bias", "BA bias", true, 2),
    /** Lower Bland-Altman limit of agreement: bias - 1.96 SD of the differences. */
    BA_LOA_LOW("ba_loa_low", "BA LoA low", true, 2),
    /** Upper Bland-Altman limit of agreement: bias + 1.96 SD of the differences. */
    BA_LOA_HIGH("ba_loa_high", "BA LoA high", true, 2),
    /** Standard deviation of the errors (prediction - reference), divisor n - 1: the SD of AAMI/ISO 81060-2. */
    ERROR_SD("error_sd", "SD of error", true, 2),
    /** Percentage of absolute errors of at most 5 mmHg (BHS, for blood pressure in mmHg). */
    WITHIN_5("within_5", "Within 5 mmHg (%)", false, 1),
    /** Percentage of absolute errors of at most 10 mmHg (BHS). */
    WITHIN_10("within_10", "Within 10 mmHg (%)", false, 1),
    /** Percentage of absolute errors of at most 15 mmHg (BHS). */
    WITHIN_15("within_15", "Within 15 mmHg (%)", false, 1),
    /** The BHS grade of the three percentages, coded A = 4, B = 3, C = 2, D = 1 ({@link BloodPressureCriteria}). */
    BHS_GRADE("bhs_grade", "BHS grade", false, 0),
    /** Area under the ROC curve (rank-based; macro one-vs-rest for more than two classes). */
    AUROC("auroc", "AUROC", false, 3),
    /** Average precision, the step-wise area under the precision-recall curve (macro one-vs-rest). */
    AUPRC("auprc", "AUPRC", false, 3),
    /** F1 of the positive class (binary) or macro F1 (multi-class), at the most probable class. */
    F1("f1", "F1", false, 3),
    /** Mean recall over the classes present in the reference. */
    BALANCED_ACCURACY("balanced_accuracy", "Balanced accuracy", false, 3),
    /** Share of units whose most probable class is the reference class. */
    ACCURACY("accuracy", "Accuracy", false, 3);

    /** The regression figures, in report order. */
    public static final List<Metric> REGRESSION = List.of(MAE, RMSE, PEARSON_R, BA_BIAS, BA_LOA_LOW, BA_LOA_HIGH);
    /**
     * The blood-pressure figures added for regression tasks in mmHg (the mean error of AAMI/ISO 81060-2 is
     * {@link #BA_BIAS}).
     */
    public static final List<Metric> BLOOD_PRESSURE = List.of(ERROR_SD, WITHIN_5, WITHIN_10, WITHIN_15, BHS_GRADE);
    /** The classification figures, in report order. */
    public static final List<Metric> CLASSIFICATION = List.of(AUROC, AUPRC, F1, BALANCED_ACCURACY, ACCURACY);

    private final String key;
    private final String label;
    private final boolean hasUnit;
    private final int decimals;

    Metric(String key, String label, boolean hasUnit, int decimals) {
        this.key = key;
        this.label = label;
        this.hasUnit = hasUnit;
        this.decimals = decimals;
    }

    /** The name it is stored and printed under in JSON ({@code mae}, {@code auroc}, ...). */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    /** Whether the value is in the label's unit (errors, bias, limits) rather than unit-free. */
    public boolean hasUnit() {
        return hasUnit;
    }

    /**
     * Whether a difference from the trivial baseline means something: errors and classification figures
     * do; Pearson r, bias and limits of agreement do not (trivial's r is an artefact of the folds, and a
     * bias or a limit is not better for being larger or smaller), nor does a difference of grades.
     */
    public boolean comparesToTrivial() {
        return this != PEARSON_R && this != BA_BIAS && this != BA_LOA_LOW && this != BA_LOA_HIGH && this != BHS_GRADE;
    }

    /**
     * Whether the figure takes a few values only (the BHS grade): its bootstrap interval then ends on values
     * it can take, not between them.
     */
    public boolean discrete() {
        return this == BHS_GRADE;
    }

    /** The value as reports print it ("A" to "D" for a grade); "n/a" when it is undefined (e.g. AUROC with one class). */
    public String format(double value) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        return this == BHS_GRADE ? BloodPressureCriteria.gradeLetter(value) : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** The metric stored under {@code key}. */
    public static Metric ofKey(String key) {
        for (Metric m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + key + "'");
    }

    /** The figures of a task kind. */
    public static List<Metric> of(TaskKind kind) {
        return kind == TaskKind.REGRESSION ? REGRESSION : CLASSIFICATION;
    }

    /** The figures of a task: those of its kind, and the blood-pressure figures for a regression in mmHg. */
    public static List<Metric> of(TaskDefinition task) {
        if (!task.reportsBloodPressure()) {
            return of(task.kind());
        }
        List<Metric> out = new java.util.ArrayList<>(REGRESSION);
        out.addAll(BLOOD_PRESSURE);
        return List.copyOf(out);
    }
}
