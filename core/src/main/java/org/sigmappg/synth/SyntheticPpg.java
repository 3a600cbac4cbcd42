package org.sigmappg.synth;

import com.google.gson.Gson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sigmappg.io.Channel;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.Recording;

/**
 * Generates a seeded synthetic red/infrared PPG recording whose heart rate, breathing rate, SpO2, rhythm
 * and signal quality are known exactly, for sample data, demos and tests.
 *
 * <p>Channels, all at {@link SyntheticPpgParams#samplingRateHz()}, in ADC counts (whole numbers from
 * {@link SyntheticPpgParams#adcMin()} to {@link SyntheticPpgParams#adcMax()}):
 * <ul>
 *   <li>{@value #RED} and {@value #IR}: transmitted light as the photodiode sees it. More arterial
 *       blood absorbs more light, so each pulse is a dip below a steady (DC) level.</li>
 *   <li>{@value #PLETH}: the infrared channel mirrored inside the ADC range,
 *       {@code adcMin + adcMax - IR}, so systole points up as monitors display it. Mirroring keeps it in
 *       whole counts within the same limits, so clipping and flat lines remain findable there.</li>
 * </ul>
 *
 * <p>Labels, one value per whole second {@code i} covering {@code [i, i + 1)} s, time-stamped {@code i}:
 * {@value #HR} (bpm, the instantaneous rate 60/RR of the beat interval each sample lies in, averaged
 * over the second), {@value #RR} (breaths/min, the same for breaths), {@value #SPO2} (%, the
 * saturation that set the red/infrared ratio), {@value #AF} (1 while the second's middle lies in the
 * atrial-fibrillation episode) and {@value #QUALITY}: {@value #QUALITY_UNUSABLE} where any sample of
 * the second is clipped at an ADC limit or belongs to a sensor-off flat line,
 * {@value #QUALITY_ACCEPTABLE} where a motion artefact or the ramp of a saturation event touches it,
 * else {@value #QUALITY_GOOD}. The physiological labels describe the subject, so they continue through
 * artefacts; {@value #QUALITY} says whether the signal can show them.
 *
 * <p>Determinism: only {@link Random} (whose algorithms Java specifies) and {@link StrictMath} are used,
 * so a seed gives bit-identical output on every JVM; each effect draws from its own stream.
 */
public final class SyntheticPpg {
    public static final String RED = "RED";
    public static final String IR = "IR";
    public static final String PLETH = "PLETH";

    public static final String HR = "HR";
    public static final String RR = "RR";
    public static final String SPO2 = "SpO2";
    public static final String AF = "AF";
    public static final String QUALITY = "QUALITY";

    public static final int QUALITY_UNUSABLE = 0;
    public static final int QUALITY_ACCEPTABLE = 1;
    public static final int QUALITY_GOOD = 2;

    public static final String ANNOTATION_SEED = "synthetic.seed";
    public static final String ANNOTATION_PRESET = "synthetic.preset";
    public static final String ANNOTATION_VERSION = "synthetic.version";
    public static final String ANNOTATION_PARAMS = "synthetic.params";
    public static final String ANNOTATION_ADC_MIN = "synthetic.adcMin";
    public static final String ANNOTATION_ADC_MAX = "synthetic.adcMax";

    /** Beats and breaths start this long before the first sample so it already has history behind it. */
    private static final double MARGIN_SECONDS = 5;
    /** Shortest RR interval: the AV node cannot conduct faster than about 240 bpm. */
    private static final double MIN_RR_SECONDS = 0.25;
    /** A pulse wave is cut where it has fallen below about 1e-8 of its peak, at most this late. */
    private static final double MAX_PULSE_SECONDS = 8;
    /** Saturation events rise and fall over this long, so each starts and ends distorted but not yet saturated. */
    private static final double CLIPPING_RAMP_SECONDS = 0.25;
    /** Share of saturation towards the upper rail (ambient light adds photocurrent); the rest undershoots. */
    private static final double CLIPPING_UP_PROBABILITY = 0.7;
    /** Random waves (drifts, wander, motion) are sums of this many sinusoids at random frequencies and phases. */
    private static final int WAVE_COMPONENTS = 6;
    private static final double MOTION_LOW_HZ = 0.5;
    private static final double MOTION_HIGH_HZ = 4;

