package org.sigmappg.app.navigation;


/** The runs of the workspace, optionally with one run selected. */
public record RunsTarget(String runId) implements NavTarget {
    @Override
    public String title() {
        return runId == null ? "Runs" : runId;
    }

    @Override
    public String key() {
        return "runs:" + (runId == null ? "" : runId);
    }
}
