package org.sigmappg.io.wfdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sigmappg.io.ReadException;

/**
 * A parsed WFDB header ({@code .hea}) file: the record line, then either one line per signal or, for a
 * multi-segment record, one line per segment, plus the comment lines, with the defaults of the WFDB
 * header specification filled in.
 *
 * @param file the header file
 * @param recordName record name from the record line
 * @param signalCount number of signals the record line announces
 * @param frameRate sampling frequency in frames per second (250 when the header leaves it out)
 * @param counterFrequency counter frequency (equal to the frame rate when the header leaves it out)
 * @param baseCounter base counter value (0 when absent)
 * @param samplesPerSignal frames per signal; 0 when the header does not say
 * @param baseTime time of day of the first sample, null when absent
 * @param baseDate date of the first sample, null when absent
 * @param signals signal lines in order (empty for a multi-segment master header)
 * @param segments segment lines in order (empty unless this is a multi-segment master header)
 * @param comments comment lines in order, without the {@code #} and surrounding blanks, empty ones dropped
 */
public record WfdbHeader(Path file, String recordName, int signalCount, double frameRate, double counterFrequency,
                         double baseCounter, long samplesPerSignal, LocalTime baseTime, LocalDate baseDate,
                         List<Signal> signals, List<Segment> segments, List<String> comments) {

    /** Sampling frequency the WFDB specification assumes when the record line gives none. */
    public static final double DEFAULT_FRAME_RATE = 250;
    /** ADC gain the WFDB specification assumes when a signal line gives none. */
    public static final double DEFAULT_GAIN = 200;

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern RECORD_NAME = Pattern.compile("([^/\\s]+)(?:/(.*))?");
    private static final Pattern FREQUENCY = Pattern.compile("([^/(]*)(?:/([^(]*))?(?:\\((.*)\\))?");
    private static final Pattern FORMAT = Pattern.compile("(\\d+)(?:x([^:+]*))?(?::([^+]*))?(?:\\+(.*))?");
    private static final Pattern GAIN = Pattern.compile("([^(/]*)(?:\\(([^)]*)\\))?(?:/(.*))?");
    private static final Pattern TIME = Pattern.compile("(?:(?:(\\d{1,2}):)?(\\d{1,2}):)?(\\d{1,2}(?:\\.\\d*)?)");
    /** Number of whitespace-separated fields before a signal line's free-text description. */
    private static final int SIGNAL_FIELDS = 8;

    public WfdbHeader {
        signals = List.copyOf(signals);
        segments = List.copyOf(segments);
        comments = List.copyOf(comments);
    }

    /**
     * One signal line.
     *
     * @param line line number in the header (1-based), for messages
     * @param fileName signal file name relative to the header's folder; {@code ~} for no file
     * @param format storage format code; 0 for a null signal without samples
     * @param samplesPerFrame samples of this signal in each frame (1 unless the format field says
     *     {@code x4} etc.)
     * @param skew frames by which this signal's samples are delayed in the file
     * @param byteOffset bytes at the start of the signal file before the first sample
     * @param gain ADC units per physical unit as written; {@link #DEFAULT_GAIN} when absent, 0 when the
     *     header marks the signal uncalibrated
     * @param baseline digital value of physical zero (the ADC zero when absent)
     * @param units physical units ({@code mV} when absent)
     * @param adcResolution ADC resolution in bits (the format's sample width when absent or 0)
     * @param adcZero digital value at the middle of the ADC's range
     * @param initialValue value of the first sample, empty when absent
     * @param checksum 16-bit sum of all samples, empty when absent
     * @param blockSize block size in bytes (0 for ordinary files)
     * @param description signal name, e.g. {@code PLETH}; {@code signal N} when absent
     */
    public record Signal(int line, String fileName, int format, int samplesPerFrame, int skew, long byteOffset,
                         double gain, int baseline, String units, int adcResolution, int adcZero,
                         OptionalInt initialValue, OptionalInt checksum, int blockSize, String description) {
        /** Whether the signal has stored samples; a null signal ({@code ~} file or format 0) has none. */
        public boolean hasData() {
            return format != 0 && !"~".equals(fileName);
        }
    }

    /**
     * One segment line of a multi-segment master header.
     *
     * @param line line number in the master header (1-based)
     * @param name segment record name, {@code ~} for a gap without signals
     * @param samples frames in the segment
     */
    public record Segment(int line, String name, long samples) {
        /** Whether this is a gap ({@code ~}) rather than a segment record. */
        public boolean isGap() {
            return "~".equals(name);
        }
    }

    /** Whether this is the master header of a multi-segment record. */
    public boolean isMultiSegment() {
        return !segments.isEmpty();
    }

    /**
     * Whether this header is the signal layout of a multi-segment record rather than a record: no
     * samples and no signal file behind any of its signals.
     */
    public boolean isLayout() {
        return !isMultiSegment() && samplesPerSignal == 0 && signals.stream().noneMatch(Signal::hasData);
    }

    /** Reads and parses a header file. */
    public static WfdbHeader read(Path file) throws ReadException {
        List<String> lines;
        try {
            // ISO-8859-1 maps every byte to a character, so a stray non-ASCII byte in a comment cannot fail the read.
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new ReadException(file, null, "header file not found", e);
        } catch (IOException e) {
            throw new ReadException(file, null, "cannot read the header file: " + e.getMessage(), e);
        }
        return parse(file, lines);
    }

    /** Parses the lines of a header; {@code file} names it in messages and locates its signal files. */
    public static WfdbHeader parse(Path file, List<String> lines) throws ReadException {
        return new Parser(file).parse(lines);
    }

    /** Line-by-line parser; holds the file only to name it in errors. */
    private static final class Parser {
        private final Path file;
        private int lineNumber;

        Parser(Path file) {
            this.file = file;
        }

        WfdbHeader parse(List<String> lines) throws ReadException {
            List<String> comments = new ArrayList<>();
            List<Integer> contentLines = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String trimmed = lines.get(i).strip();
                if (trimmed.startsWith("#")) {
                    String comment = trimmed.substring(1).strip();
                    if (!comment.isEmpty()) {
                        comments.add(comment);
                    }
                } else if (!trimmed.isEmpty()) {
                    contentLines.add(i);
                }
            }
            if (contentLines.isEmpty()) {
                throw new ReadException(file, null, "no record line; this is not a WFDB header or it is empty");
            }

            lineNumber = contentLines.get(0) + 1;
            String[] f = lines.get(contentLines.get(0)).strip().split("\\s+");
            Matcher name = RECORD_NAME.matcher(f[0]);
            if (!name.matches()) {
                throw error("the record name '" + f[0] + "' is not valid");
            }
            int segmentCount = name.group(2) == null ? 0 : intField(name.group(2), "number of segments");
            if (name.group(2) != null && segmentCount < 1) {
                throw error("the number of segments must be at least 1, got " + segmentCount);
            }
            int signalCount = f.length > 1 ? intField(f[1], "number of signals") : 0;
            if (signalCount < 0) {
                throw error("the number of signals cannot be negative, got " + signalCount);
            }
            double frameRate = DEFAULT_FRAME_RATE;
            double counterFrequency = frameRate;
            double baseCounter = 0;
            if (f.length > 2) {
                Matcher m = FREQUENCY.matcher(f[2]);
                if (!m.matches()) {
                    throw error("the sampling frequency field '" + f[2] + "' is not valid");
                }
                frameRate = decimalField(m.group(1), "sampling frequency");
                if (!(frameRate > 0)) {
                    throw error("the sampling frequency is " + m.group(1) + " Hz; it must be positive. Put the"
                            + " record's sampling rate in Hz as the third field of the record line (or leave it out"
                            + " for 250 Hz)");
                }
                counterFrequency = m.group(2) == null ? frameRate : decimalField(m.group(2), "counter frequency");
                baseCounter = m.group(3) == null ? 0 : decimalField(m.group(3), "base counter value");
            }
            long samples = f.length > 3 ? longField(f[3], "number of samples per signal") : 0;
            if (samples < 0) {
                throw error("the number of samples per signal cannot be negative, got " + samples);
            }
            LocalTime baseTime = f.length > 4 ? timeField(f[4]) : null;
            LocalDate baseDate = f.length > 5 ? dateField(f[5]) : null;

            List<Signal> signals = new ArrayList<>();
            List<Segment> segments = new ArrayList<>();
            int expected = segmentCount > 0 ? segmentCount : signalCount;
            String what = segmentCount > 0 ? "segment" : "signal";
            if (contentLines.size() - 1 != expected) {
                throw error("the record line announces " + expected + " " + what + " line(s) but "
                        + (contentLines.size() - 1) + " follow; correct the count on the record line or the " + what
                        + " lines");
            }
            for (int index : contentLines.subList(1, contentLines.size())) {
                lineNumber = index + 1;
                String line = lines.get(index).strip();
                if (segmentCount > 0) {
                    segments.add(segment(line));
                } else {
                    signals.add(signal(line, signals.size()));
                }
            }
            return new WfdbHeader(file, name.group(1), signalCount, frameRate, counterFrequency, baseCounter, samples,
                    baseTime, baseDate, signals, segments, comments);
        }

        private Segment segment(String line) throws ReadException {
            String[] f = line.split("\\s+");
            if (f.length < 2) {
                throw error("a segment line needs a segment name and its number of samples");
            }
            long samples = longField(f[1], "segment length");
            if (samples < 0) {
                throw error("the segment length cannot be negative, got " + samples);
            }
            return new Segment(lineNumber, f[0], samples);
        }

        private Signal signal(String line, int index) throws ReadException {
            String[] f = line.split("\\s+", SIGNAL_FIELDS + 1);
            if (f.length < 2) {
                throw error("a signal line needs at least a file name and a storage format");
            }
            Matcher fm = FORMAT.matcher(f[1]);
            if (!fm.matches()) {
                throw error("the format field '" + f[1] + "' is not valid; expected format[xsamples][:skew][+offset]");
            }
            int format = intField(fm.group(1), "storage format");
            // A FLAC format is parsed so that the reader can leave its signals out and read the others.
            if (format != 0 && StorageFormat.of(format).isEmpty() && !StorageFormat.isFlac(format)) {
                throw error("unknown storage format " + format + "; WFDB formats " + StorageFormat.supportedList()
                        + " are supported");
            }
            int samplesPerFrame = fm.group(2) == null ? 1 : intField(fm.group(2), "samples per frame");
            if (samplesPerFrame < 1) {
                throw error("the samples per frame must be at least 1, got " + samplesPerFrame);
            }
            int skew = fm.group(3) == null ? 0 : intField(fm.group(3), "skew");
            long byteOffset = fm.group(4) == null ? 0 : longField(fm.group(4), "byte offset");
            if (skew < 0 || byteOffset < 0) {
                throw error("the skew and byte offset cannot be negative ('" + f[1] + "')");
            }

            double gain = DEFAULT_GAIN;
            Integer baseline = null;
            String units = "mV";
            if (f.length > 2) {
                Matcher gm = GAIN.matcher(f[2]);
                if (!gm.matches()) {
                    throw error("the gain field '" + f[2] + "' is not valid; expected gain[(baseline)][/units]");
                }
                gain = decimalField(gm.group(1), "ADC gain");
                baseline = gm.group(2) == null ? null : intField(gm.group(2), "baseline");
                units = gm.group(3) == null || gm.group(3).isEmpty() ? units : gm.group(3);
            }
            int resolution = f.length > 3 ? intField(f[3], "ADC resolution") : 0;
            if (resolution == 0 && format != 0) {
                resolution = StorageFormat.bitsOf(format);
            }
            int adcZero = f.length > 4 ? intField(f[4], "ADC zero") : 0;
            OptionalInt initialValue = f.length > 5 ? OptionalInt.of(intField(f[5], "initial value")) : OptionalInt.empty();
            OptionalInt checksum = f.length > 6 ? OptionalInt.of(intField(f[6], "checksum")) : OptionalInt.empty();
            int blockSize = f.length > 7 ? intField(f[7], "block size") : 0;
            String description = f.length > 8 ? f[8].strip() : "signal " + index;
            return new Signal(lineNumber, f[0], format, samplesPerFrame, skew, byteOffset, gain,
                    baseline == null ? adcZero : baseline, units, resolution, adcZero, initialValue, checksum,
                    blockSize, description);
        }

        private int intField(String text, String field) throws ReadException {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw error("the " + field + " '" + text + "' is not a whole number");
            }
        }

        private long longField(String text, String field) throws ReadException {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw error("the " + field + " '" + text + "' is not a whole number");
            }
        }

        /** Plain decimal numbers only: Java's own parser would also take "NaN", "Infinity", "0x1p3" and "12f". */
        private double decimalField(String text, String field) throws ReadException {
            if (!DECIMAL.matcher(text).matches()) {
                throw error("the " + field + " '" + text + "' is not a number");
            }
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw error("the " + field + " '" + text + "' is out of range");
            }
            return value;
        }

        /** WFDB base time: [[HH:]MM:]SS[.sss]. */
        private LocalTime timeField(String text) throws ReadException {
            Matcher m = TIME.matcher(text);
            try {
                if (!m.matches()) {
                    throw new DateTimeException(text);
                }
                double seconds = Double.parseDouble(m.group(3));
                int whole = (int) seconds;
                return LocalTime.of(m.group(1) == null ? 0 : Integer.parseInt(m.group(1)),
                        m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), whole,
                        (int) ((seconds - whole) * 1e9));
            } catch (DateTimeException e) {
                throw error("the base time '" + text + "' is not a time of day (expected HH:MM:SS)");
            }
        }

        /** WFDB base date: DD/MM/YYYY. */
        private LocalDate dateField(String text) throws ReadException {
            String[] parts = text.split("/", -1);
            try {
                if (parts.length != 3) {
                    throw new NumberFormatException();
                }
                return LocalDate.of(Integer.parseInt(parts[2]), Integer.parseInt(parts[1]), Integer.parseInt(parts[0]));
            } catch (NumberFormatException | DateTimeException e) {
                throw error("the base date '" + text + "' is not a date (expected DD/MM/YYYY)");
            }
        }

        private ReadException error(String problem) {
            return new ReadException(file, "line " + lineNumber, problem);
        }
    }
}
