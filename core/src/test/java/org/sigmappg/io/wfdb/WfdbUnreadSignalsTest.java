package org.sigmappg.io.wfdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sigmappg.io.Channel;
import org.sigmappg.io.PpgChannels;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;
import org.sigmappg.io.Recording.UnreadChannel;
import org.sigmappg.io.wfdb.WfdbTestWriter.Sig;

/**
 * Records with a signal in a FLAC format, which is not decoded: the chosen signals in other formats are
 * read and the FLAC ones left out with a warning; a FLAC signal asked for, or the PPG channel, is refused.
 */
class WfdbUnreadSignalsTest {
    private static final String FORMATS_READ = "the formats read are 8, 16, 24, 32, 61, 80, 160, 212, 310, 311";
    /** PLETH's digital values in rec.dat; the gain field 100(5)/mV makes them (d - 5) / 100. */
    private static final int[] PLETH = {10, 20, 30, 40};

    private final WfdbReader reader = new WfdbReader();

    @TempDir
    Path dir;

    /**
     * rec.hea with a format-16 signal in rec.dat and a signal in {@code flacFormat} in its own file
     * rec_flac.dat, which holds a FLAC stream's magic bytes and nothing a reader could decode. The
     * format-16 signal is named {@code readable}, the FLAC one {@code flac}; the FLAC line comes last.
     */
    private Path mixed(String readable, String flac, int flacFormat) throws IOException {
        Path written = WfdbTestWriter.write(dir, "rec", "16", 125, new Sig(readable, PLETH));
        String sixteen = Files.readAllLines(written).get(1);
        Files.write(dir.resolve("rec_flac.dat"), "fLaC\0\0\0\"".getBytes(StandardCharsets.ISO_8859_1));
        return Files.writeString(dir.resolve("rec.hea"), "rec 2 125 4\n" + sixteen + "\nrec_flac.dat " + flacFormat
                + " 200/mV 0 0 0 0 0 " + flac + "\n");
    }

    private static String reason(String signal, int line, int format) {
        return "signal " + signal + " (rec.hea line " + line + ") is stored in WFDB format " + format
                + " (FLAC-compressed), which is not read; " + FORMATS_READ;
    }

