package org.sigmappg.app.navigation;

/**
 * Something the workbench can show: a dataset, a record, a run, a task. The navigation tree holds targets,
 * the {@link org.sigmappg.app.shell.ViewRegistry} turns a target into its view, and a tab remembers the target it shows.
 */
public interface NavTarget {
    /** The title of a tab showing this target. */
    String title();

    /** Targets with the same key are shown by the same tab; double-clicking a target already open selects its tab. */
    default String key() {
        return getClass().getSimpleName() + ":" + title();
    }
}
