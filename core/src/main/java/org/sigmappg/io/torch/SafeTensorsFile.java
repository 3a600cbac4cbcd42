package org.sigmappg.io.torch;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sigmappg.io.ReadException;
import org.sigmappg.run.FileTools;

/**
 * A safetensors file (huggingface.co/docs/safetensors): an 8-byte little-endian header length, a JSON
 * header giving each tensor's dtype, shape and byte range, optional string metadata under
 * {@code __metadata__}, then the tensors' bytes back to back. Reading checks that the ranges tile the
 * data exactly (no overlap, gap or overrun); writing stores float tensors as F32 and int64 as I64, in
 * name order, the header padded with spaces to a multiple of 8 bytes as the format asks.
 *
 * @param tensors tensors by name (file order when read)
 * @param metadata the header's {@code __metadata__} (empty when there is none)
 */
public record SafeTensorsFile(Map<String, TorchTensor> tensors, Map<String, String> metadata) {
    /** The reference implementation refuses headers larger than this, as protection against absurd lengths. */
    static final long MAX_HEADER_BYTES = 100_000_000;
    private static final String METADATA = "__metadata__";

    public SafeTensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** One header entry: a tensor's type, shape and byte range in the data area. */
    private record Slot(String name, TorchDType dtype, long[] shape, long numel, long begin, long end) {
    }

