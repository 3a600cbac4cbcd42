package org.sigmappg.eval;

import com.google.gson.annotations.SerializedName;

/**
 * Where a task's label lives in the catalogue, which is also the unit its metrics are computed on: a
 * label per window (time-aligned, e.g. 1 Hz HR averaged over the window), per record, or per subject.
 */
public enum LabelSource {
    @SerializedName(value = "WINDOW", alternate = {"window"})
    WINDOW,
    @SerializedName(value = "RECORD", alternate = {"record"})
    RECORD,
    @SerializedName(value = "SUBJECT", alternate = {"subject"})
    SUBJECT;

    /** Lower-case name for reports and JSON rows. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
