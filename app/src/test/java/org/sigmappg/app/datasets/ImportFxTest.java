package org.sigmappg.app.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.texts;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.FxTesting;
import org.sigmappg.app.MainWindow;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.run.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Import action end to end: the form, the background import, the catalogue, and the report of a bad file. */
@ExtendWith(ApplicationExtension.class)
class ImportFxTest {
    @TempDir
    static Path dir;
    static Workspace workspace;
    MainWindow window;

    @BeforeAll
    static void importSample() throws Exception {
        workspace = TestWorkspaces.withSample(dir.resolve("ws"));
    }

    @Start
    void start(Stage stage) {
        window = FxTesting.show(stage, workspace, FxTesting.NO_ENGINE);
    }

    private void openForm(FxRobot robot) {
        waitUntil("the catalogue is listed", 30, () -> robot.lookup("#datasets-table").queryAs(TableView.class).getItems().size() >= 1);
        robot.clickOn("#dataset-import");
        waitUntil("the import form opens", 20, () -> robot.lookup("#import-dialog").tryQuery().isPresent());
    }

    private static Button importButton(FxRobot robot) {
        DialogPane pane = robot.lookup("#import-dialog").queryAs(DialogPane.class);
        return (Button) pane.lookupButton(ImportDialog.IMPORT);
    }

    /** Empties a field and types {@code text} into it on the keyboard. */
    private static void type(FxRobot robot, String field, String text) {
        robot.clickOn(field);
        onFx(() -> {
            robot.lookup(field).queryAs(TextField.class).clear();
            return null;
        });
        robot.write(text);
        waitUntil(field + " shows what was typed", 20, () -> text.equals(robot.lookup(field).queryAs(TextField.class).getText()));
    }

    @Test
    void theImportButtonWaitsForAValidForm(FxRobot robot) {
        openForm(robot);
        assertTrue(onFx(() -> importButton(robot).isDisabled()), "nothing chosen yet");
        assertTrue(texts(robot, "#import-problems .label").contains("\u2022 choose a file or folder to import"));
        type(robot, "#import-source", FxTesting.text(TestWorkspaces.sampleData()));
        type(robot, "#import-name", "my data!");
        waitUntil("the name is refused", 20, () -> texts(robot, "#import-problems .label").stream().anyMatch(t -> t.contains("letters, digits")));
        assertTrue(onFx(() -> importButton(robot).isDisabled()));
        type(robot, "#import-name", "sample");
        waitUntil("a taken name asks for Replace", 20, () -> robot.lookup("#import-replace").query().isVisible());
        assertTrue(onFx(() -> importButton(robot).isDisabled()));
        type(robot, "#import-window-seconds", "2.5");
        waitUntil("half seconds are refused", 20, () -> texts(robot, "#import-problems .label").stream().anyMatch(t -> t.contains("whole number of seconds")));
        type(robot, "#import-window-seconds", "60");
        type(robot, "#import-name", "copy");
        waitUntil("the form is valid", 20, () -> !importButton(robot).isDisabled());
        waitUntil("the layout is detected", 30, () -> texts(robot, "#import-layout").stream().anyMatch(t -> t.startsWith("Layout sample")));
        assertTrue(texts(robot, "#import-layout").get(0).contains("12 recordings"));
        robot.clickOn(robot.lookup("#import-dialog .button").match(n -> "Cancel".equals(((Button) n).getText())).<Node>query());
        waitUntil("the form closes", 20, () -> robot.lookup("#import-dialog").tryQuery().isEmpty());
    }

