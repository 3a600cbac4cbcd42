package org.sigmappg.synth;

import java.util.Objects;

/**
 * Every parameter of the synthetic red/infrared PPG generator, with the physiology it stands for; the
 * same record (same {@code version}) and seed always give the same recording, bit for bit.
 *
 * <p>The pulsatile signal is built as a blood-volume wave {@code v(t)} in units of one nominal pulse
 * amplitude. Each wavelength sees it through Beer-Lambert attenuation,
 * {@code I(t) = DC * exp(-k * v(t))}, with {@code k = perfusion index} for infrared and
 * {@code k = R * perfusion index} for red, where {@code R} is the ratio of ratios that the oximeter
 * calibration maps to SpO2.
 *
 * @param version version of the generator algorithm these parameters are meant for; only
 *     {@link #CURRENT_VERSION} is accepted, and any change to the generated samples bumps it
 * @param preset name of the preset the parameters started from (e.g. {@code healthyAdult}); stored in
 *     the recording's annotations next to the full parameters, never interpreted
 * @param seed seed of all random draws; every effect draws from its own stream derived from it, so
 *     switching motion artefacts on does not move the heart beats
 * @param samplingRateHz output rate of all three channels. Wrist devices sample at 25-128 Hz (64 Hz
 *     is common), finger clips and monitors at 100-500 Hz; allowed 20-2000 Hz, default 64 Hz
 * @param durationSeconds length of the recording; labels cover whole seconds only. Allowed from 1 s;
 *     5 min (300 s) resolves breathing and HRV spectra well
 * @param meanHeartRateBpm mean heart rate of sinus rhythm and mean ventricular rate in atrial
 *     fibrillation. Resting adults 50-90 bpm, exercise up to 180 bpm; allowed 30-220 bpm
 * @param heartRateDriftBpm standard deviation of the slow heart-rate drift (periods of 1-8 min:
 *     posture, thermoregulation, circadian tone); typical 1-5 bpm, 0 disables it
 * @param rsaAmplitudeBpm amplitude of respiratory sinus arrhythmia: vagal tone falls during inspiration
 *     and the rate rises, then falls in expiration. This is the frequency modulation (FM) of the PPG by
 *     breathing. Young adults 3-10 bpm, elderly and in exercise 0.5-2 bpm; absent in atrial fibrillation
 * @param mayerAmplitudeBpm amplitude of the low-frequency (LF) heart-rate oscillation driven by the
 *     baroreflex loop (Mayer waves of arterial pressure); typical 1-3 bpm
 * @param mayerFrequencyHz frequency of the Mayer waves, close to 0.1 Hz in humans (0.07-0.13 Hz)
 * @param rrJitterMs standard deviation of white beat-to-beat jitter of the RR interval that no
 *     oscillation explains; typical 5-30 ms
 * @param respiratoryRatePerMin mean breathing rate. Resting adults 12-20 breaths/min, sleep 10-16,
 *     exercise 20-40; allowed 4-60 breaths/min
 * @param breathIrregularity relative standard deviation of the duration of successive breaths (each
 *     breath is drawn anew); quiet breathing 0.05-0.15, speech or sighs more; allowed 0-0.4
 * @param respiratoryAmplitudeModulation depth of the respiratory amplitude modulation (AM): the fall
 *     of intrathoracic pressure in inspiration lowers left-ventricular stroke volume, so pulses shrink
 *     by up to this fraction; typical 0.05-0.3
 * @param respiratoryBaselineModulation amplitude of the respiratory baseline wander (BW), in units of
 *     one pulse amplitude: inspiration draws venous blood towards the thorax and the peripheral tissue
 *     volume falls; typical 0.1-0.6
 * @param systolicRiseTimeSeconds crest time, from pulse foot to systolic peak, at 60 bpm. It shortens
 *     with the left-ventricular ejection time as the rate rises (Weissler: LVET = 413 - 1.7 HR ms) and
 *     lengthens with age; finger PPG 0.1-0.25 s, typical 0.16 s
 * @param systolicLogShape shape of the log-normal systolic wave (the standard deviation of log time): a
 *     fast rise and a slower run-off as blood leaves the arterial tree. 0.3-0.5; larger is more skewed
 * @param reflectionRatio amplitude of the reflected (diastolic) wave relative to the systolic wave, the
 *     PPG reflection index; 0.3-0.7, higher with vasoconstriction and age
 * @param diastolicWidthSeconds width (Gaussian standard deviation) of the reflected wave; 0.05-0.1 s
 * @param stiffnessIndexMetersPerSecond large-artery stiffness index SI = body height / dT, where dT is
 *     the time from systolic peak to reflected-wave peak (Millasseau 2002). Stiffer arteries carry the
 *     reflection back faster, dT shortens, the reflected wave merges into the systolic one and the
 *     dicrotic notch between them fades. Young adults 5-8 m/s, elderly 9-14 m/s; allowed 3-20 m/s
 * @param bodyHeightMeters body height, the path length proxy in the stiffness index; 1.4-2.0 m
 * @param perfusionIndexPercent infrared perfusion index, pulsatile over steady light (AC/DC x 100) of a
 *     nominal beat: the share of the attenuation that pulsing arterial blood causes. Finger 0.5-5 %
 *     (up to 10-20 % when warm), wrist 0.2-2 %; below 0.3 % oximeters report weak perfusion
 * @param adcBits resolution of the analogue-to-digital converter; counts run from 0 to
 *     {@code 2^adcBits - 1}. PPG front ends use 16-22 bits; allowed 12-24 so every count is exact in a
 *     {@code float}
 * @param irDcFraction steady infrared light level as a fraction of ADC full scale: the front end sets
 *     LED current and gain to put it mid-range; 0.3-0.8
 * @param redDcFraction steady red light level as a fraction of full scale; usually a little below the
 *     infrared one as red is absorbed more by tissue; 0.3-0.8
 * @param baselineWander standard deviation of slow baseline wander (0.005-0.05 Hz: vasomotion,
 *     thermoregulation, contact pressure), in units of one pulse amplitude; 0-1 at rest, up to 3 when
 *     ambulatory
 * @param sensorNoiseCounts standard deviation of white sensor noise (photodiode shot noise, amplifier
 *     and ambient residue) in ADC counts, independent in each channel; typically 0.005-0.05 % of DC
 * @param motionEventsPerMinute mean rate of motion artefacts; 0 at rest, 1-6 when ambulatory. Events
 *     of one kind (motion, clipping, flat line, desaturation) never overlap: the quiet gaps between them
 *     are exponential with the mean that gives this rate, so rate x mean duration must stay below
 *     60 s per minute
 * @param motionDurationSeconds mean duration of a motion artefact; each lasts 0.5-1.5 times the mean.
 *     Typical 2-10 s
 * @param motionAmplitude size of a motion artefact (its root-mean-square at the height of the event) in
 *     multiples of the infrared pulse amplitude: movement changes the optical coupling and the venous
 *     volume, both wavelengths alike, with energy at 0.5-4 Hz right inside the cardiac band; typical 2-10.
 *     Because both wavelengths change alike, R tends to 1 under motion and oximeters read about 85 %
 * @param clippingEventsPerMinute mean rate of saturation events: ambient-light transients or gain
 *     switching drive the front end into an ADC rail and the samples read exactly the limit
 * @param clippingDurationSeconds mean duration of a saturation event (0.5-1.5 times this); 1-5 s
 * @param flatLineEventsPerMinute mean rate of sensor-off events: the probe loses contact or the device
 *     stops updating, and the output holds one constant value
 * @param flatLineDurationSeconds mean duration of a sensor-off event (0.5-1.5 times this); at least
 *     0.5 s, typical 2-30 s
 * @param sensorOffFraction the constant level output while the sensor is off (photodiode dark level)
 *     as a fraction of full scale; 0.005-0.1, away from both ADC rails so it is not taken for clipping
 * @param afOnsetSeconds start of the atrial-fibrillation episode
 * @param afDurationSeconds length of the atrial-fibrillation episode; 0 for none, and an episode
 *     running past the end lasts to the end
 * @param afRrVariation coefficient of variation of RR intervals in atrial fibrillation, which are
 *     irregularly irregular: drawn independently (log-normal) with no respiratory or baroreflex
 *     pattern; 0.15-0.35 is typical, sinus rhythm is below 0.06
 * @param afAmplitudeCoupling exponent linking a pulse's amplitude to the preceding RR interval in
 *     atrial fibrillation (Frank-Starling: a longer filling time gives a larger stroke volume; very short
 *     intervals give pulses too weak to reach the periphery, the pulse deficit); 0.5-1.5
 * @param spo2Percent baseline arterial oxygen saturation; healthy 95-100 %, allowed 70-100 % where the
 *     empirical calibration is valid. It sets the ratio of ratios through
 *     {@code R = (AC_red/DC_red) / (AC_ir/DC_ir)}, {@code SpO2 = 110 - 25 R}, the standard linear
 *     empirical calibration of pulse oximeters (each device fits its own; this one is the textbook
 *     line, e.g. Webster, Design of Pulse Oximeters, 1997)
 * @param spo2DriftPercent standard deviation of slow SpO2 drift (periods of 2-15 min); 0-1 %
 * @param desaturationEventsPerHour mean rate of desaturation events such as obstructive apnoeas; the
 *     oxygen desaturation index is 0-5 /h in health, above 30 /h in severe sleep apnoea
 * @param desaturationDepthPercent mean fall of SpO2 in a desaturation event (0.5-1.5 times this); 3-15 %
 * @param desaturationDurationSeconds length of a desaturation event: a slow fall over 60 % of it and a
 *     faster recovery over the rest, as after an apnoea; 20-90 s
 */