    private static float[] physical(int[] digital) {
        float[] out = new float[digital.length];
        for (int i = 0; i < digital.length; i++) {
            out[i] = (float) ((digital[i] - 5) / 100.0);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {508, 516, 524})
    void allChannelsReadTheOthersAndNameTheOneLeftOut(int format) throws IOException {
        Path header = mixed("PLETH", "ECG", format);

        Recording r = reader.read(header, ReadOptions.DEFAULT);

        assertEquals(List.of("PLETH"), r.channels().stream().map(Channel::name).toList());
        assertArrayEquals(physical(PLETH), r.channels().get(0).samples());
        assertEquals(List.of(new UnreadChannel("ECG", reason("ECG", 3, format))), r.unreadChannels());
        assertEquals(List.of(reason("ECG", 3, format) + "; it was left out and the other signals were read"), r.warnings());
        assertEquals("PLETH", PpgChannels.choose(r, null).orElseThrow().name());
    }

    /** A FLAC signal that was not asked for is neither read nor warned about. */
    @Test
    void aChosenReadableChannelReadsWithoutWarning() throws IOException {
        Path header = mixed("PLETH", "ECG", 516);

        Recording r = reader.read(header, ReadOptions.DEFAULT.withChannels("pleth"));

        assertEquals(List.of("PLETH"), r.channels().stream().map(Channel::name).toList());
        assertEquals(List.of(), r.unreadChannels());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void aChosenFlacChannelIsRefusedNamingItsFormatAndTheFormatsRead() throws IOException {
        Path header = mixed("PLETH", "ECG", 516);

        ReadException e = assertThrows(ReadException.class,
                () -> reader.read(header, ReadOptions.DEFAULT.withChannels("PLETH,ECG")));

        assertEquals(header + ": " + reason("ECG", 3, 516), e.getMessage());
    }

    /**
     * The PPG channel by its name is the FLAC one: the readable ECG, the only channel read, must not be taken
     * in its place, so the choice is refused; named, the ECG is still chosen.
     */
    @Test
    void aPpgChannelInFlacIsRefusedRatherThanReplacedByTheOnlyChannelRead() throws IOException {
        Path header = mixed("ECG", "PLETH", 516);
        Recording r = reader.read(header, ReadOptions.DEFAULT);
        assertEquals(List.of("ECG"), r.channels().stream().map(Channel::name).toList());

        ReadException e = assertThrows(ReadException.class, () -> PpgChannels.choose(r, null));

        assertEquals(header + ": " + reason("PLETH", 3, 516) + "; it is the record's PPG channel by its name",
                e.getMessage());
        assertEquals("ECG", PpgChannels.choose(r, "ecg").orElseThrow().name());
        assertEquals(header + ": " + reason("PLETH", 3, 516),
                assertThrows(ReadException.class, () -> PpgChannels.choose(r, "Pleth")).getMessage());
    }

    @Test
    void aRecordWithOnlyFlacSignalsIsRefused() throws IOException {
        Files.write(dir.resolve("rec.dat"), "fLaC".getBytes(StandardCharsets.ISO_8859_1));
        Path header = Files.writeString(dir.resolve("rec.hea"), "rec 2 125 4\nrec.dat 516 200/mV 0 0 0 0 0 PLETH\n"
                + "rec.dat 516 200/mV 0 0 0 0 0 ECG\n");

        ReadException e = assertThrows(ReadException.class, () -> reader.read(header, ReadOptions.DEFAULT));

        assertEquals(header + ": no signal of the record can be read: " + reason("PLETH", 2, 516)
                + "; 'ECG' is FLAC-compressed too", e.getMessage());
    }

    /**
     * Frames interleave the signals of one file, so a file cannot hold a FLAC stream and 16-bit samples
     * at once, and no part of such a file can be decoded: refused even when only the format-16 signal is wanted.
     */
    @Test
    void aFlacSignalSharingAFileWithOthersIsRefused() throws IOException {
        Path written = WfdbTestWriter.write(dir, "rec", "16", 125, new Sig("PLETH", PLETH));
        Path header = Files.writeString(written, Files.readString(written).replace("rec 1", "rec 2")
                + "rec.dat 516 200/mV 0 0 0 0 0 ECG\n");

        ReadException e = assertThrows(ReadException.class,
                () -> reader.read(header, ReadOptions.DEFAULT.withChannels("PLETH")));

        assertEquals(header + " line 3: signal ECG is stored in format 516 but shares rec.dat with signals in format 16;"
                + " all signals of one file must use one format", e.getMessage());
    }

    /** Without a sample count in the header, the length comes from the files that are read, not the FLAC one. */
    @Test
    void theLengthComesFromTheReadableFilesWhenTheHeaderOmitsIt() throws IOException {
        Path header = mixed("PLETH", "ECG", 516);
        Files.writeString(header, Files.readString(header).replace("rec 2 125 4", "rec 2 125"));

        Recording r = reader.read(header, ReadOptions.DEFAULT);

        assertArrayEquals(physical(PLETH), r.channel("PLETH").orElseThrow().samples());
        assertEquals(1, r.warnings().size());
    }

    /** In a multi-segment record the FLAC signal is left out of the whole record, named by the segment that has it. */
    @Test
    void aMultiSegmentRecordLeavesOutASignalThatASegmentStoresInFlac() throws IOException {
        mixed("PLETH", "ECG", 516);
        WfdbTestWriter.write(dir, "tail", "16", 125, new Sig("PLETH", new int[] {50, 60}));
        Files.writeString(dir.resolve("ms_layout.hea"), "ms_layout 2 125 0\n~ 0 100/mV 16 0 0 0 0 PLETH\n"
                + "~ 0 200/mV 16 0 0 0 0 ECG\n");
        Path master = Files.writeString(dir.resolve("ms.hea"), "ms/3 2 125 6\nms_layout 0\nrec 4\ntail 2\n");

        Recording r = reader.read(master, ReadOptions.DEFAULT);

        assertEquals(List.of("PLETH"), r.channels().stream().map(Channel::name).toList());
        assertArrayEquals(physical(new int[] {10, 20, 30, 40, 50, 60}), r.channels().get(0).samples());
        assertEquals(List.of("ECG"), r.unreadChannels().stream().map(UnreadChannel::name).toList());
        assertEquals(List.of(reason("ECG", 3, 516) + "; it was left out and the other signals were read"), r.warnings());

        ReadException e = assertThrows(ReadException.class, () -> reader.read(master, ReadOptions.DEFAULT.withChannels("ECG")));
        assertEquals(master + ": " + reason("ECG", 3, 516), e.getMessage());
    }
}
