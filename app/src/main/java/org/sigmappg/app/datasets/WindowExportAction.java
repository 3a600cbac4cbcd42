package org.sigmappg.app.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.stage.FileChooser;
import org.sigmappg.app.shell.BackgroundWork;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.WindowExport;

/**
 * Data &gt; Export windows: every window of a dataset as the model sees it ({@code .npy}, with the ids and provenance
 * beside it), written by {@link WindowExport} as the {@code export-windows} command does, on a background thread.
 */
public final class WindowExportAction {
    private static final List<FileChooser.ExtensionFilter> NPY = List.of(new FileChooser.ExtensionFilter("NumPy array", "*.npy"));

    private WindowExportAction() {
    }

    /** Asks where to write the windows of {@code dataset} and writes them. */
    public static void choose(WorkbenchContext context, String dataset) {
        context.files().save(context.window(), "Export the windows of " + dataset, dataset + "-windows.npy", NPY)
                .ifPresent(file -> exportTo(context, dataset, file));
    }

    /** Writes the windows of {@code dataset} to {@code file} (and its {@code .ids.csv} and {@code .json}) in the background. */
    public static void exportTo(WorkbenchContext context, String dataset, Path file) {
        Catalogue catalogue = context.catalogue();
        // WindowExport checks no cancel request between windows, so the job offers none.
        context.background().start("Export the windows of " + dataset, false, monitor -> WindowExport.export(catalogue, dataset, file, monitor),
                new BackgroundWork.Outcome<WindowExport.Summary>() {
                    @Override
                    public void succeeded(WindowExport.Summary s) {
                        context.showStatus(String.format(Locale.ROOT, "Wrote %d windows of %d samples of %s to %s (ids in %s, provenance in %s)",
                                s.windows(), s.samples(), s.dataset(), s.npy(), s.ids().getFileName(), s.provenance().getFileName()));
                    }

                    @Override
                    public void failed(Throwable error) {
                        context.showError("The windows of " + dataset + " could not be exported to " + file.getFileName(), error);
                    }
                });
    }
}
