package org.sigmappg.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures blood-pressure devices are judged by, for regression tasks in mmHg: the AAMI/ISO 81060-2
 * criterion 1 (mean error |ME| at most 5 mmHg and its standard deviation at most 8 mmHg) and the British
 * Hypertension Society grade (O'Brien et al. 1993): the percentages of absolute errors within 5, 10 and 15
 * mmHg, grade A when they reach 60, 85 and 95 %, B at 50, 75 and 90 %, C at 40, 65 and 85 %, else D. Only
 * the error criteria are applied here; the standards also fix the population, the reference measurement and
 * (ISO criterion 2) a per-subject SD, which a cross-validated evaluation does not reproduce.
 */
public final class BloodPressureCriteria {
    /** The AAMI/ISO limit on the absolute mean error, mmHg. */
    public static final double MEAN_ERROR_LIMIT = 5;
    /** The AAMI/ISO limit on the standard deviation of the errors, mmHg. */
    public static final double SD_LIMIT = 8;
    /** The BHS error bands, mmHg. */
    static final double[] BANDS = {5, 10, 15};
    /** Percentages of absolute errors within {@link #BANDS} that grades A, B and C need, best grade first. */
    static final double[][] GRADE_THRESHOLDS = {{60, 85, 95}, {50, 75, 90}, {40, 65, 85}};
    private static final String LETTERS = "DCBA";

    private BloodPressureCriteria() {
    }

    /** Whether a method meets AAMI/ISO 81060-2 criterion 1, judged on its estimates and on their 95 % intervals. */
    public enum Verdict {
        /** The estimates meet both limits, and so do the whole intervals. */
        MET("met; also at every end of the 95 % intervals"),
        /** The estimates meet both limits, but an interval reaches beyond one. */
        MET_BY_ESTIMATE("met by the estimates; a 95 % interval reaches beyond a limit"),
        /** An estimate is beyond its limit. */
        NOT_MET("not met"),
        /** An estimate is undefined. */
        UNDEFINED("undefined");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /** What the report prints. */
        public String text() {
            return text;
        }
    }

    /**
     * One method's blood-pressure figures at one level, each with its 95 % subject-bootstrap interval (null
     * where undefined).
     *
     * @param meanError mean of prediction - reference, mmHg (the Bland-Altman bias)
     * @param errorSd standard deviation of the errors, mmHg
     * @param aami criterion 1 of AAMI/ISO 81060-2
     * @param within5 percentage of absolute errors of at most 5 mmHg
     * @param grade the BHS grade of the point estimates, "A" to "D"
     * @param gradeBest the best grade within the 95 % interval of the grade over the resamples
     * @param gradeWorst the worst grade within that interval
     */
    public record Summary(String method, String level, Double meanError, Double meanErrorLow, Double meanErrorHigh, Double errorSd,
                          Double errorSdLow, Double errorSdHigh, Verdict aami, Double within5, Double within5Low, Double within5High,
                          Double within10, Double within10Low, Double within10High, Double within15, Double within15Low,
                          Double within15High, String grade, String gradeBest, String gradeWorst) {
    }

    /** Percentages of {@code errors} whose absolute value is at most 5, 10 and 15 (NaN for no errors). */
    public static double[] withinBands(double[] errors) {
        double[] out = new double[BANDS.length];
        for (int b = 0; b < BANDS.length; b++) {
            int n = 0;
            for (double e : errors) {
                n += Math.abs(e) <= BANDS[b] ? 1 : 0;
            }
            out[b] = errors.length == 0 ? Double.NaN : 100.0 * n / errors.length;
        }
        return out;
    }

    /** The BHS grade of the three percentages, coded A = 4, B = 3, C = 2, D = 1; NaN when a percentage is. */
    public static double grade(double within5, double within10, double within15) {
        if (!Double.isFinite(within5) || !Double.isFinite(within10) || !Double.isFinite(within15)) {
            return Double.NaN;
        }
        for (int g = 0; g < GRADE_THRESHOLDS.length; g++) {
            double[] t = GRADE_THRESHOLDS[g];
            if (within5 >= t[0] && within10 >= t[1] && within15 >= t[2]) {
                return 4 - g;
            }
        }
        return 1;
    }

    /** "A" to "D" for a grade code; "n/a" for anything else. */
    public static String gradeLetter(double code) {
        long c = Math.round(code);
        return Double.isFinite(code) && c >= 1 && c <= 4 && Math.abs(code - c) < 1e-9 ? String.valueOf(LETTERS.charAt((int) c - 1)) : "n/a";
    }

    /** Whether a mean error and an SD meet criterion 1 of AAMI/ISO 81060-2 (|ME| at most 5, SD at most 8 mmHg). */
    public static boolean meetsAami(double meanError, double errorSd) {
        return Math.abs(meanError) <= MEAN_ERROR_LIMIT && errorSd <= SD_LIMIT;
    }

    /** The verdict of the estimates, checked again at the ends of their 95 % intervals. */
    public static Verdict verdict(Double meanError, Double meanErrorLow, Double meanErrorHigh, Double errorSd, Double errorSdHigh) {
        if (meanError == null || errorSd == null) {
            return Verdict.UNDEFINED;
        }
        if (!meetsAami(meanError, errorSd)) {
            return Verdict.NOT_MET;
        }
        boolean intervals = meanErrorLow != null && meanErrorHigh != null && errorSdHigh != null
                && meetsAami(meanErrorLow, errorSdHigh) && meetsAami(meanErrorHigh, errorSdHigh);
        return intervals ? Verdict.MET : Verdict.MET_BY_ESTIMATE;
    }

    /** The figures of every one of {@code methods} at {@code level}, in their order; empty when the task is not in mmHg. */
    public static List<Summary> summaries(TaskDefinition task, List<String> methods, List<EvaluationResult.MetricRow> rows, String level) {
        List<Summary> out = new ArrayList<>();
        if (!task.reportsBloodPressure()) {
            return out;
        }
        for (String method : methods) {
            List<EvaluationResult.MetricRow> own = rows.stream().filter(x -> x.method().equals(method) && x.level().equals(level)).toList();
            EvaluationResult.MetricRow me = find(own, Metric.BA_BIAS);
            EvaluationResult.MetricRow sd = find(own, Metric.ERROR_SD);
            EvaluationResult.MetricRow w5 = find(own, Metric.WITHIN_5);
            EvaluationResult.MetricRow w10 = find(own, Metric.WITHIN_10);
            EvaluationResult.MetricRow w15 = find(own, Metric.WITHIN_15);
            EvaluationResult.MetricRow g = find(own, Metric.BHS_GRADE);
            if (me == null || sd == null || w5 == null || w10 == null || w15 == null || g == null) {
                continue;
            }
            out.add(new Summary(method, level, me.value(), me.ciLow(), me.ciHigh(), sd.value(), sd.ciLow(), sd.ciHigh(),
                    verdict(me.value(), me.ciLow(), me.ciHigh(), sd.value(), sd.ciHigh()), w5.value(), w5.ciLow(), w5.ciHigh(), w10.value(),
                    w10.ciLow(), w10.ciHigh(), w15.value(), w15.ciLow(), w15.ciHigh(), letter(g.value()), letter(g.ciHigh()),
                    letter(g.ciLow())));
        }
        return out;
    }

    private static EvaluationResult.MetricRow find(List<EvaluationResult.MetricRow> rows, Metric m) {
        return rows.stream().filter(x -> x.metric().equals(m.key())).findFirst().orElse(null);
    }

    private static String letter(Double code) {
        return code == null ? null : gradeLetter(code);
    }

    /** "ME ± SD", as the standards print it, e.g. "-1.23 ± 7.80". */
    public static String meanErrorAndSd(Double meanError, Double errorSd) {
        return meanError == null || errorSd == null ? "n/a" : String.format(Locale.ROOT, "%.2f \u00b1 %.2f", meanError, errorSd);
    }
}
