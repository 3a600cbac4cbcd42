package org.sigmappg.io.wfdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sigmappg.io.Channel;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;
import org.sigmappg.io.wfdb.WfdbTestWriter.Sig;

/** Every storage format, written by the test writer from known digital values and read back exactly. */
class WfdbFormatsTest {
    private final WfdbReader reader = new WfdbReader();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 24, 32, 61, 80, 160, 212, 310, 311})
    void roundTripsTwoInterleavedSignalsAtDifferentRates(int format) throws IOException {
        int frames = 101;
        int[] slow = values(format, frames, 1);
        int[] fast = values(format, 2 * frames, 2);
        Path header = WfdbTestWriter.write(dir, "r" + format, Integer.toString(format), 100,
                new Sig("SLOW", 1, slow, "50(-3)/NU"), new Sig("FAST", 2, fast, "100(5)/mV"));

        Recording recording = reader.read(header, ReadOptions.DEFAULT);

        Channel slowChannel = recording.channel("SLOW").orElseThrow();
        Channel fastChannel = recording.channel("FAST").orElseThrow();
        assertEquals(100.0, slowChannel.fs());
        assertEquals(200.0, fastChannel.fs());
        assertEquals("NU", slowChannel.unit());
        assertEquals("mV", fastChannel.unit());
        assertArrayEquals(physical(slow, -3, 50), slowChannel.samples());
        assertArrayEquals(physical(fast, 5, 100), fastChannel.samples());
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 24, 32, 61, 80, 160, 212, 310, 311})
    void theFormatsInvalidValueBecomesNaN(int format) throws IOException {
        int invalid = -(1 << (WfdbTestWriter.resolution(format) - 1));
        Path header = WfdbTestWriter.write(dir, "nan", Integer.toString(format), 250,
                new Sig("X", new int[] {7, invalid, invalid + 1, -7}));

        float[] samples = reader.read(header, ReadOptions.DEFAULT).channels().get(0).samples();

        assertEquals(0.02f, samples[0]);
        assertTrue(Float.isNaN(samples[1]));
        assertEquals((float) ((invalid + 1 - 5.0) / 100), samples[2]);
        assertEquals(-0.12f, samples[3]);
    }

    /** Format 8 has no invalid value: a stored difference of -128 is a real step. */
    @Test
    void format8FirstDifferencesAccumulatePerSignal() throws IOException {
        int[] a = {1000, 1127, 999, 999, 1010};
        int[] b = {-5, -4, -3, -2, -1, 0, 1, 2, 3, 4};
        Path header = WfdbTestWriter.write(dir, "diff", "8", 10, new Sig("A", 1, a, "1"), new Sig("B", 2, b, "1"));
        // Stored differences, frame by frame: A 0, B 0 1; A 127, B 1 1; A -128, B 1 1; A 0, ...
        byte[] bytes = Files.readAllBytes(dir.resolve("diff.dat"));
        assertArrayEquals(new byte[] {0, 0, 1, 127, 1, 1, -128, 1, 1, 0, 1, 1, 11, 1, 1}, bytes);

        Recording recording = reader.read(header, ReadOptions.DEFAULT);

        assertArrayEquals(new float[] {1000, 1127, 999, 999, 1010}, recording.channels().get(0).samples());
        assertArrayEquals(new float[] {-5, -4, -3, -2, -1, 0, 1, 2, 3, 4}, recording.channels().get(1).samples());
    }

    /**
     * Bytes derived by hand from signal(5), independent of the test writer. 212, samples 1 and -1 (0x001
     * and 0xFFF): byte 0 is the low 8 bits of sample 0 (01); byte 1 holds the high nibble of sample 1 (F)
     * above the high nibble of sample 0 (0), so F0; byte 2 is the low 8 bits of sample 1 (FF).
     */
    @Test
    void format212DecodesHandPackedBytes() throws IOException {
        writeRaw("h212", 212, 2, new byte[] {0x01, (byte) 0xF0, (byte) 0xFF});
        assertArrayEquals(new float[] {1, -1}, readDigitalAsFloats("h212"));
    }

    /**
     * 310, samples 5, -3, 300: word1 = 5 &lt;&lt; 1 | (300 &amp; 0x1F) &lt;&lt; 11 = 0x000A | 12 &lt;&lt; 11 =
     * 0x600A; word2 = (-3 &amp; 0x3FF) &lt;&lt; 1 | (300 &gt;&gt; 5) &lt;&lt; 11 = 0x07FA | 9 &lt;&lt; 11 = 0x4FFA;
     * little-endian bytes 0A 60 FA 4F.
     */
    @Test
    void format310DecodesHandPackedBytes() throws IOException {
        writeRaw("h310", 310, 3, new byte[] {0x0A, 0x60, (byte) 0xFA, 0x4F});
        assertArrayEquals(new float[] {5, -3, 300}, readDigitalAsFloats("h310"));
    }

    /**
     * 311, samples 5, -3, 300: word = 5 | 0x3FD &lt;&lt; 10 | 300 &lt;&lt; 20 = 0x12CFF405 ({@code python3 -c
     * "print(hex(5 | (1021 << 10) | (300 << 20)))"}); little-endian bytes 05 F4 CF 12.
     */
    @Test
    void format311DecodesHandPackedBytes() throws IOException {
        writeRaw("h311", 311, 3, new byte[] {0x05, (byte) 0xF4, (byte) 0xCF, 0x12});
        assertArrayEquals(new float[] {5, -3, 300}, readDigitalAsFloats("h311"));
    }

    /**
     * 160 is offset binary, least significant byte first: 00 80 is 0x8000 - 32768 = 0, FF FF is 65535 - 32768 =
     * 32767, 01 00 is 1 - 32768 = -32767, 34 12 is 0x1234 - 32768 = 4660 - 32768 = -28108, and 00 00 is -32768,
     * the invalid value. The bytes 01 02 that format 16 reads as 513 are 513 - 32768 = -32255 in format 160.
     */
    @Test
    void format160DecodesHandWrittenOffsetBinary() throws IOException {
        writeRaw("h160", 160, 6, new byte[] {0x00, (byte) 0x80, (byte) 0xFF, (byte) 0xFF, 0x01, 0x00, 0x34, 0x12, 0x00,
                0x00, 0x01, 0x02});
        assertArrayEquals(new float[] {0, 32767, -32767, -28108, Float.NaN, -32255}, readDigitalAsFloats("h160"));
    }

    /** 61 is big-endian, 16 little-endian: the same two bytes 01 02 are 258 and 513. */
    @Test
    void formats16And61DifferOnlyInByteOrder() throws IOException {
        writeRaw("le", 16, 1, new byte[] {0x01, 0x02});
        writeRaw("be", 61, 1, new byte[] {0x01, 0x02});
        assertArrayEquals(new float[] {513}, readDigitalAsFloats("le"));
        assertArrayEquals(new float[] {258}, readDigitalAsFloats("be"));
    }

    /**
     * A packed format's last, partial group takes only the bytes its samples need: 212 with 1 or 3
     * samples; 310 and 311 with 1, 2, 4 or 5 samples.
     */
    @ParameterizedTest
    @ValueSource(strings = {"212:1:2", "212:3:5", "212:4:6", "310:1:2", "310:2:4", "310:4:6", "310:5:8",
            "311:1:2", "311:2:3", "311:4:6", "311:5:7", "311:6:8"})
    void packedFormatsWithPartialLastGroup(String caseText) throws IOException {
        String[] parts = caseText.split(":");
        int format = Integer.parseInt(parts[0]);
        int n = Integer.parseInt(parts[1]);
        int[] digital = IntStream.range(0, n).map(i -> (i % 2 == 0 ? 1 : -1) * (100 + 37 * i)).toArray();
        WfdbTestWriter.write(dir, "odd", parts[0], 250, new Sig("X", 1, digital, "1"));
        assertEquals(Long.parseLong(parts[2]), Files.size(dir.resolve("odd.dat")));

        assertArrayEquals(floats(digital), readDigitalAsFloats("odd"));
        assertEquals(Long.parseLong(parts[2]), StorageFormat.of(format).orElseThrow().bytesFor(n));
    }

    /** wfdb-python pads format 311 to whole 4-byte words when it writes; the extra byte must not matter. */
    @Test
    void format311PaddedToAWholeWordReadsTheSame() throws IOException {
        int[] digital = {-1, 2};
        WfdbTestWriter.write(dir, "pad", "311", 250, new Sig("X", 1, digital, "1"));
        Files.write(dir.resolve("pad.dat"), new byte[] {0}, StandardOpenOption.APPEND);
        assertArrayEquals(new float[] {-1, 2}, readDigitalAsFloats("pad"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"16+24", "212+7", "310+1", "80+512", "8+3"})
    void byteOffsetSkipsThePrefix(String formatField) throws IOException {
        int[] a = {3, -4, 5, -6, 7};
        int[] b = {-30, 40, -50, 60, -60};
        Path header = WfdbTestWriter.write(dir, "off", formatField, 250, new Sig("A", 1, a, "1"), new Sig("B", 1, b, "1"));
        assertTrue(Files.readString(header).contains(formatField));

        Recording recording = reader.read(header, ReadOptions.DEFAULT);

        assertArrayEquals(floats(a), recording.channels().get(0).samples());
        assertArrayEquals(floats(b), recording.channels().get(1).samples());
    }

    @Test
    void signalsInSeveralFilesAndFormats() throws IOException {
        WfdbTestWriter.write(dir, "part1", "212", 125, new Sig("ECG", 4, new int[] {1, 2, 3, 4, 5, 6, 7, 8}, "1"));
        WfdbTestWriter.write(dir, "part2", "16", 125, new Sig("PLETH", 1, new int[] {-9, 9}, "1"));
        Path header = dir.resolve("both.hea");
        Files.writeString(header, "both 2 125 2\n"
                + signalLine(dir.resolve("part1.hea"), 1) + "\n" + signalLine(dir.resolve("part2.hea"), 1) + "\n");

        Recording recording = reader.read(header, ReadOptions.DEFAULT);

        assertEquals(500.0, recording.channel("ECG").orElseThrow().fs());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, recording.channel("ECG").orElseThrow().samples());
        assertArrayEquals(new float[] {-9, 9}, recording.channel("PLETH").orElseThrow().samples());
    }

    /** A skewed signal is shifted earlier by its skew; the frames it lacks at the end are NaN, not invented. */
    @Test
    void skewShiftsTheSignal() throws IOException {
        WfdbTestWriter.write(dir, "skew", "16", 100, new Sig("A", 1, new int[] {1, 2, 3, 4}, "1"),
                new Sig("B", 1, new int[] {10, 20, 30, 40}, "1"));
        Path header = dir.resolve("skew.hea");
        Files.writeString(header, Files.readString(header).replace("skew.dat 16 1 16 0 10", "skew.dat 16:2 1 16 0 10"));

        Recording recording = reader.read(header, ReadOptions.DEFAULT);

        assertArrayEquals(new float[] {1, 2, 3, 4}, recording.channels().get(0).samples());
        assertArrayEquals(new float[] {30, 40, Float.NaN, Float.NaN}, recording.channels().get(1).samples());
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 80, 160, 212, 310, 311})
    void sampleCountComesFromTheFileWhenTheHeaderOmitsIt(int format) throws IOException {
        int[] a = {1, 2, 3, 4, 5, 6, 7};
        int[] b = {-1, -2, -3, -4, -5, -6, -7};
        Path header = WfdbTestWriter.write(dir, "nolen", Integer.toString(format), 250, new Sig("A", 1, a, "1"),
                new Sig("B", 1, b, "1"));
        Files.writeString(header, Files.readString(header).replaceFirst("nolen 2 250.0 7", "nolen 2 250"));

        Recording recording = reader.read(header, ReadOptions.DEFAULT);

        assertArrayEquals(floats(a), recording.channels().get(0).samples());
        assertArrayEquals(floats(b), recording.channels().get(1).samples());
    }

    @Test
    void nullSignalIsAllNaN() throws IOException {
        WfdbTestWriter.write(dir, "data", "16", 100, new Sig("A", 1, new int[] {1, 2, 3}, "1"));
        Path header = dir.resolve("withnull.hea");
        Files.writeString(header, "withnull 2 100 3\n" + signalLine(dir.resolve("data.hea"), 1) + "\n"
                + "~ 0 100/mV 16 0 0 0 0 GONE\n");

        Recording recording = reader.read(header, ReadOptions.DEFAULT);

        assertArrayEquals(new float[] {1, 2, 3}, recording.channel("A").orElseThrow().samples());
        assertArrayEquals(new float[] {Float.NaN, Float.NaN, Float.NaN}, recording.channel("GONE").orElseThrow().samples());
    }

    /** A file spanning several 64 KiB read chunks, so that chunk boundaries fall inside packed groups. */
    @Test
    void longFileAcrossReadChunks() throws IOException {
        int n = 100_003;
        Random random = new Random(42);
        int[] a = random.ints(n, -2047, 2048).toArray();
        int[] b = random.ints(n, -2047, 2048).toArray();
        Path header = WfdbTestWriter.write(dir, "long", "212", 250, new Sig("A", 1, a, "1"), new Sig("B", 1, b, "1"));

        Recording recording = reader.read(header, ReadOptions.DEFAULT);

        assertArrayEquals(floats(a), recording.channels().get(0).samples());
        assertArrayEquals(floats(b), recording.channels().get(1).samples());
    }

    /** Digital values that span the format's range without its invalid value; for format 8 a walk of small steps. */
    private static int[] values(int format, int n, int seed) {
        Random random = new Random(seed);
        if (format == 8) {
            int[] walk = new int[n];
            walk[0] = 300;
            for (int i = 1; i < n; i++) {
                walk[i] = walk[i - 1] + random.nextInt(256) - 128;
            }
            return walk;
        }
        int bits = WfdbTestWriter.resolution(format);
        int max = bits == 32 ? Integer.MAX_VALUE : (1 << (bits - 1)) - 1;
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (i) {
                case 0 -> max;
                case 1 -> -max;
                case 2 -> 0;
                case 3 -> -1;
                default -> (int) (random.nextDouble() * 2 * max - max);
            };
        }
        return v;
    }

    private static float[] physical(int[] digital, int baseline, double gain) {
        float[] out = new float[digital.length];
        for (int i = 0; i < digital.length; i++) {
            out[i] = (float) ((digital[i] - (double) baseline) / gain);
        }
        return out;
    }

    private static float[] floats(int[] digital) {
        float[] out = new float[digital.length];
        for (int i = 0; i < digital.length; i++) {
            out[i] = digital[i];
        }
        return out;
    }

    /** A one-signal record over given bytes, with gain 1 and baseline 0 so physical equals digital. */
    private void writeRaw(String record, int format, int samples, byte[] bytes) throws IOException {
        Files.write(dir.resolve(record + ".dat"), bytes);
        Files.writeString(dir.resolve(record + ".hea"), record + " 1 250 " + samples + "\n" + record + ".dat " + format
                + " 1(0)/mV 12 0\n");
    }

    private float[] readDigitalAsFloats(String record) throws IOException {
        return reader.read(dir.resolve(record + ".hea"), ReadOptions.DEFAULT).channels().get(0).samples();
    }

    private static String signalLine(Path header, int line) throws IOException {
        return Files.readAllLines(header).get(line);
    }
}
