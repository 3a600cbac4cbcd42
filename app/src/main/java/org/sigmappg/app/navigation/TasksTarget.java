package org.sigmappg.app.navigation;


/** The downstream tasks of the workspace, optionally narrowed to one label (e.g. SBP). */
public record TasksTarget(String label) implements NavTarget {
    @Override
    public String title() {
        return label == null ? "Tasks" : "Task " + label;
    }

    @Override
    public String key() {
        return "tasks:" + (label == null ? "" : label);
    }
}
