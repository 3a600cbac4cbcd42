package org.sigmappg.signal;

import java.util.Objects;

/**
 * Every setting of the pre-processing (METHOD.md section 0) and of the statistical prior (section 1), with
 * a version so that stored runs can say which recipe made their windows.
 *
 * @param version recipe version, {@link #CURRENT_VERSION} for records made by this code
 * @param bandLowHz lower edge of the zero-phase Butterworth band-pass (default 0.5 Hz)
 * @param bandHighHz upper edge (default 8 Hz), lowered to {@code maxBandEdgeFraction * fs} for slowly sampled
 *        channels, with a warning
 * @param filterOrder Butterworth prototype order (default 2, giving 2 second-order sections; forward-backward
 *        filtering doubles the effective order)
 * @param maxBandEdgeFraction highest allowed upper edge as a fraction of the input rate (default 0.45: the
 *        design needs the edge strictly below Nyquist, and just below it the bilinear warping is extreme)
 * @param minSamplingRateHz slowest input rate accepted (default 5 Hz: the band is then 0.5-2.25 Hz, which
 *        still holds the heart rate; below it the pulse cannot be represented)
 * @param targetRateHz rate of the model's signal (default 50 Hz)
 * @param rateTolerance largest accepted relative error of the achieved output rate when fsOut/fsIn is not a
 *        small fraction (default 1e-6, at most {@link RationalRate#MAX_TOLERANCE})
 * @param maxResampleFactor largest up or down factor of the resampler (default 10,000)
 * @param quality raw-signal quality checks
 * @param windows windowing into patches
 * @param prior per-patch statistical prior
 */
public record PreprocessParams(int version, double bandLowHz, double bandHighHz, int filterOrder,
                               double maxBandEdgeFraction, double minSamplingRateHz, double targetRateHz,
                               double rateTolerance, int maxResampleFactor, QualityParams quality,
                               WindowParams windows, PriorParams prior) {
    /** Version of the recipe this code implements. */
    public static final int CURRENT_VERSION = 1;

    public PreprocessParams {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
        if (!(bandLowHz > 0 && bandLowHz < bandHighHz) || Double.isInfinite(bandHighHz)) {
            throw new IllegalArgumentException("band must satisfy 0 < low < high, got " + bandLowHz + "-" + bandHighHz + " Hz");
        }
        if (filterOrder < 1) {
            throw new IllegalArgumentException("filterOrder must be at least 1, got " + filterOrder);
        }
        if (!(maxBandEdgeFraction > 0 && maxBandEdgeFraction < 0.5)) {
            throw new IllegalArgumentException("maxBandEdgeFraction must be in (0, 0.5), got " + maxBandEdgeFraction);
        }
        if (!(bandLowHz < maxBandEdgeFraction * minSamplingRateHz)) {
            throw new IllegalArgumentException("minSamplingRateHz " + minSamplingRateHz + " leaves no band above "
                    + bandLowHz + " Hz; raise it above " + bandLowHz / maxBandEdgeFraction + " Hz");
        }
        if (!(targetRateHz > 0) || Double.isInfinite(targetRateHz)) {
            throw new IllegalArgumentException("targetRateHz must be positive, got " + targetRateHz);
        }
        if (!(rateTolerance > 0 && rateTolerance <= RationalRate.MAX_TOLERANCE)) {
            throw new IllegalArgumentException("rateTolerance must be in (0, " + RationalRate.MAX_TOLERANCE + "], got " + rateTolerance);
        }
        if (maxResampleFactor < 1) {
            throw new IllegalArgumentException("maxResampleFactor must be at least 1, got " + maxResampleFactor);
        }
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(prior, "prior");
    }

    /** The defaults documented on each component. */
    public static PreprocessParams defaults() {
        return new PreprocessParams(CURRENT_VERSION, 0.5, 8.0, 2, 0.45, 5.0, 50.0,
                Resampler.DEFAULT_RATE_TOLERANCE, Resampler.DEFAULT_MAX_FACTOR,
                QualityParams.defaults(), WindowParams.defaults(), PriorParams.defaults());
    }

    /** The same recipe with other windowing, e.g. fewer patches per window for short downstream records. */
    public PreprocessParams withWindows(WindowParams newWindows) {
        return new PreprocessParams(version, bandLowHz, bandHighHz, filterOrder, maxBandEdgeFraction, minSamplingRateHz,
                targetRateHz, rateTolerance, maxResampleFactor, quality, newWindows, prior);
    }
}
