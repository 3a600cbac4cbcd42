package org.sigmappg.io.wfdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.wfdb.WfdbHeader.Segment;
import org.sigmappg.io.wfdb.WfdbHeader.Signal;

/** Header lines as the WFDB header specification (header(5)) defines them, with its defaults. */
class WfdbHeaderTest {
    private static final Path FILE = Path.of("rec.hea");

    private static WfdbHeader parse(String... lines) throws ReadException {
        return WfdbHeader.parse(FILE, List.of(lines));
    }

    @Test
    void everyFieldOfTheRecordAndSignalLines() throws ReadException {
        WfdbHeader h = parse("# made by hand", "rec 2 360/720(12) 650000 12:30:15.25 24/12/2001",
                "rec.dat 212x4:3+100 1.5e3(-20)/mmHg 11 5 7 -123 512 ECG lead II",
                "rec.dat 212 -50/uV 12 0 -4 99 0 ABP", "#Age: 63", "#", "  # Diagnosis : none  ");

        assertEquals("rec", h.recordName());
        assertEquals(2, h.signalCount());
        assertEquals(360.0, h.frameRate());
        assertEquals(720.0, h.counterFrequency());
        assertEquals(12.0, h.baseCounter());
        assertEquals(650000, h.samplesPerSignal());
        assertEquals(LocalTime.of(12, 30, 15, 250_000_000), h.baseTime());
        assertEquals(LocalDate.of(2001, 12, 24), h.baseDate());
        assertEquals(List.of("made by hand", "Age: 63", "Diagnosis : none"), h.comments());
        assertFalse(h.isMultiSegment());
        assertFalse(h.isLayout());

        Signal ecg = h.signals().get(0);
        assertEquals(new Signal(3, "rec.dat", 212, 4, 3, 100, 1500.0, -20, "mmHg", 11, 5, OptionalInt.of(7),
                OptionalInt.of(-123), 512, "ECG lead II"), ecg);
        Signal abp = h.signals().get(1);
        assertEquals(-50.0, abp.gain());
        assertEquals(0, abp.baseline());
        assertEquals("uV", abp.units());
    }

    @Test
    void defaultsOfTheSpecification() throws ReadException {
        WfdbHeader h = parse("rec 3", "a.dat 16", "b.dat 80 100 0 37", "c.dat 310 0/mV");

        assertEquals(WfdbHeader.DEFAULT_FRAME_RATE, h.frameRate());
        assertEquals(250.0, h.counterFrequency());
        assertEquals(0.0, h.baseCounter());
        assertEquals(0, h.samplesPerSignal());
        assertNull(h.baseTime());
        assertNull(h.baseDate());

        Signal a = h.signals().get(0);
        assertEquals(new Signal(2, "a.dat", 16, 1, 0, 0, WfdbHeader.DEFAULT_GAIN, 0, "mV", 16, 0, OptionalInt.empty(),
                OptionalInt.empty(), 0, "signal 0"), a);
        Signal b = h.signals().get(1);
        assertEquals(100.0, b.gain());
        assertEquals(8, b.adcResolution(), "resolution 0 means the format's default");
        assertEquals(37, b.baseline(), "baseline defaults to the ADC zero");
        assertEquals("signal 1", b.description());
        assertEquals(0.0, h.signals().get(2).gain(), "gain 0 is kept so the reader can refuse it");
        assertEquals(10, h.signals().get(2).adcResolution());
    }

    @Test
    void frameRateWithoutCounterAndBaseTimeWithoutHours() throws ReadException {
        WfdbHeader h = parse("rec 0 125.5 10 26:04", "");
        assertEquals(125.5, h.frameRate());
        assertEquals(125.5, h.counterFrequency());
        assertEquals(LocalTime.of(0, 26, 4), h.baseTime());
    }

    @Test
    void multiSegmentMasterHeader() throws ReadException {
        WfdbHeader h = parse("041s/3 7 125 2500 8:26:04 26/10/1994", "041s_layout 0", "041s01 1000", "~ 500", "");

        assertTrue(h.isMultiSegment());
        assertFalse(h.isLayout());
        assertEquals("041s", h.recordName());
        assertEquals(7, h.signalCount());
        assertEquals(List.of(new Segment(2, "041s_layout", 0), new Segment(3, "041s01", 1000), new Segment(4, "~", 500)),
                h.segments());
        assertTrue(h.segments().get(2).isGap());
        assertTrue(h.signals().isEmpty());
    }

    @Test
    void layoutHeaderHasNoSamplesAndNoFiles() throws ReadException {
        WfdbHeader layout = parse("3269321_layout 2 125 0 16:57:09", "~ 0 255(-128)/NU 8 0 -128 0 0 PLETH",
                "~ 0 127(-64)/mV 8 0 -128 0 0 II");
        assertTrue(layout.isLayout());
        assertFalse(layout.signals().get(0).hasData());
        assertEquals(-128, layout.signals().get(0).baseline());

        assertFalse(parse("rec 1 125 0", "rec.dat 16").isLayout(), "no sample count, but a file to count them in");
    }

