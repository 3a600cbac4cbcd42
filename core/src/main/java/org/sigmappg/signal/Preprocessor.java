package org.sigmappg.signal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.sigmappg.io.Channel;

/**
 * Turns one raw PPG channel into model windows with priors (METHOD.md sections 0 and 1): quality checks on
 * the raw samples, gap filling, zero-phase band-pass at the native rate, polyphase resampling to the model
 * rate, windowing, min-max scaling and per-patch priors.
 *
 * <p>Each stage is a function of whole arrays and the masks travel beside the signal, so a later chunked
 * mode for very long recordings can run the same stages on overlapping chunks (overlap for the filter's
 * edge transients and the resampler's half-length) and trim the overlap before windowing.
 */
public final class Preprocessor {
    private final PreprocessParams params;
    private final Executor executor;

    /** A pre-processor that spreads work over the package's shared pool of daemon threads. */
    public Preprocessor(PreprocessParams params) {
        this(params, SignalThreads.shared());
    }

    /** A pre-processor that spreads work over {@code executor}, or runs on the caller's thread when it is null. */
    public Preprocessor(PreprocessParams params, Executor executor) {
        this.params = Objects.requireNonNull(params, "params");
        this.executor = executor;
    }

    public PreprocessParams params() {
        return params;
    }

    /**
     * Pre-processes one channel.
     *
     * @throws IllegalArgumentException if the channel is sampled too slowly, has no samples, or every sample
     *         is missing
     */
    public PreprocessResult process(Channel ppg) {
        double fs = ppg.fs();
        String source = "channel " + ppg.name();
        if (fs < params.minSamplingRateHz()) {
            throw new IllegalArgumentException(source + " is sampled at " + plain(fs) + " Hz, too slowly for a pulse wave: "
                    + "pre-processing needs at least " + plain(params.minSamplingRateHz()) + " Hz (the heart rate must stay "
                    + "below half the sampling rate)");
        }
        List<String> warnings = new ArrayList<>();
        double low = params.bandLowHz();
        double high = bandHigh(fs, warnings);
        float[] raw = ppg.samples();
        double[] filled = MissingSamples.fill(raw, source);
        Supplier<QualityMasks> rawMasks = SignalThreads.fork(executor, () -> QualityCheck.assess(raw, fs, params.quality()));

        double[][] sos = Butterworth.bandPass(params.filterOrder(), low, high, fs);
        int pad = ZeroPhaseFilter.defaultPadLength(sos);
        if (raw.length <= pad) {
            warnings.add(String.format(Locale.ROOT, "%s has only %d samples; the filter's edge padding was shortened "
                    + "from %d to %d samples, so its edges carry longer transients", source, raw.length, pad, raw.length - 1));
        }
        double[] filtered = ZeroPhaseFilter.filtfilt(sos, filled);

        RationalRate rate = RationalRate.approximate(fs, params.targetRateHz(), params.rateTolerance(), params.maxResampleFactor());
        if (rate.relativeError() > 0) {
            warnings.add(String.format(Locale.ROOT, "%s Hz is not a simple fraction of %s Hz: resampled by %d/%d to "
                    + "%s Hz (relative rate error %.2g)", plain(params.targetRateHz()), plain(fs), rate.up(), rate.down(),
                    plain(rate.achievedFsOut()), rate.relativeError()));
        }
        float[] signal = toFloat(Resampler.resamplePoly(filtered, rate.up(), rate.down(), executor));
        QualityMasks nativeMasks = rawMasks.get();
        QualityMasks masks = nativeMasks.resample(rate);
        String flat = QualityCheck.flatChannel(source, nativeMasks, params.quality());
        if (flat != null) {
            warnings.add(flat);
        }

        Windowing windowing = new Windowing(params.windows(), new PriorScore(params.prior()));
        WindowSet windows = windowing.split(signal, masks, executor);
        PreprocessResult.RawCounts counts = new PreprocessResult.RawCounts(raw.length, nativeMasks.missingCount(),
                nativeMasks.flatCount(), nativeMasks.clippedCount());
        return new PreprocessResult(ppg.name(), params, fs, low, high, rate, signal, masks, windows.kept(),
                windows.dropped(), counts, warnings);
    }

    /** The recipe's upper band edge, lowered below Nyquist for slowly sampled channels. */
    private double bandHigh(double fs, List<String> warnings) {
        double limit = params.maxBandEdgeFraction() * fs;
        if (params.bandHighHz() <= limit) {
            return params.bandHighHz();
        }
        warnings.add("sampling rate " + plain(fs) + " Hz is too low for a band-pass up to " + plain(params.bandHighHz())
                + " Hz; the upper band edge was lowered to " + plain(limit) + " Hz (" + plain(params.maxBandEdgeFraction())
                + " x the sampling rate)");
        return limit;
    }

    /** A number for messages: at most 8 significant digits, no trailing zeros ("4", "117.19", "49.999965"). */
    private static String plain(double x) {
        return new BigDecimal(x, new MathContext(8)).stripTrailingZeros().toPlainString();
    }

    private static float[] toFloat(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }
}
