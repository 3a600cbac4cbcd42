package org.sigmappg.io.wfdb;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The WFDB signal-file storage formats this package decodes, with the byte arithmetic each one needs to
 * check a file's size before reading it.
 */
enum StorageFormat {
    /** 8-bit first differences; the running value starts at the signal's initial value. */
    F8(8, 8),
    /** 16-bit two's complement, little-endian. */
    F16(16, 16),
    /** 24-bit two's complement, little-endian. */
    F24(24, 24),
    /** 32-bit two's complement, little-endian. */
    F32(32, 32),
    /** 16-bit two's complement, big-endian. */
    F61(61, 16),
    /** 8-bit offset binary (stored byte minus 128). */
    F80(80, 8),
    /** 16-bit offset binary, little-endian (stored unsigned value minus 32768). */
    F160(160, 16),
    /** Two 12-bit samples packed into three bytes. */
    F212(212, 12),
    /** Three 10-bit samples packed into two little-endian 16-bit words (11 bits each, low bit unused). */
    F310(310, 10),
    /** Three 10-bit samples packed into one little-endian 32-bit word (top two bits unused). */
    F311(311, 10);

    /**
     * The FLAC-compressed WFDB formats (8, 16 and 24 bits), which the WFDB library decodes through libFLAC
     * and this package does not. Each FLAC stream is a signal file of its own, so the other signals of a
     * record can be read without it.
     */
    private static final Set<Integer> FLAC_FORMATS = Set.of(508, 516, 524);

    final int code;
    /** Bits per sample; also the default ADC resolution and the width of the invalid-sample sentinel. */
    final int bits;

    StorageFormat(int code, int bits) {
        this.code = code;
        this.bits = bits;
    }

    static Optional<StorageFormat> of(int code) {
        return Arrays.stream(values()).filter(f -> f.code == code).findFirst();
    }

    /** "8, 16, 24, ..." for error messages. */
    static String supportedList() {
        return Arrays.stream(values()).map(f -> Integer.toString(f.code)).collect(Collectors.joining(", "));
    }

    /** Whether {@code code} is a FLAC-compressed WFDB format: a real format, but not one this package decodes. */
    static boolean isFlac(int code) {
        return FLAC_FORMATS.contains(code);
    }

    /** Sample width of a format code that is decoded or FLAC: the ADC resolution a header that gives none means. */
    static int bitsOf(int code) {
        return isFlac(code) ? code - 500 : of(code).orElseThrow().bits;
    }

    /**
     * Format 8 stores differences, so no stored value can mark a missing sample; every other format
     * reserves its most negative value for that.
     */
    boolean hasInvalidValue() {
        return this != F8;
    }

    int invalidValue() {
        return -(1 << (bits - 1));
    }

    /**
     * Bytes that {@code samples} consecutive samples occupy. A packed format's final partial group takes
     * only the bytes that hold its samples, as the WFDB library writes it (one 212 sample: 2 bytes; two
     * 310 samples: 4 bytes; two 311 samples: 3 bytes).
     */
    long bytesFor(long samples) {
        return switch (this) {
            case F8, F80 -> samples;
            case F16, F61, F160 -> 2 * samples;
            case F24 -> 3 * samples;
            case F32 -> 4 * samples;
            case F212 -> (3 * samples + 1) / 2;
            case F310 -> 4 * (samples / 3) + new long[] {0, 2, 4}[(int) (samples % 3)];
            case F311 -> 4 * (samples / 3) + new long[] {0, 2, 3}[(int) (samples % 3)];
        };
    }

    /** The most samples that {@code bytes} bytes hold completely; the inverse of {@link #bytesFor}. */
    long samplesIn(long bytes) {
        return switch (this) {
            case F8, F80 -> bytes;
            case F16, F61, F160 -> bytes / 2;
            case F24 -> bytes / 3;
            case F32 -> bytes / 4;
            case F212 -> 2 * bytes / 3;
            case F310 -> 3 * (bytes / 4) + (bytes % 4 >= 2 ? 1 : 0);
            case F311 -> 3 * (bytes / 4) + new long[] {0, 0, 1, 2}[(int) (bytes % 4)];
        };
    }
}
