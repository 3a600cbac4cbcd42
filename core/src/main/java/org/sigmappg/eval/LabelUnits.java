package org.sigmappg.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The units (windows, records or subjects) of a label level and how window predictions pool into them. */
final class LabelUnits {
    final List<String> subjects = new ArrayList<>();
    final int[] windowUnit;
    final double[] targets;
    final int[] unitFold;
    final int[] windowsPerUnit;

    private LabelUnits(int windows, int units) {
        windowUnit = new int[windows];
        targets = new double[units];
        unitFold = new int[units];
        windowsPerUnit = new int[units];
    }

    static LabelUnits of(TaskData data, LabelSource level, int[] windowFold) {
        List<TaskData.Item> items = data.items();
        Map<String, Integer> index = new LinkedHashMap<>();
        int[] unitOfWindow = new int[items.size()];
        for (int w = 0; w < items.size(); w++) {
            TaskData.Item it = items.get(w);
            String key = switch (level) {
                case WINDOW -> "w" + it.window().id();
                case RECORD -> "r" + it.window().recordId();
                case SUBJECT -> "s" + it.window().subject();
            };
            unitOfWindow[w] = index.computeIfAbsent(key, k -> index.size());
        }
        LabelUnits u = new LabelUnits(items.size(), index.size());
        for (int i = 0; i < index.size(); i++) {
            u.subjects.add(null);
        }
        for (int w = 0; w < items.size(); w++) {
            int unit = unitOfWindow[w];
            u.windowUnit[w] = unit;
            u.subjects.set(unit, items.get(w).window().subject());
            // Per-subject and per-record labels are the same for all windows of the unit.
            u.targets[unit] = items.get(w).target();
            u.unitFold[unit] = windowFold[w];
            u.windowsPerUnit[unit]++;
        }
        return u;
    }

    /** Mean of the window predictions of each unit (mean value, or mean class probabilities). */
    double[][] aggregate(double[][] windowPredictions) {
        int width = windowPredictions[0].length;
        double[][] out = new double[targets.length][width];
        for (int w = 0; w < windowPredictions.length; w++) {
            for (int j = 0; j < width; j++) {
                out[windowUnit[w]][j] += windowPredictions[w][j] / windowsPerUnit[windowUnit[w]];
            }
        }
        return out;
    }

    int[] classes() {
        int[] out = new int[targets.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) targets[i];
        }
        return out;
    }

    int[] ofFold(int fold) {
        int n = 0;
        int[] out = new int[unitFold.length];
        for (int u = 0; u < unitFold.length; u++) {
            if (unitFold[u] == fold) {
                out[n++] = u;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
