package org.sigmappg.io;

import java.util.Objects;

/**
 * One uniformly sampled channel of a recording, in physical units.
 *
 * <p>Missing samples (WFDB invalid values, blank CSV cells, timestamp gaps) are {@link Float#NaN};
 * the pre-processing counts and repairs them, readers never invent values.
 *
 * @param name the channel label as the file gives it (e.g. {@code PLETH})
 * @param unit physical unit, empty when the file does not say
 * @param fs sampling rate in Hz, always positive
 * @param samples the samples, NaN where missing
 */
public record Channel(String name, String unit, double fs, float[] samples) {
    public Channel {
        Objects.requireNonNull(name, "name");
        unit = unit == null ? "" : unit;
        Objects.requireNonNull(samples, "samples");
        if (!(fs > 0) || Double.isInfinite(fs)) {
            throw new IllegalArgumentException("channel " + name + ": sampling rate must be positive, got " + fs);
        }
    }

    public int length() {
        return samples.length;
    }

    public double durationSeconds() {
        return samples.length / fs;
    }
}
