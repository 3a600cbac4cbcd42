package org.sigmappg.app.runs;

import org.sigmappg.app.shell.NavTarget;

/**
 * The sheet that starts a new run of {@code kind}, empty (the tiny preset) or filled with the settings of the
 * stored run {@code fromRun} to start it again with changes.
 *
 * @param dataset the dataset the user was looking at when asking for the sheet, which it chooses first; or null
 */
public record NewRunTarget(RunSheet.Kind kind, String fromRun, String dataset) implements NavTarget {
    /** A sheet without a dataset in view. */
    public NewRunTarget(RunSheet.Kind kind, String fromRun) {
        this(kind, fromRun, null);
    }

    @Override
    public String title() {
        return fromRun == null ? "New " + kind.words() : "Re-run " + fromRun;
    }

    @Override
    public String key() {
        return "new-run:" + kind.runKind() + ":" + (fromRun == null ? "" : fromRun);
    }
}
