package org.sigmappg.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sigmappg.run.FileTools;
import org.sigmappg.signal.PatchFlag;

/**
 * The on-disk cache of a dataset's pre-processed windows: little-endian float32 files read through memory
 * maps, plus a manifest with each file's SHA-256 and a content hash over all of them.
 *
 * <p>Files: {@code windows.f32} (scaled window samples, windows one after another), {@code patches.f32}
 * (per patch: std, skewness, A, S, P), {@code patchflags.u8} (per patch QC bits), and per record under
 * {@code signals/} the raw channel and the filtered 50 Hz signal for the signal explorer.
 */
public final class WindowCache implements Closeable {
    public static final String MANIFEST = "manifest.json";
    public static final String FORMAT = "sigma-ppg-window-cache/1";
    /** Floats stored per patch in {@code patches.f32}. */
    public static final int PATCH_FIELDS = 5;
    public static final int FLAG_MISSING = PatchFlag.MISSING.bit();
    public static final int FLAG_FLAT = PatchFlag.FLAT.bit();
    public static final int FLAG_CLIPPED = PatchFlag.CLIPPED.bit();
    public static final int FLAG_PADDING = PatchFlag.PADDED.bit();

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path dir;
    private final FloatBuffer windows;
    private final FloatBuffer patches;
    private final ByteBuffer flags;
    private final String contentHash;

    private WindowCache(Path dir, FloatBuffer windows, FloatBuffer patches, ByteBuffer flags, String contentHash) {
        this.dir = dir;
        this.windows = windows;
        this.patches = patches;
        this.flags = flags;
        this.contentHash = contentHash;
    }

