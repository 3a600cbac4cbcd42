package org.sigmappg.app.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import io.fair_acc.chartfx.axes.spi.TickMark;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sigmappg.app.charts.TickFormat;
import org.sigmappg.app.charts.ValueAxis;
import org.sigmappg.app.shell.Theme;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A stored figure redrawn: ticks with the decimals their step needs, titles without empty brackets, labels on their lines. */
@ExtendWith(ApplicationExtension.class)
class FigureChartFxTest {
    FigureChart chart;

    @Start
    void start(Stage stage) {
        chart = new FigureChart();
        Scene scene = new Scene(chart.node(), 800, 600);
        // The theme defines the colours the texts on the lines look up.
        scene.getStylesheets().setAll(Theme.LIGHT.stylesheets());
        stage.setScene(scene);
        // TestFX hands every test class the same stage: a test before may have left it maximised or larger, and the
        // placement checked below depends on the plot's size in pixels.
        stage.setMaximized(false);
        stage.sizeToScene();
        stage.show();
    }

    private static TaskDashboardModel.Figure figure(double[] x, double[] y, List<TaskDashboardModel.HorizontalLine> lines) {
        return new TaskDashboardModel.Figure("f.png", "bland-altman", "m", "T", "mean (bpm)", "difference (bpm)",
                List.of(new TaskDashboardModel.Series("m (n = " + x.length + ")", "points", "#0072B2", x, y)), lines, false, null);
    }

    private static void assertTicksRead(ValueAxis a) {
        List<TickMark> ticks = onFx(() -> List.copyOf(a.getTickMarks()));
        assertTrue(ticks.size() >= 2, ticks.toString());
        double step = onFx(a::tickStep);
        for (TickMark t : ticks) {
            assertEquals(TickFormat.value(t.getValue(), step), t.getText());
            assertTrue(t.getText().length() <= 8, "no raw double: " + t.getText());
        }
    }

    @Test
    void onePointGetsARangeAroundItAndTicksThatRead() {
        onFx(() -> {
            chart.show(figure(new double[] {52.0012076542821}, new double[] {0.3333333333}, List.of()), List.of());
            return null;
        });
        waitUntil("the axes are laid out", 20, () -> !chart.yAxis().getTickMarks().isEmpty() && !chart.xAxis().getTickMarks().isEmpty());
        for (ValueAxis a : List.of(chart.xAxis(), chart.yAxis())) {
            assertTrue(onFx(() -> a.getMax() > a.getMin()), "a range around the point");
            assertTicksRead(a);
            assertNull(onFx(a::getUnit), "the unit is in the stored title");
        }
        assertEquals("mean (bpm)", onFx(() -> chart.xAxis().getName()));
    }

    @Test
    void theLinesTextsSitOnTheirLines() {
        List<TaskDashboardModel.HorizontalLine> lines = List.of(new TaskDashboardModel.HorizontalLine("bias", -0.5, "line", "#000000"),
                new TaskDashboardModel.HorizontalLine("+1.96 SD", 7.5, "dashed-line", "#B03030"),
                new TaskDashboardModel.HorizontalLine("-1.96 SD", -8.5, "dashed-line", "#B03030"));
        // Two points just above the bias line at the right end, where its text would go first.
        double[] x = {60, 70, 80, 90, 100, 108, 110};
        double[] y = {1, -2, 3, -9, 8, -0.2, 0.0};
        onFx(() -> {
            chart.show(figure(x, y, lines), List.of(new TaskDashboardModel.LineLabel("bias -0.50 bpm", -0.5, "#000000"),
                    new TaskDashboardModel.LineLabel("+1.96 SD 7.50 bpm", 7.5, "#B03030"),
                    new TaskDashboardModel.LineLabel("-1.96 SD -8.50 bpm", -8.5, "#B03030")));
            return null;
        });
        waitUntil("the texts are placed", 20, () -> chart.lineLabels().stream().allMatch(l -> l.isVisible() && l.getWidth() > 0)
                && !chart.yAxis().getTickMarks().isEmpty());
        // The axes settle a pulse after the first layout (their ranges fitted to the data), and the texts follow them.
        double plotRight = onFx(() -> chart.node().getCanvas().getWidth());
        Label bias = chart.lineLabels().get(0);
        waitUntil("the bias's text left the right end, off the two points there", 20,
                () -> bias.getLayoutX() + bias.getWidth() < chart.node().getCanvas().getWidth() - 20);
        assertEquals(List.of("bias -0.50 bpm", "+1.96 SD 7.50 bpm", "-1.96 SD -8.50 bpm"),
                onFx(() -> chart.lineLabels().stream().map(Label::getText).toList()));
        double[] heights = {-0.5, 7.5, -8.5};
        for (int i = 0; i < 3; i++) {
            int k = i;
            double line = onFx(() -> chart.yAxis().getDisplayPosition(heights[k]));
            Label l = chart.lineLabels().get(i);
            double top = onFx(l::getLayoutY);
            double bottom = top + onFx(l::getHeight);
            // Above its line, the lowest line's under it; a few pixels away either way.
            if (i == 2) {
                assertEquals(line, top, 4, "under the lowest line");
            } else {
                assertEquals(line, bottom, 4, l.getText() + " above its line");
            }
        }
        // No text hides a point: the bias's moved along its line, off the two points at the right.
        for (Label l : chart.lineLabels()) {
            for (int i = 0; i < x.length; i++) {
                int k = i;
                double[] p = onFx(() -> new double[] {chart.xAxis().getDisplayPosition(x[k]), chart.yAxis().getDisplayPosition(y[k])});
                boolean hidden = onFx(() -> p[0] >= l.getLayoutX() && p[0] <= l.getLayoutX() + l.getWidth() && p[1] >= l.getLayoutY()
                        && p[1] <= l.getLayoutY() + l.getHeight());
                assertTrue(!hidden, l.getText() + " hides the point (" + x[k] + ", " + y[k] + ")");
            }
        }
        Label upper = chart.lineLabels().get(1);
        assertEquals(plotRight, onFx(() -> upper.getLayoutX() + upper.getWidth()), 4, "a text with nothing under it stays at the right end");
        assertTicksRead(chart.yAxis());
    }
}
