package org.sigmappg.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation, builder round trip and the calibration line of the parameter record. */
class SyntheticPpgParamsTest {

    @Test
    void outOfRangeValueIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticPpgParams.healthyAdult(1).toBuilder().optMeanHeartRateBpm(300).build());
        assertTrue(e.getMessage().contains("meanHeartRateBpm = 300.0 is outside 30.0..220.0 bpm"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticPpgParams.healthyAdult(1).toBuilder().optSamplingRateHz(Double.NaN).build());
    }

    @Test
    void eventsThatWouldFillTheRecordingAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticPpgParams.healthyAdult(1).toBuilder().optMotionEventsPerMinute(10)
                        .optMotionDurationSeconds(6).build());
        assertTrue(e.getMessage().contains("motion events"), e.getMessage());
    }

    @Test
    void otherVersionsAreRejected() {
        SyntheticPpgParams p = SyntheticPpgParams.healthyAdult(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SyntheticPpgParams(2,
                p.preset(), p.seed(), p.samplingRateHz(), p.durationSeconds(), p.meanHeartRateBpm(),
                p.heartRateDriftBpm(), p.rsaAmplitudeBpm(), p.mayerAmplitudeBpm(), p.mayerFrequencyHz(), p.rrJitterMs(),
                p.respiratoryRatePerMin(), p.breathIrregularity(), p.respiratoryAmplitudeModulation(),
                p.respiratoryBaselineModulation(), p.systolicRiseTimeSeconds(), p.systolicLogShape(),
                p.reflectionRatio(), p.diastolicWidthSeconds(), p.stiffnessIndexMetersPerSecond(),
                p.bodyHeightMeters(), p.perfusionIndexPercent(), p.adcBits(), p.irDcFraction(), p.redDcFraction(),
                p.baselineWander(), p.sensorNoiseCounts(), p.motionEventsPerMinute(), p.motionDurationSeconds(),
                p.motionAmplitude(), p.clippingEventsPerMinute(), p.clippingDurationSeconds(),
                p.flatLineEventsPerMinute(), p.flatLineDurationSeconds(), p.sensorOffFraction(), p.afOnsetSeconds(),
                p.afDurationSeconds(), p.afRrVariation(), p.afAmplitudeCoupling(), p.spo2Percent(),
                p.spo2DriftPercent(), p.desaturationEventsPerHour(), p.desaturationDepthPercent(),
                p.desaturationDurationSeconds()));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void builderRoundTripsEveryPreset() {
        for (SyntheticPpgParams p : presets(3)) {
            assertEquals(p, p.toBuilder().build(), p.preset());
            assertEquals(SyntheticPpgParams.CURRENT_VERSION, p.version());
        }
    }

    @Test
    void presetsAreNamedAndDistinct() {
        List<SyntheticPpgParams> presets = presets(3);
        assertEquals(List.of("healthyAdult", "sinusTachycardia", "elderlyAdult", "atrialFibrillation", "lowQuality",
                "desaturation"), presets.stream().map(SyntheticPpgParams::preset).toList());
        assertEquals(presets.size(), presets.stream().map(p -> p.toBuilder().optPreset("x").build()).distinct().count());
    }

    /** The calibration line by hand: 110 - 25 R at R = 0.4, 0.5, 1.0 gives 100, 97.5 and 85 %. */
    @Test
    void ratioOfRatiosInvertsTheCalibrationLine() {
        assertEquals(0.4, SyntheticPpgParams.ratioOfRatios(100), 1e-12);
        assertEquals(0.5, SyntheticPpgParams.ratioOfRatios(97.5), 1e-12);
        assertEquals(1.0, SyntheticPpgParams.ratioOfRatios(85), 1e-12);
    }

    @Test
    void adcLimitsFollowTheResolution() {
        SyntheticPpgParams p = SyntheticPpgParams.healthyAdult(1).toBuilder().optAdcBits(16).build();
        assertEquals(0, p.adcMin());
        assertEquals(65535, p.adcMax());
        assertEquals(Math.round(0.02 * 65535), p.sensorOffLevel());
        assertEquals(300 * 64, p.sampleCount());
    }

    private static List<SyntheticPpgParams> presets(long seed) {
        return List.of(SyntheticPpgParams.healthyAdult(seed), SyntheticPpgParams.sinusTachycardia(seed),
                SyntheticPpgParams.elderlyAdult(seed), SyntheticPpgParams.atrialFibrillation(seed),
                SyntheticPpgParams.lowQuality(seed), SyntheticPpgParams.desaturation(seed));
    }
}