    @Test
    void unknownStorageFormatNamesLineAndSupportedFormats() {
        ReadException e = assertThrows(ReadException.class, () -> WfdbHeader.parse(Path.of("a103l.hea"),
                List.of("a103l 3 250 82500", "a103l.mat 16+24 7247/mV 16 0 -171 -27403 0 II",
                        "a103l.mat 999 1.052e+04/mV 16 0 9127 -301 0 V",
                        "a103l.mat 16+24 1.253e+04/NU 16 0 6042 -17391 0 PLETH")));
        assertEquals("a103l.hea line 3: unknown storage format 999; WFDB formats 8, 16, 24, 32, 61, 80, 160, 212,"
                + " 310, 311 are supported", e.getMessage());
    }

    /**
     * FLAC formats are parsed, so that the reader can leave their signals out, with the resolution their
     * names give (508: 8 bits, 516: 16, 524: 24); 160 is 16-bit offset binary.
     */
    @ParameterizedTest
    @CsvSource({"508, 8", "516, 16", "524, 24", "160, 16"})
    void flacAndOffsetBinaryFormatsParseWithTheirResolution(int format, int bits) throws ReadException {
        WfdbHeader header = parse("rec 1 125 10", "rec.dat " + format + " 200/mV 0 0 0 0 0 ECG");
        assertEquals(format, header.signals().get(0).format());
        assertEquals(bits, header.signals().get(0).adcResolution());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "rec 1 0 100|rec.dat 16|line 1|sampling frequency is 0 Hz; it must be positive",
        "rec 1 -125 100|rec.dat 16|line 1|sampling frequency is -125 Hz; it must be positive",
        "rec 1 abc 100|rec.dat 16|line 1|sampling frequency 'abc' is not a number",
        "rec 1 NaN 100|rec.dat 16|line 1|sampling frequency 'NaN' is not a number",
        "rec 1 250/x 100|rec.dat 16|line 1|counter frequency 'x' is not a number",
        "rec one 250|rec.dat 16|line 1|number of signals 'one' is not a whole number",
        "rec 1 250 1e5|rec.dat 16|line 1|number of samples per signal '1e5' is not a whole number",
        "rec 1 250 10 25:00:00|rec.dat 16|line 1|base time '25:00:00' is not a time of day",
        "rec 1 250 10 10:00:00 31/02/2020|rec.dat 16|line 1|base date '31/02/2020' is not a date",
        "rec 1 250 10|rec.dat 16 7x47/mV|line 2|ADC gain '7x47' is not a number",
        "rec 1 250 10|rec.dat 16 200(1.5)/mV|line 2|baseline '1.5' is not a whole number",
        "rec 1 250 10|rec.dat 16 200 16 0 12a|line 2|initial value '12a' is not a whole number",
        "rec 1 250 10|rec.dat 16 200 16 0 0 99999999999|line 2|checksum '99999999999' is not a whole number",
        "rec 1 250 10|rec.dat 16 200 sixteen|line 2|ADC resolution 'sixteen' is not a whole number",
        "rec 1 250 10|rec.dat 16+x|line 2|byte offset 'x' is not a whole number",
        "rec 1 250 10|rec.dat 16x0|line 2|samples per frame must be at least 1",
        "rec 1 250 10|rec.dat sixteen|line 2|format field 'sixteen' is not valid",
        "rec 2 250 10|rec.dat 16|line 1|announces 2 signal line(s) but 1 follow",
        "rec/1 1 250 10|seg1 abc|line 2|segment length 'abc' is not a whole number",
    })
    void malformedFieldsNameTheLineAndTheField(String recordLine, String secondLine, String location, String problem) {
        ReadException e = assertThrows(ReadException.class, () -> parse(recordLine, secondLine));
        assertEquals(FILE, e.file());
        assertEquals(location, e.location());
        assertTrue(e.problem().contains(problem), e.getMessage());
        assertTrue(e.getMessage().startsWith("rec.hea " + location + ": "), e.getMessage());
    }

    @Test
    void emptyHeaderIsRefused() {
        ReadException e = assertThrows(ReadException.class, () -> parse("# only a comment", ""));
        assertTrue(e.getMessage().contains("rec.hea: no record line"), e.getMessage());
    }

    @Test
    void missingHeaderFileIsAReadException(@TempDir Path dir) {
        Path missing = dir.resolve("nothere.hea");
        ReadException e = assertThrows(ReadException.class, () -> WfdbHeader.read(missing));
        assertEquals(missing, e.file());
        assertTrue(e.problem().contains("header file not found"), e.getMessage());
    }
}