    /** Opens a finished cache folder; the manifest must exist and name every file with its size. */
    public static WindowCache open(Path dir) throws IOException {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.exists(manifestFile)) {
            throw new IOException("dataset cache " + dir + " has no " + MANIFEST + "; re-import the dataset");
        }
        JsonObject manifest = GSON.fromJson(Files.readString(manifestFile, StandardCharsets.UTF_8), JsonObject.class);
        for (var e : manifest.getAsJsonObject("files").entrySet()) {
            Path f = dir.resolve(e.getKey());
            long expected = e.getValue().getAsJsonObject().get("bytes").getAsLong();
            if (!Files.exists(f) || Files.size(f) != expected) {
                throw new IOException("dataset cache " + dir + ": " + e.getKey() + " is missing or has the wrong size (expected "
                        + expected + " bytes); re-import the dataset");
            }
        }
        return new WindowCache(dir, mapFloats(dir.resolve("windows.f32")), mapFloats(dir.resolve("patches.f32")),
                map(dir.resolve("patchflags.u8")), manifest.get("contentHash").getAsString());
    }

    private static FloatBuffer mapFloats(Path f) throws IOException {
        return map(f).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    private static ByteBuffer map(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                // A single mapping is limited to 2 GiB; split files are not needed for the datasets we target yet.
                throw new IOException(f + " is larger than 2 GiB; import the dataset in parts");
            }
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return m.order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    public Path directory() {
        return dir;
    }

    public String contentHash() {
        return contentHash;
    }

    /** Copies {@code length} window samples starting at float offset {@code offset}. */
    public float[] samples(long offset, int length) {
        float[] out = new float[length];
        windows.duplicate().position(Math.toIntExact(offset)).get(out);
        return out;
    }

    /** Copies the per-patch statistics (std, skewness, A, S, P interleaved) of {@code patchCount} patches. */
    public float[] patchStats(long patchOffset, int patchCount) {
        float[] out = new float[patchCount * PATCH_FIELDS];
        patches.duplicate().position(Math.toIntExact(patchOffset * PATCH_FIELDS)).get(out);
        return out;
    }

    /** Copies the QC flag bits of {@code patchCount} patches. */
    public byte[] patchFlags(long patchOffset, int patchCount) {
        byte[] out = new byte[patchCount];
        flags.duplicate().position(Math.toIntExact(patchOffset)).get(out);
        return out;
    }

    /** Reads a stored per-record signal (raw or filtered), or an empty array if none was stored. */
    public float[] signal(String fileName) throws IOException {
        Path f = dir.resolve("signals").resolve(fileName);
        if (!Files.exists(f)) {
            return new float[0];
        }
        FloatBuffer fb = mapFloats(f);
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    /** Checks every file against its SHA-256 in the manifest; returns the names that differ. */
    public List<String> verify() throws IOException {
        JsonObject manifest = GSON.fromJson(Files.readString(dir.resolve(MANIFEST), StandardCharsets.UTF_8), JsonObject.class);
        List<String> bad = new ArrayList<>();
        for (var e : manifest.getAsJsonObject("files").entrySet()) {
            String expected = e.getValue().getAsJsonObject().get("sha256").getAsString();
            if (!FileTools.sha256(dir.resolve(e.getKey())).equals(expected)) {
                bad.add(e.getKey());
            }
        }
        return bad;
    }

    @Override
    public void close() {
        // Mapped buffers are released by the garbage collector; nothing else is held open.
    }

    /** Streams windows into a new cache folder; {@link #finish} hashes everything and writes the manifest last. */
    public static final class Writer implements Closeable {
        private final Path dir;
        private final HashingOut windowsOut;
        private final HashingOut patchesOut;
        private final HashingOut flagsOut;
        private final Map<String, String[]> signalFiles = new LinkedHashMap<>();
        private long samplesWritten;
        private long patchesWritten;
        private final ByteBuffer scratch = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        public Writer(Path dir) throws IOException {
            this.dir = dir;
            FileTools.createOwnerOnlyDirectories(dir.resolve("signals"));
            windowsOut = new HashingOut(dir.resolve("windows.f32"));
            patchesOut = new HashingOut(dir.resolve("patches.f32"));
            flagsOut = new HashingOut(dir.resolve("patchflags.u8"));
        }

        /** Sample offset the next window will get. */
        public long sampleOffset() {
            return samplesWritten;
        }

        /** Patch offset the next window will get. */
        public long patchOffset() {
            return patchesWritten;
        }

        /**
         * Appends one window: its samples, its per-patch statistics ({@link #PATCH_FIELDS} floats per
         * patch, interleaved) and its per-patch flag bits.
         */
        public void append(float[] samples, float[] patchStats, byte[] patchFlags) throws IOException {
            if (patchStats.length != patchFlags.length * PATCH_FIELDS) {
                throw new IllegalArgumentException("patch statistics and flags disagree: " + patchStats.length + " vs " + patchFlags.length);
            }
            writeFloats(windowsOut, samples);
            writeFloats(patchesOut, patchStats);
            flagsOut.write(patchFlags, 0, patchFlags.length);
            samplesWritten += samples.length;
            patchesWritten += patchFlags.length;
        }

        /** Stores a whole per-record signal (e.g. {@code r12.raw.f32}) for the signal explorer. */
        public void putSignal(String fileName, float[] values) throws IOException {
            try (HashingOut out = new HashingOut(dir.resolve("signals").resolve(fileName))) {
                writeFloats(out, values);
                out.close();
                signalFiles.put("signals/" + fileName, new String[] {out.hex(), Long.toString(out.bytes)});
            }
        }

        private void writeFloats(HashingOut out, float[] values) throws IOException {
            int i = 0;
            while (i < values.length) {
                scratch.clear();
                int n = Math.min(values.length - i, scratch.capacity() / Float.BYTES);
                scratch.asFloatBuffer().put(values, i, n);
                out.write(scratch.array(), 0, n * Float.BYTES);
                i += n;
            }
        }

        /** Closes the data files, writes the manifest (atomically, last) and returns the content hash. */
        public String finish(Map<String, Object> description) throws IOException {
            windowsOut.close();
            patchesOut.close();
            flagsOut.close();
            Map<String, Object> files = new LinkedHashMap<>();
            MessageDigest all = FileTools.sha256Digest();
            for (HashingOut o : List.of(windowsOut, patchesOut, flagsOut)) {
                files.put(o.file.getFileName().toString(), Map.of("sha256", o.hex(), "bytes", o.bytes));
                all.update(o.hex().getBytes(StandardCharsets.US_ASCII));
            }
            for (var e : signalFiles.entrySet()) {
                files.put(e.getKey(), Map.of("sha256", e.getValue()[0], "bytes", Long.parseLong(e.getValue()[1])));
                all.update(e.getValue()[0].getBytes(StandardCharsets.US_ASCII));
            }
            String contentHash = HexFormat.of().formatHex(all.digest());
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("format", FORMAT);
            manifest.put("created", Instant.now().toString());
            manifest.put("contentHash", contentHash);
            manifest.put("samples", samplesWritten);
            manifest.put("patches", patchesWritten);
            manifest.put("dataset", description);
            manifest.put("files", files);
            FileTools.writeStringAtomically(dir.resolve(MANIFEST), GSON.toJson(manifest));
            return contentHash;
        }

        @Override
        public void close() throws IOException {
            windowsOut.close();
            patchesOut.close();
            flagsOut.close();
        }
    }

    /** A buffered file output that hashes what it writes and flushes to disk on close. */
    private static final class HashingOut extends OutputStream {
        final Path file;
        private final FileChannel channel;
        private final OutputStream out;
        private final MessageDigest md = FileTools.sha256Digest();
        long bytes;
        private boolean closed;
        private String hex;

        HashingOut(Path file) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            FileTools.ownerOnly(file);
            this.out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            md.update((byte) b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            md.update(b, off, len);
            bytes += len;
        }

        String hex() {
            if (hex == null) {
                hex = HexFormat.of().formatHex(md.digest());
            }
            return hex;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            out.flush();
            channel.force(true);
            out.close();
        }
    }
}