    // Stream numbers of the effects; never renumber, or every seed changes its output.
    private static final int STREAM_BREATHS = 1;
    private static final int STREAM_HR_DRIFT = 2;
    private static final int STREAM_MAYER = 3;
    private static final int STREAM_JITTER = 4;
    private static final int STREAM_AF = 5;
    private static final int STREAM_WANDER = 6;
    private static final int STREAM_SPO2_DRIFT = 7;
    private static final int STREAM_DESATURATION = 8;
    private static final int STREAM_MOTION = 9;
    private static final int STREAM_CLIPPING = 10;
    private static final int STREAM_FLAT = 11;
    private static final int STREAM_NOISE_RED = 12;
    private static final int STREAM_NOISE_IR = 13;

    private SyntheticPpg() {
    }

    /** The recording these parameters describe; same parameters, same samples and labels. */
    public static Recording generate(SyntheticPpgParams p) {
        int n = p.sampleCount();
        double fs = p.samplingRateHz();
        long seed = p.seed();

        Breathing breathing = Breathing.draw(p, stream(seed, STREAM_BREATHS));
        Beats beats = Beats.draw(p, breathing, seed);
        double[] volume = bloodVolume(p, beats, breathing, stream(seed, STREAM_WANDER));
        double[] spo2 = saturation(p, stream(seed, STREAM_SPO2_DRIFT), stream(seed, STREAM_DESATURATION));

        Random motionRandom = stream(seed, STREAM_MOTION);
        List<double[]> motionEvents = events(motionRandom, p.motionEventsPerMinute(),
                p.motionDurationSeconds(), p.durationSeconds());
        double[] motion = motion(p, motionEvents, motionRandom);
        Random clippingRandom = stream(seed, STREAM_CLIPPING);
        List<double[]> clippingEvents = events(clippingRandom, p.clippingEventsPerMinute(),
                p.clippingDurationSeconds(), p.durationSeconds());
        double[] lightOffset = clippingOffset(p, clippingEvents, clippingRandom);
        boolean[] sensorOff = mask(events(stream(seed, STREAM_FLAT), p.flatLineEventsPerMinute(),
                p.flatLineDurationSeconds(), p.durationSeconds()), n, fs);
        boolean[] disturbed = mask(motionEvents, n, fs);
        boolean[] clippingEvent = mask(clippingEvents, n, fs);

        float[] red = new float[n];
        float[] ir = new float[n];
        float[] pleth = new float[n];
        boolean[] clipped = new boolean[n];
        Random noiseRed = stream(seed, STREAM_NOISE_RED);
        Random noiseIr = stream(seed, STREAM_NOISE_IR);
        int adcMin = p.adcMin();
        int adcMax = p.adcMax();
        double kIr = p.perfusionIndexPercent() / 100;
        double irDc = p.irDcFraction() * adcMax;
        double redDc = p.redDcFraction() * adcMax;
        for (int j = 0; j < n; j++) {
            double kRed = SyntheticPpgParams.ratioOfRatios(spo2[j]) * kIr;
            double coupling = 1 + motion[j];
            double irCounts = irDc * StrictMath.exp(-kIr * volume[j]) * coupling + lightOffset[j]
                    + p.sensorNoiseCounts() * noiseIr.nextGaussian();
            double redCounts = redDc * StrictMath.exp(-kRed * volume[j]) * coupling + lightOffset[j]
                    + p.sensorNoiseCounts() * noiseRed.nextGaussian();
            double irQ = StrictMath.rint(irCounts);
            double redQ = StrictMath.rint(redCounts);
            clipped[j] = irQ <= adcMin || irQ >= adcMax || redQ <= adcMin || redQ >= adcMax;
            if (sensorOff[j]) {
                irQ = p.sensorOffLevel();
                redQ = p.sensorOffLevel();
            }
            ir[j] = (float) Math.min(Math.max(irQ, adcMin), adcMax);
            red[j] = (float) Math.min(Math.max(redQ, adcMin), adcMax);
            pleth[j] = adcMin + adcMax - ir[j];
        }

        int seconds = (int) Math.floor(p.durationSeconds());
        double[] hrPerSample = beats.ratePerSample(n, fs);
        double[] rrPerSample = new double[n];
        for (int j = 0; j < n; j++) {
            rrPerSample[j] = breathing.ratePerMin(j / fs);
        }
        double[] times = new double[seconds];
        double[] afLabel = new double[seconds];
        for (int i = 0; i < seconds; i++) {
            times[i] = i;
            afLabel[i] = inAf(p, i + 0.5) ? 1 : 0;
        }
        double[] quality = quality(seconds, fs, clipped, sensorOff, disturbed, clippingEvent);
        List<LabelSeries> labels = List.of(
                new LabelSeries(HR, "bpm", times, perSecond(hrPerSample, seconds, fs)),
                new LabelSeries(RR, "breaths/min", times.clone(), perSecond(rrPerSample, seconds, fs)),
                new LabelSeries(SPO2, "%", times.clone(), perSecond(spo2, seconds, fs)),
                new LabelSeries(AF, "", times.clone(), afLabel),
                new LabelSeries(QUALITY, "", times.clone(), quality));

        List<Channel> channels = List.of(
                new Channel(RED, "counts", fs, red),
                new Channel(IR, "counts", fs, ir),
                new Channel(PLETH, "counts", fs, pleth));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ANNOTATION_SEED, Long.toString(seed));
        annotations.put(ANNOTATION_PRESET, p.preset());
        annotations.put(ANNOTATION_VERSION, Integer.toString(p.version()));
        annotations.put(ANNOTATION_PARAMS, new Gson().toJson(p));
        annotations.put(ANNOTATION_ADC_MIN, Integer.toString(adcMin));
        annotations.put(ANNOTATION_ADC_MAX, Integer.toString(adcMax));
        // A synthetic recording has no source file and no wall-clock start.
        return new Recording(p.preset() + "-seed" + seed, null, null, channels, labels, annotations);
    }

    /** Per second: unusable if any sample is clipped or off, acceptable if any is disturbed, else good. */
    private static double[] quality(int seconds, double fs, boolean[] clipped, boolean[] sensorOff,
                                    boolean[] motion, boolean[] saturationEvent) {
        double[] quality = new double[seconds];
        for (int i = 0; i < seconds; i++) {
            int q = QUALITY_GOOD;
            for (int j = firstSample(i, fs); j < Math.min(clipped.length, firstSample(i + 1, fs)); j++) {
                if (clipped[j] || sensorOff[j]) {
                    q = QUALITY_UNUSABLE;
                    break;
                }
                if (motion[j] || saturationEvent[j]) {
                    q = QUALITY_ACCEPTABLE;
                }
            }
            quality[i] = q;
        }
        return quality;
    }

    /** The breathing cycle: breath onsets drawn one breath at a time, each with its own duration. */
    private static final class Breathing {
        private final double[] starts;

        private Breathing(double[] starts) {
            this.starts = starts;
        }

        static Breathing draw(SyntheticPpgParams p, Random random) {
            double mean = 60 / p.respiratoryRatePerMin();
            List<Double> starts = new ArrayList<>();
            double t = -MARGIN_SECONDS;
            while (t < p.durationSeconds() + MARGIN_SECONDS) {
                starts.add(t);
                double duration = mean * (1 + p.breathIrregularity() * random.nextGaussian());
                t += clamp(duration, 0.4 * mean, 2.5 * mean);
            }
            starts.add(t);
            return new Breathing(starts.stream().mapToDouble(Double::doubleValue).toArray());
        }

        private int breathAt(double t) {
            int lo = 0;
            int hi = starts.length - 2;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (starts[mid] <= t) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return lo;
        }

        /** Respiratory drive from -1 to 1, positive during inspiration (the first half of each breath). */
        double signal(double t) {
            int i = breathAt(t);
            double phase = (t - starts[i]) / (starts[i + 1] - starts[i]);
            return StrictMath.sin(2 * Math.PI * phase);
        }

        double ratePerMin(double t) {
            int i = breathAt(t);
            return 60 / (starts[i + 1] - starts[i]);
        }
    }

    /** Heart beats: onset (pulse foot) times, the interval to the next beat, and relative stroke volume. */
    private record Beats(double[] onsets, double[] intervals, double[] amplitudes) {
        static Beats draw(SyntheticPpgParams p, Breathing breathing, long seed) {
            Random jitter = stream(seed, STREAM_JITTER);
            Random af = stream(seed, STREAM_AF);
            RandomWave drift = RandomWave.draw(stream(seed, STREAM_HR_DRIFT), 1 / 480.0, 1 / 60.0);
            double mayerPhase = 2 * Math.PI * stream(seed, STREAM_MAYER).nextDouble();
            double meanRr = 60 / p.meanHeartRateBpm();
            double afSigma = StrictMath.sqrt(StrictMath.log(1 + p.afRrVariation() * p.afRrVariation()));
            List<double[]> beats = new ArrayList<>();
            double previousRr = meanRr;
            double t = -MARGIN_SECONDS;
            while (t < p.durationSeconds() + MARGIN_SECONDS) {
                double rr;
                double amplitude;
                if (inAf(p, t)) {
                    // Log-normal with mean meanRr: independent draws, so no pattern links successive beats.
                    rr = meanRr * StrictMath.exp(afSigma * af.nextGaussian() - afSigma * afSigma / 2);
                    amplitude = clamp(StrictMath.pow(previousRr / meanRr, p.afAmplitudeCoupling()), 0.1, 2.5);
                } else {
                    double hr = p.meanHeartRateBpm()
                            + p.heartRateDriftBpm() * drift.at(t)
                            + p.rsaAmplitudeBpm() * breathing.signal(t)
                            + p.mayerAmplitudeBpm() * StrictMath.sin(2 * Math.PI * p.mayerFrequencyHz() * t + mayerPhase);
                    // The floor keeps the rate positive when large modulations meet a low mean rate.
                    rr = 60 / Math.max(hr, 20) + p.rrJitterMs() / 1000 * jitter.nextGaussian();
                    amplitude = 1;
                }
                rr = Math.max(rr, MIN_RR_SECONDS);
                // Inspiration lowers intrathoracic pressure and left-ventricular stroke volume.
                amplitude *= 1 - p.respiratoryAmplitudeModulation() * breathing.signal(t);
                beats.add(new double[] {t, rr, amplitude});
                previousRr = rr;
                t += rr;
            }
            double[] onsets = new double[beats.size()];
            double[] intervals = new double[beats.size()];
            double[] amplitudes = new double[beats.size()];
            for (int k = 0; k < beats.size(); k++) {
                onsets[k] = beats.get(k)[0];
                intervals[k] = beats.get(k)[1];
                amplitudes[k] = beats.get(k)[2];
            }
            return new Beats(onsets, intervals, amplitudes);
        }

        /** 60 / RR of the beat interval each sample lies in. */
        double[] ratePerSample(int n, double fs) {
            double[] rate = new double[n];
            int k = 0;
            for (int j = 0; j < n; j++) {
                double t = j / fs;
                while (k + 1 < onsets.length && onsets[k + 1] <= t) {
                    k++;
                }
                rate[j] = 60 / intervals[k];
            }
            return rate;
        }
    }

    /**
     * Arterial blood volume under the sensor in units of one nominal pulse: log-normal systolic waves and
     * Gaussian reflected waves, plus respiratory and slow baseline wander.
     */
    private static double[] bloodVolume(SyntheticPpgParams p, Beats beats, Breathing breathing, Random random) {
        int n = p.sampleCount();
        double fs = p.samplingRateHz();
        double[] v = new double[n];
        double shape2 = 2 * p.systolicLogShape() * p.systolicLogShape();
        double width2 = 2 * p.diastolicWidthSeconds() * p.diastolicWidthSeconds();
        double reflectionDelay = p.bodyHeightMeters() / p.stiffnessIndexMetersPerSecond();
        for (int k = 0; k < beats.onsets().length; k++) {
            double onset = beats.onsets()[k];
            double ejection = clamp(ejectionTime(60 / beats.intervals()[k]) / ejectionTime(60), 0.4, 1.2);
            double crest = p.systolicRiseTimeSeconds() * ejection;
            double reflected = crest + reflectionDelay;
            double span = Math.min(MAX_PULSE_SECONDS,
                    Math.max(crest * StrictMath.exp(6 * p.systolicLogShape()), reflected + 6 * p.diastolicWidthSeconds()));
            int from = Math.max(0, (int) Math.ceil(onset * fs));
            int to = Math.min(n - 1, (int) Math.floor((onset + span) * fs));
            for (int j = from; j <= to; j++) {
                double tau = j / fs - onset;
                if (tau <= 0) {
                    continue;
                }
                double logRatio = StrictMath.log(tau / crest);
                double systolic = StrictMath.exp(-logRatio * logRatio / shape2);
                double d = tau - reflected;
                double diastolic = p.reflectionRatio() * StrictMath.exp(-d * d / width2);
                v[j] += beats.amplitudes()[k] * (systolic + diastolic);
            }
        }
        RandomWave wander = RandomWave.draw(random, 0.005, 0.05);
        for (int j = 0; j < n; j++) {
            double t = j / fs;
            // Inspiration draws venous blood towards the thorax, so tissue volume falls.
            v[j] += -p.respiratoryBaselineModulation() * breathing.signal(t) + p.baselineWander() * wander.at(t);
        }
        return v;
    }

    /** Left-ventricular ejection time in seconds (Weissler's regression for men, LVET = 413 - 1.7 HR ms). */
    private static double ejectionTime(double heartRateBpm) {
        return 0.413 - 0.0017 * heartRateBpm;
    }

    /** SpO2 per sample: baseline, slow drift, and desaturations with a slow fall and faster recovery. */
    private static double[] saturation(SyntheticPpgParams p, Random driftRandom, Random eventRandom) {
        int n = p.sampleCount();
        double fs = p.samplingRateHz();
        RandomWave drift = RandomWave.draw(driftRandom, 1 / 900.0, 1 / 120.0);
        List<double[]> events = events(eventRandom, p.desaturationEventsPerHour() / 60,
                p.desaturationDurationSeconds(), p.durationSeconds());
        double[] spo2 = new double[n];
        for (int j = 0; j < n; j++) {
            spo2[j] = p.spo2Percent() + p.spo2DriftPercent() * drift.at(j / fs);
        }
        for (double[] event : events) {
            double depth = p.desaturationDepthPercent() * (0.5 + eventRandom.nextDouble());
            forEachSample(event, n, fs, (j, u) -> {
                double fall = u < 0.6
                        ? (1 - StrictMath.cos(Math.PI * u / 0.6)) / 2
                        : (1 + StrictMath.cos(Math.PI * (u - 0.6) / 0.4)) / 2;
                spo2[j] -= depth * fall;
            });
        }
        for (int j = 0; j < n; j++) {
            // The calibration line is meaningless outside the range a live subject can have.
            spo2[j] = clamp(spo2[j], 50, 100);
        }
        return spo2;
    }

    /** Relative change of optical coupling per sample from motion: band-limited noise under a Hann window. */
    private static double[] motion(SyntheticPpgParams p, List<double[]> events, Random random) {
        int n = p.sampleCount();
        double fs = p.samplingRateHz();
        double[] m = new double[n];
        double scale = p.motionAmplitude() * p.perfusionIndexPercent() / 100;
        for (double[] event : events) {
            RandomWave wave = RandomWave.draw(random, MOTION_LOW_HZ, MOTION_HIGH_HZ);
            forEachSample(event, n, fs, (j, u) -> m[j] += scale * hann(u) * wave.at(j / fs));
        }
        return m;
    }

    /** Extra counts from ambient-light surges or gain switching, large enough to pin the ADC at a rail. */
    private static double[] clippingOffset(SyntheticPpgParams p, List<double[]> events, Random random) {
        int n = p.sampleCount();
        double fs = p.samplingRateHz();
        double[] offset = new double[n];
        for (double[] event : events) {
            double size = (random.nextDouble() < CLIPPING_UP_PROBABILITY ? 1.5 : -1.5) * p.adcMax();
            double duration = event[1] - event[0];
            double ramp = Math.min(CLIPPING_RAMP_SECONDS, duration / 2) / duration;
            forEachSample(event, n, fs, (j, u) -> {
                double edge = Math.min(u, 1 - u);
                double level = edge >= ramp ? 1 : (1 - StrictMath.cos(Math.PI * edge / ramp)) / 2;
                offset[j] += size * level;
            });
        }
        return offset;
    }

    private interface SampleAction {
        void apply(int sample, double position);
    }

    /** Calls the action for each sample inside the event, with its position from 0 (start) to 1 (end). */
    private static void forEachSample(double[] event, int n, double fs, SampleAction action) {
        int from = Math.max(0, (int) Math.ceil(event[0] * fs));
        for (int j = from; j < n && j / fs < event[1]; j++) {
            action.apply(j, (j / fs - event[0]) / (event[1] - event[0]));
        }
    }

    private static boolean[] mask(List<double[]> events, int n, double fs) {
        boolean[] inside = new boolean[n];
        for (double[] event : events) {
            forEachSample(event, n, fs, (j, u) -> inside[j] = true);
        }
        return inside;
    }

    /**
     * Events starting in [0, duration) as {start, end} pairs, each lasting 0.5-1.5 times the mean. They never
     * overlap (an apnoea or a movement ends before the next begins): the quiet gaps between them are
     * exponential, with the mean that makes the long-run rate {@code perMinute}.
     */
    private static List<double[]> events(Random random, double perMinute, double meanSeconds, double duration) {
        List<double[]> events = new ArrayList<>();
        if (perMinute <= 0) {
            return events;
        }
        double meanGap = 60 / perMinute - meanSeconds;
        double t = -meanGap * StrictMath.log(1 - random.nextDouble());
        while (t < duration) {
            double end = t + meanSeconds * (0.5 + random.nextDouble());
            events.add(new double[] {t, end});
            t = end - meanGap * StrictMath.log(1 - random.nextDouble());
        }
        return events;
    }

    private static boolean inAf(SyntheticPpgParams p, double t) {
        return p.afDurationSeconds() > 0 && t >= p.afOnsetSeconds()
                && t < p.afOnsetSeconds() + p.afDurationSeconds();
    }

    private static int firstSample(int second, double fs) {
        return (int) Math.ceil(second * fs);
    }

    private static double[] perSecond(double[] perSample, int seconds, double fs) {
        double[] mean = new double[seconds];
        for (int i = 0; i < seconds; i++) {
            int from = firstSample(i, fs);
            int to = Math.min(perSample.length, firstSample(i + 1, fs));
            double sum = 0;
            for (int j = from; j < to; j++) {
                sum += perSample[j];
            }
            mean[i] = sum / (to - from);
        }
        return mean;
    }

    private static double hann(double u) {
        return (1 - StrictMath.cos(2 * Math.PI * u)) / 2;
    }

    private static double clamp(double x, double low, double high) {
        return Math.min(Math.max(x, low), high);
    }

    /** An independent random stream per effect: SplitMix64 scrambles seed and stream number. */
    private static Random stream(long seed, int effect) {
        long z = seed + effect * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }

    /** A band-limited random process of unit variance: sinusoids at random frequencies in a band, random phases. */
    private record RandomWave(double[] frequencies, double[] phases) {
        static RandomWave draw(Random random, double lowHz, double highHz) {
            double[] f = new double[WAVE_COMPONENTS];
            double[] phi = new double[WAVE_COMPONENTS];
            for (int c = 0; c < WAVE_COMPONENTS; c++) {
                f[c] = lowHz + (highHz - lowHz) * random.nextDouble();
                phi[c] = 2 * Math.PI * random.nextDouble();
            }
            return new RandomWave(f, phi);
        }

        double at(double t) {
            double sum = 0;
            for (int c = 0; c < frequencies.length; c++) {
                sum += StrictMath.sin(2 * Math.PI * frequencies[c] * t + phases[c]);
            }
            return sum * StrictMath.sqrt(2.0 / frequencies.length);
        }
    }
}
