package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * Codebook health over an epoch (METHOD section 2): how often each code was chosen at valid patches,
 * the share of unused codes (more than 10 % means the tokenizer has not converged) and the perplexity
 * exp(entropy of the code frequencies), which equals K when all codes are used equally.
 */
public final class CodebookUsage {
    private final long[] counts;

    public CodebookUsage(int codebookSize) {
        counts = new long[codebookSize];
    }

    /** Adds the codes of the valid patches of a batch: indices [B, P], validity [B, P]. */
    public void add(NDArray indices, NDArray valid) {
        add(PaddingTools.validValues(indices, valid));
    }

    public void add(long[] codes) {
        for (long c : codes) {
            counts[(int) c]++;
        }
    }

    public long[] counts() {
        return counts.clone();
    }

    public long total() {
        return Arrays.stream(counts).sum();
    }

    public double unusedFraction() {
        return (double) Arrays.stream(counts).filter(c -> c == 0).count() / counts.length;
    }

    /** exp(-sum p log p) over the code frequencies; 0 before any code was added. */
    public double perplexity() {
        return perplexity(counts);
    }

    /** The perplexity of codes counted {@code counts} times each (the code gallery's counts, say); 0 when all are 0. */
    public static double perplexity(long[] counts) {
        long total = Arrays.stream(counts).sum();
        if (total == 0) {
            return 0;
        }
        double entropy = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / total;
                entropy -= p * Math.log(p);
            }
        }
        return Math.exp(entropy);
    }

    public void reset() {
        Arrays.fill(counts, 0);
    }
}
