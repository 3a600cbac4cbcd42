package org.sigmappg.train;

import java.util.HashMap;
import java.util.Map;

/**
 * The running means of an epoch's per-step figures, as MAE's metric logger: each name's values summed in step order
 * and divided by its count at the end, so that the epoch's figures do not depend on how the steps were grouped.
 */
final class EpochMeter {
    private final Map<String, Double> sums = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private int steps;

    /** Adds one step's figures. */
    void update(Map<String, Double> figures) {
        figures.forEach((name, value) -> {
            sums.put(name, sums.getOrDefault(name, 0.0) + value);
            counts.merge(name, 1, Integer::sum);
        });
        steps++;
    }

    /** The mean of a figure over the steps that gave it; NaN when none did. */
    double mean(String name) {
        Integer n = counts.get(name);
        return n == null ? Double.NaN : sums.get(name) / n;
    }

    /** The steps added. */
    int steps() {
        return steps;
    }
}
