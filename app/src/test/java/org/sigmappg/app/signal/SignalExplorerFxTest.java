package org.sigmappg.app.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import io.fair_acc.dataset.DataSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.FxTesting;
import org.sigmappg.app.MainWindow;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.app.navigation.RecordTarget;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowCache;
import org.sigmappg.data.WindowInfo;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The signal explorer on record S08 of the sample set (flat and clipped stretches): what is drawn is checked
 * against values read from the workspace independently of the view.
 */
@ExtendWith(ApplicationExtension.class)
class SignalExplorerFxTest {
    @TempDir
    static Path dir;
    static Catalogue catalogue;
    static DatasetInfo sample;
    MainWindow window;
    SignalExplorerView view;

    @BeforeAll
    static void importSample() throws Exception {
        catalogue = new Catalogue(TestWorkspaces.withSample(dir));
        sample = catalogue.requireDataset("sample");
    }

    @Start
    void start(Stage stage) {
        window = FxTesting.show(stage, catalogue.workspace(), FxTesting.NO_ENGINE);
        window.open(new RecordTarget("sample", "S08"), true);
        view = (SignalExplorerView) window.selectedView().orElseThrow();
    }

    private void waitDrawn() {
        waitUntil("the record is drawn", 60, () -> view.model() != null && view.bandRenderer().renders() > 0
                && view.waveformDataSet().getDataCount() > 0);
    }

    /** Waits until the chart has drawn what the view asked for after {@code action}. */
    private void andDrawn(Runnable action) {
        long before = onFx(() -> view.bandRenderer().renders());
        onFx(() -> {
            action.run();
            return null;
        });
        waitUntil("the chart is redrawn", 30, () -> view.bandRenderer().renders() > before);
    }

    private Canvas canvas() {
        return view.chart().getCanvas();
    }

    private static RecordInfo record(String name) throws Exception {
        return catalogue.record(sample.id(), name).orElseThrow();
    }

    /** The prior P of every patch of a record, read straight from the dataset cache. */
    private static List<Float> storedPriors(String name) throws Exception {
        WindowCache cache = catalogue.openCache(sample);
        List<Float> out = new ArrayList<>();
        for (WindowInfo w : catalogue.windowsOfRecord(record(name).id())) {
            float[] stats = cache.patchStats(w.patchOffset(), w.patches());
            for (int i = 0; i < w.patches(); i++) {
                out.add(stats[i * WindowCache.PATCH_FIELDS + 4]);
            }
        }
        return out;
    }

    @Test
    void theWaveformHoldsTheDecimatedPointsForTheViewWidth(FxRobot robot) throws Exception {
        waitDrawn();
        int width = onFx(() -> (int) Math.round(canvas().getWidth()));
        SignalExplorerModel independent = new SignalExplorerModel(RecordSignals.load(catalogue, sample, record("S08")));
        MinMaxDecimator.Envelope expected = independent.waveform(width, null);
        DataSet shown = view.waveformDataSet();
        int count = onFx(shown::getDataCount);
        assertTrue(width > 600, "plot width " + width);
        assertEquals(expected.size(), count);
        assertTrue(count <= 2 * width && count >= width, count + " points for " + width + " pixels");
        assertFalse(expected.exact(), "38,400 raw samples are more than two per pixel");
        for (int i = 0; i < count; i += 97) {
            final int k = i;
            assertEquals(expected.xs()[k], onFx(() -> shown.get(DataSet.DIM_X, k)), 0);
            assertEquals(expected.ys()[k], onFx(() -> shown.get(DataSet.DIM_Y, k)), 0);
        }

        robot.clickOn("#trace-filtered");
        waitUntil("the filtered trace is shown", 20, () -> view.model().trace() == SignalExplorerModel.Trace.FILTERED);
        independent.setTrace(SignalExplorerModel.Trace.FILTERED);
        // The y axis labels change with the trace, and with them the plot width: compare at the width drawn now.
        waitUntil("the filtered points are set", 20, () -> shown.getDataCount()
                == independent.waveform((int) Math.round(canvas().getWidth()), null).size());
        assertEquals(30_000.0 / 50, onFx(() -> shown.get(DataSet.DIM_X, shown.getDataCount() - 1)), 600.0 / width,
                "the filtered trace reaches the last pixel column of the record");
    }

