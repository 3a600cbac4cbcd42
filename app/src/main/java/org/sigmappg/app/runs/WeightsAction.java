package org.sigmappg.app.runs;

import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.stage.FileChooser;
import org.sigmappg.app.navigation.RunTarget;
import org.sigmappg.app.shell.BackgroundWork;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.eval.WeightExport;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.WeightImportTask;

/**
 * File &gt; Import pretrained weights and a run's Export weights: a file chooser, then the core work the
 * {@code import-weights} and {@code export-weights} commands do ({@link WeightImportTask}, {@link WeightExport}) on a
 * background thread with its progress in the status bar; an imported run's page opens when it is in.
 */
public final class WeightsAction {
    private static final List<FileChooser.ExtensionFilter> WEIGHTS = List.of(
            new FileChooser.ExtensionFilter("Pretrained weights (PyTorch .pth, .pt; .safetensors)", "*.pth", "*.pt", "*.safetensors"),
            new FileChooser.ExtensionFilter("All files", "*"));
    private static final List<FileChooser.ExtensionFilter> SAFETENSORS = List.of(new FileChooser.ExtensionFilter("safetensors", "*.safetensors"));

    private WeightsAction() {
    }

    /** Asks for a checkpoint and imports it. */
    public static void chooseAndImport(WorkbenchContext context) {
        context.files().open(context.window(), "Import pretrained weights", WEIGHTS).ifPresent(file -> importFile(context, file));
    }

    /** Imports {@code file} as a run of kind {@value WeightImportTask#KIND} in the background, then opens its page. */
    public static void importFile(WorkbenchContext context, Path file) {
        String name = file.getFileName().toString();
        Workspace ws = context.workspace();
        context.showStatus("Importing the weights in " + name + "\u2026");
        // The import cannot stop half-way (it is all or nothing and takes seconds), so it offers no Cancel.
        context.background().start("Import weights " + name, false, monitor -> new WeightImportTask(ws).run(file, null, null, monitor),
                new BackgroundWork.Outcome<WeightImportTask.Result>() {
                    @Override
                    public void succeeded(WeightImportTask.Result r) {
                        context.showStatus("Imported " + name + " as " + r.run() + ": " + r.conversion().loaded().size() + " tensors loaded, "
                                + r.conversion().ignored().size() + " ignored, " + r.conversion().missing().size() + " missing");
                        context.workspaceChanged();
                        context.open(new RunTarget(r.run()), true);
                    }

                    @Override
                    public void failed(Throwable error) {
                        context.showError("The weights in " + name + " could not be imported; nothing was added", error);
                    }
                });
    }

    /** Asks where to write run {@code run}'s student and writes it. */
    public static void chooseAndExport(WorkbenchContext context, String run) {
        context.files().save(context.window(), "Export the weights of " + run, run + ".safetensors", SAFETENSORS)
                .ifPresent(file -> exportTo(context, run, file));
    }

    /** Writes run {@code run}'s student to {@code file} in the reference's names, in the background. */
    public static void exportTo(WorkbenchContext context, String run, Path file) {
        Workspace ws = context.workspace();
        context.background().start("Export the weights of " + run, false, monitor -> WeightExport.export(ws, run, file),
                new BackgroundWork.Outcome<WeightExport.Summary>() {
                    @Override
                    public void succeeded(WeightExport.Summary s) {
                        context.showStatus("Wrote " + s.tensors() + " tensors of " + run + " to " + s.file());
                        if (!s.differences().isEmpty()) {
                            showDifferences(context, s);
                        }
                    }

                    @Override
                    public void failed(Throwable error) {
                        context.showError("The weights of " + run + " could not be exported to " + file.getFileName(), error);
                    }
                });
    }

    /** Says where the reference model would compute something else with the exported weights (they are also in the file's metadata). */
    private static void showDifferences(WorkbenchContext context, WeightExport.Summary s) {
        Alert a = new Alert(Alert.AlertType.INFORMATION, null, ButtonType.CLOSE);
        a.setTitle("Export weights");
        a.setHeaderText("Wrote " + s.file().getFileName() + "; the reference model would not reproduce " + s.run() + " exactly");
        Label text = new Label("\u2022 " + String.join("\n\u2022 ", s.differences())
                + "\n\nThese notes are also in the file's metadata (\"differences\").");
        text.setWrapText(true);
        text.setMaxWidth(560);
        a.getDialogPane().setContent(text);
        a.getDialogPane().setId("export-differences");
        context.prepare(a);
        a.show();
    }
}
