package org.sigmappg.app.navigation;

import org.sigmappg.train.PretrainTask;

/**
 * The sheet that starts a new run of {@code kind}, empty (the tiny preset) or filled with the settings of the
 * stored run {@code fromRun} to start it again with changes.
 *
 * @param kind the kind the run store records ({@code tokenizer} or {@code pretrain})
 * @param dataset the dataset the user was looking at when asking for the sheet, which it chooses first; or null
 */
public record NewRunTarget(String kind, String fromRun, String dataset) implements NavTarget {
    /** A sheet without a dataset in view. */
    public NewRunTarget(String kind, String fromRun) {
        this(kind, fromRun, null);
    }

    @Override
    public String title() {
        if (fromRun != null) {
            return "Re-run " + fromRun;
        }
        return PretrainTask.KIND.equals(kind) ? "New pre-training run" : "New tokenizer run";
    }

    @Override
    public String key() {
        return "new-run:" + kind + ":" + (fromRun == null ? "" : fromRun);
    }
}
