package org.sigmappg.io.edf;

import java.util.Objects;
import org.sigmappg.io.Channel;

/**
 * One signal to write into an EDF file: its samples in physical units, its rate, and the line that maps
 * them onto 16-bit digital values (physical minimum to digital minimum, physical maximum to digital maximum).
 *
 * @param label signal label (at most 16 ASCII characters)
 * @param transducer transducer type, may be empty
 * @param physicalDimension unit, e.g. "mV" (at most 8 characters)
 * @param physicalMin physical value written as {@code digitalMin}; no sample may be below it
 * @param physicalMax physical value written as {@code digitalMax}; no sample may be above it
 * @param digitalMin smallest digital value, at least -32768
 * @param digitalMax largest digital value, at most 32767
 * @param prefiltering prefiltering, e.g. "HP:0.5Hz LP:12Hz", may be empty
 * @param fs sampling rate in Hz
 * @param samples the samples in physical units, no NaN (EDF has no missing value)
 */
public record EdfSignal(String label, String transducer, String physicalDimension, double physicalMin,
                        double physicalMax, int digitalMin, int digitalMax, String prefiltering, double fs,
                        float[] samples) {
    public EdfSignal {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(samples, "samples");
        transducer = transducer == null ? "" : transducer;
        physicalDimension = physicalDimension == null ? "" : physicalDimension;
        prefiltering = prefiltering == null ? "" : prefiltering;
        if (!(physicalMin < physicalMax)) {
            throw new IllegalArgumentException("signal " + label + ": physical minimum " + physicalMin
                    + " must be below physical maximum " + physicalMax);
        }
        if (digitalMin < Short.MIN_VALUE || digitalMax > Short.MAX_VALUE || digitalMin >= digitalMax) {
            throw new IllegalArgumentException("signal " + label + ": digital range " + digitalMin + " to " + digitalMax
                    + " must be increasing and within -32768 to 32767");
        }
        if (!(fs > 0) || Double.isInfinite(fs)) {
            throw new IllegalArgumentException("signal " + label + ": sampling rate must be positive, got " + fs);
        }
    }

    /** A channel scaled onto the full 16-bit range between its own smallest and largest sample. */
    public static EdfSignal of(Channel channel) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : channel.samples()) {
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException("channel " + channel.name() + " has NaN samples; EDF has no missing"
                        + " value, so fill or cut them before writing");
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (channel.length() == 0) {
            throw new IllegalArgumentException("channel " + channel.name() + " has no samples");
        }
        if (min == max) {
            // A flat channel still needs a range to scale by.
            min -= 1;
            max += 1;
        }
        return new EdfSignal(channel.name(), "", channel.unit(), min, max, Short.MIN_VALUE, Short.MAX_VALUE, "",
                channel.fs(), channel.samples());
    }
}
