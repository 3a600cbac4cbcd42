package org.sigmappg.eval;

import com.google.gson.annotations.SerializedName;

/** What a downstream task predicts: a number, one of two classes, or one of several. */
public enum TaskKind {
    @SerializedName(value = "REGRESSION", alternate = {"regression"})
    REGRESSION,
    /** Two classes; the second class of the task definition is the positive one (AUROC, F1). */
    @SerializedName(value = "BINARY", alternate = {"binary"})
    BINARY,
    @SerializedName(value = "MULTICLASS", alternate = {"multiclass", "multi-class"})
    MULTICLASS
}
