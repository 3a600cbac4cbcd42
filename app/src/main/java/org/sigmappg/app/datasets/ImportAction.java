package org.sigmappg.app.datasets;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.sigmappg.app.navigation.DatasetsTarget;
import org.sigmappg.app.shell.BackgroundWork;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportResult;
import org.sigmappg.data.ImportTask;

/**
 * The Import command: the form, then {@link ImportTask} on a background thread with its progress and a
 * Cancel button in the status bar, then the report. The same core task as the {@code import} command.
 */
public final class ImportAction {
    private ImportAction() {
    }

    /** Opens the import form (after reading which dataset names are taken); {@code source} pre-fills it if not null. */
    public static void open(WorkbenchContext context, Path source) {
        context.background().read(() -> context.catalogue().datasets().stream().map(DatasetInfo::name).collect(Collectors.toSet()),
                names -> show(context, names, source),
                error -> context.showError("The workspace could not be read", error));
    }

    private static void show(WorkbenchContext context, Set<String> names, Path source) {
        ImportDialog dialog = new ImportDialog(context, names);
        if (source != null) {
            dialog.setSource(source);
        }
        dialog.setOnHidden(e -> {
            ImportRequest request = dialog.getResult();
            if (request != null) {
                run(context, request, true);
            }
        });
        dialog.show();
    }

    /**
     * Imports {@code request} in the background. With {@code report} the outcome is shown in the report dialog;
     * without it (the first-start sample import) success only shows in the status bar, but a failure is still
     * reported.
     */
    public static void run(WorkbenchContext context, ImportRequest request, boolean report) {
        context.showStatus("Importing " + request.source() + " as " + request.name() + "\u2026");
        context.background().start("Import " + request.name(), true,
                monitor -> new ImportTask(context.workspace(), request).run(monitor),
                new BackgroundWork.Outcome<ImportResult>() {
                    @Override
                    public void succeeded(ImportResult result) {
                        ImportReport r = ImportReport.of(result);
                        context.showStatus(r.headline());
                        context.workspaceChanged();
                        if (report || !r.problems().isEmpty()) {
                            ImportReportDialog dialog = new ImportReportDialog(context, r);
                            dialog.setOnHidden(e -> {
                                if (dialog.getResult() == ImportReportDialog.OPEN) {
                                    context.open(new DatasetsTarget(result.dataset(), null), false);
                                }
                            });
                            dialog.show();
                        } else {
                            context.open(new DatasetsTarget(result.dataset(), null), false);
                        }
                    }

                    @Override
                    public void failed(Throwable error) {
                        ImportReport r = ImportReport.failed(request.name(), request.source(), error);
                        context.showStatus(r.headline() + "; nothing was added");
                        new ImportReportDialog(context, r).show();
                    }

                    @Override
                    public void cancelled() {
                        context.showStatus("Import of " + request.name() + " cancelled; nothing was added");
                    }
                });
    }
}
