package org.sigmappg.run;

/** Where a run stands. A run whose process died while RUNNING becomes INTERRUPTED when a workspace opens. */
public enum RunStatus {
    QUEUED, RUNNING, FINISHED, FAILED, CANCELLED, INTERRUPTED;

    /** Whether the run can be continued from its last checkpoint. */
    public boolean resumable() {
        return this == CANCELLED || this == INTERRUPTED || this == FAILED;
    }

    public boolean finished() {
        return this == FINISHED || this == FAILED || this == CANCELLED || this == INTERRUPTED;
    }
}
