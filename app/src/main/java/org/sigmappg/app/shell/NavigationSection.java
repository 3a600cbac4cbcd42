package org.sigmappg.app.shell;

import java.io.IOException;
import org.sigmappg.run.Workspace;

/**
 * One top-level section of the navigation tree (Datasets, Runs, Tasks, ...). Its nodes are read from the
 * workspace on a background thread whenever the workspace changes; a later view adds a section by
 * registering one with {@link ViewRegistry#addSection}.
 */
public interface NavigationSection {
    /** The section's name, shown when it cannot be read. */
    String title();

    /** Reads the section's node and its children; called off the JavaFX thread. */
    NavNode load(Workspace workspace) throws IOException;

    /**
     * Whether what {@code loaded} shows is still changing on its own (a run queued or training, perhaps in another
     * process), so that the tree reads the sections again every few seconds.
     */
    default boolean live(NavNode loaded) {
        return false;
    }
}
