package org.sigmappg.signal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
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
        Prepared p = prepare(ppg);
        return p.windowed(p.signal().length, List.of());
    }

    /**
     * Pre-processes several channels of one record (an oximeter's red and infrared), each as {@link #process} does,
     * windowed over the span they all cover at the model rate, so that window k of every channel covers the same
     * time. A channel that covers more than a patch longer than the others is named in a warning.
     */
    public List<PreprocessResult> processTogether(List<Channel> channels) {
        List<Prepared> prepared = new ArrayList<>();
        for (Channel c : channels) {
            prepared.add(prepare(c));
        }
        int shortest = prepared.stream().mapToInt(p -> p.signal().length).min().orElse(0);
        List<PreprocessResult> out = new ArrayList<>();
        for (Prepared p : prepared) {
            List<String> extra = new ArrayList<>();
            if (p.signal().length - shortest > params.windows().patchSamples()) {
                extra.add(String.format(Locale.ROOT, "channel %s covers %.1f s, longer than the other channels' %.1f s; its windows "
                        + "cover the %.1f s they share", p.name(), p.signal().length / p.rate().achievedFsOut(),
                        shortest / p.rate().achievedFsOut(), shortest / p.rate().achievedFsOut()));
            }
            out.add(p.windowed(shortest, extra));
        }
        return out;
    }

    /** A channel filtered and resampled, with its masks, not yet cut into windows. */
    private record Prepared(String name, double fs, double low, double high, RationalRate rate, float[] raw, float[] signal,
                            QualityMasks masks, QualityMasks nativeMasks, List<String> warnings, Windowing windowing,
                            PreprocessParams params, Executor executor) {
        /** Cut into windows over signal[0, length), each with its levels from the raw channel. */
        PreprocessResult windowed(int length, List<String> extraWarnings) {
            float[] cut = length == signal.length ? signal : Arrays.copyOf(signal, length);
            QualityMasks cutMasks = length == signal.length ? masks : new QualityMasks(Arrays.copyOf(masks.missing(), length),
                    Arrays.copyOf(masks.flat(), length), Arrays.copyOf(masks.clipped(), length));
            int segment = (int) Math.round(WindowLevels.SEGMENT_SECONDS * rate.achievedFsOut());
            Windowing.Levels levels = (start, valid) -> WindowLevels.of(raw, rawIndex(start), rawIndex(start + valid), signal, masks,
                    start, valid, segment);
            WindowSet windows = windowing.split(cut, cutMasks, levels, executor);
            PreprocessResult.RawCounts counts = new PreprocessResult.RawCounts(raw.length, nativeMasks.missingCount(),
                    nativeMasks.flatCount(), nativeMasks.clippedCount());
            List<String> all = new ArrayList<>(warnings);
            all.addAll(extraWarnings);
            return new PreprocessResult(name, params, fs, low, high, rate, signal, masks, windows.kept(), windows.dropped(), counts, all);
        }

        /** The raw sample at the time of sample {@code i} of the resampled signal. */
        private int rawIndex(int i) {
            return (int) Math.min(raw.length, Math.round((double) i * rate.down() / rate.up()));
        }
    }

    private Prepared prepare(Channel ppg) {
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
        return new Prepared(ppg.name(), fs, low, high, rate, raw, signal, masks, nativeMasks, warnings,
                new Windowing(params.windows(), new PriorScore(params.prior())), params, executor);
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
