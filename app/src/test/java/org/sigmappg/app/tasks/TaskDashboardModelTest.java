package org.sigmappg.app.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskDashboardModelTest {
    /** The layout EvaluationFigures writes: a Bland-Altman plot with a null (non-finite) point, and a ROC plot of every method. */
    private static final String FIGURES = """
            {"format": "sigma-ppg-evaluation-figures/1", "run": "eval-0001", "task": "HR", "level": "window", "figures": [
              {"file": "bland_altman_features.png", "kind": "bland-altman", "method": "features", "title": "HR: features, Bland-Altman",
               "xLabel": "mean", "yLabel": "difference",
               "series": [{"name": "features (n = 3)", "style": "points", "color": "#0072B2", "x": [60.0, 70.5, null], "y": [1.0, -2.0, 3.0]}],
               "horizontalLines": [{"name": "bias", "y": -0.5, "style": "line", "color": "#000000"}],
               "identityLine": false, "range": null},
              {"file": "roc.png", "kind": "roc", "method": null, "title": "AF: ROC", "xLabel": "fpr", "yLabel": "tpr",
               "series": [{"name": "chance", "style": "dashed-line", "color": "#C0C0C0", "x": [0, 1], "y": [0, 1]}],
               "horizontalLines": [], "identityLine": false, "range": [0, 1]}]}
            """;

    @Test
    void theStoredFiguresAreReadPointForPoint() throws IOException {
        List<TaskDashboardModel.Figure> f = TaskDashboardModel.parseFigures(FIGURES, "figures.json");
        assertEquals(2, f.size());
        TaskDashboardModel.Figure ba = f.get(0);
        assertEquals("bland-altman", ba.kind());
        assertEquals("features", ba.method());
        assertArrayEquals(new double[] {60.0, 70.5, Double.NaN}, ba.series().get(0).x());
        assertEquals(3, ba.points());
        assertEquals(-0.5, ba.lines().get(0).y());
        assertFalse(ba.identity());
        assertNull(ba.range());
        TaskDashboardModel.Figure roc = f.get(1);
        assertNull(roc.method(), "one ROC plot shows every method");
        assertArrayEquals(new double[] {0, 1}, roc.range());
        assertEquals("dashed-line", roc.series().get(0).style());
    }

    @Test
    void unreadableFigureDataNamesItsFile() {
        IOException e = assertThrows(IOException.class, () -> TaskDashboardModel.parseFigures("{\"figures\": 3}", "runs/eval-0001/figures.json"));
        assertTrue(e.getMessage().startsWith("runs/eval-0001/figures.json is not readable figure data"), e.getMessage());
    }

    @Test
    void metricsAreNamedAsTheReportNamesThem() {
        assertEquals("MAE", TaskDashboardModel.metricLabel("mae"));
        assertEquals("Balanced accuracy", TaskDashboardModel.metricLabel("balanced_accuracy"));
        assertEquals("custom_score", TaskDashboardModel.metricLabel("custom_score"));
        assertTrue(TaskDashboardModel.hasDashboard("evaluate"));
        assertTrue(TaskDashboardModel.hasDashboard("finetune"));
        assertFalse(TaskDashboardModel.hasDashboard("pretrain"));
    }
}
