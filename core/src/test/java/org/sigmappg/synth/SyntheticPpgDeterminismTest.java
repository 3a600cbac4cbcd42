package org.sigmappg.synth;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.Gson;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sigmappg.io.Channel;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.Recording;

/** Same seed, same bits; another seed, another recording; and the output of version 1 is pinned. */
class SyntheticPpgDeterminismTest {

    static Stream<LongFunction<SyntheticPpgParams>> presets() {
        return Stream.of(SyntheticPpgParams::healthyAdult, SyntheticPpgParams::sinusTachycardia,
                SyntheticPpgParams::elderlyAdult, SyntheticPpgParams::atrialFibrillation,
                SyntheticPpgParams::lowQuality, SyntheticPpgParams::desaturation);
    }

    @ParameterizedTest
    @MethodSource("presets")
    void sameSeedGivesIdenticalOutput(LongFunction<SyntheticPpgParams> preset) {
        Recording a = SyntheticPpg.generate(preset.apply(42));
        Recording b = SyntheticPpg.generate(preset.apply(42));
        assertEquals(a.name(), b.name());
        assertEquals(a.annotations(), b.annotations());
        assertEquals(a.channels().size(), b.channels().size());
        for (int c = 0; c < a.channels().size(); c++) {
            assertArrayEquals(a.channels().get(c).samples(), b.channels().get(c).samples(), a.channels().get(c).name());
        }
        for (int l = 0; l < a.labels().size(); l++) {
            assertArrayEquals(a.labels().get(l).values(), b.labels().get(l).values(), a.labels().get(l).name());
        }
    }

    @ParameterizedTest
    @MethodSource("presets")
    void differentSeedGivesDifferentOutput(LongFunction<SyntheticPpgParams> preset) {
        Recording a = SyntheticPpg.generate(preset.apply(42));
        Recording b = SyntheticPpg.generate(preset.apply(43));
        for (int c = 0; c < a.channels().size(); c++) {
            assertFalse(Arrays.equals(a.channels().get(c).samples(), b.channels().get(c).samples()),
                    a.channels().get(c).name());
        }
        assertFalse(Arrays.equals(label(a, SyntheticPpg.HR), label(b, SyntheticPpg.HR)));
    }

    /**
     * Digests of the samples and labels that version 1 produces. They hold across runs and machines
     * because the generator uses only {@link java.util.Random} and {@link StrictMath}. If a change to the
     * generator alters them, bump {@link SyntheticPpgParams#CURRENT_VERSION} and pin the new digests.
     */
    @Test
    void outputOfVersionOneIsPinned() {
        assertEquals(1, SyntheticPpgParams.CURRENT_VERSION);
        assertAll(
                () -> assertDigest("37739447acbc3ae8c7b2ebb8c640a26ff334258b2cc3a66aa84ac84916083a25",
                        SyntheticPpgParams.healthyAdult(7)),
                () -> assertDigest("aff5d40ed35fb62dc7fac97e10e9f6ace9894c2e39b9e9644063d4aa61f79cc0",
                        SyntheticPpgParams.lowQuality(7)),
                () -> assertDigest("dd279ffbbb4903721e2014d1eb3914eb918ce29d96c32e00a48b4a50caf40e33",
                        SyntheticPpgParams.atrialFibrillation(7)),
                () -> assertDigest("f34edbd08d9116c53f3f5d528683516c91f3c6b14583fcb9220b94c79140fe50",
                        SyntheticPpgParams.desaturation(7)));
    }

    @Test
    void annotationsRecordSeedPresetAndParameters() {
        SyntheticPpgParams params = SyntheticPpgParams.desaturation(-5).toBuilder().optDurationSeconds(20).build();
        Recording rec = SyntheticPpg.generate(params);
        assertEquals("-5", rec.annotations().get(SyntheticPpg.ANNOTATION_SEED));
        assertEquals("desaturation", rec.annotations().get(SyntheticPpg.ANNOTATION_PRESET));
        assertEquals("1", rec.annotations().get(SyntheticPpg.ANNOTATION_VERSION));
        assertEquals(params, new Gson().fromJson(rec.annotations().get(SyntheticPpg.ANNOTATION_PARAMS),
                SyntheticPpgParams.class));
        assertEquals(List.of(SyntheticPpg.RED, SyntheticPpg.IR, SyntheticPpg.PLETH),
                rec.channels().stream().map(Channel::name).toList());
        for (Channel c : rec.channels()) {
            assertEquals(20 * 64, c.length());
            assertEquals(64.0, c.fs());
        }
        assertEquals(List.of(SyntheticPpg.HR, SyntheticPpg.RR, SyntheticPpg.SPO2, SyntheticPpg.AF, SyntheticPpg.QUALITY),
                rec.labels().stream().map(LabelSeries::name).toList());
        for (LabelSeries l : rec.labels()) {
            assertEquals(20, l.size());
            assertEquals(19.0, l.times()[19]);
        }
    }

    private static double[] label(Recording rec, String name) {
        return SyntheticPpgPhysiologyTest.label(rec, name).values();
    }

    private static void assertDigest(String expected, SyntheticPpgParams params) {
        assertEquals(expected, digest(SyntheticPpg.generate(params)), params.preset() + " seed " + params.seed());
    }

    /** SHA-256 over every channel's float bits and every label's double bits, in order. */
    private static String digest(Recording rec) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Channel c : rec.channels()) {
                ByteBuffer buffer = ByteBuffer.allocate(4 * c.length());
                for (float v : c.samples()) {
                    buffer.putInt(Float.floatToIntBits(v));
                }
                sha.update(buffer.array());
            }
            for (LabelSeries l : rec.labels()) {
                ByteBuffer buffer = ByteBuffer.allocate(8 * l.size());
                for (double v : l.values()) {
                    buffer.putLong(Double.doubleToLongBits(v));
                }
                sha.update(buffer.array());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
