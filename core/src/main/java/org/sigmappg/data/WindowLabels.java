package org.sigmappg.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.labels.PhysiologicalRanges;

/** Aligns labels measured at their own rate to a window by time. */
public final class WindowLabels {
    private WindowLabels() {
    }

    /**
     * The mean of each label's values whose times fall in [{@code t0}, {@code t1}) seconds from the record
     * start, leaving out missing and physiologically implausible values; labels with no value there are absent.
     */
    public static Map<String, Double> align(List<LabelSeries> labels, double t0, double t1) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (LabelSeries ls : labels) {
            Optional<PhysiologicalRanges.Range> range = PhysiologicalRanges.DEFAULT.find(ls.name());
            double[] times = ls.times();
            double[] values = ls.values();
            int i = lowerBound(times, t0);
            double sum = 0;
            int n = 0;
            for (; i < times.length && times[i] < t1; i++) {
                double v = values[i];
                if (Double.isFinite(v) && (range.isEmpty() || range.get().contains(v))) {
                    sum += v;
                    n++;
                }
            }
            if (n > 0) {
                out.put(ls.name(), sum / n);
            }
        }
        return out;
    }

    private static int lowerBound(double[] sorted, double key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
