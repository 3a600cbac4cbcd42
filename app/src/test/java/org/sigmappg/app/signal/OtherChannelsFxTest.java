package org.sigmappg.app.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
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
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportTask;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.io.Channel;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.formats.Readers;
import org.sigmappg.run.ProgressMonitor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The channels of a record's file besides its PPG, under the PPG in the explorer: the sample set's EDF files hold
 * RED and IR beside PLETH. A second dataset whose file was deleted after the import shows why they are missing.
 */
@ExtendWith(ApplicationExtension.class)
class OtherChannelsFxTest {
    @TempDir
    static Path dir;
    static Catalogue catalogue;
    MainWindow window;

    @BeforeAll
    static void importSample() throws Exception {
        catalogue = new Catalogue(TestWorkspaces.withSample(dir.resolve("ws")));
        Path copy = Files.createDirectories(dir.resolve("copy"));
        Files.copy(TestWorkspaces.sampleData().resolve("recordings/S01.edf"), copy.resolve("S01.edf"));
        new ImportTask(catalogue.workspace(), ImportRequest.of(copy, "copy")).run(ProgressMonitor.NONE);
        Files.delete(copy.resolve("S01.edf"));
    }

    @Start
    void start(Stage stage) {
        window = FxTesting.show(stage, catalogue.workspace(), FxTesting.NO_ENGINE);
    }

    private SignalExplorerView open(String dataset, String record) {
        return onFx(() -> {
            window.open(new RecordTarget(dataset, record), true);
            return (SignalExplorerView) window.selectedView().orElseThrow();
        });
    }

    @Test
    void theFilesOtherChannelsAreDrawnUnderThePpgOnTheSameTimeAxis(FxRobot robot) throws Exception {
        SignalExplorerView view = open("sample", "S08");
        waitUntil("the other channels are drawn", 60, () -> view.channelStrips().drawn().size() == 2);
        assertEquals(List.of("RED", "IR"), view.otherChannels().stream().map(OtherChannel::name).toList());
        assertTrue(onFx(() -> !robot.lookup("#channels-menu").queryAs(MenuButton.class).isDisabled()));
        // Independently: the channels as the EDF reader reads the file.
        DatasetInfo sample = catalogue.requireDataset("sample");
        RecordInfo s08 = catalogue.record(sample.id(), "S08").orElseThrow();
        Path file = Path.of(s08.source());
        List<Channel> read = Readers.forFile(file).orElseThrow().read(file, ReadOptions.DEFAULT).channels();
        List<ChannelStrips.Drawn> drawn = onFx(() -> view.channelStrips().drawn());
        double plotWidth = onFx(() -> view.chart().getCanvas().getWidth());
        for (ChannelStrips.Drawn d : drawn) {
            Channel c = read.stream().filter(x -> x.name().equals(d.channel())).findFirst().orElseThrow();
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (float v : c.samples()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            SignalExplorerModel.Range want = SignalExplorerModel.yRange(lo, hi, 0, 0);
            assertEquals(want.min(), d.range().min(), 1e-3, d.channel());
            assertEquals(want.max(), d.range().max(), 1e-3, d.channel());
            assertTrue(d.points() >= plotWidth * 0.9 && d.points() <= 2 * plotWidth + 2, d.points() + " points for " + plotWidth + " px");
            // The whole record spans the plot's width, as the PPG above it does.
            assertEquals(0, d.firstX(), 2, "starts at the plot's left edge");
            assertEquals(plotWidth, d.lastX(), plotWidth / 600 + 2, "ends at its right edge");
        }
        double stripsLeft = onFx(() -> view.channelStrips().localToScene(0, 0).getX());
        double plotLeft = onFx(() -> view.chart().getCanvas().localToScene(0, 0).getX());
        assertTrue(plotLeft - stripsLeft > 20, "the strips leave the value axis's gutter free for their ranges");

        onFx(() -> {
            view.showRange(100, 110);
            return null;
        });
        waitUntil("the strips follow the zoom", 20, () -> view.channelStrips().drawn().get(0).points() > 0
                && view.channelStrips().drawn().get(0).points() <= 10 * 64 + 2);
        onFx(() -> {
            view.showChannels(List.of("IR"));
            return null;
        });
        waitUntil("only IR is left", 20, () -> view.channelStrips().drawn().stream().map(ChannelStrips.Drawn::channel).toList().equals(List.of("IR")));
    }

    @Test
    void aFileDeletedSinceTheImportSaysWhyItsChannelsAreMissing(FxRobot robot) {
        SignalExplorerView view = open("copy", "S01");
        waitUntil("the reason is shown", 60, () -> robot.lookup("#band-note").queryAs(Label.class).getText().startsWith("Other channels:"));
        String note = onFx(() -> robot.lookup("#band-note").queryAs(Label.class).getText());
        assertTrue(note.contains("S01.edf") && note.contains("no longer there"), note);
        assertTrue(onFx(() -> robot.lookup("#channels-menu").queryAs(MenuButton.class).isDisabled()));
        assertTrue(view.channelStrips().drawn().isEmpty());
        assertTrue(view.model() != null && view.model().signals().raw().length > 0, "the PPG itself comes from the cache and still shows");
    }
}