    /** The same name as the command line gives (DatasetListingTest): the folder's name with {@code _}, case kept. */
    @Test
    void theFormProposesTheNameTheCommandLineGives(FxRobot robot) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("Ward 7 (2024)"));
        openForm(robot);
        type(robot, "#import-source", FxTesting.text(folder));
        waitUntil("the name is proposed", 20, () -> "Ward_7__2024_".equals(robot.lookup("#import-name").queryAs(TextField.class).getText()));
        robot.clickOn(robot.lookup("#import-dialog .button").match(n -> "Cancel".equals(((Button) n).getText())).<Node>query());
        waitUntil("the form closes", 20, () -> robot.lookup("#import-dialog").tryQuery().isEmpty());
    }

    @Test
    void aFileOfRandomBytesKeepsImportDisabledAndSaysWhy(FxRobot robot) throws Exception {
        Path file = ImportPreviewTest.randomBytes(dir.resolve("noise/noise.bin"));
        openForm(robot);
        assertTrue(robot.lookup("#import-follow-links").tryQuery().isPresent(), "the form offers --follow-links");
        type(robot, "#import-source", FxTesting.text(file));
        waitUntil("the files were looked at", 30, () -> texts(robot, "#import-layout").stream().anyMatch(t -> t.startsWith("Nothing here")));
        waitUntil("the reason is listed", 20, () -> texts(robot, "#import-problems .label").stream()
                .anyMatch(t -> t.contains("not a recording format") && t.contains("no other recordings found")));
        assertTrue(onFx(() -> importButton(robot).isDisabled()), "the import would be refused");
        robot.clickOn("#import-skip-bad");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(onFx(() -> importButton(robot).isDisabled()), "skipping the only file leaves nothing to import");
        robot.clickOn(robot.lookup("#import-dialog .button").match(n -> "Cancel".equals(((Button) n).getText())).<Node>query());
        waitUntil("the form closes", 20, () -> robot.lookup("#import-dialog").tryQuery().isEmpty());
    }

    @Test
    void aLongProblemWrapsInTheReportInsteadOfBeingCutOff(FxRobot robot) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("ward7"));
        String junk = "not-a-number-but-a-long-piece-of-text-that-a-broken-export-wrote-into-the-pleth-column";
        Files.writeString(folder.resolve("bed7.csv"), "time,pleth\n0.00,512\n0.01," + junk + "\n0.02,515\n", StandardCharsets.UTF_8);
        openForm(robot);
        type(robot, "#import-source", FxTesting.text(folder));
        type(robot, "#import-name", "ward7");
        waitUntil("the form is valid", 30, () -> !importButton(robot).isDisabled());
        robot.clickOn(importButton(robot));
        waitUntil("the report shows", 60, () -> robot.lookup("#import-report").tryQuery().isPresent());
        TableView<?> problems = robot.lookup("#import-report-problems").queryAs(TableView.class);
        ImportReport.Problem p = (ImportReport.Problem) onFx(() -> problems.getItems().get(0));
        assertTrue(p.what().length() > 90, p.what());
        List<Text> shown = onFx(() -> robot.lookup("#import-report-problems .wrapping-cell").queryAll().stream()
                .map(n -> ((javafx.scene.control.TableCell<?, ?>) n).getGraphic()).filter(g -> g instanceof Text).map(g -> (Text) g)
                .filter(t -> t.getText().equals(p.what())).toList());
        assertEquals(1, shown.size(), "the whole problem is in one cell");
        Text text = shown.get(0);
        double width = onFx(() -> text.getLayoutBounds().getWidth());
        double wrap = onFx(text::getWrappingWidth);
        assertTrue(wrap > 100 && width <= wrap + 1, "the text wraps at the column: " + width + " in " + wrap);
        assertTrue(onFx(() -> text.getLayoutBounds().getHeight()) > 1.5 * onFx(() -> text.getFont().getSize()), "on several lines");
        robot.clickOn(robot.lookup("#import-report .button").match(n -> "Close".equals(((Button) n).getText())).<Node>query());
    }

    @Test
    void anImportStartedFromTheImportActionAppearsInTheCatalogue(FxRobot robot) throws Exception {
        openForm(robot);
        type(robot, "#import-source", FxTesting.text(TestWorkspaces.sampleData()));
        type(robot, "#import-name", "second");
        waitUntil("the form is valid", 20, () -> !importButton(robot).isDisabled());
        robot.clickOn(importButton(robot));
        waitUntil("the report shows", 90, () -> robot.lookup("#import-report").tryQuery().isPresent());
        DialogPane report = robot.lookup("#import-report").queryAs(DialogPane.class);
        assertTrue(onFx(report::getHeaderText).startsWith("Imported second (sample): 12 records, 12 subjects, 120 windows"),
                onFx(report::getHeaderText));
        waitUntil("the catalogue lists it", 30, () -> robot.lookup("#datasets-table").queryAs(TableView.class).getItems().stream()
                .anyMatch(d -> ((DatasetInfo) d).name().equals("second")));
        assertTrue(texts(robot, "#datasets-table .table-cell").contains("second"));
        waitUntil("the tree lists it", 30, () -> texts(robot, ".tree-cell").contains("second  (12)"));
        robot.clickOn(robot.lookup("#import-report .button").match(n -> "Open dataset".equals(((Button) n).getText())).<Node>query());
        waitUntil("the new dataset is shown", 30, () -> texts(robot, "#dataset-title").contains("second"));
        assertTrue(new Catalogue(workspace).dataset("second").isPresent());
    }

    @Test
    void aBadFileShowsTheErrorListAndAddsNothing(FxRobot robot) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("ward3"));
        Files.writeString(folder.resolve("bed12.csv"), "time,pleth\n0.00,512\n0.01,n/a?\n0.02,515\n", StandardCharsets.UTF_8);
        openForm(robot);
        type(robot, "#import-source", FxTesting.text(folder));
        type(robot, "#import-name", "ward3");
        waitUntil("the form is valid", 20, () -> !importButton(robot).isDisabled());
        robot.clickOn(importButton(robot));
        waitUntil("the report shows", 60, () -> robot.lookup("#import-report").tryQuery().isPresent());
        assertEquals("The import of ward3 stopped", onFx(() -> robot.lookup("#import-report").queryAs(DialogPane.class).getHeaderText()));
        TableView<?> problems = robot.lookup("#import-report-problems").queryAs(TableView.class);
        assertEquals(1, (int) onFx(() -> problems.getItems().size()));
        ImportReport.Problem p = (ImportReport.Problem) onFx(() -> problems.getItems().get(0));
        assertEquals("bed12.csv", p.file());
        assertTrue(p.where().startsWith("line 3"), p.where());
        assertFalse(p.what().isBlank());
        List<String> cells = texts(robot, "#import-report-problems .table-cell");
        assertTrue(cells.contains("bed12.csv") && cells.contains(p.what()), "the problem is on screen: " + cells);
        assertTrue(texts(robot, "#import-report-hint").get(0).startsWith("Nothing was added to the workspace."));
        assertTrue(window.statusBar().message().contains("stopped; nothing was added"), window.statusBar().message());
        assertTrue(new Catalogue(workspace).dataset("ward3").isEmpty());
        robot.clickOn(robot.lookup("#import-report .button").match(n -> "Close".equals(((Button) n).getText())).<Node>query());
    }
}
