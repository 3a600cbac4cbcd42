package org.sigmappg.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.FxTesting;
import org.sigmappg.app.MainWindow;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.app.navigation.NewEvaluationTarget;
import org.sigmappg.app.shell.FileChoosers;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.io.torch.SafeTensorsFile;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.WeightImportTask;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Pretrained weights in the workbench, through the real menu and buttons: File &gt; Import pretrained weights on the
 * committed reference fixture opens the imported run's page with its provenance and the import's table, the new
 * evaluation and fine-tuning sheets offer it as a backbone, its weights export, a bad file is refused by name, and a
 * dataset's windows export.
 */
@ExtendWith(ApplicationExtension.class)
class WeightsFxTest {
    @TempDir
    static Path dir;
    static Workspace workspace;
    MainWindow window;
    /** What the file choosers answer, as a user picking these files would. */
    Path toOpen;
    Path toSave;
    final List<String> chooserTitles = new ArrayList<>();

    @BeforeAll
    static void importSample() throws Exception {
        workspace = TestWorkspaces.withSample(dir.resolve("ws"));
    }

    @Start
    void start(Stage stage) {
        window = FxTesting.show(stage, workspace, FxTesting.NO_ENGINE);
        window.setFileChoosers(new FileChoosers() {
            @Override
            public Optional<Path> open(Window owner, String title, List<FileChooser.ExtensionFilter> filters) {
                chooserTitles.add(title + " " + filters.get(0).getExtensions());
                return Optional.ofNullable(toOpen);
            }

            @Override
            public Optional<Path> save(Window owner, String title, String initialName, List<FileChooser.ExtensionFilter> filters) {
                chooserTitles.add(title + " " + initialName);
                return Optional.ofNullable(toSave);
            }

            @Override
            public Optional<Path> folder(Window owner, String title) {
                // No weights action asks for a folder: answering none would show up as a missing export.
                chooserTitles.add(title);
                return Optional.empty();
            }
        });
    }

    private void importThroughTheMenu(FxRobot robot) {
        robot.clickOn("File");
        robot.clickOn("Import pretrained weights\u2026");
    }

    private Optional<RunPageView> runPage() {
        return window.selectedView().filter(RunPageView.class::isInstance).map(RunPageView.class::cast);
    }

    private static List<String> fieldTexts(FxRobot robot, String grid) {
        return onFx(() -> robot.lookup(grid + " .text-field").queryAll().stream().map(n -> ((TextField) n).getText()).toList());
    }

