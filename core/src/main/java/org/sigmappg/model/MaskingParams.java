package org.sigmappg.model;

/**
 * How the patches to hide from the student are chosen (METHOD section 3).
 *
 * @param strategy adversarial (teacher + prior), random (uniform baseline) or prior-only
 * @param maskRatio share of each window's valid patches that is masked: k = round(ratio x valid), half up (0.5)
 * @param priorAlpha weight alpha of the z-scored prior added to the teacher logits (2.0)
 * @param usePrior whether the adversarial strategy adds alpha x zscore(prior) (on: METHOD; the reference leaves it off)
 */
public record MaskingParams(Strategy strategy, double maskRatio, double priorAlpha, boolean usePrior) {

    /** Masking strategies; all sample exactly k distinct valid patches per window by Gumbel-Top-k. */
    public enum Strategy {
        /** Logits = teacher logits (+ alpha x zscore(prior) when {@code usePrior}); the teacher learns by REINFORCE. */
        ADVERSARIAL,
        /** Uniform over the valid patches: the baseline of METHOD section 3. */
        RANDOM,
        /** Logits = alpha x zscore(prior), no teacher. */
        PRIOR_ONLY;

        /** The command-line spelling: {@code adversarial}, {@code random}, {@code prior-only}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** Parses {@link #label()} (case-insensitive). */
        public static Strategy fromLabel(String label) {
            for (Strategy s : values()) {
                if (s.label().equalsIgnoreCase(label.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown masking strategy '" + label
                    + "'; use adversarial, random or prior-only");
        }
    }

    public MaskingParams {
        if (strategy == null) {
            throw new IllegalArgumentException("masking strategy is required (ADVERSARIAL, RANDOM or PRIOR_ONLY)");
        }
        if (!(maskRatio > 0 && maskRatio < 1)) {
            throw new IllegalArgumentException("mask ratio must be in (0, 1): " + maskRatio);
        }
        if (priorAlpha < 0) {
            throw new IllegalArgumentException("prior alpha must be >= 0: " + priorAlpha);
        }
    }

    /** METHOD defaults: adversarial, ratio 0.5, alpha 2.0, prior on. */
    public static MaskingParams defaults() {
        return new MaskingParams(Strategy.ADVERSARIAL, 0.5, 2.0, true);
    }

    public MaskingParams withStrategy(Strategy newStrategy) {
        return new MaskingParams(newStrategy, maskRatio, priorAlpha, usePrior);
    }

    public MaskingParams withPrior(double newAlpha, boolean newUsePrior) {
        return new MaskingParams(strategy, maskRatio, newAlpha, newUsePrior);
    }
}
