package org.sigmappg.model;

import ai.djl.ndarray.NDArray;

/**
 * Index consistency rate (METHOD section 2): the share of valid patches whose code index is unchanged
 * under the consistency augmentation (paper: above 75 %). Accumulates over batches.
 */
public final class IndexConsistencyRate {
    private long unchanged;
    private long total;

    /** Adds a batch: code indices of the original and the augmented view [B, P], validity [B, P]. */
    public void add(NDArray original, NDArray augmented, NDArray valid) {
        long[] a = PaddingTools.validValues(original, valid);
        long[] b = PaddingTools.validValues(augmented, valid);
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                unchanged++;
            }
        }
        total += a.length;
    }

    /** The rate of one batch. */
    public static double of(NDArray original, NDArray augmented, NDArray valid) {
        IndexConsistencyRate rate = new IndexConsistencyRate();
        rate.add(original, augmented, valid);
        return rate.rate();
    }

    /** Unchanged / valid patches seen; 0 before any patch was added. */
    public double rate() {
        return total == 0 ? 0 : (double) unchanged / total;
    }

    public long patches() {
        return total;
    }

    public void reset() {
        unchanged = 0;
        total = 0;
    }
}
