package org.sigmappg.app.runs;

import org.sigmappg.app.shell.NavTarget;

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
