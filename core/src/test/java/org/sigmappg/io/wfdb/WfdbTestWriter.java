package org.sigmappg.io.wfdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small WFDB records from known digital values so that tests can read them back. The encoders
 * follow the signal(5) specification bit by bit and share no code with the reader's decoder, so a
 * round trip checks one against the other.
 */
final class WfdbTestWriter {
    private WfdbTestWriter() {
    }

    /**
     * A signal to write.
     *
     * @param name description (channel name)
     * @param samplesPerFrame samples per frame
     * @param digital all samples of the signal, {@code frames * samplesPerFrame} of them
     * @param gainField the header's gain field, e.g. {@code 100(5)/mV}
     */
    record Sig(String name, int samplesPerFrame, int[] digital, String gainField) {
        Sig(String name, int[] digital) {
            this(name, 1, digital, "100(5)/mV");
        }
    }

    /**
     * Writes {@code record.hea} and {@code record.dat} (all signals interleaved in one file) into
     * {@code dir}, with checksums and initial values, and returns the header.
     *
     * @param formatField the format field after the format code, e.g. {@code 16+24} or {@code 212}
     */
    static Path write(Path dir, String record, String formatField, double fs, Sig... signals) throws IOException {
        int format = Integer.parseInt(formatField.split("[^0-9]")[0]);
        int offset = formatField.contains("+") ? Integer.parseInt(formatField.substring(formatField.indexOf('+') + 1)) : 0;
        int frames = signals[0].digital().length / signals[0].samplesPerFrame();
        ByteArrayOutputStream dat = new ByteArrayOutputStream();
        dat.write(new byte[offset]);
        dat.write(encode(format, interleave(format, frames, signals)));
        Files.write(dir.resolve(record + ".dat"), dat.toByteArray());

        StringBuilder hea = new StringBuilder(record + " " + signals.length + " " + fs + " " + frames + "\n");
        for (Sig s : signals) {
            String spf = s.samplesPerFrame() == 1 ? "" : "x" + s.samplesPerFrame();
            String field = formatField.replaceFirst("^\\d+", format + spf);
            hea.append(record).append(".dat ").append(field).append(' ').append(s.gainField()).append(' ')
                    .append(resolution(format)).append(" 0 ").append(s.digital()[0]).append(' ')
                    .append(checksum(s.digital())).append(" 0 ").append(s.name()).append('\n');
        }
        Path header = dir.resolve(record + ".hea");
        Files.writeString(header, hea);
        return header;
    }

    /**
     * The flat stream of stored values, frame by frame; for format 8 the per-signal first differences,
     * starting from the initial value (the first sample), as the WFDB library writes them.
     */
    static int[] interleave(int format, int frames, Sig... signals) {
        List<Integer> stream = new ArrayList<>();
        int[] previous = new int[signals.length];
        for (int s = 0; s < signals.length; s++) {
            previous[s] = signals[s].digital()[0];
        }
        for (int f = 0; f < frames; f++) {
            for (int s = 0; s < signals.length; s++) {
                for (int k = 0; k < signals[s].samplesPerFrame(); k++) {
                    int v = signals[s].digital()[f * signals[s].samplesPerFrame() + k];
                    if (format == 8) {
                        int difference = v - previous[s];
                        if (difference < -128 || difference > 127) {
                            throw new IllegalArgumentException("format 8 difference out of range: " + difference);
                        }
                        previous[s] = v;
                        v = difference;
                    }
                    stream.add(v);
                }
            }
        }
        return stream.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Bytes of a flat stream of stored values; packed formats end with only the bytes their last samples need. */
    static byte[] encode(int format, int[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = values.length;
        switch (format) {
            case 8 -> {
                for (int v : values) {
                    out.write(v & 0xFF);
                }
            }
            case 80 -> {
                for (int v : values) {
                    out.write(v + 128);
                }
            }
            case 16, 24, 32 -> {
                for (int v : values) {
                    for (int b = 0; b < format / 8; b++) {
                        out.write(v >> 8 * b & 0xFF);
                    }
                }
            }
            case 160 -> {
                for (int v : values) {
                    int unsigned = v + 32768;
                    out.write(unsigned & 0xFF);
                    out.write(unsigned >> 8);
                }
            }
            case 61 -> {
                for (int v : values) {
                    out.write(v >> 8 & 0xFF);
                    out.write(v & 0xFF);
                }
            }
            case 212 -> {
                for (int i = 0; i < n; i += 2) {
                    int a = values[i] & 0xFFF;
                    int b = i + 1 < n ? values[i + 1] & 0xFFF : 0;
                    out.write(a & 0xFF);
                    out.write(a >> 8 | (b >> 8) << 4);
                    if (i + 1 < n) {
                        out.write(b & 0xFF);
                    }
                }
            }
            case 310 -> {
                for (int i = 0; i < n; i += 3) {
                    int a = values[i] & 0x3FF;
                    int b = i + 1 < n ? values[i + 1] & 0x3FF : 0;
                    int c = i + 2 < n ? values[i + 2] & 0x3FF : 0;
                    int word1 = a << 1 | (c & 0x1F) << 11;
                    int word2 = b << 1 | (c >> 5) << 11;
                    out.write(word1 & 0xFF);
                    out.write(word1 >> 8);
                    if (i + 1 < n) {
                        out.write(word2 & 0xFF);
                        out.write(word2 >> 8);
                    }
                }
            }
            case 311 -> {
                for (int i = 0; i < n; i += 3) {
                    int a = values[i] & 0x3FF;
                    int b = i + 1 < n ? values[i + 1] & 0x3FF : 0;
                    int c = i + 2 < n ? values[i + 2] & 0x3FF : 0;
                    int word = a | b << 10 | c << 20;
                    int bytes = Math.min(4, 2 + (n - i - 1));
                    for (int k = 0; k < bytes; k++) {
                        out.write(word >> 8 * k & 0xFF);
                    }
                }
            }
            default -> throw new IllegalArgumentException("no test encoder for format " + format);
        }
        return out.toByteArray();
    }

    /** WFDB checksum: the sum of all samples, kept to 16 bits two's complement. */
    static int checksum(int[] digital) {
        long sum = 0;
        for (int v : digital) {
            sum += v;
        }
        return (short) sum;
    }

    static int resolution(int format) {
        return switch (format) {
            case 8, 80 -> 8;
            case 16, 61, 160 -> 16;
            case 24 -> 24;
            case 32 -> 32;
            case 212 -> 12;
            default -> 10;
        };
    }
}
