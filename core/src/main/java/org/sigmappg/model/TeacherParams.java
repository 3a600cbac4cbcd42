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
 */
public record TeacherParams(TransformerParams transformer, OptimiserParams optimiser, double entropyBonusWeight) {

    public TeacherParams {
        if (entropyBonusWeight < 0) {
            throw new IllegalArgumentException("entropy bonus weight must be >= 0: " + entropyBonusWeight);
        }
    }

    Map<String, Object> architecture() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transformer", transformer.architecture());
        return m;
    }
}
