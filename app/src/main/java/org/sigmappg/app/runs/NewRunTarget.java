package org.sigmappg.app.runs;

import org.sigmappg.app.shell.NavTarget;

/**
 * The sheet that starts a new run of {@code kind}, empty (the tiny preset) or filled with the settings of the
 * stored run {@code fromRun} to start it again with changes.
 */
public record NewRunTarget(RunSheet.Kind kind, String fromRun) implements NavTarget {
    @Override
    public String title() {
        return fromRun == null ? "New " + kind.words() : "Re-run " + fromRun;
    }

    @Override
    public String key() {
        return "new-run:" + kind.runKind() + ":" + (fromRun == null ? "" : fromRun);
    }
}