    @Test
    void importedWeightsOpenOnTheirPageAndAreOfferedAsBackbones(FxRobot robot) throws Exception {
        toOpen = TestWorkspaces.referenceCheckpoint();
        importThroughTheMenu(robot);
        waitUntil("the imported run's page shows its weights", 60, () -> runPage().map(p -> p.importedWeights() != null).orElse(false));
        assertEquals(List.of("Import pretrained weights [*.pth, *.pt, *.safetensors]"), chooserTitles);
        RunInfo run = onFx(() -> runPage().orElseThrow().run());
        assertEquals(WeightImportTask.KIND, run.kind());
        assertEquals(RunStatus.FINISHED, new RunStore(workspace).require(run.id()).status());
        assertTrue(onFx(() -> window.statusBar().message()).startsWith("Imported sigma-small.pth as " + run.id() + ": 52 tensors loaded, 18 ignored"),
                onFx(() -> window.statusBar().message()));
        assertTrue(FxTesting.texts(robot, ".view-title").contains(run.id() + "  \u00b7  imported weights from sigma-small.pth"));
        assertEquals("FINISHED", onFx(() -> robot.lookup("#run-status").queryAs(Label.class).getText()));

        // The Weights tab comes first; imported weights have no curves or training settings.
        List<String> tabs = onFx(() -> robot.lookup("#run-tabs").queryAs(TabPane.class).getTabs().stream().map(Tab::getText).toList());
        assertEquals(List.of("Weights", "Log", "Artifacts", "Provenance"), tabs);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(toOpen)));
        assertEquals(List.of("sigma-small.pth", sha, "PyTorch checkpoint (torch.save)", "checkpoint['model']"),
                fieldTexts(robot, "#run-weights-source"));
        List<String> architecture = fieldTexts(robot, "#run-weights-architecture");
        assertEquals(List.of("48", "2 blocks", "4 (head width 12)", "100 samples"), architecture.subList(0, 4));
        assertTrue(architecture.get(7).matches("[0-9,]+"), "the backbone's parameter count: " + architecture);
        String args = onFx(() -> robot.lookup("#run-weights-args").queryAs(TextArea.class).getText());
        assertTrue(args.startsWith("model = 'sigma_pro_patch100_12000_8k_vocab'\n") && args.contains("\npatch_size = 100\n"), args);
        assertEquals("52 tensors loaded, 18 ignored, 0 missing", onFx(() -> robot.lookup("#run-import-summary").queryAs(Label.class).getText()));
        @SuppressWarnings("unchecked")
        TableView<ImportedWeights.Row> table = robot.lookup("#run-import-report").queryAs(TableView.class);
        assertEquals(70, onFx(() -> table.getItems().size()));
        assertTrue(FxTesting.texts(robot, "#run-import-report .table-cell").containsAll(List.of("loaded", "student.pos_embed", "time_embed, cls_token",
                "[1, 129, 48]")), "the first rows are drawn");
        assertTrue(onFx(() -> table.getItems().stream().anyMatch(r -> r.reference().equals("projection_head.0.weight")
                && r.outcome() == ImportedWeights.Outcome.IGNORED)));

        // What makes sense for weights made elsewhere: no resume or re-run, but evaluate, fine-tune and export.
        for (String absent : List.of("#run-cancel", "#run-resume", "#run-rerun", "#run-rerun-changed", "#run-results")) {
            assertFalse(onFx(() -> robot.lookup(absent).tryQuery().map(Node::isVisible).orElse(false)), absent + " is not offered");
        }
        for (String offered : List.of("#run-evaluate-with", "#run-finetune-with", "#run-export-weights", "#run-compare")) {
            assertFalse(onFx(() -> robot.lookup(offered).queryAs(Button.class).isDisabled()), offered);
        }

        // The export writes the student in the reference's names, with where it came from in the metadata.
        toSave = dir.resolve("out").resolve("student.safetensors");
        Files.createDirectories(toSave.getParent());
        robot.clickOn("#run-export-weights");
        waitUntil("the weights are written", 60, () -> window.statusBar().message().startsWith("Wrote "));
        assertEquals("Export the weights of " + run.id() + " " + run.id() + ".safetensors", chooserTitles.get(1));
        assertEquals(run.id(), SafeTensorsFile.read(toSave).metadata().get("run"));
        assertTrue(SafeTensorsFile.read(toSave).tensors().containsKey("student.blocks.1.mlp.fc2.weight"));

        // Evaluate with it: the evaluation sheet lists it among the backbones and evaluates it as sigma:RUN.
        robot.clickOn("#run-evaluate-with");
        waitUntil("the evaluation sheet is filled", 60, () -> window.selectedView().filter(NewEvaluationView.class::isInstance)
                .map(v -> ((NewEvaluationView) v).sheet() != null).orElse(false));
        NewEvaluationView sheet = onFx(() -> (NewEvaluationView) window.selectedView().orElseThrow());
        assertEquals(EvaluationTask.KIND, sheet.sheet().kind());
        assertEquals("trivial,features,scratch,sigma:" + run.id(), onFx(() -> sheet.sheet().value("methods")));
        assertEquals("Backbone: sigma:" + run.id() + ", imported weights from sigma-small.pth",
                onFx(() -> robot.lookup("#evaluation-backbones").queryAs(Label.class).getText()));
        List<String> menu = onFx(() -> robot.lookup("#evaluation-add-backbone").queryAs(MenuButton.class).getItems().stream()
                .map(MenuItem::getText).toList());
        assertTrue(menu.contains("sigma:" + run.id() + "  \u00b7  imported weights from sigma-small.pth"), menu.toString());
        assertTrue(onFx(() -> sheet.sheet().check()).isEmpty(), onFx(() -> sheet.sheet().check()).toString());

        // The fine-tuning sheet offers it as the backbone too (the newest, so chosen).
        onFx(() -> {
            window.open(new NewEvaluationTarget(EvaluationTask.FINETUNE_KIND), true);
            return null;
        });
        waitUntil("the fine-tuning sheet is filled", 60, () -> window.selectedView().filter(NewEvaluationView.class::isInstance)
                .map(v -> ((NewEvaluationView) v).sheet() != null && EvaluationTask.FINETUNE_KIND.equals(((NewEvaluationView) v).sheet().kind()))
                .orElse(false));
        EvaluationSheet finetune = onFx(() -> ((NewEvaluationView) window.selectedView().orElseThrow()).sheet());
        assertTrue(finetune.choices("pretrained").contains(run.id()), finetune.choices("pretrained").toString());
        assertEquals(run.id(), finetune.value("pretrained"));
    }

    @Test
    void aFileThatIsNoCheckpointIsRefusedByNameAndAddsNoRun(FxRobot robot) throws Exception {
        int before = new RunStore(workspace).list().size();
        toOpen = dir.resolve("notes.pth");
        Files.writeString(toOpen, "these are not weights\n", StandardCharsets.UTF_8);
        importThroughTheMenu(robot);
        waitUntil("the error is shown", 60, () -> robot.lookup("#error-dialog").tryQuery().isPresent());
        DialogPane pane = robot.lookup("#error-dialog").queryAs(DialogPane.class);
        assertEquals("The weights in notes.pth could not be imported; nothing was added", onFx(pane::getHeaderText));
        String message = onFx(() -> robot.lookup("#error-message").queryAs(Label.class).getText());
        assertTrue(message.contains("notes.pth"), message);
        assertFalse(message.contains("Exception"), message);
        assertEquals(before, new RunStore(workspace).list().size(), "a refused file leaves no run behind");
        onFx(() -> {
            pane.getScene().getWindow().hide();
            return null;
        });
    }

    @Test
    void aDatasetsWindowsExportAsTheModelSeesThem(FxRobot robot) throws Exception {
        toSave = dir.resolve("windows").resolve("sample-windows.npy");
        Files.createDirectories(toSave.getParent());
        waitUntil("the catalogue lists the sample set", 30, () -> robot.lookup("#datasets-table").queryAs(TableView.class).getItems().size() == 1);
        onFx(() -> {
            robot.lookup("#datasets-table").queryAs(TableView.class).getSelectionModel().select(0);
            return null;
        });
        waitUntil("the export is offered", 30, () -> !robot.lookup("#dataset-export-windows").queryAs(Button.class).isDisabled());
        robot.clickOn("#dataset-export-windows");
        waitUntil("the windows are written", 60, () -> window.statusBar().message().startsWith("Wrote "));
        assertEquals(List.of("Export the windows of sample sample-windows.npy"), chooserTitles);
        Path dirOut = toSave.getParent();
        assertTrue(Files.isRegularFile(dirOut.resolve("sample-windows.ids.csv")));
        assertTrue(Files.isRegularFile(dirOut.resolve("sample-windows.json")));
        byte[] head = Files.readAllBytes(toSave);
        String header = new String(head, 0, Math.min(128, head.length), StandardCharsets.ISO_8859_1);
        // The sample set has 120 windows (12 records of 10 windows each).
        assertTrue(header.contains("'shape': (120, "), header);
        String status = onFx(() -> window.statusBar().message());
        assertTrue(status.startsWith("Wrote 120 windows of "), status);
    }
}
