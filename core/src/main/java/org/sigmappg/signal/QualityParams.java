package org.sigmappg.signal;

/**
 * Thresholds of the raw-signal quality checks (flat lines and clipping), applied at the channel's own rate.
 *
 * @param flatMinSeconds shortest flat run that is flagged, in seconds (default 1.0: shorter plateaus occur
 *        at the peaks of slowly sampled, coarsely quantised pulses)
 * @param flatTolerance largest step between consecutive samples that still counts as flat, as a fraction of
 *        the channel's robust range (default 1e-4: well below one quantisation step of a 12-bit converter
 *        whose range the pulse fills only partly, so a run stays flat only while the value does not move)
 * @param rangeQuantile the robust range is the spread between this quantile and its complement (default
 *        0.01, i.e. the 1st to 99th percentile, so that spikes do not inflate it)
 * @param clipMinSamples shortest run of samples sitting exactly at the recording's minimum or maximum (the
 *        converter's limits when it saturates) that is flagged as clipping (default 3: a single sample at
 *        the extreme is just the tallest peak)
 * @param wrapGuardSeconds samples within this many seconds of an ADC wrap-around are flagged as clipped
 *        (default 0.1). A wrap-around is a step between consecutive samples from within 5 % of one end of the
 *        recording's range to within 5 % of the other: an overflowing converter (e.g. PhysioNet v102s PLETH)
 *        jumps from its top code to its bottom one instead of repeating the limit; 0 turns the check off
 */
public record QualityParams(double flatMinSeconds, double flatTolerance, double rangeQuantile, int clipMinSamples,
                            double wrapGuardSeconds) {
    public QualityParams {
        if (!(flatMinSeconds > 0)) {
            throw new IllegalArgumentException("flatMinSeconds must be positive, got " + flatMinSeconds);
        }
        if (!(flatTolerance >= 0)) {
            throw new IllegalArgumentException("flatTolerance must be zero or positive, got " + flatTolerance);
        }
        if (!(rangeQuantile >= 0 && rangeQuantile < 0.5)) {
            throw new IllegalArgumentException("rangeQuantile must be in [0, 0.5), got " + rangeQuantile);
        }
        if (!(wrapGuardSeconds >= 0)) {
            throw new IllegalArgumentException("wrapGuardSeconds must be zero or positive, got " + wrapGuardSeconds);
        }
        if (clipMinSamples < 1) {
            throw new IllegalArgumentException("clipMinSamples must be at least 1, got " + clipMinSamples);
        }
    }

    /** The defaults documented on each component. */
    public static QualityParams defaults() {
        return new QualityParams(1.0, 1e-4, 0.01, 3, 0.1);
    }
}
