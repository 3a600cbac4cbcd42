package org.sigmappg.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.run.FileTools;
import org.sigmappg.signal.DroppedWindow;
import org.sigmappg.signal.WindowLevels;

/**
 * One record read and pre-processed by {@link RecordImport}, everything the commit writes of it: its catalogue row, its
 * windows as the cache stores them, and its kept channels' raw and filtered signals. Also a part file: what a shard or a
 * Spark executor hands to the step that commits, read back bit for bit (arrays as little-endian IEEE 754, NaN payloads kept).
 *
 * @param planIndex the record's position in the import plan, which orders the dataset
 * @param file the recording's absolute path
 * @param start the recording's start (ISO-8601), or null when it has none
 * @param raw per kept channel, its samples as read
 * @param filtered per kept channel, its filtered, resampled signal
 */
public record ImportedRecord(int planIndex, String recordName, String subject, String file, String relativePath, String format,
                             List<RecordInfo.KeptChannel> kept, List<String> channels, String start, Map<String, String> annotations,
                             String contentHash, List<String> warnings, List<DroppedWindow> dropped, List<LabelSeries> labelSeries,
                             Map<String, Integer> flaggedLabels, List<float[]> raw, List<float[]> filtered,
                             List<ImportedWindow> windows) {
    private static final String MAGIC = "sigma-ppg-record-part/1";
    /** Floats moved at a time: arrays travel as little-endian bytes in blocks, not one value at a time. */
    private static final int CHUNK = 1 << 14;
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();

    /**
     * One window over all kept channels (the same span in each), as the cache stores it.
     *
     * @param missing the largest missing share over the channels, likewise {@code flat} and {@code clipped}
     * @param samples per channel, the scaled samples
     * @param stats per channel, {@link WindowCache#PATCH_FIELDS} floats per patch
     * @param flags per channel, the QC bits per patch
     */
    public record ImportedWindow(long start, int validSamples, int patches, double priorMean, double missing, double flat,
                                 double clipped, List<WindowLevels> levels, Map<String, Double> labels, float[][] samples,
                                 float[][] stats, byte[][] flags) {
    }

    /** The catalogue's part of a window: everything but its arrays. */
    private record WindowMeta(long start, int validSamples, int patches, double priorMean, double missing, double flat, double clipped,
                              List<WindowLevels> levels, Map<String, Double> labels) {
    }

    /** The catalogue's part of a record, the part file's header. */
    private record Meta(int planIndex, String recordName, String subject, String file, String relativePath, String format,
                        List<RecordInfo.KeptChannel> kept, List<String> channels, String start, Map<String, String> annotations,
                        String contentHash, List<String> warnings, List<DroppedWindow> dropped, List<LabelSeries> labelSeries,
                        Map<String, Integer> flaggedLabels, List<WindowMeta> windows) {
    }

    /** Writes the record to {@code file} atomically: a JSON header, then every array with its bits as they are. */
    public void save(Path file) throws IOException {
        List<WindowMeta> metas = new ArrayList<>();
        for (ImportedWindow w : windows) {
            metas.add(new WindowMeta(w.start(), w.validSamples(), w.patches(), w.priorMean(), w.missing(), w.flat(), w.clipped(),
                    w.levels(), w.labels()));
        }
        byte[] header = GSON.toJson(new Meta(planIndex, recordName, subject, this.file, relativePath, format, kept, channels, start,
                annotations, contentHash, warnings, dropped, labelSeries, flaggedLabels, metas)).getBytes(StandardCharsets.UTF_8);
        FileTools.writeAtomically(file, stream -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
            out.writeUTF(MAGIC);
            out.writeInt(header.length);
            out.write(header);
            for (int c = 0; c < kept.size(); c++) {
                writeFloats(out, raw.get(c));
                writeFloats(out, filtered.get(c));
            }
            for (ImportedWindow w : windows) {
                for (int c = 0; c < kept.size(); c++) {
                    writeFloats(out, w.samples()[c]);
                    writeFloats(out, w.stats()[c]);
                    out.writeInt(w.flags()[c].length);
                    out.write(w.flags()[c]);
                }
            }
            out.flush();
        });
    }

    /** Reads a record {@link #save} wrote; a file that is not one, or is cut short, is refused naming it. */
    public static ImportedRecord load(Path file) throws IOException {
        try (InputStream stream = Files.newInputStream(file)) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException(file + ": not a record part written by this version; run the shard again");
            }
            byte[] header = new byte[in.readInt()];
            in.readFully(header);
            Meta m = GSON.fromJson(new String(header, StandardCharsets.UTF_8), Meta.class);
            int channels = m.kept().size();
            List<float[]> raw = new ArrayList<>();
            List<float[]> filtered = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                raw.add(readFloats(in));
                filtered.add(readFloats(in));
            }
            List<ImportedWindow> windows = new ArrayList<>();
            for (WindowMeta w : m.windows()) {
                float[][] samples = new float[channels][];
                float[][] stats = new float[channels][];
                byte[][] flags = new byte[channels][];
                for (int c = 0; c < channels; c++) {
                    samples[c] = readFloats(in);
                    stats[c] = readFloats(in);
                    flags[c] = new byte[in.readInt()];
                    in.readFully(flags[c]);
                }
                windows.add(new ImportedWindow(w.start(), w.validSamples(), w.patches(), w.priorMean(), w.missing(), w.flat(), w.clipped(),
                        w.levels(), w.labels(), samples, stats, flags));
            }
            return new ImportedRecord(m.planIndex(), m.recordName(), m.subject(), m.file(), m.relativePath(), m.format(), m.kept(),
                    m.channels(), m.start(), m.annotations(), m.contentHash(), m.warnings(), m.dropped(), m.labelSeries(),
                    m.flaggedLabels(), raw, filtered, windows);
        } catch (EOFException e) {
            throw new IOException(file + ": the record part is cut short; run the shard again", e);
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i += CHUNK) {
            int n = Math.min(CHUNK, values.length - i);
            chunk.clear();
            chunk.asFloatBuffer().put(values, i, n);
            out.write(chunk.array(), 0, n * Float.BYTES);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] out = new float[in.readInt()];
        byte[] chunk = new byte[Math.min(CHUNK, out.length) * Float.BYTES];
        for (int i = 0; i < out.length; i += CHUNK) {
            int n = Math.min(CHUNK, out.length - i);
            in.readFully(chunk, 0, n * Float.BYTES);
            ByteBuffer.wrap(chunk, 0, n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, i, n);
        }
        return out;
    }
}
