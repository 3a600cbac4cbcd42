package org.sigmappg.io.edf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sigmappg.io.ReadException;

/**
 * The header record of an EDF, EDF+ or BDF file, checked field by field so that an error names the
 * field, the signal and the byte offset.
 *
 * @param bdf whether samples are 24-bit (BioSemi BDF) rather than 16-bit
 * @param patient local patient identification
 * @param recording local recording identification
 * @param start start date and time of the first record, local clock time as written
 * @param headerBytes number of bytes in the header record
 * @param reserved the reserved field ("EDF+C", "EDF+D", "24BIT", or blank)
 * @param records number of data records (derived from the file size when the header says -1)
 * @param recordDuration duration of a data record in seconds
 * @param signals the per-signal headers, in file order
 */
record EdfHeader(boolean bdf, String patient, String recording, LocalDateTime start, int headerBytes,
                 String reserved, long records, double recordDuration, List<Signal> signals) {
    static final int FIXED_BYTES = 256;
    private static final int[] SIGNAL_FIELD_WIDTHS = {16, 80, 8, 8, 8, 8, 8, 80, 8, 32};
    private static final Pattern STARTDATE = Pattern.compile("^Startdate (\\d{2}-[A-Za-z]{3}-\\d{4})\\b.*");
    private static final DateTimeFormatter EDF_PLUS_DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("dd-MMM-yyyy").toFormatter(Locale.ENGLISH);

    /**
     * One signal's header.
     *
     * @param label signal label, e.g. "PLETH" or "EDF Annotations"
     * @param transducer transducer type
     * @param dimension physical dimension (unit)
     * @param physicalMin physical value of {@code digitalMin}
     * @param physicalMax physical value of {@code digitalMax}
     * @param digitalMin smallest digital value
     * @param digitalMax largest digital value
     * @param prefiltering prefiltering, e.g. "HP:0.1Hz LP:75Hz"
     * @param samplesPerRecord number of samples in each data record
     */
    record Signal(String label, String transducer, String dimension, double physicalMin, double physicalMax,
                  int digitalMin, int digitalMax, String prefiltering, int samplesPerRecord) {
        boolean isAnnotations() {
            return label.equals("EDF Annotations") || label.equals("BDF Annotations");
        }

        /** Physical value of a digital sample: the line through (digitalMin, physicalMin) and (digitalMax, physicalMax). */
        double gain() {
            return (physicalMax - physicalMin) / ((double) digitalMax - digitalMin);
        }

        double offset() {
            return physicalMin - gain() * digitalMin;
        }
    }

    boolean isPlus() {
        return isPlus(reserved);
    }

    private static boolean isPlus(String reserved) {
        return reserved.startsWith("EDF+") || reserved.startsWith("BDF+");
    }

    boolean isDiscontinuous() {
        return reserved.startsWith("EDF+D") || reserved.startsWith("BDF+D");
    }

    int bytesPerSample() {
        return bdf ? 3 : 2;
    }

    int recordBytes() {
        int samples = 0;
        for (Signal s : signals) {
            samples += s.samplesPerRecord();
        }
        return samples * bytesPerSample();
    }

    /** Reads and checks the header, and checks the file size against the data records it declares. */
    static EdfHeader read(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < FIXED_BYTES) {
            throw new ReadException(file, "byte " + size, "the file ends inside the 256-byte fixed header; it is not a complete EDF file");
        }
        Fields fixed = new Fields(file, readAt(channel, 0, FIXED_BYTES), 0);
        boolean bdf = (fixed.bytes[0] & 0xFF) == 0xFF;
        String version = bdf ? "\u00FF" + fixed.text("version", 1, 7) : fixed.text("version", 0, 8);
        if (!(bdf ? version.equals("\u00FFBIOSEMI") : version.equals("0"))) {
            throw new ReadException(file, "byte 0", "the version field is '" + version + "', not '0' (EDF) or 0xFF BIOSEMI"
                    + " (BDF): this is not an EDF file");
        }
        String patient = fixed.text("local patient identification", 8, 80);
        String recording = fixed.text("local recording identification", 88, 80);
        String reserved = fixed.text("reserved", 192, 44);
        LocalDate date = startDate(file, fixed.text("start date", 168, 8), isPlus(reserved) ? recording : "");
        LocalTime time = startTime(file, fixed.text("start time", 176, 8));
        int headerBytes = fixed.integer("number of bytes in header record", 184, 8);
        long records = fixed.integer("number of data records", 236, 8);
        double duration = fixed.decimal("duration of a data record", 244, 8);
        int ns = fixed.integer("number of signals", 252, 4);
        if (ns < 1) {
            throw new ReadException(file, "byte 252", "the header says the file has " + ns + " signals");
        }
        if (headerBytes != FIXED_BYTES * (ns + 1)) {
            throw new ReadException(file, "byte 184", "the header length field says " + headerBytes + " bytes, but "
                    + ns + " signals need 256 * (" + ns + " + 1) = " + FIXED_BYTES * (ns + 1) + " bytes");
        }
        if (!(duration > 0)) {
            throw new ReadException(file, "byte 244", "the duration of a data record is " + duration
                    + " s; a file with signals needs a positive duration");
        }
        if (size < headerBytes) {
            throw new ReadException(file, "byte " + size, "the file ends inside the header of its " + ns + " signals ("
                    + headerBytes + " bytes)");
        }
        List<Signal> signals = signals(file, new Fields(file, readAt(channel, FIXED_BYTES, FIXED_BYTES * ns), FIXED_BYTES), ns, bdf);
        EdfHeader header = new EdfHeader(bdf, patient, recording, LocalDateTime.of(date, time), headerBytes,
                reserved, records, duration, signals);
        return header.withRecordsCheckedAgainst(file, size);
    }

    private EdfHeader withRecordsCheckedAgainst(Path file, long size) throws ReadException {
        long recordBytes = recordBytes();
        long dataBytes = size - headerBytes;
        long declared = records;
        if (declared == -1) {
            // A recorder that stopped before closing the file leaves -1: the size says how many records there are.
            declared = dataBytes / recordBytes;
            if (dataBytes % recordBytes != 0) {
                throw truncated(file, size, declared + 1, declared + 1);
            }
        } else if (declared < 0) {
            throw new ReadException(file, "byte 236", "the number of data records is " + declared);
        } else if (dataBytes < declared * recordBytes) {
            throw truncated(file, size, dataBytes / recordBytes + 1, declared);
        } else if (dataBytes > declared * recordBytes) {
            throw new ReadException(file, "byte " + (headerBytes + declared * recordBytes), "the file goes on for "
                    + (dataBytes - declared * recordBytes) + " bytes after the last of the " + declared
                    + " data records that the header declares");
        }
        if (declared == 0) {
            throw new ReadException(file, "byte 236", "the file has no data records");
        }
        return new EdfHeader(bdf, patient, recording, start, headerBytes, reserved, declared, recordDuration, signals);
    }

    private ReadException truncated(Path file, long size, long record, long of) {
        return new ReadException(file, "byte " + size, "the file ends in data record " + record + " of " + of + " at byte "
                + size + " (records are " + recordBytes() + " bytes from byte " + headerBytes + "); it is truncated");
    }

    private static List<Signal> signals(Path file, Fields f, int ns, boolean bdf) throws ReadException {
        int[] starts = new int[SIGNAL_FIELD_WIDTHS.length];
        for (int k = 1; k < starts.length; k++) {
            starts[k] = starts[k - 1] + SIGNAL_FIELD_WIDTHS[k - 1] * ns;
        }
        int lowest = bdf ? -(1 << 23) : Short.MIN_VALUE;
        int highest = bdf ? (1 << 23) - 1 : Short.MAX_VALUE;
        List<Signal> signals = new ArrayList<>(ns);
        for (int i = 0; i < ns; i++) {
            String label = f.text("label of signal " + (i + 1), starts[0] + 16 * i, 16);
            String name = "signal " + (i + 1) + " (" + label + ")";
            Signal s = new Signal(label,
                    f.text("transducer type of " + name, starts[1] + 80 * i, 80),
                    f.text("physical dimension of " + name, starts[2] + 8 * i, 8),
                    f.decimal("physical minimum of " + name, starts[3] + 8 * i, 8),
                    f.decimal("physical maximum of " + name, starts[4] + 8 * i, 8),
                    f.integer("digital minimum of " + name, starts[5] + 8 * i, 8),
                    f.integer("digital maximum of " + name, starts[6] + 8 * i, 8),
                    f.text("prefiltering of " + name, starts[7] + 80 * i, 80),
                    f.integer("number of samples in each data record of " + name, starts[8] + 8 * i, 8));
            f.text("reserved field of " + name, starts[9] + 32 * i, 32);
            if (s.samplesPerRecord() < 1) {
                throw f.error(starts[8] + 8 * i, name + " has " + s.samplesPerRecord() + " samples per data record");
            }
            if (!s.isAnnotations()) {
                if (s.physicalMin() == s.physicalMax()) {
                    throw f.error(starts[3] + 8 * i, name + " has physical minimum = physical maximum = "
                            + s.physicalMin() + ", so its digital values cannot be scaled");
                }
                if (s.digitalMin() >= s.digitalMax()) {
                    throw f.error(starts[5] + 8 * i, name + " has digital minimum " + s.digitalMin()
                            + " not below digital maximum " + s.digitalMax() + ", so its values cannot be scaled");
                }
                if (s.digitalMin() < lowest || s.digitalMax() > highest) {
                    throw f.error(starts[5] + 8 * i, name + " has digital range " + s.digitalMin() + " to "
                            + s.digitalMax() + ", outside the " + (bdf ? 24 : 16) + "-bit samples of the file");
                }
            }
            signals.add(s);
        }
        return signals;
    }

    private static LocalDate startDate(Path file, String text, String recording) throws ReadException {
        Matcher plus = STARTDATE.matcher(recording);
        if (plus.matches()) {
            // EDF+ writes the 4-digit year here, which is the only way to give years after 2084.
            try {
                return LocalDate.parse(plus.group(1), EDF_PLUS_DATE);
            } catch (DateTimeException e) {
                // An unreadable EDF+ date falls back to the header's own start date field.
            }
        }
        if (text.matches("\\d{2}\\.\\d{2}\\.\\d{2}")) {
            int yy = Integer.parseInt(text.substring(6, 8));
            // EDF's two-digit years cover 1985 to 2084.
            int year = yy >= 85 ? 1900 + yy : 2000 + yy;
            try {
                return LocalDate.of(year, Integer.parseInt(text.substring(3, 5)), Integer.parseInt(text.substring(0, 2)));
            } catch (DateTimeException e) {
                throw new ReadException(file, "byte 168", "header field 'start date' is '" + text + "', not a valid date dd.mm.yy");
            }
        }
        throw new ReadException(file, "byte 168", "header field 'start date' is '" + text + "', not dd.mm.yy");
    }

    private static LocalTime startTime(Path file, String text) throws ReadException {
        if (text.matches("\\d{2}\\.\\d{2}\\.\\d{2}")) {
            try {
                return LocalTime.of(Integer.parseInt(text.substring(0, 2)), Integer.parseInt(text.substring(3, 5)),
                        Integer.parseInt(text.substring(6, 8)));
            } catch (DateTimeException e) {
                throw new ReadException(file, "byte 176", "header field 'start time' is '" + text + "', not a valid time hh.mm.ss");
            }
        }
        throw new ReadException(file, "byte 176", "header field 'start time' is '" + text + "', not hh.mm.ss");
    }

    static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.array();
    }

    /** ASCII header fields at known offsets; errors name the field and its byte offset in the file. */
    private static final class Fields {
        private final Path file;
        private final byte[] bytes;
        private final long base;

        Fields(Path file, byte[] bytes, long base) {
            this.file = file;
            this.bytes = bytes;
            this.base = base;
        }

        String text(String field, int offset, int length) throws ReadException {
            for (int i = offset; i < offset + length; i++) {
                int b = bytes[i] & 0xFF;
                if (b < 32 || b > 126) {
                    throw error(i, String.format(Locale.ROOT, "header field '%s' holds byte 0x%02X, which is not "
                            + "printable ASCII as EDF requires", field, b));
                }
            }
            return new String(bytes, offset, length, StandardCharsets.US_ASCII).strip();
        }

        int integer(String field, int offset, int length) throws ReadException {
            String t = text(field, offset, length);
            try {
                return Integer.parseInt(t.startsWith("+") ? t.substring(1) : t);
            } catch (NumberFormatException e) {
                throw error(offset, "header field '" + field + "' is '" + t + "', not a whole number");
            }
        }

        double decimal(String field, int offset, int length) throws ReadException {
            String t = text(field, offset, length);
            try {
                double v = Double.parseDouble(t);
                if (Double.isFinite(v) && t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // Reported below with the field's name.
            }
            throw error(offset, "header field '" + field + "' is '" + t + "', not a number");
        }

        ReadException error(int offset, String problem) {
            return new ReadException(file, "byte " + (base + offset), problem);
        }
    }
}
