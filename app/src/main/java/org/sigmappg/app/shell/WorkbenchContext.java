package org.sigmappg.app.shell;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.scene.control.Dialog;
import javafx.stage.Window;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.data.Catalogue;
import org.sigmappg.run.Workspace;

/** What a view may ask of the workbench around it: the workspace, background work, navigation, messages. */
public interface WorkbenchContext {
    Workspace workspace();

    Catalogue catalogue();

    BackgroundWork background();

    /** The queue that trains the runs started in this workbench, one at a time. */
    TrainingQueue training();

    /** Opens {@code target}: in the preview tab, or in a tab of its own when {@code newTab} is true. */
    void open(NavTarget target, boolean newTab);

    /** The workspace changed (an import finished, a dataset was removed): re-read the tree and refresh every view. */
    void workspaceChanged();

    /** Shows a readable error dialog (never a stack trace). */
    void showError(String title, Throwable error);

    /** Shows a short message in the status bar. */
    void showStatus(String message);

    /** The main window, owner of dialogs. */
    Window window();

    /** The file choosers (a test answers them itself). */
    FileChoosers files();

    ReadOnlyObjectProperty<Theme> themeProperty();

    /** Gives a dialog the main window as owner and the current theme. */
    default void prepare(Dialog<?> dialog) {
        dialog.initOwner(window());
        themeProperty().get().apply(dialog.getDialogPane());
    }
}
