package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The student's loss: cross-entropy of the predicted code at MASKED patches only (visible and padding
 * patches contribute nothing). {@code logSoftmax} + {@code gather} of the target code, times the mask,
 * normalised by the mask count.
 */
public final class MaskedCrossEntropy {
    private MaskedCrossEntropy() {
    }

    /**
     * Mean over all masked patches of the batch: sum(nll x mask) / sum(mask).
     *
     * @param logits [B, P, K]
     * @param targets tokenizer codes [B, P] (any integer type)
     * @param mask 1 at masked patches [B, P]
     */
    public static NDArray mean(NDArray logits, NDArray targets, NDArray mask) {
        return maskedMean(perPatch(logits, targets), mask);
    }

    /** Per window [B]: the mean over that window's masked patches (the teacher's reward). */
    public static NDArray perWindow(NDArray logits, NDArray targets, NDArray mask) {
        return maskedMeanPerWindow(perPatch(logits, targets), mask);
    }

    /**
     * Per patch [B, P]: the cross-entropy of every patch's target code, masked or not; {@link #maskedMean} and
     * {@link #maskedMeanPerWindow} keep the masked ones, so one log-softmax serves all three.
     */
    public static NDArray perPatch(NDArray logits, NDArray targets) {
        NDArray index = targets.toType(DataType.INT64, false).expandDims(2);
        return logits.logSoftmax(2).gather(index, 2).squeeze(2).neg();
    }

    /** {@link #mean} from {@link #perPatch}'s cross-entropies. */
    public static NDArray maskedMean(NDArray perPatch, NDArray mask) {
        return perPatch.mul(mask).sum().div(mask.sum().maximum(1f));
    }

    /** {@link #perWindow} from {@link #perPatch}'s cross-entropies. */
    public static NDArray maskedMeanPerWindow(NDArray perPatch, NDArray mask) {
        return perPatch.mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1}).maximum(1f));
    }

    /** Share of masked patches whose most likely code is the target (monitoring). */
    public static double accuracy(NDArray logits, NDArray targets, NDArray mask) {
        NDArray hit = logits.argMax(2).eq(targets.toType(DataType.INT64, false)).toType(DataType.FLOAT32, false);
        double masked = mask.sum().getFloat();
        return masked == 0 ? 0 : hit.mul(mask).sum().getFloat() / masked;
    }
}
