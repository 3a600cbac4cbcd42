package org.sigmappg.app.shell;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.scene.Node;
import org.sigmappg.app.navigation.NavTarget;

/**
 * A view shown in a tab of the main window. The shell asks it for its node and title, tells it when the
 * workspace changed and when its tab closes, and forwards the View menu's commands to the selected view.
 * Commands a view does not support return false, and the shell says so in the status bar.
 */
public interface WorkbenchView {
    Node node();

    /** The tab title; a view may change it (a datasets view names the dataset it shows). */
    ReadOnlyStringProperty titleProperty();

    /** What this view shows now. */
    NavTarget target();

    /** Shows another target in this view when it is of a kind the view shows; returns whether it did. */
    default boolean navigate(NavTarget newTarget) {
        return false;
    }

    /** The workspace changed (an import finished, a dataset was deleted): re-read what is shown. */
    default void refresh() {
    }

    /** The tab was closed: stop any work started for it. */
    default void close() {
    }

    default boolean zoomIn() {
        return false;
    }

    default boolean zoomOut() {
        return false;
    }

    /** Shows everything again (the whole record in the signal explorer). */
    default boolean resetZoom() {
        return false;
    }

    /** Moves the keyboard focus to the view's search field. */
    default boolean focusSearch() {
        return false;
    }
}
