package org.sigmappg.app.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.control.Label;
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
import org.sigmappg.data.WindowInfo;
import org.sigmappg.train.InspectionData;
import org.sigmappg.train.PretrainTask;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The mask band of the signal explorer, with the sample set's bundled pre-training run pre-0001: it has masks only
 * for the run's inspection windows, and says so over the other windows and in the line above the plot.
 */
@ExtendWith(ApplicationExtension.class)
class MaskBandFxTest {
    private static final String RUN = "pre-0001";
    @TempDir
    static Path dir;
    static Catalogue catalogue;
    /** The record holding the first inspection window, and the indexes of its windows the run inspects. */
    static String record;
    static Set<Integer> inspected;
    static int recordWindows;
    static int inspectionWindows;
    MainWindow window;

    @BeforeAll
    static void importSample() throws Exception {
        catalogue = new Catalogue(TestWorkspaces.withSample(dir));
        DatasetInfo sample = catalogue.requireDataset("sample");
        InspectionData data = InspectionData.read(catalogue.workspace().runsDirectory().resolve(RUN).resolve(PretrainTask.INSPECTION));
        InspectionData.Epoch last = data.last();
        inspectionWindows = last.windows().size();
        long first = last.windows().get(0).window();
        for (RecordInfo r : catalogue.records(sample.id())) {
            List<WindowInfo> ws = catalogue.windowsOfRecord(r.id());
            if (ws.stream().anyMatch(w -> w.id() == first)) {
                record = r.name();
                recordWindows = ws.size();
                inspected = ws.stream().filter(w -> last.window(w.id()).isPresent()).map(WindowInfo::index).collect(Collectors.toSet());
            }
        }
    }

    @Start
    void start(Stage stage) {
        window = FxTesting.show(stage, catalogue.workspace(), FxTesting.NO_ENGINE);
        window.open(new RecordTarget("sample", record, new RecordTarget.Focus(0, 0, null, -1, RUN)), true);
    }

    @Test
    void theBandSaysWhichWindowsHaveMasksAndWhyTheOthersHaveNone(FxRobot robot) {
        SignalExplorerView view = (SignalExplorerView) window.selectedView().orElseThrow();
        waitUntil("the mask band is drawn", 60, () -> view.model() != null && view.model().masks() != null
                && !view.bandRenderer().drawnCells(PatchTrackRenderer.Band.MASKS).isEmpty());
        MaskTrack masks = view.model().masks();
        assertEquals(inspected.size(), masks.windows());
        assertTrue(inspected.size() < recordWindows, "the record has windows the run does not inspect");
        String note = onFx(() -> robot.lookup("#band-note").queryAs(Label.class).getText());
        List<Integer> sorted = new ArrayList<>(inspected);
        java.util.Collections.sort(sorted);
        assertTrue(note.startsWith("epoch " + masks.epoch() + ": masks on window" + (sorted.size() == 1 ? " " + sorted.get(0) : "s ")), note);
        assertTrue(note.contains(RUN + " keeps its teacher's masks for " + inspectionWindows + " held-out window"), note);
        assertTrue(note.endsWith("so the other windows have none"), note);
        assertTrue(onFx(() -> robot.lookup("#band-note").query().isVisible()));

        List<PatchTrackRenderer.Gap> gaps = onFx(() -> view.bandRenderer().drawnMaskGaps());
        assertEquals(recordWindows - inspected.size(), gaps.size(), "every window without masks is marked");
        assertTrue(gaps.stream().allMatch(g -> MaskTrack.NOT_INSPECTED.contains(g.text())), "the reason is written in each: " + gaps);
        List<PatchTrackRenderer.Cell> cells = onFx(() -> view.bandRenderer().drawnCells(PatchTrackRenderer.Band.MASKS));
        for (PatchTrackRenderer.Gap g : gaps) {
            assertTrue(cells.stream().noneMatch(c -> c.x1() > g.x0() + 1 && c.x0() < g.x1() - 1), "no mask cell under a marked window");
        }
    }
}
