package org.sigmappg.io.edf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sigmappg.io.Channel;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;
import org.sigmappg.io.RecordingReader;

/**
 * Reads EDF, EDF+ (continuous and discontinuous) and 24-bit BDF files into channels at their own
 * rates, in physical units, with the EDF+ annotations.
 *
 * <p>Data records are read one at a time. EDF+D records are placed at the onsets of their time-keeping
 * annotations, with NaN between them. Annotations become {@code annotation.N} entries
 * ({@code onset=12.5;duration=3;Apnea}, onset in seconds from the header's start date and time, an
 * empty duration when the file gives none). The start is the header's local clock time, read as UTC
 * because EDF stores no offset.
 */
public final class EdfReader implements RecordingReader {
    private static final Set<String> EXTENSIONS = Set.of("edf", "rec", "bdf");
    private static final long MAX_SAMPLES = Integer.MAX_VALUE - 8;
    /** Seconds by which EDF+D onsets, written in decimal, may seem to overlap the record before. */
    private static final double OVERLAP_TOLERANCE = 1e-6;

    @Override
    public String format() {
        return "EDF";
    }

    @Override
    public boolean accepts(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot < 0 || !EXTENSIONS.contains(name.substring(dot + 1)) || !Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] version = in.readNBytes(8);
            return Arrays.equals(version, "0       ".getBytes(StandardCharsets.US_ASCII))
                    || (version.length == 8 && (version[0] & 0xFF) == 0xFF
                    && new String(version, 1, 7, StandardCharsets.US_ASCII).equals("BIOSEMI"));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Recording read(Path file, ReadOptions options) throws IOException {
        ReadOptions o = options == null ? ReadOptions.DEFAULT : options;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            EdfHeader header = EdfHeader.read(file, channel);
            return new Parse(file, channel, header, o).run();
        }
    }

    /** The state of reading one file's data records. */
    private static final class Parse {
        private final Path file;
        private final FileChannel channel;
        private final EdfHeader h;
        private final ReadOptions options;
        private final List<EdfHeader.Signal> signals;
        private final int[] offsetInRecord;
        private final int firstAnnotations;
        private final Map<String, String> notes = new LinkedHashMap<>();
        private int annotationCount;
        private double firstOnset;

        Parse(Path file, FileChannel channel, EdfHeader header, ReadOptions options) {
            this.file = file;
            this.channel = channel;
            this.h = header;
            this.options = options;
            this.signals = header.signals();
            this.offsetInRecord = new int[signals.size()];
            int at = 0;
            int annotations = -1;
            for (int s = 0; s < signals.size(); s++) {
                offsetInRecord[s] = at;
                at += signals.get(s).samplesPerRecord() * header.bytesPerSample();
                if (annotations < 0 && signals.get(s).isAnnotations()) {
                    annotations = s;
                }
            }
            this.firstAnnotations = annotations;
        }

        Recording run() throws IOException {
            boolean[] keep = chosenSignals();
            double[] onsets = h.isDiscontinuous() && firstAnnotations >= 0 ? recordOnsets() : null;
            float[][] out = new float[signals.size()][];
            for (int s = 0; s < signals.size(); s++) {
                if (keep[s]) {
                    int spr = signals.get(s).samplesPerRecord();
                    long length = onsets != null ? placement(s, onsets, h.records() - 1) + spr : h.records() * spr;
                    if (length > MAX_SAMPLES) {
                        throw new ReadException(file, null, "signal " + signals.get(s).label() + " would hold "
                                + length + " samples, more than one channel can; split the file");
                    }
                    out[s] = new float[(int) length];
                    if (onsets != null) {
                        Arrays.fill(out[s], Float.NaN);
                    }
                }
            }
            readRecords(keep, out, onsets);
            List<Channel> channels = new ArrayList<>();
            for (int s = 0; s < signals.size(); s++) {
                if (out[s] != null) {
                    EdfHeader.Signal sig = signals.get(s);
                    channels.add(new Channel(sig.label(), sig.dimension(), sig.samplesPerRecord() / h.recordDuration(), out[s]));
                    if (!sig.transducer().isEmpty()) {
                        notes.put("edf.signal." + (s + 1) + ".transducer", sig.transducer());
                    }
                    if (!sig.prefiltering().isEmpty()) {
                        notes.put("edf.signal." + (s + 1) + ".prefiltering", sig.prefiltering());
                    }
                }
            }
            notes.put("edf.patient", h.patient());
            notes.put("edf.recording", h.recording());
            notes.put("edf.type", h.isPlus() ? h.reserved().substring(0, 5) : h.bdf() ? "BDF" : "EDF");
            notes.put("edf.records", h.records() + " of " + h.recordDuration() + " s");
            // In EDF+ the first record may start a fraction of a second after the header's whole-second time.
            Instant start = h.start().toInstant(ZoneOffset.UTC).plusNanos(Math.round(firstOnset * 1e9));
            return new Recording(stem(), file, start, channels, List.of(), notes);
        }

        private boolean[] chosenSignals() throws ReadException {
            boolean[] keep = new boolean[signals.size()];
            String wanted = options.channels();
            for (int s = 0; s < signals.size(); s++) {
                keep[s] = !signals.get(s).isAnnotations() && (wanted == null || wanted.isBlank());
            }
            if (wanted == null || wanted.isBlank()) {
                return keep;
            }
            for (String w : wanted.split(",")) {
                boolean found = false;
                for (int s = 0; s < signals.size(); s++) {
                    if (!signals.get(s).isAnnotations() && signals.get(s).label().equalsIgnoreCase(w.strip())) {
                        keep[s] = true;
                        found = true;
                    }
                }
                if (!found) {
                    List<String> labels = new ArrayList<>();
                    for (EdfHeader.Signal sig : signals) {
                        if (!sig.isAnnotations()) {
                            labels.add(sig.label());
                        }
                    }
                    throw new ReadException(file, null, "signal '" + w.strip() + "' not found; signals are "
                            + String.join(", ", labels));
                }
            }
            return keep;
        }

        /** Onset of every data record from its time-keeping annotation (the first TAL of the first annotation signal). */
        private double[] recordOnsets() throws IOException {
            double[] onsets = new double[(int) h.records()];
            int length = signals.get(firstAnnotations).samplesPerRecord() * h.bytesPerSample();
            for (long r = 0; r < h.records(); r++) {
                long at = recordStart(r) + offsetInRecord[firstAnnotations];
                byte[] bytes = EdfHeader.readAt(channel, at, length);
                List<Tal> tals = Tal.parse(file, bytes, 0, length, r + 1, at);
                if (tals.isEmpty()) {
                    throw new ReadException(file, "data record " + (r + 1) + ", byte " + at, "the annotation signal "
                            + "has no time-keeping annotation giving the record's start, which EDF+ requires");
                }
                int i = (int) r;
                onsets[i] = tals.get(0).onsetSeconds();
                if (i > 0 && onsets[i] < onsets[i - 1] + h.recordDuration() - OVERLAP_TOLERANCE) {
                    throw new ReadException(file, "data record " + (r + 1), "starts at " + onsets[i] + " s, before data"
                            + " record " + r + " ends (at " + (onsets[i - 1] + h.recordDuration()) + " s); EDF+D records"
                            + " must follow each other in time without overlapping");
                }
            }
            return onsets;
        }

        /** First sample index of data record {@code r} in signal {@code s}: its onset on the signal's grid (EDF+D). */
        private long placement(int s, double[] onsets, long r) {
            double fs = signals.get(s).samplesPerRecord() / h.recordDuration();
            return Math.round((onsets[(int) r] - onsets[0]) * fs);
        }

        private void readRecords(boolean[] keep, float[][] out, double[] onsets) throws IOException {
            int recordBytes = h.recordBytes();
            ByteBuffer record = ByteBuffer.allocate(recordBytes).order(ByteOrder.LITTLE_ENDIAN);
            byte[] raw = record.array();
            for (long r = 0; r < h.records(); r++) {
                record.clear();
                long at = recordStart(r);
                while (record.hasRemaining()) {
                    if (channel.read(record, at + record.position()) < 0) {
                        throw new ReadException(file, "byte " + (at + record.position()), "the file ends in data record "
                                + (r + 1) + " of " + h.records() + " at byte " + (at + record.position()) + "; it is truncated");
                    }
                }
                for (int s = 0; s < signals.size(); s++) {
                    EdfHeader.Signal sig = signals.get(s);
                    int spr = sig.samplesPerRecord();
                    if (sig.isAnnotations()) {
                        List<Tal> tals = Tal.parse(file, raw, offsetInRecord[s], spr * h.bytesPerSample(), r + 1,
                                at + offsetInRecord[s]);
                        if (r == 0 && s == firstAnnotations && h.isPlus() && !tals.isEmpty()) {
                            firstOnset = tals.get(0).onsetSeconds();
                        }
                        addAnnotations(tals, s == firstAnnotations);
                    } else if (keep[s]) {
                        long base = onsets != null ? placement(s, onsets, r) : r * spr;
                        decode(record, offsetInRecord[s], sig, out[s], (int) base);
                    }
                }
            }
        }

        private void decode(ByteBuffer record, int from, EdfHeader.Signal sig, float[] out, int base) {
            double gain = sig.gain();
            double offset = sig.offset();
            int spr = sig.samplesPerRecord();
            if (h.bdf()) {
                for (int k = 0; k < spr; k++) {
                    int p = from + 3 * k;
                    // Little-endian 24-bit two's complement: the top byte is shifted in signed to extend the sign.
                    int digital = (record.get(p) & 0xFF) | (record.get(p + 1) & 0xFF) << 8 | record.get(p + 2) << 16;
                    out[base + k] = (float) (digital * gain + offset);
                }
            } else {
                for (int k = 0; k < spr; k++) {
                    out[base + k] = (float) (record.getShort(from + 2 * k) * gain + offset);
                }
            }
        }

        private void addAnnotations(List<Tal> tals, boolean timeKeepingSignal) {
            for (int t = 0; t < tals.size(); t++) {
                Tal tal = tals.get(t);
                for (String text : tal.texts()) {
                    // The first TAL of the first annotation signal keeps time, with an empty text: not an annotation.
                    if (timeKeepingSignal && t == 0 && text.isEmpty()) {
                        continue;
                    }
                    annotationCount++;
                    notes.put("annotation." + annotationCount, "onset=" + tal.onset() + ";duration=" + tal.duration()
                            + ";" + text);
                }
            }
        }

        private long recordStart(long r) {
            return h.headerBytes() + r * h.recordBytes();
        }

        private String stem() {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        }
    }
}
