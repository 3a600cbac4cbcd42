package org.sigmappg.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sigmappg.run.FileTools;

/**
 * Model checkpoints that know their architecture. A file is a header (magic, format version, kind,
 * architecture JSON, full parameter-record JSON, free metadata such as the run id) followed by DJL's
 * {@code Block.saveParameters} stream. Loading first compares kind and architecture and refuses a
 * mismatch with {@link ArchitectureMismatchException} naming both (DJL itself would fail later with a
 * misleading "Unsupported encoding version"). Files are written atomically.
 *
 * <p>After {@link #load}, create a NEW {@code ParameterStore}: a store caches the parameter arrays it
 * has handed out, and loading replaces them (the old ones are closed).
 */
public final class ModelCheckpoint {
    static final String MAGIC = "SIGMA-PPG model checkpoint";
    static final int FORMAT_VERSION = 1;
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

    /** Writes the block's parameters with its architecture and {@code metadata}; the block must be initialised. */
    public static void save(Path file, CheckpointableBlock block, Map<String, String> metadata) throws IOException {
        String metadataJson = GSON.toJson(new TreeMap<>(metadata));
        FileTools.writeAtomically(file, out -> {
            DataOutputStream data = new DataOutputStream(out);
            writeString(data, MAGIC);
            data.writeInt(FORMAT_VERSION);
            writeString(data, block.architectureKind());
            writeString(data, block.architecture());
            writeString(data, block.paramsJson());
            writeString(data, metadataJson);
            block.saveParameters(data);
            data.flush();
        });
    }

    public static Header readHeader(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            return readHeader(file, in);
        }
    }

    /**
     * Loads a checkpoint into {@code block} (initialised on {@code manager} first if it is not yet).
     * Trainable parameters keep requiring gradients, so training can resume.
     *
     * @throws ArchitectureMismatchException if the file was written by another kind or architecture
     */
    public static Header load(Path file, CheckpointableBlock block, NDManager manager) throws IOException {
        try (DataInputStream in = open(file)) {
            Header header = readHeader(file, in);
            if (!header.kind().equals(block.architectureKind())
                    || !header.architecture().equals(block.architecture())) {
                throw new ArchitectureMismatchException(file, header.kind(), header.architecture(),
                        block.architectureKind(), block.architecture());
            }
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
            throw new IOException(file + ": the parameter data is damaged (" + e.getMessage() + ")", e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    }

    private static Header readHeader(Path file, DataInputStream in) throws IOException {
        String magic;
        try {
            magic = readString(in, MAGIC.length() * 4);
        } catch (IOException e) {
            magic = null;
        }
        if (!MAGIC.equals(magic)) {
            throw new IOException(file + " is not a SIGMA-PPG model checkpoint (no '" + MAGIC + "' header)");
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException(file + ": checkpoint format " + version + " is not readable by this build, "
                    + "which reads format " + FORMAT_VERSION);
        }
        int limit = 16 << 20;
        String kind = readString(in, limit);
        String architecture = readString(in, limit);
        String params = readString(in, limit);
        Map<String, String> metadata = GSON.fromJson(readString(in, limit),
                new TypeToken<LinkedHashMap<String, String>>() { }.getType());
        return new Header(version, kind, architecture, params, metadata);
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
}
