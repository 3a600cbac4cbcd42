package org.sigmappg.signal;

import java.util.List;

/**
 * What pre-processing made of one PPG channel: the filtered signal at the model rate, its quality masks,
 * the windows for the model and the stretches that were dropped.
 *
 * @param channel name of the source channel
 * @param params the recipe used
 * @param inputFs rate of the source channel in Hz
 * @param bandLowHz lower band edge actually used
 * @param bandHighHz upper band edge actually used (lower than the recipe's for slowly sampled channels)
 * @param rate the resampling ratio; {@link #fs()} is the exact rate of {@code signal}
 * @param signal band-passed signal at the model rate, in the channel's physical unit; filled stand-ins where
 *        {@code masks.missing()} is set
 * @param masks missing, flat and clipped flags on the grid of {@code signal}
 * @param windows windows for the model, in time order
 * @param dropped stretches that gave no window, with reasons
 * @param rawCounts sample counts of the raw channel at its own rate
 * @param warnings plain-language notes on what was adapted (band edge lowered, inexact rate, short record)
 */
public record PreprocessResult(String channel, PreprocessParams params, double inputFs, double bandLowHz,
                               double bandHighHz, RationalRate rate, float[] signal, QualityMasks masks,
                               List<Window> windows, List<DroppedWindow> dropped, RawCounts rawCounts,
                               List<String> warnings) {
    public PreprocessResult {
        windows = List.copyOf(windows);
        dropped = List.copyOf(dropped);
        warnings = List.copyOf(warnings);
    }

    /** Exact rate of {@code signal} in Hz. */
    public double fs() {
        return rate.achievedFsOut();
    }

    /**
     * Sample counts of the raw channel at its own rate.
     *
     * @param total samples in the channel
     * @param missing NaN samples
     * @param flat samples in flat runs
     * @param clipped samples in clipped runs
     */
    public record RawCounts(int total, int missing, int flat, int clipped) {
    }
}
