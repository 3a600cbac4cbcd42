package org.sigmappg.io.wfdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;
import org.sigmappg.io.SourceFolder;
import org.sigmappg.io.wfdb.WfdbTestWriter.Sig;

/** Every way a record can be wrong ends in a ReadException that names the file and the problem. */
class WfdbReaderErrorsTest {
    private final WfdbReader reader = new WfdbReader();

    @TempDir
    Path dir;

    private Path twoSignals(String formatField) throws IOException {
        return WfdbTestWriter.write(dir, "rec", formatField, 250, new Sig("A", new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}),
                new Sig("B", new int[] {-1, -2, -3, -4, -5, -6, -7, -8, -9, -10}));
    }

    private ReadException readFails(Path header) {
        return assertThrows(ReadException.class, () -> reader.read(header, ReadOptions.DEFAULT));
    }

    private void replaceInHeader(Path header, String from, String to) throws IOException {
        String text = Files.readString(header);
        assertTrue(text.contains(from), text);
        Files.writeString(header, text.replace(from, to));
    }

    private void truncate(Path file, long size) throws IOException {
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), (int) size));
    }

    @Test
    void truncatedSignalFileGivesBothCountsInSamplesAndBytes() throws IOException {
        Path header = twoSignals("16");
        Path dat = dir.resolve("rec.dat");
        truncate(dat, 37);

        ReadException e = readFails(header);

        assertEquals(dat, e.file());
        assertEquals("rec.hea says 10 samples per signal, which takes 40 bytes (20 stored samples), but the file"
                + " holds only 37 bytes, enough for 9 samples per signal (18 stored samples); the signal file is"
                + " truncated or the header's sample count is wrong", e.problem());
        assertTrue(e.getMessage().contains("rec.dat"));
    }

    @Test
    void truncatedFileAfterAByteOffsetCountsFromTheOffset() throws IOException {
        Path header = twoSignals("212+24");
        Path dat = dir.resolve("rec.dat");
        // 20 samples of 212 take 30 bytes after the 24-byte prefix; leave 24 + 25.
        truncate(dat, 49);

        ReadException e = readFails(header);

        assertTrue(e.problem().contains("says 10 samples per signal, which takes 30 bytes (20 stored samples) after"
                + " the 24-byte prefix, but the file holds only 25 bytes there, enough for 8 samples per signal (16"
                + " stored samples)"), e.getMessage());
    }

    @Test
    void headerSampleCountLargerThanTheFile() throws IOException {
        Path header = twoSignals("16");
        replaceInHeader(header, "rec 2 250.0 10", "rec 2 250.0 11");

        ReadException e = readFails(header);

        assertTrue(e.getMessage().contains("rec.dat byte 40: rec.hea says 11 samples per signal, which takes 44 bytes (22"
                + " stored samples), but the file holds only 40 bytes, enough for 10 samples per signal"), e.getMessage());
    }

    @Test
    void checksumMismatchNamesTheFileAndTheSignal() throws IOException {
        Path header = twoSignals("16");
        Path dat = dir.resolve("rec.dat");
        byte[] bytes = Files.readAllBytes(dat);
        bytes[4 * 5 + 2] += 1; // frame 5, signal B, low byte: -6 becomes -5
        Files.write(dat, bytes);

        ReadException e = readFails(header);

        assertEquals(dat, e.file());
        assertEquals("signal B (rec.hea line 3)", e.location());
        assertEquals("the checksum of its 10 samples is -54 but the header says -55; the signal file is damaged, was"
                + " read in the wrong format, or does not belong to this header", e.problem());
    }

    /** The checksum covers every sample, so when it agrees only the header's initial value is wrong: read, with a warning. */
    @Test
    void initialValueMismatchWithAMatchingChecksumIsAWarning() throws IOException {
        Path header = twoSignals("16");
        replaceInHeader(header, "rec.dat 16 100(5)/mV 16 0 1 55 0 A", "rec.dat 16 100(5)/mV 16 0 2 55 0 A");

        Recording recording = reader.read(header, ReadOptions.DEFAULT);

        float[] a = recording.channel("A").orElseThrow().samples();
        assertEquals(10, a.length);
        assertEquals((float) ((1 - 5) / 100.0), a[0], "the first sample is the file's, not the header's initial value");
        assertEquals(List.of("signal A (rec.hea line 2): the first sample in rec.dat is 1 but the header's initial"
                + " value is 2; read anyway, since the checksum of all 10 samples agrees with the header, so only the"
                + " initial value is wrong"), recording.warnings());
    }

    @Test
    void initialValueMismatchWithoutAChecksumIsRefused() throws IOException {
        Path header = twoSignals("16");
        replaceInHeader(header, "rec.dat 16 100(5)/mV 16 0 1 55 0 A", "rec.dat 16 100(5)/mV 16 0 2");

        ReadException e = readFails(header);

        assertEquals(dir.resolve("rec.dat"), e.file());
        assertTrue(e.problem().startsWith("the first sample is 1 but the header's initial value is 2, and the header"
                + " gives no checksum to show that the samples were read as written"), e.getMessage());
    }

    /** A damaged first sample moves both the initial value and the checksum off: the checksum refuses it. */
    @Test
    void initialValueAndChecksumBothWrongIsRefused() throws IOException {
        Path header = twoSignals("16");
        Path dat = dir.resolve("rec.dat");
        byte[] bytes = Files.readAllBytes(dat);
        bytes[0] += 1; // frame 0, signal A: 1 becomes 2
        Files.write(dat, bytes);

        ReadException e = readFails(header);

        assertEquals("signal A (rec.hea line 2)", e.location());
        assertTrue(e.problem().startsWith("the checksum of its 10 samples is 56 but the header says 55"), e.getMessage());
    }

    @Test
    void unknownStorageFormat() throws IOException {
        Path header = twoSignals("16");
        replaceInHeader(header, "rec.dat 16 100(5)/mV 16 0 -1", "rec.dat 999 100(5)/mV 16 0 -1");

        ReadException e = readFails(header);

        assertEquals(header + " line 3: unknown storage format 999; WFDB formats 8, 16, 24, 32, 61, 80, 160, 212, 310,"
                + " 311 are supported", e.getMessage());
    }

    @Test
    void gainZeroIsRefusedAsUncalibrated() throws IOException {
        Path header = twoSignals("16");
        replaceInHeader(header, "rec.dat 16 100(5)/mV 16 0 -1", "rec.dat 16 0/mV 16 0 -1");

        ReadException e = readFails(header);

        assertEquals(header, e.file());
        assertEquals("line 3", e.location());
        assertTrue(e.problem().startsWith("signal B has ADC gain 0, which WFDB uses to mark an uncalibrated signal"),
                e.getMessage());
        assertTrue(e.problem().contains("give the gain in ADC units per physical unit on its signal line"), e.getMessage());
    }

    @Test
    void gainZeroOfAnUnreadChannelDoesNotMatter() throws IOException {
        Path header = twoSignals("16");
        replaceInHeader(header, "rec.dat 16 100(5)/mV 16 0 -1", "rec.dat 16 0/mV 16 0 -1");

        assertEquals(1, reader.read(header, ReadOptions.DEFAULT.withChannels("A")).channels().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-250", "0/250"})
    void samplingRateZeroOrNegative(String fs) throws IOException {
        Path header = twoSignals("16");
        replaceInHeader(header, "rec 2 250.0 10", "rec 2 " + fs + " 10");

        ReadException e = readFails(header);

        assertEquals("line 1", e.location());
        assertTrue(e.getMessage().contains("rec.hea line 1: the sampling frequency is " + fs.split("/")[0]
                + " Hz; it must be positive"), e.getMessage());
    }

    @Test
    void missingSignalFileNamesTheExpectedPath() throws IOException {
        Path header = twoSignals("16");
        Files.delete(dir.resolve("rec.dat"));

        ReadException e = readFails(header);

        assertEquals(header, e.file());
        assertEquals("line 2", e.location());
        assertTrue(e.problem().startsWith("signal file rec.dat not found; expected it at "
                + dir.resolve("rec.dat").toAbsolutePath()), e.getMessage());
    }

    /**
     * A record whose signal file has been moved out of its folder, to {@code dir/outside.dat}, with the
     * header in {@code dir/rec/} naming it as {@code name}: the bytes are good, so only the rule refuses them.
     */
    private Path recordNamingItsSignalFile(String name) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("rec"));
        Path header = WfdbTestWriter.write(folder, "rec", "16", 250, new Sig("A", new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
        Files.move(folder.resolve("rec.dat"), dir.resolve("outside.dat"));
        replaceInHeader(header, "rec.dat 16", name + " 16");
        return header;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ABSOLUTE", "../outside.dat"})
    void aSignalFileOutsideTheRecordsFolderIsRefusedNamingTheHeaderLine(String name) throws IOException {
        String written = name.equals("ABSOLUTE") ? dir.resolve("outside.dat").toString() : name;
        Path header = recordNamingItsSignalFile(written);

        ReadException e = readFails(header);

        assertEquals(header, e.file());
        assertEquals("line 2", e.location());
        assertEquals("the signal file '" + written + "' is outside the folder " + dir.resolve("rec") + "; the files that a"
                + " header, a recipe or a bundle names must sit inside that folder", e.problem());
    }

    @Test
    void aSignalFileLinkedFromOutsideIsReadOnlyWhenLinksAreFollowed() throws IOException {
        Path header = recordNamingItsSignalFile("rec.dat");
        Files.createSymbolicLink(dir.resolve("rec/rec.dat"), dir.resolve("outside.dat"));

        ReadException e = readFails(header);
        assertEquals("line 2", e.location());
        assertTrue(e.problem().startsWith("the signal file 'rec.dat' leads through a symbolic link to "
                + dir.resolve("outside.dat").toRealPath() + ", outside the folder " + dir.resolve("rec")), e.problem());

        ReadOptions following = ReadOptions.DEFAULT.withFolder(SourceFolder.of(dir.resolve("rec"), true));
        assertEquals(10, reader.read(header, following).channels().get(0).length());
    }

    @Test
    void malformedNumberNamesLineAndField() throws IOException {
        Path header = twoSignals("16");
        replaceInHeader(header, "16 0 -1 -55", "16 0 -1 -5x5");

        ReadException e = readFails(header);

        assertEquals(header + " line 3: the checksum '-5x5' is not a whole number", e.getMessage());
    }

    @Test
    void unknownChannelListsTheAvailableOnes() throws IOException {
        Path header = twoSignals("16");

        ReadException e = assertThrows(ReadException.class,
                () -> reader.read(header, ReadOptions.DEFAULT.withChannels("A, PLETH")));

        assertEquals(header + ": no channel named 'PLETH'; the record's channels are A, B", e.getMessage());
    }

    @Test
    void signalsOfOneFileMustBeOnConsecutiveLines() throws IOException {
        WfdbTestWriter.write(dir, "other", "16", 250, new Sig("C", new int[] {1}));
        Path header = dir.resolve("mixed.hea");
        Files.writeString(header, "mixed 3 250 1\nx.dat 16\nother.dat 16\nx.dat 16\n");
        Files.write(dir.resolve("x.dat"), new byte[4]);

        ReadException e = readFails(header);

        assertTrue(e.getMessage().contains("mixed.hea line 4: signal file x.dat appears again after other files"),
                e.getMessage());
    }

    @Test
    void signalsOfOneFileMustShareTheFormat() throws IOException {
        Path header = dir.resolve("mixed.hea");
        Files.writeString(header, "mixed 2 250 1\nx.dat 16 200 16 0 0 0 0 A\nx.dat 212 200 12 0 0 0 0 B\n");
        Files.write(dir.resolve("x.dat"), new byte[4]);

        ReadException e = readFails(header);

        assertTrue(e.getMessage().contains("mixed.hea line 3: signal B is stored in format 212 but shares x.dat with"
                + " signals in format 16"), e.getMessage());
    }

    /**
     * Whatever the file length, reading either succeeds with the right values or says the file is too
     * short: never an exception of another kind (an index out of bounds, an EOF without the file name).
     */
    @ParameterizedTest
    @ValueSource(ints = {8, 16, 24, 32, 61, 80, 160, 212, 310, 311})
    void everyTruncationIsAReadException(int format) throws IOException {
        Path header = WfdbTestWriter.write(dir, "cut", Integer.toString(format), 250,
                new Sig("A", 1, new int[] {5, 6, 7, 8, 9}, "1"), new Sig("B", 2, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "1"));
        Path dat = dir.resolve("cut.dat");
        byte[] full = Files.readAllBytes(dat);
        for (int size = 0; size < full.length; size++) {
            Files.write(dat, Arrays.copyOf(full, size));
            try {
                reader.read(header, ReadOptions.DEFAULT);
                fail("read " + size + " of " + full.length + " bytes without complaint");
            } catch (ReadException e) {
                assertEquals(dat, e.file());
                assertTrue(e.problem().contains("the signal file is truncated"), e.getMessage());
            }
        }
    }

    /** Random damage to a header is either read or refused with a ReadException naming the header. */
    @Test
    void damagedHeadersNeverLeakOtherExceptions() throws IOException {
        Path header = WfdbTestWriter.write(dir, "fuzz", "212", 250, new Sig("A", 2, new int[] {5, 6, 7, 8}, "100(3)/mV"),
                new Sig("B", 1, new int[] {1, 2}, "1"));
        String original = Files.readString(header);
        String alphabet = "0123456789 x+:/()-.e#~\n";
        Random random = new Random(7);
        int refused = 0;
        for (int trial = 0; trial < 500; trial++) {
            char[] text = original.toCharArray();
            for (int k = 0; k < 3; k++) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            Files.writeString(header, new String(text));
            try {
                reader.read(header, ReadOptions.DEFAULT);
            } catch (ReadException e) {
                refused++;
                assertTrue(e.getMessage().contains("fuzz."), e.getMessage());
                assertFalse(e.problem().isBlank());
            } catch (RuntimeException e) {
                fail("header\n" + new String(text) + "\nthrew " + e);
            }
        }
        assertTrue(refused > 100, "most random damage should be refused, was " + refused);
    }
}