    @Test
    void theDenseWaveformIsDrawnAsOneBarPerColumnCoveringItsValues(FxRobot robot) {
        waitDrawn();
        andDrawn(() -> ((javafx.scene.control.ComboBox<String>) window.scene().lookup("#label-choice")).setValue(SignalExplorerView.NO_LABEL));
        assertTrue(onFx(() -> view.waveformRenderer().lastDrawnAsBars()), "two points per pixel: bars");
        WritableImage image = onFx(() -> canvas().snapshot(null, null));
        Color wave = Color.web("#1f4e8c");
        int checked = 0;
        DataSet ds = view.waveformDataSet();
        for (int column = 100; column < image.getWidth() - 100; column += 53) {
            final int c = column;
            double[] range = onFx(() -> {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < ds.getDataCount(); i++) {
                    if ((int) Math.floor(view.chart().getXAxis().getDisplayPosition(ds.get(DataSet.DIM_X, i))) == c) {
                        double py = view.chart().getYAxis().getDisplayPosition(ds.get(DataSet.DIM_Y, i));
                        lo = Math.min(lo, py);
                        hi = Math.max(hi, py);
                    }
                }
                return new double[] {lo, hi};
            });
            double mid = (range[0] + range[1]) / 2;
            if (!(range[1] >= range[0]) || mid < 1 || mid >= image.getHeight() - 30) {
                continue;
            }
            Color got = image.getPixelReader().getColor(c, (int) mid);
            assertEquals(wave.getRed(), got.getRed(), 0.02, "column " + c);
            assertEquals(wave.getGreen(), got.getGreen(), 0.02, "column " + c);
            assertEquals(wave.getBlue(), got.getBlue(), 0.02, "column " + c);
            checked++;
        }
        assertTrue(checked >= 10, checked + " columns checked");
        andDrawn(() -> view.showRange(100, 105));
        assertFalse(onFx(() -> view.waveformRenderer().lastDrawnAsBars()), "5 s of 64 Hz samples: a polyline");
    }

    @Test
    void thePriorBandHasOneCellPerPatchColouredFromTheStoredPrior() throws Exception {
        waitDrawn();
        List<Float> priors = storedPriors("S08");
        List<PatchTrackRenderer.Cell> cells = onFx(() -> view.bandRenderer().drawnCells());
        assertEquals(600, priors.size());
        assertEquals(600, cells.size(), "the whole record: one cell per patch");
        for (int k = 0; k < cells.size(); k++) {
            assertEquals(k, cells.get(k).patch());
            assertEquals(PriorColourScale.rgb(priors.get(k)), cells.get(k).rgb(), "colour of patch " + k);
            assertTrue(cells.get(k).x1() > cells.get(k).x0());
        }

        andDrawn(() -> view.showRange(180, 210));
        List<PatchTrackRenderer.Cell> zoomed = onFx(() -> view.bandRenderer().drawnCells());
        assertEquals(30, zoomed.size(), "patches 180 to 209");
        assertEquals(180, zoomed.get(0).patch());
        // The pixels on screen carry the colours: sample the middle of each cell in a snapshot of the plot.
        WritableImage image = onFx(() -> canvas().snapshot(null, null));
        PixelReader px = image.getPixelReader();
        double y = image.getHeight() - PatchTrackRenderer.BAND_GAP - PatchTrackRenderer.BAND_HEIGHT / 2;
        for (PatchTrackRenderer.Cell c : zoomed) {
            Color got = px.getColor((int) ((c.x0() + c.x1()) / 2), (int) y);
            int want = PriorColourScale.rgb(priors.get(c.patch()));
            assertEquals(want >> 16 & 0xff, (int) Math.round(got.getRed() * 255), 3, "red of patch " + c.patch());
            assertEquals(want >> 8 & 0xff, (int) Math.round(got.getGreen() * 255), 3, "green of patch " + c.patch());
            assertEquals(want & 0xff, (int) Math.round(got.getBlue() * 255), 3, "blue of patch " + c.patch());
        }
        assertTrue(onFx(() -> view.patchRenderer().drawnPatchLines()) > 20, "the 1 s patch grid shows at 30 s");
        assertTrue(onFx(() -> view.patchRenderer().drawnWindowLines()) >= 1, "the window boundary at 3:00");
    }

    @Test
    void flatAndClippedStretchesOfS08AreShaded() throws Exception {
        waitDrawn();
        // The QC layer draws in its own pass, after the waveform and the prior band on a loaded machine.
        waitUntil("the QC spans are drawn", 30, () -> !view.patchRenderer().drawnSpans().isEmpty());
        List<PatchTrack.Span> spans = onFx(() -> view.patchRenderer().drawnSpans());
        Set<PatchTrack.Qc> kinds = spans.stream().map(PatchTrack.Span::kind).collect(Collectors.toSet());
        assertEquals(Set.of(PatchTrack.Qc.FLAT, PatchTrack.Qc.CLIPPED), kinds);
        // Independently: the flagged patches in the cache add up to the shaded seconds.
        WindowCache cache = catalogue.openCache(sample);
        int flat = 0;
        int clipped = 0;
        for (WindowInfo w : catalogue.windowsOfRecord(record("S08").id())) {
            for (byte f : cache.patchFlags(w.patchOffset(), w.patches())) {
                flat += (f & WindowCache.FLAG_FLAT) != 0 ? 1 : 0;
                clipped += (f & WindowCache.FLAG_CLIPPED) != 0 ? 1 : 0;
            }
        }
        assertEquals(flat, spans.stream().filter(s -> s.kind() == PatchTrack.Qc.FLAT).mapToDouble(s -> s.end() - s.start()).sum(), 1e-6);
        assertEquals(clipped, spans.stream().filter(s -> s.kind() == PatchTrack.Qc.CLIPPED).mapToDouble(s -> s.end() - s.start()).sum(), 1e-6);

        // On screen: the top edge of a flat stretch is the flat colour over the white plot.
        PatchTrack.Span s = spans.stream().filter(x -> x.kind() == PatchTrack.Qc.FLAT).findFirst().orElseThrow();
        double mid = (s.start() + s.end()) / 2;
        int x = onFx(() -> (int) Math.round(view.chart().getXAxis().getDisplayPosition(mid)));
        Color got = onFx(() -> canvas().snapshot(null, null).getPixelReader().getColor(x, 2));
        Color flatColour = PatchTrackRenderer.qcColour(PatchTrack.Qc.FLAT, false);
        double a = 0.85;
        assertEquals(255 * (1 - a) + flatColour.getRed() * 255 * a, got.getRed() * 255, 8);
        assertEquals(255 * (1 - a) + flatColour.getGreen() * 255 * a, got.getGreen() * 255, 8);
        assertEquals(255 * (1 - a) + flatColour.getBlue() * 255 * a, got.getBlue() * 255, 8);

        onFx(() -> {
            window.open(new RecordTarget("sample", "S01"), true);
            return null;
        });
        SignalExplorerView s01 = (SignalExplorerView) window.selectedView().orElseThrow();
        waitUntil("S01 is drawn", 60, () -> s01.model() != null && s01.bandRenderer().renders() > 0);
        assertTrue(onFx(() -> s01.patchRenderer().drawnSpans()).isEmpty(), "a clean record has no shading");
    }

    @Test
    void theSpO2SeriesIsTheSecondTrace(FxRobot robot) {
        waitDrawn();
        assertEquals("SpO2", view.model().label());
        assertEquals(600, (int) onFx(() -> view.labelDataSet().getDataCount()), "1 Hz for 10 minutes");
        assertTrue(onFx(() -> view.chart().getAxes().stream().anyMatch(a -> "SpO2".equals(a.getName()))));
        robot.clickOn("#label-choice");
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match(n -> "HR".equals(((javafx.scene.control.Labeled) n).getText()))
                .<javafx.scene.Node>query());
        waitUntil("HR is shown", 20, () -> "HR".equals(view.model().label())
                && view.chart().getAxes().stream().anyMatch(a -> "HR".equals(a.getName())));
    }

    @Test
    void wheelZoomsDragPansDoubleClickShowsTheWholeRecordAndHoverDescribesThePatch(FxRobot robot) {
        waitDrawn();
        Bounds b = onFx(() -> canvas().localToScreen(canvas().getBoundsInLocal()));
        Point2D centre = new Point2D(b.getMinX() + b.getWidth() / 2, b.getMinY() + b.getHeight() / 3);
        robot.moveTo(centre);
        double anchor = onFx(() -> view.model().viewport().timeAt(b.getWidth() / 2, canvas().getWidth()));
        // The glass robot turns the wheel with the sign opposite to a wheel turned away from the user: DOWN zooms in here.
        robot.scroll(3, VerticalDirection.DOWN);
        waitUntil("three wheel notches zoom in by 1.25^3", 20, () -> Math.abs(view.model().viewport().span() - 600 / Math.pow(1.25, 3)) < 1e-6);
        double span = onFx(() -> view.model().viewport().span());
        double anchorAfter = onFx(() -> view.model().viewport().timeAt(b.getWidth() / 2, canvas().getWidth()));
        assertEquals(anchor, anchorAfter, span / 100, "the time under the mouse stays under the mouse");
        waitUntil("the points follow the zoom", 20, () -> view.waveformDataSet().getDataCount() <= 2 * canvas().getWidth());

        double startBefore = onFx(() -> view.model().viewport().start());
        robot.drag(centre).moveBy(-200, 0).release(javafx.scene.input.MouseButton.PRIMARY);
        waitUntil("dragging left shows later signal", 20, () -> view.model().viewport().start() > startBefore + span * 0.1);

        robot.moveTo(centre);
        double t = onFx(() -> view.model().viewport().timeAt(b.getWidth() / 2, canvas().getWidth()));
        waitUntil("the readout names the patch under the mouse", 20, () -> view.readoutText().startsWith("window "));
        String readout = onFx(view::readoutText);
        int patch = onFx(() -> view.model().signals().patches().indexAt(t));
        PatchTrack track = view.model().signals().patches();
        assertTrue(readout.startsWith("window " + track.window(patch) + "  patch " + track.patchInWindow(patch))
                || readout.startsWith("window " + track.window(patch + 1)), readout);
        assertTrue(readout.matches(".*std \\d\\.\\d{4} +skewness -?\\d\\.\\d{3} +A \\d\\.\\d{3} +S \\d\\.\\d{3} +P \\d\\.\\d{3} +QC \\w+.*"), readout);

        robot.doubleClickOn(centre);
        waitUntil("double-click shows the whole record", 20, () -> view.model().viewport().isFull());
    }
}
