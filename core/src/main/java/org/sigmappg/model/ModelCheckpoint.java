package org.sigmappg.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.sigmappg.run.FileTools;

/**
 * Model checkpoints that know their architecture and carry a checksum. A file is a header (magic, format
 * version, kind, architecture JSON, full parameter-record JSON, free metadata such as the run id), DJL's
 * {@code Block.saveParameters} stream and, since format 2, a trailer: the number of bytes before it, their
 * CRC32C and an end marker. Nothing in a file is used before {@link #verify} has read all of it: the
 * trailer must match (format 2), and so must the SHA-256 the workspace recorded when the file was written,
 * where one was; a format-1 file, which has no trailer, is read only with such a record. Loading then
 * compares kind and architecture and refuses a mismatch with {@link ArchitectureMismatchException} naming
 * both (DJL itself would fail later with a misleading "Unsupported encoding version"). Files are written
 * atomically.
 *
 * <p>After {@link #load}, create a NEW {@code ParameterStore}: a store caches the parameter arrays it
 * has handed out, and loading replaces them (the old ones are closed).
 */
public final class ModelCheckpoint {
    static final String MAGIC = "SIGMA-PPG model checkpoint";
    /** The layout written: a header, the parameters and the trailer. */
    static final int FORMAT_VERSION = 2;
    /** The first layout: header and parameters, no trailer (the bundled sample runs were written in it). */
    static final int FORMAT_WITHOUT_CHECKSUM = 1;
    static final byte[] END_MARKER = "SPPG-END".getBytes(StandardCharsets.US_ASCII);
    /** Length of what precedes the trailer (8 bytes), its CRC32C (4) and the end marker. */
    static final int TRAILER_BYTES = Long.BYTES + Integer.BYTES + END_MARKER.length;
    /** What to do about a checkpoint that cannot be used. */
    private static final String ADVICE = "resume the run from its previous checkpoint or train again";
    private static final int HEADER_FIELD_LIMIT = 16 << 20;
    private static final Gson GSON = new Gson();

    private ModelCheckpoint() {
    }

    /**
     * What a checkpoint says about itself.
     *
     * @param formatVersion file layout version
     * @param kind {@code tokenizer}, {@code student} or {@code teacher}
     * @param architecture canonical architecture JSON ({@link CheckpointableBlock#architecture()})
     * @param params the full parameter record as JSON (read it with {@code TokenizerParams.fromJson} or
     *     {@code StudentParams.fromJson})
     * @param metadata free key-value pairs given at save time (run id, step, ...)
     */
    public record Header(int formatVersion, String kind, String architecture, String params,
                         Map<String, String> metadata) {
    }

    /**
     * What the workspace recorded about a checkpoint when it was written (its artifact row).
     *
     * @param sha256 SHA-256 of the whole file, lower-case hex
     * @param bytes its size
     */
    public record Recorded(String sha256, long bytes) {
    }

    /** A checkpoint file whose bytes {@link #verify} has checked; {@link #load} puts its parameters into a block. */
    public static final class Verified {
        private final Path file;
        private final String name;
        private final Header header;
        private final String sha256;

        private Verified(Path file, String name, Header header, String sha256) {
            this.file = file;
            this.name = name;
            this.header = header;
            this.sha256 = sha256;
        }

        public Path file() {
            return file;
        }

        /** How messages name the file (in a workspace: relative to it, such as {@code runs/tok-0001/tokenizer.ckpt}). */
        public String name() {
            return name;
        }

        public Header header() {
            return header;
        }

        /** SHA-256 of the whole file as verified, lower-case hex. */
        public String sha256() {
            return sha256;
        }
    }

    /** Writes the block's parameters with its architecture, {@code metadata} and the trailer; the block must be initialised. */
    public static void save(Path file, CheckpointableBlock block, Map<String, String> metadata) throws IOException {
        String metadataJson = GSON.toJson(new TreeMap<>(metadata));
        FileTools.writeAtomically(file, out -> {
            ChecksummedOutputStream checked = new ChecksummedOutputStream(out);
            DataOutputStream data = new DataOutputStream(checked);
            writeString(data, MAGIC);
            data.writeInt(FORMAT_VERSION);
            writeString(data, block.architectureKind());
            writeString(data, block.architecture());
            writeString(data, block.paramsJson());
            writeString(data, metadataJson);
            block.saveParameters(data);
            data.flush();
            DataOutputStream trailer = new DataOutputStream(out);
            trailer.writeLong(checked.count);
            trailer.writeInt((int) checked.crc.getValue());
            trailer.write(END_MARKER);
            trailer.flush();
        });
    }

