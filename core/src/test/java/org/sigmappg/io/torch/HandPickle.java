package org.sigmappg.io.torch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Pickles written opcode by opcode (opcodes and their operands from CPython's Lib/pickle.py and
 * pickletools.py), and zip archives laid out as torch.save lays them out, for hostile and unusual inputs
 * that PyTorch itself would not write.
 */
final class HandPickle {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts a pickle of the given protocol (PROTO). */
    static HandPickle protocol(int protocol) {
        HandPickle p = new HandPickle();
        return p.op(0x80).op(protocol);
    }

    HandPickle op(int opcode) {
        out.write(opcode);
        return this;
    }

    HandPickle raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    HandPickle u32(long n) {
        return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) n).array());
    }

    HandPickle mark() {
        return op('(');
    }

    /** BININT1 for 0..255, BININT for other int values, LONG1 (little-endian two's complement) beyond. */
    HandPickle integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').op((int) v);
        }
        if (v == (int) v) {
            return op('J').u32(v);
        }
        byte[] be = java.math.BigInteger.valueOf(v).toByteArray();
        op(0x8a).op(be.length);
        for (int i = be.length - 1; i >= 0; i--) {
            op(be[i] & 0xFF);
        }
        return this;
    }

    HandPickle string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op('X').u32(b.length).raw(b);
    }

    HandPickle global(String module, String name) {
        return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    HandPickle tuple() {
        return op('t');
    }

    HandPickle emptyTuple() {
        return op(')');
    }

    HandPickle reduce() {
        return op('R');
    }

    HandPickle emptyDict() {
        return op('}');
    }

    HandPickle setItem() {
        return op('s');
    }

    HandPickle emptyList() {
        return op(']');
    }

    HandPickle append() {
        return op('a');
    }

    HandPickle put(int index) {
        return op('q').op(index);
    }

    HandPickle get(int index) {
        return op('h').op(index);
    }

    HandPickle stop() {
        return op('.');
    }

    HandPickle ints(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    /** torch's persistent reference to a storage: ('storage', torch.&lt;type&gt;, key, 'cpu', numel) BINPERSID. */
    HandPickle storage(String storageClass, String key, long numel) {
        return mark().string("storage").global("torch", storageClass).string(key).string("cpu").integer(numel).tuple().op('Q');
    }

    /** _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()) as torch.save writes it. */
    HandPickle tensor(String storageClass, String key, long numel, long offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark().storage(storageClass, key, numel).integer(offset)
                .ints(size).ints(stride).op(0x89).global("collections", "OrderedDict").emptyTuple().reduce().tuple();
        return reduce();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A zip archive laid out as torch.save writes one: folder {@code archive}, version 3, data.pkl, storages. */
    static final class Archive {
        private final Map<String, byte[]> entries = new LinkedHashMap<>();
        private boolean deflated;

        static Archive of(byte[] pickle) {
            Archive a = new Archive();
            a.entries.put("archive/data.pkl", pickle);
            a.entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            return a;
        }

        Archive entry(String name, byte[] content) {
            entries.put(name, content);
            return this;
        }

        Archive without(String name) {
            entries.remove(name);
            return this;
        }

        /** A storage entry holding these float32 values. */
        Archive floats(String key, float... values) {
            ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            return entry("archive/data/" + key, b.array());
        }

        Archive deflated() {
            deflated = true;
            return this;
        }

        Path write(Path file) throws IOException {
            try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    ZipEntry entry = new ZipEntry(e.getKey());
                    if (!deflated) {
                        CRC32 crc = new CRC32();
                        crc.update(e.getValue());
                        entry.setMethod(ZipEntry.STORED);
                        entry.setSize(e.getValue().length);
                        entry.setCrc(crc.getValue());
                    }
                    zip.putNextEntry(entry);
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            return file;
        }
    }
}
