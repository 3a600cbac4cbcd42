package org.sigmappg.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.FxTesting;
import org.sigmappg.app.MainWindow;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.app.TinyRuns;
import org.sigmappg.app.charts.MetricChart;
import org.sigmappg.app.navigation.CompareTarget;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.TokenizerRunParams;
import org.sigmappg.train.TokenizerTask;
import org.sigmappg.train.RunSettings;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Two tokenizer runs that differ in two settings: the comparison marks exactly those and overlays both runs' curves. */
@ExtendWith(ApplicationExtension.class)
class CompareViewFxTest {
    @TempDir
    static Path dir;
    static Workspace workspace;
    static String first;
    static String second;
    MainWindow window;

    @BeforeAll
    static void twoRuns() throws Exception {
        workspace = TestWorkspaces.withSample(dir);
        TokenizerTask task = new TokenizerTask(workspace);
        TokenizerRunParams a = TinyRuns.tokenizer(2);
        TokenizerRunParams b = new TokenizerRunParams(a.version(), new RunSettings(a.dataset(), 11, a.heldOutFraction(), a.heldOutBy(), a.device()), a.size(),
                a.model().withOptimiser(a.model().optimiser().withEpochs(3)));
        first = task.create(a, "first").id();
        second = task.create(b, "second").id();
        RunStore store = new RunStore(workspace);
        // Per-epoch figures as the task logs them: 2 epochs for the first run, 3 for the second.
        for (int e = 0; e < 3; e++) {
            if (e < 2) {
                store.logMetrics(first, e, 10L * (e + 1), Map.of("perplexity", 20.0 - e));
            }
            store.logMetrics(second, e, 10L * (e + 1), Map.of("perplexity", 22.0 - e));
        }
    }

    @Start
    void start(Stage stage) {
        window = FxTesting.show(stage, workspace, FxTesting.NO_ENGINE);
    }

    @Test
    void theDifferingSettingsAreMarkedAndBothCurvesDrawn(FxRobot robot) {
        CompareView view = onFx(() -> {
            window.open(new CompareTarget(first, second), true);
            return (CompareView) window.selectedView().orElseThrow();
        });
        waitUntil("the comparison is read", 30, () -> !view.rows().isEmpty());
        List<String> differing = onFx(() -> view.rows().stream().filter(RunComparison.Row::differs).map(RunComparison.Row::setting).toList());
        assertEquals(2, differing.size(), differing.toString());
        assertTrue(differing.stream().anyMatch(s -> s.toLowerCase(java.util.Locale.ROOT).contains("epoch")), differing.toString());
        assertTrue(differing.stream().anyMatch(s -> s.toLowerCase(java.util.Locale.ROOT).contains("seed")), differing.toString());
        MetricChart perplexity = onFx(() -> view.charts().get(2));
        assertEquals(2, (int) onFx(() -> perplexity.dataSet(first + " perplexity").getDataCount()));
        assertEquals(3, (int) onFx(() -> perplexity.dataSet(second + " perplexity").getDataCount()));
    }
}
