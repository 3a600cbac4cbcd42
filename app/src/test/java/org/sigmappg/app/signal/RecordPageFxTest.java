package org.sigmappg.app.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.texts;
import static org.sigmappg.app.FxTesting.waitUntil;

import io.fair_acc.chartfx.axes.spi.AbstractAxis;
import io.fair_acc.chartfx.axes.spi.TickMark;
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
import org.sigmappg.app.charts.TickFormat;
import org.sigmappg.app.charts.ValueAxis;
import org.sigmappg.app.navigation.RecordTarget;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A PPG-BP record's page: its subject's labels, a time axis in seconds whose first label shows whole, and readable ticks. */
@ExtendWith(ApplicationExtension.class)
class RecordPageFxTest {
    @TempDir
    static Path dir;
    static Catalogue catalogue;
    static DatasetInfo ppgbp;
    MainWindow window;
    SignalExplorerView view;

    @BeforeAll
    static void importPpgBp() throws Exception {
        catalogue = new Catalogue(TestWorkspaces.withPpgBp(dir));
        ppgbp = catalogue.requireDataset("ppgbp");
    }

    @Start
    void start(Stage stage) {
        window = FxTesting.show(stage, catalogue.workspace(), FxTesting.NO_ENGINE);
        window.open(new RecordTarget("ppgbp", "100_1"), true);
        view = (SignalExplorerView) window.selectedView().orElseThrow();
    }

    private void waitDrawn() {
        waitUntil("the record is drawn", 60, () -> view.model() != null && view.bandRenderer().renders() > 0
                && view.waveformDataSet().getDataCount() > 0 && !view.chart().getXAxis().getTickMarks().isEmpty());
    }

    @Test
    void theSubjectsLabelsAreOnTheRecordsPage(FxRobot robot) throws Exception {
        waitDrawn();
        Map<String, Catalogue.LabelValue> stored = catalogue.subjectLabels(ppgbp.id()).get("100");
        assertTrue(stored.keySet().containsAll(List.of("SBP", "DBP", "Hypertension", "Age", "Sex")), stored.keySet().toString());
        List<String> tags = texts(robot, "#explorer-labels .label-tag");
        assertEquals(stored.size(), tags.size(), tags.toString());
        assertTrue(tags.contains("SBP " + TickFormat.number(stored.get("SBP").value(), 0) + " mmHg"), tags.toString());
        assertTrue(tags.contains("DBP " + TickFormat.number(stored.get("DBP").value(), 0) + " mmHg"), tags.toString());
        assertTrue(tags.contains("Hypertension " + stored.get("Hypertension").text()), tags.toString());
        assertTrue(tags.contains("Sex " + stored.get("Sex").text()), tags.toString());
        assertEquals("Sex " + stored.get("Sex").text(), tags.get(0), "demographics first");
        assertTrue(texts(robot, "#explorer-labels .label-tags-title").contains("subject 100:"));
        assertTrue(robot.lookup("#label-choice").tryQuery().filter(n -> n.getScene() != null && n.isVisible()).isEmpty(),
                "no disabled list of label series when the record has none");
    }

    @Test
    void theTimeAxisOfAShortRecordReadsInSecondsAndItsFirstLabelShowsWhole() {
        waitDrawn();
        ValueAxis x = (ValueAxis) onFx(() -> view.chart().getXAxis());
        assertEquals("time from record start (s)", onFx(x::getName));
        List<TickMark> ticks = onFx(() -> List.copyOf(x.getTickMarks()));
        assertEquals(0, ticks.get(0).getValue(), 1e-12);
        assertEquals("0.0", ticks.get(0).getText(), "not 0:00.00");
        for (TickMark t : ticks) {
            assertEquals(t.getValue(), Double.parseDouble(t.getText()), 1e-9, "label " + t.getText());
        }
        // The label of the tick at the record start is centred on the axis's left end: the axis must draw that far beyond it.
        double halfWidth = ticks.get(0).getWidth() / 2;
        assertTrue(halfWidth > 5 && halfWidth <= onFx(((AbstractAxis) x)::getAxisPadding), halfWidth + " px beyond the axis");
    }

    @Test
    void valueTicksCarryTheDecimalsTheirStepNeeds(FxRobot robot) {
        waitDrawn();
        robot.clickOn("#trace-filtered");
        waitUntil("the filtered trace is drawn", 20, () -> view.model().trace() == SignalExplorerModel.Trace.FILTERED
                && view.chart().getYAxis().getMin() < 0);
        ValueAxis y = (ValueAxis) onFx(() -> view.chart().getYAxis());
        // The band-passed signal is centred on zero, the raw one sits in the converter's counts far above it.
        waitUntil("the ticks follow the new range", 20, () -> y.getTickMarks().stream().anyMatch(t -> t.getValue() < 0));
        List<TickMark> ticks = onFx(() -> List.copyOf(y.getTickMarks()));
        double step = onFx(y::tickStep);
        assertTrue(ticks.size() >= 3, ticks.size() + " ticks");
        for (TickMark t : ticks) {
            assertEquals(t.getValue(), Double.parseDouble(t.getText().replace(",", "")), 1e-9, "label " + t.getText() + " of step " + step);
            assertEquals(TickFormat.decimals(step), t.getText().contains(".") ? t.getText().length() - t.getText().indexOf('.') - 1 : 0,
                    t.getText());
        }
        assertFalse(onFx(y::getName).contains("["), "no empty unit brackets: " + onFx(y::getName));
    }
}
