package org.sigmappg.io;

import java.util.Objects;

/**
 * A label measured over time at its own rate (e.g. 1 Hz SpO2 next to a 100 Hz PPG), aligned to the
 * recording's start: {@code times[i]} seconds after the first sample of the recording.
 *
 * @param name label name as it will appear in tasks (e.g. {@code SpO2}, {@code HR})
 * @param unit physical unit, empty if unknown
 * @param times seconds from the recording start, strictly increasing
 * @param values label values, NaN where missing
 */
public record LabelSeries(String name, String unit, double[] times, double[] values) {
    public LabelSeries {
        Objects.requireNonNull(name, "name");
        unit = unit == null ? "" : unit;
        if (times.length != values.length) {
            throw new IllegalArgumentException("label " + name + ": " + times.length + " times but " + values.length + " values");
        }
    }

    public int size() {
        return times.length;
    }
}