    /** Whether the file starts as a safetensors file does (a plausible header length, then a JSON object). */
    public static boolean isSafeTensors(Path file) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(9);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            TensorTools.readFully(ch, head, 0);
            return looksLikeSafeTensors(head.array(), head.position(), ch.size());
        }
    }

    static boolean looksLikeSafeTensors(byte[] head, int length, long fileSize) {
        if (length < 9 || head[8] != '{') {
            return false;
        }
        long headerLength = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return headerLength >= 2 && headerLength <= fileSize - 8;
    }

    /** Reads and checks a whole safetensors file; a damaged or unsupported one is refused with a one-line reason. */
    public static SafeTensorsFile read(Path file) throws ReadException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, ch);
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

    private static SafeTensorsFile read(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer lengthField = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        TensorTools.readFully(ch, lengthField, 0);
        if (lengthField.hasRemaining()) {
            throw new ReadException(file, null, "is " + size + " bytes long, too short for a safetensors file");
        }
        long headerLength = lengthField.getLong(0);
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
            throw new ReadException(file, null, "gives a header length of " + Long.toUnsignedString(headerLength) + " bytes, but the file"
                    + " holds " + (size - 8) + " after it: it is truncated, or not a safetensors file");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        TensorTools.readFully(ch, headerBytes, 8);
        String header;
        try {
            header = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes.flip()).toString();
        } catch (CharacterCodingException e) {
            throw new ReadException(file, "header", "is not UTF-8 text: the file is damaged, or not a safetensors file");
        }
        if (!header.startsWith("{")) {
            throw new ReadException(file, "header", "does not start with '{': the file is damaged, or not a safetensors file");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Slot> slots = parseHeader(file, header, metadata);
        long dataBytes = size - 8 - headerLength;
        checkTiling(file, slots, dataBytes);
        Map<String, TorchTensor> tensors = new LinkedHashMap<>();
        for (Slot slot : slots) {
            TensorTools.ensureMemory(file, "tensor '" + slot.name() + "'", slot.numel() * (slot.dtype().isFloat() ? 4 : 8));
            Object values = TensorTools.readRegion(ch, 8 + headerLength + slot.begin(), slot.dtype(), (int) slot.numel());
            if (values == null) {
                throw new ReadException(file, "tensor '" + slot.name() + "'", "ends past the end of the file: the file is truncated");
            }
            tensors.put(slot.name(), TorchTensor.read(slot.dtype(), slot.shape(), values));
        }
        return new SafeTensorsFile(tensors, metadata);
    }

    private static List<Slot> parseHeader(Path file, String header, Map<String, String> metadata) throws ReadException {
        List<Slot> slots = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonReader json = new JsonReader(new StringReader(header));
        try {
            json.beginObject();
            while (json.hasNext()) {
                String name = json.nextName();
                if (!names.add(name)) {
                    throw new ReadException(file, "header", "names '" + name + "' twice");
                }
                if (name.equals(METADATA)) {
                    json.beginObject();
                    while (json.hasNext()) {
                        String key = json.nextName();
                        if (json.peek() != JsonToken.STRING) {
                            throw new ReadException(file, "header", "metadata '" + key + "' is not a string, as the format requires");
                        }
                        metadata.put(key, json.nextString());
                    }
                    json.endObject();
                } else {
                    slots.add(parseSlot(file, name, json));
                }
            }
            json.endObject();
            json.peek(); // refuses anything but the padding after the object
        } catch (ReadException e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new ReadException(file, "header", "is not the JSON the format requires (at " + json.getPath() + ")");
        }
        return slots;
    }

    private static Slot parseSlot(Path file, String name, JsonReader json) throws IOException {
        String where = "tensor '" + name + "'";
        String dtypeName = null;
        long[] shape = null;
        long[] offsets = null;
        json.beginObject();
        while (json.hasNext()) {
            switch (json.nextName()) {
                case "dtype" -> dtypeName = json.nextString();
                case "shape" -> shape = longs(json);
                case "data_offsets" -> offsets = longs(json);
                default -> json.skipValue();
            }
        }
        json.endObject();
        if (dtypeName == null || shape == null || offsets == null) {
            throw new ReadException(file, where, "lacks its dtype, shape or data_offsets");
        }
        String dtypeText = dtypeName;
        TorchDType dtype = TorchDType.ofSafetensorsName(dtypeText)
                .orElseThrow(() -> new ReadException(file, where, "has dtype '" + dtypeText + "', which is not a safetensors type"));
        if (!dtype.isRead()) {
            throw new ReadException(file, where, "is " + dtypeText + "; only " + TorchDType.readNames(true) + " tensors are read");
        }
        if (offsets.length != 2 || offsets[0] < 0 || offsets[1] < offsets[0]) {
            throw new ReadException(file, where, "has data_offsets that are not a [begin, end] pair with begin <= end");
        }
        long numel = 1;
        try {
            for (long s : shape) {
                if (s < 0) {
                    throw new ReadException(file, where, "has a negative size in its shape");
                }
                numel = Math.multiplyExact(numel, s);
            }
            if (Math.multiplyExact(numel, dtype.bytes()) != offsets[1] - offsets[0]) {
                throw new ReadException(file, where, "has " + numel + " " + dtypeText + " values but a byte range of "
                        + (offsets[1] - offsets[0]) + ": the header is inconsistent");
            }
        } catch (ArithmeticException e) {
            throw new ReadException(file, where, "has a shape with more elements than can be counted: the header is damaged");
        }
        if (numel > TensorTools.MAX_ARRAY) {
            throw new ReadException(file, where, "has " + numel + " elements, more than one Java array can hold");
        }
        return new Slot(name, dtype, shape, numel, offsets[0], offsets[1]);
    }

    private static long[] longs(JsonReader json) throws IOException {
        List<Long> values = new ArrayList<>();
        json.beginArray();
        while (json.hasNext()) {
            if (json.peek() != JsonToken.NUMBER) {
                throw new IllegalStateException("not a number");
            }
            values.add(json.nextLong());
        }
        json.endArray();
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** The byte ranges, in order, must cover the data area exactly, as the reference implementation requires. */
    private static void checkTiling(Path file, List<Slot> slots, long dataBytes) throws ReadException {
        List<Slot> ordered = new ArrayList<>(slots);
        ordered.sort(Comparator.comparingLong(Slot::begin).thenComparingLong(Slot::end));
        long expected = 0;
        for (Slot slot : ordered) {
            if (slot.begin() != expected) {
                String problem = slot.begin() < expected ? "overlaps the tensor before it" : "leaves a gap of "
                        + (slot.begin() - expected) + " bytes before it";
                throw new ReadException(file, "tensor '" + slot.name() + "'", problem + " (data_offsets begin at "
                        + slot.begin() + ", expected " + expected + "): the header is inconsistent");
            }
            expected = slot.end();
        }
        if (expected != dataBytes) {
            throw new ReadException(file, null, "has " + dataBytes + " bytes of tensor data but its header accounts for "
                    + expected + ": the file is " + (expected > dataBytes ? "truncated" : "damaged (bytes left over)"));
        }
    }

    /**
     * Writes the tensors atomically: float tensors (whatever type they were read as) as F32, int64 as I64,
     * in name order so that the same tensors always give the same bytes.
     */
    public void write(Path target) throws IOException {
        Map<String, TorchTensor> ordered = new TreeMap<>(tensors);
        StringWriter text = new StringWriter();
        JsonWriter json = new JsonWriter(text);
        json.beginObject();
        if (!metadata.isEmpty()) {
            json.name(METADATA).beginObject();
            for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
                json.name(e.getKey()).value(e.getValue());
            }
            json.endObject();
        }
        long offset = 0;
        for (Map.Entry<String, TorchTensor> e : ordered.entrySet()) {
            String name = e.getKey();
            TorchTensor t = e.getValue();
            if (name.isEmpty() || name.equals(METADATA)) {
                throw new IllegalArgumentException("a safetensors tensor cannot be named '" + name + "'");
            }
            if (!t.hasData()) {
                throw new IllegalArgumentException("tensor '" + name + "' is " + t.dtype() + " and has no values to write");
            }
            boolean isFloat = t.dtype().isFloat();
            long bytes = t.numel() * (isFloat ? 4 : 8);
            json.name(name).beginObject().name("dtype").value(isFloat ? "F32" : "I64").name("shape").beginArray();
            for (long s : t.shape()) {
                json.value(s);
            }
            json.endArray().name("data_offsets").beginArray().value(offset).value(offset + bytes).endArray().endObject();
            offset += bytes;
        }
        json.endObject().close();
        byte[] header = text.toString().getBytes(StandardCharsets.UTF_8);
        int padding = (8 - header.length % 8) % 8;
        FileTools.writeAtomically(target, out -> {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length + padding);
            out.write(length.array());
            out.write(header);
            out.write(" ".repeat(padding).getBytes(StandardCharsets.US_ASCII));
            for (TorchTensor t : ordered.values()) {
                writeValues(out, t);
            }
        });
    }

    private static void writeValues(OutputStream out, TorchTensor t) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(TensorTools.CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        boolean isFloat = t.dtype().isFloat();
        int n = (int) t.numel();
        int perChunk = TensorTools.CHUNK_BYTES / (isFloat ? 4 : 8);
        for (int at = 0; at < n; at += perChunk) {
            int count = Math.min(perChunk, n - at);
            if (isFloat) {
                chunk.clear().asFloatBuffer().put(t.floats(), at, count);
                out.write(chunk.array(), 0, count * 4);
            } else {
                chunk.clear().asLongBuffer().put(t.longs(), at, count);
                out.write(chunk.array(), 0, count * 8);
            }
        }
    }
}
