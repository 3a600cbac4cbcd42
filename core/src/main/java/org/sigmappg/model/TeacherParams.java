package org.sigmappg.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mask-generating teacher of stage 2 (METHOD section 3): its transformer, its optimiser and the
 * optional entropy bonus of its REINFORCE loss.
 *
 * @param transformer teacher transformer (reference: width 64, 2 layers, 4 heads)
 * @param optimiser teacher AdamW (reference: lr 1e-4, weight decay 0.05)
 * @param entropyBonusWeight weight of the policy entropy subtracted from the teacher loss (0: off)
 * @param baseline what the REINFORCE reward is compared with (METHOD: the batch mean)
 */
public record TeacherParams(TransformerParams transformer, OptimiserParams optimiser, double entropyBonusWeight,
                            RewardBaseline baseline) {

    /** The baseline subtracted from each window's reward (the student's masked loss under the teacher's mask). */
    public enum RewardBaseline {
        /** The mean reward of the batch (METHOD.md, the reference). */
        BATCH_MEAN,
        /**
         * The same window's masked loss under a uniformly random mask of the same size. Not in METHOD: with the
         * batch mean, the advantage mostly says how hard a WINDOW is, not whether the chosen MASK was hard: on the
         * sample set (tiny, no prior, 900 steps) the teacher's policy stayed uniform (entropy 1.00, masks 0.005
         * nats harder than random); with this paired baseline it moved (entropy 0.93, masks 0.03 nats harder).
         * It rewards exactly "harder than random", at the cost of one extra student forward per step.
         */
        RANDOM_MASK,
        /**
         * Leave-one-out over two draws of the SAME policy for the same window (REINFORCE with two samples): each
         * draw's advantage is its masked loss minus the other's, and both draws' log-probabilities get gradient.
         * Not in METHOD. The random-mask baseline compares the policy with a mask it would rarely draw: with the
         * prior on, the teacher's masks were about 0.3 nats easier than random on the training windows, a
         * constant offset that adds only variance to the gradient (its expectation is 0); the teacher's logits
         * stayed near constant with rare jumps. Two draws of one policy share that offset, so what is left says
         * which of the policy's own masks was harder. Costs one extra student forward per step (both draws
         * come from the same teacher logits).
         */
        SECOND_DRAW,
        /**
         * Per-patch credit (not in METHOD, which rewards a window's mask as a whole): each pick's term of the
         * Plackett-Luce log-probability is weighted by its OWN patch's masked cross-entropy minus the mean over the
         * window's masked patches. A window's reward is the mean of its masked patches' losses, so the set-level
         * estimator tells the teacher only that ~120 picks were jointly good or bad; this one tells it which picks
         * were. It treats a patch's loss as the reward of picking it and ignores that the other picks change that
         * loss (its context), so it is biased where that matters; it costs no extra forward. A window with a single
         * pick gives no signal (that pick's loss is the window's mean); only the entropy bonus moves its logits.
         */
        PER_PATCH
    }

    public TeacherParams {
        baseline = baseline == null ? RewardBaseline.BATCH_MEAN : baseline;
        if (entropyBonusWeight < 0) {
            throw new IllegalArgumentException("entropy bonus weight must be >= 0: " + entropyBonusWeight);
        }
    }

    public TeacherParams withOptimiser(OptimiserParams newOptimiser) {
        return new TeacherParams(transformer, newOptimiser, entropyBonusWeight, baseline);
    }

    Map<String, Object> architecture() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transformer", transformer.architecture());
        return m;
    }
}
