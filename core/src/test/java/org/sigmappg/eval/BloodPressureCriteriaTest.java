package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AAMI/ISO 81060-2 and BHS figures against values worked out by hand (the working is in each comment). */
class BloodPressureCriteriaTest {
    private static final double EPS = 1e-9;
    /** Errors (prediction - reference, mmHg) of ten units. */
    private static final double[] ERRORS = {-3, 4, 6, -8, 12, 2, -16, 1, 0, 9};

    @Test
    void sharesWithinTheBhsBandsAndTheirGrade() {
        // |e| = 3 4 6 8 12 2 16 1 0 9: at most 5: 3, 4, 2, 1, 0 -> 5 of 10 = 50 %; at most 10: those and 6, 8, 9 -> 80 %; at most
        // 15: also 12 -> 90 %. Grade A needs 60/85/95 (50 < 60: no); B needs 50/75/90: 50, 80, 90 all reach it -> B.
        assertArrayEquals(new double[] {50, 80, 90}, BloodPressureCriteria.withinBands(ERRORS), EPS);
        assertEquals(3, BloodPressureCriteria.grade(50, 80, 90), EPS);
        assertEquals("B", BloodPressureCriteria.gradeLetter(3));
        // An error of exactly 5 mmHg is within 5 mmHg.
        assertArrayEquals(new double[] {100, 100, 100}, BloodPressureCriteria.withinBands(new double[] {5, -5}), EPS);
    }

    @Test
    void gradesAtTheirThresholdsAndJustBelow() {
        assertEquals("A", BloodPressureCriteria.gradeLetter(BloodPressureCriteria.grade(60, 85, 95)));
        assertEquals("B", BloodPressureCriteria.gradeLetter(BloodPressureCriteria.grade(59.9, 85, 95)), "one band short of A");
        assertEquals("C", BloodPressureCriteria.gradeLetter(BloodPressureCriteria.grade(70, 74.9, 95)), "10 mmHg share short of B");
        assertEquals("C", BloodPressureCriteria.gradeLetter(BloodPressureCriteria.grade(40, 65, 85)));
        assertEquals("D", BloodPressureCriteria.gradeLetter(BloodPressureCriteria.grade(40, 65, 84.9)));
        assertEquals("n/a", BloodPressureCriteria.gradeLetter(2.5), "an average of grades is no grade");
        assertTrue(Double.isNaN(BloodPressureCriteria.grade(Double.NaN, 80, 90)));
    }

    @Test
    void regressionFiguresCarryTheBloodPressureFiguresOnlyWhenAsked() {
        // ME = (-3 + 4 + 6 - 8 + 12 + 2 - 16 + 1 + 0 + 9) / 10 = 0.7. Deviations from 0.7 squared: 13.69 + 10.89 + 28.09 + 75.69 +
        // 127.69 + 1.69 + 278.89 + 0.09 + 0.49 + 68.89 = 606.1; SD = sqrt(606.1 / 9) = sqrt(67.3444) = 8.206366. |ME| <= 5 but SD > 8: AAMI not met.
        double[] reference = new double[ERRORS.length];
        double[] predicted = new double[ERRORS.length];
        int[] units = new int[ERRORS.length];
        for (int i = 0; i < ERRORS.length; i++) {
            reference[i] = 120 + i;
            predicted[i] = reference[i] + ERRORS[i];
            units[i] = i;
        }
        Map<Metric, Double> m = RegressionMetrics.all(reference, predicted, units, true);
        assertEquals(0.7, m.get(Metric.BA_BIAS), EPS);
        assertEquals(Math.sqrt(606.1 / 9), m.get(Metric.ERROR_SD), EPS);
        assertEquals(8.206366, m.get(Metric.ERROR_SD), 1e-6);
        assertEquals(50, m.get(Metric.WITHIN_5), EPS);
        assertEquals(80, m.get(Metric.WITHIN_10), EPS);
        assertEquals(90, m.get(Metric.WITHIN_15), EPS);
        assertEquals(3, m.get(Metric.BHS_GRADE), EPS);
        assertFalse(BloodPressureCriteria.meetsAami(m.get(Metric.BA_BIAS), m.get(Metric.ERROR_SD)));
        assertFalse(RegressionMetrics.all(reference, predicted, units, false).containsKey(Metric.WITHIN_5));
    }

    @Test
    void theAamiVerdictLooksAtTheEstimatesAndAtTheIntervalEnds() {
        assertTrue(BloodPressureCriteria.meetsAami(-5, 8), "the limits themselves pass");
        assertFalse(BloodPressureCriteria.meetsAami(5.01, 3));
        assertEquals(BloodPressureCriteria.Verdict.MET, BloodPressureCriteria.verdict(1.0, -4.9, 4.9, 6.0, 7.99));
        assertEquals(BloodPressureCriteria.Verdict.MET_BY_ESTIMATE, BloodPressureCriteria.verdict(4.0, 3.0, 6.0, 6.0, 7.0),
                "the ME interval reaches 6 mmHg");
        assertEquals(BloodPressureCriteria.Verdict.MET_BY_ESTIMATE, BloodPressureCriteria.verdict(0.0, -1.0, 1.0, 7.5, 8.5),
                "the SD interval reaches 8.5 mmHg");
        assertEquals(BloodPressureCriteria.Verdict.NOT_MET, BloodPressureCriteria.verdict(-5.1, -6.0, -4.0, 6.0, 7.0));
        assertEquals(BloodPressureCriteria.Verdict.UNDEFINED, BloodPressureCriteria.verdict(null, null, null, 6.0, 7.0));
    }

    @Test
    void summariesReadTheStoredRowsOfATaskInMmHg() {
        TaskDefinition sbp = TaskDefinition.regression("SBP", null, null, "SBP", LabelSource.SUBJECT, "mmHg");
        TaskDefinition hr = TaskDefinition.regression("HR", null, null, "HR", LabelSource.SUBJECT, "bpm");
        List<EvaluationResult.MetricRow> rows = List.of(row(Metric.BA_BIAS, 0.7, -2.0, 3.0), row(Metric.ERROR_SD, 8.2, 6.5, 9.9),
                row(Metric.WITHIN_5, 50.0, 30.0, 70.0), row(Metric.WITHIN_10, 80.0, 60.0, 95.0), row(Metric.WITHIN_15, 90.0, 75.0, 100.0),
                row(Metric.BHS_GRADE, 3.0, 1.0, 4.0));
        List<BloodPressureCriteria.Summary> s = BloodPressureCriteria.summaries(sbp, List.of("features"), rows, "subject");
        assertEquals(1, s.size());
        assertEquals(BloodPressureCriteria.Verdict.NOT_MET, s.get(0).aami());
        assertEquals("B", s.get(0).grade());
        assertEquals("D", s.get(0).gradeWorst());
        assertEquals("A", s.get(0).gradeBest());
        assertEquals("0.70 \u00b1 8.20", BloodPressureCriteria.meanErrorAndSd(s.get(0).meanError(), s.get(0).errorSd()));
        assertTrue(BloodPressureCriteria.summaries(hr, List.of("features"), rows, "subject").isEmpty(), "bpm is no blood pressure");
        assertTrue(Metric.of(sbp).containsAll(Metric.BLOOD_PRESSURE) && !Metric.of(hr).contains(Metric.WITHIN_5));
    }

    private static EvaluationResult.MetricRow row(Metric m, double value, double low, double high) {
        return new EvaluationResult.MetricRow("SBP", "features", "subject", m.key(), value, low, high, 5, 5, null, null, 20, 20, 1000, null,
                null, null);
    }
}