public record SyntheticPpgParams(
        int version,
        String preset,
        long seed,
        double samplingRateHz,
        double durationSeconds,
        double meanHeartRateBpm,
        double heartRateDriftBpm,
        double rsaAmplitudeBpm,
        double mayerAmplitudeBpm,
        double mayerFrequencyHz,
        double rrJitterMs,
        double respiratoryRatePerMin,
        double breathIrregularity,
        double respiratoryAmplitudeModulation,
        double respiratoryBaselineModulation,
        double systolicRiseTimeSeconds,
        double systolicLogShape,
        double reflectionRatio,
        double diastolicWidthSeconds,
        double stiffnessIndexMetersPerSecond,
        double bodyHeightMeters,
        double perfusionIndexPercent,
        int adcBits,
        double irDcFraction,
        double redDcFraction,
        double baselineWander,
        double sensorNoiseCounts,
        double motionEventsPerMinute,
        double motionDurationSeconds,
        double motionAmplitude,
        double clippingEventsPerMinute,
        double clippingDurationSeconds,
        double flatLineEventsPerMinute,
        double flatLineDurationSeconds,
        double sensorOffFraction,
        double afOnsetSeconds,
        double afDurationSeconds,
        double afRrVariation,
        double afAmplitudeCoupling,
        double spo2Percent,
        double spo2DriftPercent,
        double desaturationEventsPerHour,
        double desaturationDepthPercent,
        double desaturationDurationSeconds) {

    /** The generator version this code implements. */
    public static final int CURRENT_VERSION = 1;

    public SyntheticPpgParams {
        if (version != CURRENT_VERSION) {
            throw new IllegalArgumentException("SyntheticPpgParams version " + version
                    + " is not supported; this generator implements version " + CURRENT_VERSION
                    + " (regenerate the parameters with this code)");
        }
        Objects.requireNonNull(preset, "preset");
        check("samplingRateHz", samplingRateHz, 20, 2000, "Hz");
        check("durationSeconds", durationSeconds, 1, 30 * 24 * 3600, "s");
        if (durationSeconds * samplingRateHz > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("SyntheticPpgParams: " + durationSeconds + " s at "
                    + samplingRateHz + " Hz does not fit in one array; shorten the recording");
        }
        check("meanHeartRateBpm", meanHeartRateBpm, 30, 220, "bpm");
        check("heartRateDriftBpm", heartRateDriftBpm, 0, 20, "bpm");
        check("rsaAmplitudeBpm", rsaAmplitudeBpm, 0, 20, "bpm");
        check("mayerAmplitudeBpm", mayerAmplitudeBpm, 0, 10, "bpm");
        check("mayerFrequencyHz", mayerFrequencyHz, 0.05, 0.15, "Hz");
        check("rrJitterMs", rrJitterMs, 0, 100, "ms");
        check("respiratoryRatePerMin", respiratoryRatePerMin, 4, 60, "breaths/min");
        check("breathIrregularity", breathIrregularity, 0, 0.4, "");
        check("respiratoryAmplitudeModulation", respiratoryAmplitudeModulation, 0, 0.6, "");
        check("respiratoryBaselineModulation", respiratoryBaselineModulation, 0, 3, "pulse amplitudes");
        check("systolicRiseTimeSeconds", systolicRiseTimeSeconds, 0.06, 0.35, "s");
        check("systolicLogShape", systolicLogShape, 0.2, 0.7, "");
        check("reflectionRatio", reflectionRatio, 0, 1, "");
        check("diastolicWidthSeconds", diastolicWidthSeconds, 0.02, 0.2, "s");
        check("stiffnessIndexMetersPerSecond", stiffnessIndexMetersPerSecond, 3, 20, "m/s");
        check("bodyHeightMeters", bodyHeightMeters, 1.0, 2.3, "m");
        check("perfusionIndexPercent", perfusionIndexPercent, 0.05, 20, "%");
        check("adcBits", adcBits, 12, 24, "bits");
        check("irDcFraction", irDcFraction, 0.05, 0.95, "of full scale");
        check("redDcFraction", redDcFraction, 0.05, 0.95, "of full scale");
        check("baselineWander", baselineWander, 0, 10, "pulse amplitudes");
        check("sensorNoiseCounts", sensorNoiseCounts, 0, (1 << adcBits) / 10.0, "counts");
        check("motionEventsPerMinute", motionEventsPerMinute, 0, 30, "/min");
        check("motionDurationSeconds", motionDurationSeconds, 0.5, 120, "s");
        check("motionAmplitude", motionAmplitude, 0, 50, "pulse amplitudes");
        check("clippingEventsPerMinute", clippingEventsPerMinute, 0, 30, "/min");
        check("clippingDurationSeconds", clippingDurationSeconds, 0.5, 120, "s");
        check("flatLineEventsPerMinute", flatLineEventsPerMinute, 0, 30, "/min");
        check("flatLineDurationSeconds", flatLineDurationSeconds, 0.5, 3600, "s");
        check("sensorOffFraction", sensorOffFraction, 0.001, 0.999, "of full scale");
        check("afOnsetSeconds", afOnsetSeconds, 0, 30 * 24 * 3600, "s");
        check("afDurationSeconds", afDurationSeconds, 0, 30 * 24 * 3600, "s");
        check("afRrVariation", afRrVariation, 0, 0.6, "");
        check("afAmplitudeCoupling", afAmplitudeCoupling, 0, 3, "");
        check("spo2Percent", spo2Percent, 70, 100, "%");
        check("spo2DriftPercent", spo2DriftPercent, 0, 5, "%");
        check("desaturationEventsPerHour", desaturationEventsPerHour, 0, 120, "/h");
        check("desaturationDepthPercent", desaturationDepthPercent, 0, 30, "%");
        check("desaturationDurationSeconds", desaturationDurationSeconds, 5, 600, "s");
        checkFits("motion", motionEventsPerMinute, motionDurationSeconds);
        checkFits("clipping", clippingEventsPerMinute, clippingDurationSeconds);
        checkFits("flatLine", flatLineEventsPerMinute, flatLineDurationSeconds);
        checkFits("desaturation", desaturationEventsPerHour / 60, desaturationDurationSeconds);
    }

    /** Events of one kind never overlap, so at their rate they must leave time between them. */
    private static void checkFits(String kind, double perMinute, double meanSeconds) {
        if (perMinute * meanSeconds >= 60) {
            throw new IllegalArgumentException("SyntheticPpgParams: " + kind + " events at " + perMinute
                    + " /min lasting " + meanSeconds + " s each would fill the whole recording; lower the rate"
                    + " or the duration so that rate x duration stays below 60 s per minute");
        }
    }

    private static void check(String name, double value, double low, double high, String unit) {
        if (!(value >= low && value <= high)) {
            throw new IllegalArgumentException("SyntheticPpgParams." + name + " = " + value + " is outside "
                    + low + ".." + high + (unit.isEmpty() ? "" : " " + unit) + "; choose a value in that range");
        }
    }

    /** Number of samples in each channel. */
    public int sampleCount() {
        return (int) Math.round(durationSeconds * samplingRateHz);
    }

    /** Lowest ADC count; clipped samples read exactly this or {@link #adcMax()}. */
    public int adcMin() {
        return 0;
    }

    /** Highest ADC count, {@code 2^adcBits - 1}. */
    public int adcMax() {
        return (1 << adcBits) - 1;
    }

    /** The constant count output while the sensor is off. */
    public int sensorOffLevel() {
        return (int) Math.round(sensorOffFraction * adcMax());
    }

    /** Ratio of ratios the empirical calibration {@code SpO2 = 110 - 25 R} assigns to a saturation. */
    public static double ratioOfRatios(double spo2) {
        return (110 - spo2) / 25;
    }

    /** A healthy adult at rest: 60 bpm sinus rhythm with normal HRV, 15 breaths/min, SpO2 98 %, clean signal. */
    public static SyntheticPpgParams healthyAdult(long seed) {
        return builder("healthyAdult", seed).build();
    }

    /** Sinus tachycardia at 120 bpm (exercise recovery, fever): fast breathing, little HRV, clean signal. */
    public static SyntheticPpgParams sinusTachycardia(long seed) {
        return builder("sinusTachycardia", seed)
                .optMeanHeartRateBpm(120).optHeartRateDriftBpm(1.5).optRsaAmplitudeBpm(1).optMayerAmplitudeBpm(0.5)
                .optRrJitterMs(4).optRespiratoryRatePerMin(22).optRespiratoryAmplitudeModulation(0.15)
                .optReflectionRatio(0.4).optPerfusionIndexPercent(1.8).optSpo2Percent(97)
                .build();
    }

    /** An older adult: stiff arteries that merge the reflected wave into the systolic one, low HRV, low perfusion. */
    public static SyntheticPpgParams elderlyAdult(long seed) {
        return builder("elderlyAdult", seed)
                .optMeanHeartRateBpm(72).optRsaAmplitudeBpm(1).optMayerAmplitudeBpm(1).optRrJitterMs(10)
                .optRespiratoryRatePerMin(16).optSystolicRiseTimeSeconds(0.2).optReflectionRatio(0.65)
                .optStiffnessIndexMetersPerSecond(12).optBodyHeightMeters(1.7).optPerfusionIndexPercent(1.2)
                .optSpo2Percent(96)
                .build();
    }

    /** Persistent atrial fibrillation at about 95 bpm: irregularly irregular RR, no RSA, pulse deficit. */
    public static SyntheticPpgParams atrialFibrillation(long seed) {
        SyntheticPpgParams.Builder b = builder("atrialFibrillation", seed);
        return b.optMeanHeartRateBpm(95).optAfOnsetSeconds(0).optAfDurationSeconds(b.durationSeconds)
                .optAfRrVariation(0.22).optAfAmplitudeCoupling(1.0).optRespiratoryRatePerMin(17)
                .optReflectionRatio(0.35).optPerfusionIndexPercent(1.5).optSpo2Percent(95)
                .build();
    }

    /** An ambulatory wrist recording: weak perfusion, noise, wander, motion, clipping and sensor-off stretches. */
    public static SyntheticPpgParams lowQuality(long seed) {
        return builder("lowQuality", seed)
                .optMeanHeartRateBpm(80).optPerfusionIndexPercent(0.6).optSensorNoiseCounts(60).optBaselineWander(2)
                .optMotionEventsPerMinute(2).optMotionDurationSeconds(6).optMotionAmplitude(6)
                .optClippingEventsPerMinute(0.6).optClippingDurationSeconds(3)
                .optFlatLineEventsPerMinute(0.4).optFlatLineDurationSeconds(5)
                .optSpo2Percent(96)
                .build();
    }

    /** Obstructive sleep apnoea: SpO2 95 % with about 40 desaturations an hour of about 7 %, slow breathing. */
    public static SyntheticPpgParams desaturation(long seed) {
        return builder("desaturation", seed)
                .optMeanHeartRateBpm(66).optRespiratoryRatePerMin(12).optSpo2Percent(95).optSpo2DriftPercent(0.5)
                .optDesaturationEventsPerHour(40).optDesaturationDepthPercent(7).optDesaturationDurationSeconds(45)
                .build();
    }

    /** A builder holding the healthy-adult values, for presets and for changing single parameters. */
    public static Builder builder(String preset, long seed) {
        return new Builder(preset, seed);
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        Builder b = new Builder(preset, seed);
        b.samplingRateHz = samplingRateHz;
        b.durationSeconds = durationSeconds;
        b.meanHeartRateBpm = meanHeartRateBpm;
        b.heartRateDriftBpm = heartRateDriftBpm;
        b.rsaAmplitudeBpm = rsaAmplitudeBpm;
        b.mayerAmplitudeBpm = mayerAmplitudeBpm;
        b.mayerFrequencyHz = mayerFrequencyHz;
        b.rrJitterMs = rrJitterMs;
        b.respiratoryRatePerMin = respiratoryRatePerMin;
        b.breathIrregularity = breathIrregularity;
        b.respiratoryAmplitudeModulation = respiratoryAmplitudeModulation;
        b.respiratoryBaselineModulation = respiratoryBaselineModulation;
        b.systolicRiseTimeSeconds = systolicRiseTimeSeconds;
        b.systolicLogShape = systolicLogShape;
        b.reflectionRatio = reflectionRatio;
        b.diastolicWidthSeconds = diastolicWidthSeconds;
        b.stiffnessIndexMetersPerSecond = stiffnessIndexMetersPerSecond;
        b.bodyHeightMeters = bodyHeightMeters;
        b.perfusionIndexPercent = perfusionIndexPercent;
        b.adcBits = adcBits;
        b.irDcFraction = irDcFraction;
        b.redDcFraction = redDcFraction;
        b.baselineWander = baselineWander;
        b.sensorNoiseCounts = sensorNoiseCounts;
        b.motionEventsPerMinute = motionEventsPerMinute;
        b.motionDurationSeconds = motionDurationSeconds;
        b.motionAmplitude = motionAmplitude;
        b.clippingEventsPerMinute = clippingEventsPerMinute;
        b.clippingDurationSeconds = clippingDurationSeconds;
        b.flatLineEventsPerMinute = flatLineEventsPerMinute;
        b.flatLineDurationSeconds = flatLineDurationSeconds;
        b.sensorOffFraction = sensorOffFraction;
        b.afOnsetSeconds = afOnsetSeconds;
        b.afDurationSeconds = afDurationSeconds;
        b.afRrVariation = afRrVariation;
        b.afAmplitudeCoupling = afAmplitudeCoupling;
        b.spo2Percent = spo2Percent;
        b.spo2DriftPercent = spo2DriftPercent;
        b.desaturationEventsPerHour = desaturationEventsPerHour;
        b.desaturationDepthPercent = desaturationDepthPercent;
        b.desaturationDurationSeconds = desaturationDurationSeconds;
        return b;
    }

    /**
     * Collects parameters for {@link SyntheticPpgParams}; starts from the healthy-adult values, and each
     * {@code optX} changes one of them (see the record's components for meaning and ranges).
     */
    public static final class Builder {
        private String preset;
        private long seed;
        private double samplingRateHz = 64;
        private double durationSeconds = 300;
        private double meanHeartRateBpm = 60;
        private double heartRateDriftBpm = 1.5;
        private double rsaAmplitudeBpm = 3;
        private double mayerAmplitudeBpm = 1.5;
        private double mayerFrequencyHz = 0.1;
        private double rrJitterMs = 15;
        private double respiratoryRatePerMin = 15;
        private double breathIrregularity = 0.08;
        private double respiratoryAmplitudeModulation = 0.15;
        private double respiratoryBaselineModulation = 0.3;
        private double systolicRiseTimeSeconds = 0.16;
        private double systolicLogShape = 0.4;
        private double reflectionRatio = 0.5;
        private double diastolicWidthSeconds = 0.07;
        private double stiffnessIndexMetersPerSecond = 7;
        private double bodyHeightMeters = 1.75;
        private double perfusionIndexPercent = 2.5;
        private int adcBits = 18;
        private double irDcFraction = 0.55;
        private double redDcFraction = 0.45;
        private double baselineWander = 0.5;
        private double sensorNoiseCounts = 15;
        private double motionEventsPerMinute = 0;
        private double motionDurationSeconds = 5;
        private double motionAmplitude = 4;
        private double clippingEventsPerMinute = 0;
        private double clippingDurationSeconds = 2;
        private double flatLineEventsPerMinute = 0;
        private double flatLineDurationSeconds = 5;
        private double sensorOffFraction = 0.02;
        private double afOnsetSeconds = 0;
        private double afDurationSeconds = 0;
        private double afRrVariation = 0.22;
        private double afAmplitudeCoupling = 1.0;
        private double spo2Percent = 98;
        private double spo2DriftPercent = 0.3;
        private double desaturationEventsPerHour = 0;
        private double desaturationDepthPercent = 6;
        private double desaturationDurationSeconds = 40;

        private Builder(String preset, long seed) {
            this.preset = Objects.requireNonNull(preset, "preset");
            this.seed = seed;
        }

        public Builder optPreset(String value) {
            preset = Objects.requireNonNull(value, "preset");
            return this;
        }

        public Builder optSeed(long value) {
            seed = value;
            return this;
        }

        public Builder optSamplingRateHz(double value) {
            samplingRateHz = value;
            return this;
        }

        public Builder optDurationSeconds(double value) {
            durationSeconds = value;
            return this;
        }

        public Builder optMeanHeartRateBpm(double value) {
            meanHeartRateBpm = value;
            return this;
        }

        public Builder optHeartRateDriftBpm(double value) {
            heartRateDriftBpm = value;
            return this;
        }

        public Builder optRsaAmplitudeBpm(double value) {
            rsaAmplitudeBpm = value;
            return this;
        }

        public Builder optMayerAmplitudeBpm(double value) {
            mayerAmplitudeBpm = value;
            return this;
        }

        public Builder optMayerFrequencyHz(double value) {
            mayerFrequencyHz = value;
            return this;
        }

        public Builder optRrJitterMs(double value) {
            rrJitterMs = value;
            return this;
        }

        public Builder optRespiratoryRatePerMin(double value) {
            respiratoryRatePerMin = value;
            return this;
        }

        public Builder optBreathIrregularity(double value) {
            breathIrregularity = value;
            return this;
        }

        public Builder optRespiratoryAmplitudeModulation(double value) {
            respiratoryAmplitudeModulation = value;
            return this;
        }

        public Builder optRespiratoryBaselineModulation(double value) {
            respiratoryBaselineModulation = value;
            return this;
        }

        public Builder optSystolicRiseTimeSeconds(double value) {
            systolicRiseTimeSeconds = value;
            return this;
        }

        public Builder optSystolicLogShape(double value) {
            systolicLogShape = value;
            return this;
        }

        public Builder optReflectionRatio(double value) {
            reflectionRatio = value;
            return this;
        }

        public Builder optDiastolicWidthSeconds(double value) {
            diastolicWidthSeconds = value;
            return this;
        }

        public Builder optStiffnessIndexMetersPerSecond(double value) {
            stiffnessIndexMetersPerSecond = value;
            return this;
        }

        public Builder optBodyHeightMeters(double value) {
            bodyHeightMeters = value;
            return this;
        }

        public Builder optPerfusionIndexPercent(double value) {
            perfusionIndexPercent = value;
            return this;
        }

        public Builder optAdcBits(int value) {
            adcBits = value;
            return this;
        }

        public Builder optIrDcFraction(double value) {
            irDcFraction = value;
            return this;
        }

        public Builder optRedDcFraction(double value) {
            redDcFraction = value;
            return this;
        }

        public Builder optBaselineWander(double value) {
            baselineWander = value;
            return this;
        }

        public Builder optSensorNoiseCounts(double value) {
            sensorNoiseCounts = value;
            return this;
        }

        public Builder optMotionEventsPerMinute(double value) {
            motionEventsPerMinute = value;
            return this;
        }

        public Builder optMotionDurationSeconds(double value) {
            motionDurationSeconds = value;
            return this;
        }

        public Builder optMotionAmplitude(double value) {
            motionAmplitude = value;
            return this;
        }

        public Builder optClippingEventsPerMinute(double value) {
            clippingEventsPerMinute = value;
            return this;
        }

        public Builder optClippingDurationSeconds(double value) {
            clippingDurationSeconds = value;
            return this;
        }

        public Builder optFlatLineEventsPerMinute(double value) {
            flatLineEventsPerMinute = value;
            return this;
        }

        public Builder optFlatLineDurationSeconds(double value) {
            flatLineDurationSeconds = value;
            return this;
        }

        public Builder optSensorOffFraction(double value) {
            sensorOffFraction = value;
            return this;
        }

        public Builder optAfOnsetSeconds(double value) {
            afOnsetSeconds = value;
            return this;
        }

        public Builder optAfDurationSeconds(double value) {
            afDurationSeconds = value;
            return this;
        }

        public Builder optAfRrVariation(double value) {
            afRrVariation = value;
            return this;
        }

        public Builder optAfAmplitudeCoupling(double value) {
            afAmplitudeCoupling = value;
            return this;
        }

        public Builder optSpo2Percent(double value) {
            spo2Percent = value;
            return this;
        }

        public Builder optSpo2DriftPercent(double value) {
            spo2DriftPercent = value;
            return this;
        }

        public Builder optDesaturationEventsPerHour(double value) {
            desaturationEventsPerHour = value;
            return this;
        }

        public Builder optDesaturationDepthPercent(double value) {
            desaturationDepthPercent = value;
            return this;
        }

        public Builder optDesaturationDurationSeconds(double value) {
            desaturationDurationSeconds = value;
            return this;
        }

        /** The parameters, checked; throws {@link IllegalArgumentException} naming the first bad one. */
        public SyntheticPpgParams build() {
            return new SyntheticPpgParams(CURRENT_VERSION, preset, seed, samplingRateHz, durationSeconds,
                    meanHeartRateBpm, heartRateDriftBpm, rsaAmplitudeBpm, mayerAmplitudeBpm, mayerFrequencyHz,
                    rrJitterMs, respiratoryRatePerMin, breathIrregularity, respiratoryAmplitudeModulation,
                    respiratoryBaselineModulation, systolicRiseTimeSeconds, systolicLogShape, reflectionRatio,
                    diastolicWidthSeconds, stiffnessIndexMetersPerSecond, bodyHeightMeters, perfusionIndexPercent,
                    adcBits, irDcFraction, redDcFraction, baselineWander, sensorNoiseCounts, motionEventsPerMinute,
                    motionDurationSeconds, motionAmplitude, clippingEventsPerMinute, clippingDurationSeconds,
                    flatLineEventsPerMinute, flatLineDurationSeconds, sensorOffFraction, afOnsetSeconds,
                    afDurationSeconds, afRrVariation, afAmplitudeCoupling, spo2Percent, spo2DriftPercent,
                    desaturationEventsPerHour, desaturationDepthPercent, desaturationDurationSeconds);
        }
    }
}
