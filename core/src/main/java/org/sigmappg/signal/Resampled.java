package org.sigmappg.signal;

/**
 * A resampled signal and the exact ratio that produced it.
 *
 * @param samples the output samples
 * @param rate the factors used; {@code rate.achievedFsOut()} is the true output rate
 */
public record Resampled(double[] samples, RationalRate rate) {
    /** The true output rate in Hz (may differ from the requested one by {@code rate.relativeError()}). */
    public double fs() {
        return rate.achievedFsOut();
    }
}
