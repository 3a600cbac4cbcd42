package org.sigmappg.io.edf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sigmappg.io.ReadException;

/**
 * One EDF+ time-stamped annotation list: {@code +onset[\x15duration]\x14text\x14...\x14\x00}, as stored
 * in the bytes of an "EDF Annotations" signal.
 *
 * @param onset seconds from the file's start date and time, as written (sign removed if '+')
 * @param duration seconds as written, empty when not given
 * @param texts the annotation texts (UTF-8); a time-keeping TAL has one empty text
 */
record Tal(String onset, String duration, List<String> texts) {
    private static final byte END = 0;
    private static final byte TEXT = 0x14;
    private static final byte DURATION = 0x15;

    double onsetSeconds() {
        return Double.parseDouble(onset);
    }

    /**
     * The TALs in {@code length} bytes at {@code from}; the rest after the last TAL is zero padding.
     *
     * @param record 1-based data record number, for messages
     * @param fileOffset file offset of {@code bytes[from]}, for messages
     */
    static List<Tal> parse(Path file, byte[] bytes, int from, int length, long record, long fileOffset)
            throws ReadException {
        List<Tal> tals = new ArrayList<>();
        int end = from + length;
        int i = from;
        while (i < end && bytes[i] != END) {
            int start = i;
            while (i < end && bytes[i] != TEXT && bytes[i] != DURATION && bytes[i] != END) {
                i++;
            }
            String onset = ascii(bytes, start, i);
            if (!onset.matches("[+-]\\d+(\\.\\d*)?")) {
                throw error(file, record, fileOffset + (start - from), "annotation onset '" + onset
                        + "' is not a signed number of seconds like +12.5");
            }
            String duration = "";
            if (i < end && bytes[i] == DURATION) {
                start = ++i;
                while (i < end && bytes[i] != TEXT && bytes[i] != END) {
                    i++;
                }
                duration = ascii(bytes, start, i);
                if (!duration.matches("\\d+(\\.\\d*)?")) {
                    throw error(file, record, fileOffset + (start - from), "annotation duration '" + duration
                            + "' is not a number of seconds");
                }
            }
            if (i >= end || bytes[i] != TEXT) {
                throw error(file, record, fileOffset + (i - from), "annotation list after onset " + onset
                        + " does not go on with byte 0x14 as EDF+ requires");
            }
            i++;
            List<String> texts = new ArrayList<>();
            while (i < end && bytes[i] != END) {
                start = i;
                while (i < end && bytes[i] != TEXT && bytes[i] != END) {
                    i++;
                }
                texts.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                if (i < end && bytes[i] == TEXT) {
                    i++;
                }
            }
            if (i >= end) {
                throw error(file, record, fileOffset + length, "annotation list after onset " + onset
                        + " runs to the end of the signal without its closing 0x00");
            }
            i++;
            tals.add(new Tal(onset.startsWith("+") ? onset.substring(1) : onset, duration, texts));
        }
        return tals;
    }

    private static String ascii(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
    }

    private static ReadException error(Path file, long record, long offset, String problem) {
        return new ReadException(file, "data record " + record + ", byte " + offset, problem);
    }
}
