package org.sigmappg.io.torch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sigmappg.io.ReadException;

/**
 * A PyTorch checkpoint as {@code torch.save} (1.6 and later) writes it, read without Python and without
 * running anything it contains: its top-level object as plain data (maps, lists, numbers, strings,
 * {@link TorchTensor}s, and {@link PickledObject} placeholders for any other class), the state dict located
 * as the reference loaders locate it, and the training arguments as text.
 *
 * <pre>{@code
 * TorchCheckpoint checkpoint = TorchCheckpoint.read(Path.of("sigma.pth"));
 * StateDict state = checkpoint.stateDict();              // checkpoint['model'], ['state_dict'], ['module'] or the bare dict
 * TorchTensor w = state.tensors().get("student.blocks.0.attn.qkv.weight");
 * long[] shape = w.shape(); float[] values = w.floats(); // row-major, float16/bfloat16 widened
 * String args = checkpoint.argsText().orElse("");         // "Namespace(lr=0.00015, ...)"
 * }</pre>
 */
public final class TorchCheckpoint {
    /** The keys under which the reference and common training scripts keep the state dict, in the order tried. */
    private static final List<String> STATE_DICT_KEYS = List.of("model", "state_dict", "module");
    /** A checkpoint's pickle describes its tensors, not their values; beyond this it is not one. */
    private static final long MAX_PICKLE_BYTES = 256L << 20;
    /** Torch's file-format versions so far run from 1 to 3; later PyTorch reads up to 10. */
    private static final int MAX_FORMAT_VERSION = 10;
    /** What {@code torch.save} writes before the data in its legacy format: a pickled magic number 0x1950a86a20f9469cfc6c. */
    private static final byte[] LEGACY_MAGIC = {(byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20,
            0x6a, (byte) 0xa8, 0x50, 0x19};

    private final Path file;
    private final String archiveName;
    private final Object root;

    private TorchCheckpoint(Path file, String archiveName, Object root) {
        this.file = file;
        this.archiveName = archiveName;
        this.root = root;
    }

    /** Reads a checkpoint; any file that is not one, or is damaged or hostile, is refused with a one-line reason. */
    public static TorchCheckpoint read(Path file) throws ReadException {
        try {
            refuseOtherFormats(file);
            try (ZipArchive archive = ZipArchive.open(file)) {
                return readArchive(file, archive);
            }
        } catch (ReadException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new ReadException(file, null, "file not found", e);
        } catch (AccessDeniedException e) {
            throw new ReadException(file, null, "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new ReadException(file, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Names what the file is when it is not a zip archive, judging by its first bytes. */
    private static void refuseOtherFormats(Path file) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(512);
        long size;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = ch.size();
            TensorTools.readFully(ch, head, 0);
        }
        byte[] b = head.flip().array();
        int n = head.limit();
        if (n >= 4 && b[0] == 'P' && b[1] == 'K' && (b[2] == 3 && b[3] == 4 || b[2] == 5 && b[3] == 6)) {
            return;
        }
        String problem;
        if (size == 0) {
            problem = "is empty";
        } else if (n >= 2 && (b[0] & 0xFF) == 0x80 && indexOf(b, n, LEGACY_MAGIC) >= 0 && indexOf(b, n, LEGACY_MAGIC) < 16) {
            problem = "is a legacy (pre-1.6) PyTorch file; re-save it with torch.save(..., _use_new_zipfile_serialization=True)";
        } else if (n >= 262 && new String(b, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            problem = "is a tar archive, as the oldest PyTorch versions saved; load it in PyTorch and re-save it with torch.save";
        } else if (SafeTensorsFile.looksLikeSafeTensors(b, n, size)) {
            problem = "is a safetensors file, not a PyTorch checkpoint; read it as safetensors";
        } else if ((b[0] & 0xFF) == 0x80) {
            problem = "is a bare Python pickle, not a checkpoint written by torch.save";
        } else {
            problem = "is not a PyTorch checkpoint: it is neither a zip archive (torch.save since 1.6) nor a legacy pickle";
        }
        throw new ReadException(file, null, problem);
    }

    private static int indexOf(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static TorchCheckpoint readArchive(Path file, ZipArchive archive) throws IOException {
        List<String> pickles = archive.entries().stream().map(ZipArchive.Entry::name)
                .filter(name -> name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length())
                .toList();
        boolean torchScript = archive.entries().stream().map(ZipArchive.Entry::name)
                .anyMatch(name -> name.endsWith("/constants.pkl") || name.contains("/code/__torch__/"));
        if (torchScript) {
            throw new ReadException(file, null, "is a TorchScript archive (torch.jit.save), not a checkpoint; save the model's"
                    + " state_dict() with torch.save instead");
        }
        if (pickles.isEmpty()) {
            throw new ReadException(file, null, "is a zip archive but not a PyTorch checkpoint: it has no data.pkl");
        }
        if (pickles.size() > 1) {
            throw new ReadException(file, null, "holds " + pickles.size() + " checkpoints (" + String.join(", ", pickles)
                    + "); torch.save writes one");
        }
        String prefix = pickles.get(0).substring(0, pickles.get(0).length() - "data.pkl".length());
        checkByteOrder(file, archive, prefix);
        checkVersion(file, archive, prefix);
        ZipArchive.Entry pickle = archive.entry(prefix + "data.pkl").orElseThrow();
        byte[] data = archive.readAll(pickle, MAX_PICKLE_BYTES, "checkpoint's pickle");
        Object root = new RestrictedUnpickler(data, file, pickle.name(), new ArchiveStorages(archive, prefix)).load();
        return new TorchCheckpoint(file, prefix.substring(0, prefix.length() - 1), root);
    }

    private static void checkByteOrder(Path file, ZipArchive archive, String prefix) throws IOException {
        Optional<ZipArchive.Entry> entry = archive.entry(prefix + "byteorder");
        if (entry.isEmpty()) {
            return; // PyTorch before 2.1 writes no byteorder and saves little-endian on every machine it supports.
        }
        String order = new String(archive.readAll(entry.get(), 16, "byte order"), StandardCharsets.US_ASCII).trim();
        if (order.equals("big")) {
            throw new ReadException(file, null, "was saved on a big-endian machine; only little-endian checkpoints are read"
                    + " (load and re-save it on a little-endian machine)");
        }
        if (!order.equals("little")) {
            throw new ReadException(file, entry.get().name(), "byte order '" + order + "' is neither 'little' nor 'big': the file is damaged");
        }
    }

    private static void checkVersion(Path file, ZipArchive archive, String prefix) throws IOException {
        // PyTorch looks for .data/version first (newer writers), then version.
        Optional<ZipArchive.Entry> entry = archive.entry(prefix + ".data/version").or(() -> archive.entry(prefix + "version"));
        if (entry.isEmpty()) {
            throw new ReadException(file, null, "has no format version entry; it is not a checkpoint written by torch.save");
        }
        String text = new String(archive.readAll(entry.get(), 64, "version"), StandardCharsets.US_ASCII).trim();
        int version;
        try {
            version = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ReadException(file, entry.get().name(), "format version '" + text + "' is not a number: the file is damaged");
        }
        if (version < 1 || version > MAX_FORMAT_VERSION) {
            throw new ReadException(file, entry.get().name(), "format version " + version + " is not one this reader knows (1 to "
                    + MAX_FORMAT_VERSION + ")");
        }
    }

    public Path file() {
        return file;
    }

    /** The folder every entry of the archive lies in (torch names it after the file it first saved to). */
    public String archiveName() {
        return archiveName;
    }

    /**
     * The object the checkpoint was saved from, as plain data: {@code Map} (dict and OrderedDict, in order),
     * {@code List} (list, and tuple as an unmodifiable list), {@code Set}, {@code String}, {@code byte[]},
     * {@code Long} or {@code BigInteger}, {@code Double}, {@code Boolean}, null (None), {@link TorchTensor},
     * {@link PickledObject} and {@link PickledGlobal} (other classes, inert), {@link StorageReference}.
     */
    public Object root() {
        return root;
    }

    /**
     * The state dict, found as the reference loaders find it: {@code checkpoint['model']}, else
     * {@code ['state_dict']}, else {@code ['module']}, else the checkpoint itself when it is a dict.
     * Refused, naming the entry, when there is no such dict, when it holds no tensor, or when one of its
     * tensors is of a type that is not read.
     */
    public StateDict stateDict() throws ReadException {
        if (!(root instanceof Map<?, ?> top)) {
            throw new ReadException(file, null, "holds " + RestrictedUnpickler.typeName(root) + ", not a dict with a state dict");
        }
        Map<?, ?> dict = top;
        String location = "checkpoint";
        for (String key : STATE_DICT_KEYS) {
            if (top.containsKey(key)) {
                location = "checkpoint['" + key + "']";
                if (!(top.get(key) instanceof Map<?, ?> inner)) {
                    Object value = top.get(key);
                    String hint = value instanceof PickledObject ? " (a whole pickled object; save its state_dict() instead)" : "";
                    throw new ReadException(file, null, location + " holds " + RestrictedUnpickler.typeName(value)
                            + ", not a state dict" + hint);
                }
                dict = inner;
                break;
            }
        }
        Map<String, TorchTensor> tensors = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            String name = e.getKey() instanceof String s ? s : PythonText.of(e.getKey());
            if (e.getKey() instanceof String && e.getValue() instanceof TorchTensor t) {
                if (!t.dtype().isRead()) {
                    throw new ReadException(file, null, location + "['" + name + "'] is a " + t.dtype() + " tensor; only "
                            + TorchDType.readNames(false) + " tensors are read");
                }
                tensors.put(name, t);
            } else {
                skipped.put(name, RestrictedUnpickler.typeName(e.getValue()).replaceFirst("^an? ", ""));
            }
        }
        if (tensors.isEmpty()) {
            throw new ReadException(file, null, location + " holds no tensors");
        }
        return new StateDict(location, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(skipped));
    }

    /** The checkpoint's {@code args} (typically an argparse.Namespace) as Python prints them, if it has any. */
    public Optional<String> argsText() {
        if (root instanceof Map<?, ?> top && top.containsKey("args")) {
            return Optional.of(toText(top.get("args")));
        }
        return Optional.empty();
    }

    /** Any value of {@link #root()} as Python's repr would write it (tensors as {@code tensor(float32[2, 3])}). */
    public static String toText(Object value) {
        return PythonText.of(value);
    }
}
