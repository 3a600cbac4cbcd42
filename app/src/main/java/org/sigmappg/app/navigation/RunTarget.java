package org.sigmappg.app.navigation;


/** One run's page: its progress, curves, log, parameters, artifacts and provenance. */
public record RunTarget(String runId) implements NavTarget {
    @Override
    public String title() {
        return runId;
    }

    @Override
    public String key() {
        return "run:" + runId;
    }
}