    /** {@link #verify(Path, String, Recorded)} of a file the workspace recorded nothing about, named by its path. */
    public static Verified verify(Path file) throws IOException {
        return verify(file, file.toString(), null);
    }

    /**
     * Reads the whole file once and checks it: its size and SHA-256 against {@code recorded} (when given), its
     * trailer's length and CRC32C against its bytes (format 2), then reads its header. Every refusal is one line
     * naming the file as {@code name}: truncated (with its size), damaged, not a checkpoint, a format this build
     * does not read, or a format-1 file without a record, which nothing could verify.
     *
     * @param recorded what the workspace recorded when the file was written, or null where it recorded nothing
     */
    public static Verified verify(Path file, String name, Recorded recorded) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("checkpoint " + name + " is missing");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (recorded != null && size < recorded.bytes()) {
                throw truncated(name, size, recorded.bytes() + " were recorded when it was written");
            }
            int version = formatVersion(ch, size, name);
            if (version != FORMAT_VERSION && version != FORMAT_WITHOUT_CHECKSUM) {
                throw new IOException("checkpoint " + name + " is in format " + version + ", which this build does not read "
                        + "(it reads formats " + FORMAT_WITHOUT_CHECKSUM + " and " + FORMAT_VERSION + "); open it with the "
                        + "version that wrote it");
            }
            if (version == FORMAT_WITHOUT_CHECKSUM && recorded == null) {
                throw new IOException("checkpoint " + name + " was written by an earlier version (format 1, without a checksum) "
                        + "and no SHA-256 was recorded for it, so it cannot be verified; train again");
            }
            boolean trailed = version == FORMAT_VERSION;
            CRC32C crc = new CRC32C();
            String sha256 = digest(ch, trailed ? size - TRAILER_BYTES : 0, crc);
            if (recorded != null && !recorded.sha256().equalsIgnoreCase(sha256)) {
                throw new IOException("checkpoint " + name + " is damaged (its SHA-256 does not match the one recorded when it "
                        + "was written); " + ADVICE);
            }
            if (trailed) {
                checkTrailer(ch, size, crc, name);
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch.position(0)), 1 << 16))) {
                return new Verified(file, name, readHeader(in, name), sha256);
            }
        }
    }

    /**
     * Loads a verified checkpoint into {@code block} (initialised on {@code manager} first if it is not yet).
     * Trainable parameters keep requiring gradients, so training can resume.
     *
     * @throws ArchitectureMismatchException if the file was written by another kind or architecture
     */
    public static Header load(Verified checkpoint, CheckpointableBlock block, NDManager manager) throws IOException {
        Header header = checkpoint.header();
        Path file = checkpoint.file();
        if (!header.kind().equals(block.architectureKind()) || !header.architecture().equals(block.architecture())) {
            throw new ArchitectureMismatchException(file, header.kind(), header.architecture(),
                    block.architectureKind(), block.architecture());
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            readHeader(in, checkpoint.name());
            if (!block.isInitialized()) {
                block.initialize(manager);
            }
            List<Parameter> parameters = block.getParameters().values();
            List<NDArray> previous = new ArrayList<>();
            for (Parameter p : parameters) {
                previous.add(p.getArray());
            }
            block.loadParameters(manager, in);
            for (Parameter p : parameters) {
                // Parameter.load installs a fresh array without the gradient flag.
                if (p.requiresGradient()) {
                    p.getArray().setRequiresGradient(true);
                }
            }
            previous.forEach(NDArray::close);
            return header;
        } catch (MalformedModelException e) {
            throw new IOException("checkpoint " + checkpoint.name() + ": the parameter data is damaged (" + e.getMessage() + ")", e);
        }
    }

    /** {@link #verify(Path) Verifies} a file the workspace recorded nothing about, then {@link #load(Verified, CheckpointableBlock, NDManager) loads} it. */
    public static Header load(Path file, CheckpointableBlock block, NDManager manager) throws IOException {
        return load(verify(file), block, manager);
    }

    /** The format version after the magic; refuses a file that does not start like a checkpoint. */
    private static int formatVersion(FileChannel ch, long size, String name) throws IOException {
        byte[] magic = MAGIC.getBytes(StandardCharsets.UTF_8);
        byte[] expected = ByteBuffer.allocate(Integer.BYTES + magic.length).putInt(magic.length).put(magic).array();
        int wanted = expected.length + Integer.BYTES;
        byte[] start = readAt(ch, 0, (int) Math.min(size, wanted));
        int compared = Math.min(start.length, expected.length);
        if (!Arrays.equals(start, 0, compared, expected, 0, compared)) {
            throw new IOException(name + " is not a SIGMA-PPG model checkpoint (no '" + MAGIC + "' header)");
        }
        if (start.length < wanted) {
            throw truncated(name, size, "it ends inside its header");
        }
        return ByteBuffer.wrap(start, expected.length, Integer.BYTES).getInt();
    }

    /** SHA-256 of the whole file, in one pass that also feeds its first {@code checkedBytes} bytes to {@code crc}. */
    private static String digest(FileChannel ch, long checkedBytes, CRC32C crc) throws IOException {
        MessageDigest sha = FileTools.sha256Digest();
        InputStream in = Channels.newInputStream(ch.position(0));
        byte[] buffer = new byte[1 << 20];
        long position = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            int checked = (int) Math.max(0, Math.min(n, checkedBytes - position));
            crc.update(buffer, 0, checked);
            sha.update(buffer, 0, n);
            position += n;
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void checkTrailer(FileChannel ch, long size, CRC32C crc, String name) throws IOException {
        // formatVersion has seen a whole magic and version, so the file is longer than a trailer.
        ByteBuffer trailer = ByteBuffer.wrap(readAt(ch, size - TRAILER_BYTES, TRAILER_BYTES));
        long length = trailer.getLong();
        int checksum = trailer.getInt();
        byte[] marker = new byte[END_MARKER.length];
        trailer.get(marker);
        if (!Arrays.equals(marker, END_MARKER)) {
            throw truncated(name, size, "the end marker of a whole checkpoint is missing");
        }
        if (length != size - TRAILER_BYTES || checksum != (int) crc.getValue()) {
            throw new IOException("checkpoint " + name + " is damaged (its bytes do not match the checksum written at its end); "
                    + ADVICE);
        }
    }

    private static IOException truncated(String name, long size, String why) {
        return new IOException("checkpoint " + name + " is truncated (" + size + " bytes; " + why + "); " + ADVICE);
    }

    private static byte[] readAt(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (ch.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static Header readHeader(DataInputStream in, String name) throws IOException {
        try {
            String magic = readString(in, MAGIC.length() * 4);
            if (!MAGIC.equals(magic)) {
                throw new IOException("the magic differs");
            }
            int version = in.readInt();
            String kind = readString(in, HEADER_FIELD_LIMIT);
            String architecture = readString(in, HEADER_FIELD_LIMIT);
            String params = readString(in, HEADER_FIELD_LIMIT);
            Map<String, String> metadata = GSON.fromJson(readString(in, HEADER_FIELD_LIMIT),
                    new TypeToken<LinkedHashMap<String, String>>() { }.getType());
            return new Header(version, kind, architecture, params, metadata);
        } catch (IOException | JsonParseException e) {
            // Only a file written so by hand passes the checks above with a header like this.
            throw new IOException("checkpoint " + name + " has an unreadable header although its checksum matches; " + ADVICE, e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in, int limit) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > limit) {
            throw new IOException("header field of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Passes bytes on while counting them and feeding them to a CRC32C, so the trailer needs no second pass. */
    private static final class ChecksummedOutputStream extends FilterOutputStream {
        final CRC32C crc = new CRC32C();
        long count;

        ChecksummedOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            crc.update(b, off, len);
            count += len;
        }
    }
}
