package org.sigmappg.io.torch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.sigmappg.io.ReadException;

/**
 * The central directory of a zip archive such as {@code torch.save} writes, and the bytes of its entries
 * streamed in chunks straight from the file. Written here rather than taken from {@code java.util.zip.ZipFile}
 * so that stored entries (all of torch's) are read with positional reads into the caller's arrays, and so
 * that every structural fault is reported in our words with the entry it concerns.
 */
final class ZipArchive implements Closeable {
    /** One entry: where its bytes lie and how they are stored. */
    record Entry(String name, int method, long crc, long compressedSize, long size, long dataOffset) {
    }

    static final int STORED = 0;
    static final int DEFLATED = 8;
    private static final int END_SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_END_SIGNATURE = 0x06064b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int LOCAL_SIGNATURE = 0x04034b50;
    private static final int END_BYTES = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    /** A checkpoint has a few entries per tensor; a directory beyond this is not one. */
    private static final long MAX_DIRECTORY_BYTES = 64L << 20;

    private final Path file;
    private final FileChannel channel;
    private final long fileSize;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private ZipArchive(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.fileSize = channel.size();
    }

    /** Opens {@code file} and reads its central directory; the caller has seen a zip signature at its start. */
    static ZipArchive open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ZipArchive archive = new ZipArchive(file, channel);
            archive.readDirectory();
            return archive;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    Path file() {
        return file;
    }

    Collection<Entry> entries() {
        return entries.values();
    }

    Optional<Entry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    private ReadException damaged(String location, String problem) {
        return new ReadException(file, location, problem);
    }

    private ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        TensorTools.readFully(channel, b, position);
        if (b.hasRemaining()) {
            throw damaged(null, "ends at byte " + fileSize + ", inside its zip structure: the file is truncated");
        }
        return b.flip();
    }

    private void readDirectory() throws IOException {
        int tailLength = (int) Math.min(fileSize, END_BYTES + MAX_COMMENT);
        ByteBuffer tail = read(fileSize - tailLength, tailLength);
        int end = -1;
        for (int i = tailLength - END_BYTES; i >= 0; i--) {
            if (tail.getInt(i) == END_SIGNATURE && i + END_BYTES + (tail.getShort(i + 20) & 0xFFFF) <= tailLength) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw damaged(null, "is a zip archive without its closing directory: the file is truncated or damaged;"
                    + " download or copy it again");
        }
        long endPosition = fileSize - tailLength + end;
        if ((tail.getShort(end + 4) & 0xFFFF) != 0 || (tail.getShort(end + 6) & 0xFFFF) != 0) {
            throw damaged(null, "is one part of a multi-part zip archive; join the parts into one file first");
        }
        long count = tail.getShort(end + 10) & 0xFFFF;
        long directorySize = tail.getInt(end + 12) & 0xFFFFFFFFL;
        long directoryOffset = tail.getInt(end + 16) & 0xFFFFFFFFL;
        if (count == 0xFFFF || directorySize == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL) {
            long locator = endPosition - 20;
            ByteBuffer loc = locator >= 0 ? read(locator, 20) : null;
            if (loc == null || loc.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
                throw damaged(null, "is a large (zip64) archive whose zip64 directory locator is missing: the file is damaged");
            }
            long zip64End = loc.getLong(8);
            if (zip64End < 0 || zip64End > endPosition - 56) {
                throw damaged(null, "points to a zip64 directory outside the file: the file is truncated or damaged");
            }
            ByteBuffer z = read(zip64End, 56);
            if (z.getInt(0) != ZIP64_END_SIGNATURE) {
                throw damaged(null, "has no zip64 directory where its locator points: the file is damaged");
            }
            count = z.getLong(32);
            directorySize = z.getLong(40);
            directoryOffset = z.getLong(48);
        }
        if (directoryOffset < 0 || directorySize < 0 || directoryOffset > endPosition
                || directorySize > endPosition - directoryOffset) {
            throw damaged(null, "has a zip directory that lies outside the file: the file is truncated or damaged");
        }
        if (directorySize > MAX_DIRECTORY_BYTES) {
            throw damaged(null, "has a zip directory of " + directorySize + " bytes, far more than a checkpoint needs");
        }
        ByteBuffer dir = read(directoryOffset, (int) directorySize);
        for (long n = 0; n < count; n++) {
            readDirectoryEntry(dir, directoryOffset);
        }
    }

    private void readDirectoryEntry(ByteBuffer dir, long directoryOffset) throws IOException {
        int at = dir.position();
        String where = "zip directory byte " + (directoryOffset + at);
        if (dir.remaining() < 46 || dir.getInt(at) != CENTRAL_SIGNATURE) {
            throw damaged(where, "the zip directory ends early or is damaged: the file is truncated or damaged");
        }
        int flags = dir.getShort(at + 8) & 0xFFFF;
        int method = dir.getShort(at + 10) & 0xFFFF;
        long crc = dir.getInt(at + 16) & 0xFFFFFFFFL;
        long compressedSize = dir.getInt(at + 20) & 0xFFFFFFFFL;
        long size = dir.getInt(at + 24) & 0xFFFFFFFFL;
        int nameLength = dir.getShort(at + 28) & 0xFFFF;
        int extraLength = dir.getShort(at + 30) & 0xFFFF;
        int commentLength = dir.getShort(at + 32) & 0xFFFF;
        long localOffset = dir.getInt(at + 42) & 0xFFFFFFFFL;
        if (dir.remaining() < 46 + nameLength + extraLength + commentLength) {
            throw damaged(where, "the zip directory ends inside an entry: the file is truncated or damaged");
        }
        byte[] nameBytes = new byte[nameLength];
        dir.get(at + 46, nameBytes);
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        ByteBuffer extra = dir.slice(at + 46 + nameLength, extraLength).order(ByteOrder.LITTLE_ENDIAN);
        while (extra.remaining() >= 4) {
            int id = extra.getShort() & 0xFFFF;
            int length = extra.getShort() & 0xFFFF;
            if (length > extra.remaining()) {
                throw damaged(where, "entry " + name + " has a damaged extra field");
            }
            ByteBuffer field = extra.slice(extra.position(), length).order(ByteOrder.LITTLE_ENDIAN);
            extra.position(extra.position() + length);
            if (id == 0x0001) {
                // Zip64 sizes appear only for the fields that overflowed, in this order.
                if (size == 0xFFFFFFFFL && field.remaining() >= 8) {
                    size = field.getLong();
                }
                if (compressedSize == 0xFFFFFFFFL && field.remaining() >= 8) {
                    compressedSize = field.getLong();
                }
                if (localOffset == 0xFFFFFFFFL && field.remaining() >= 8) {
                    localOffset = field.getLong();
                }
            }
        }
        dir.position(at + 46 + nameLength + extraLength + commentLength);
        if ((flags & 1) != 0) {
            throw damaged(null, "entry " + name + " is encrypted; a checkpoint is never encrypted");
        }
        if (method != STORED && method != DEFLATED) {
            throw damaged(null, "entry " + name + " is compressed with zip method " + method
                    + "; only stored and deflated entries are read");
        }
        if (size < 0 || compressedSize < 0 || localOffset < 0 || localOffset > directoryOffset - 30) {
            throw damaged(null, "entry " + name + " lies outside the file: the file is truncated or damaged");
        }
        ByteBuffer local = read(localOffset, 30);
        if (local.getInt(0) != LOCAL_SIGNATURE) {
            throw damaged(null, "entry " + name + " has no local header where the directory says: the file is damaged");
        }
        long dataOffset = localOffset + 30 + (local.getShort(26) & 0xFFFF) + (local.getShort(28) & 0xFFFF);
        if (compressedSize > directoryOffset - dataOffset || (method == STORED && compressedSize != size)) {
            throw damaged(null, "entry " + name + " extends past the data area: the file is truncated or damaged");
        }
        if (entries.put(name, new Entry(name, method, crc, compressedSize, size, dataOffset)) != null) {
            throw damaged(null, "holds two entries named " + name + "; a checkpoint never does");
        }
    }

    /**
     * Streams the whole uncompressed content of {@code entry} to {@code sink} in chunks whose length is a
     * multiple of 16 except for the last, little-endian, then checks the length and the checksum.
     */
    void stream(Entry entry, TensorTools.ChunkSink sink) throws IOException {
        CRC32 crc = new CRC32();
        TensorTools.ChunkSink checked = chunk -> {
            crc.update(chunk.duplicate());
            sink.accept(chunk);
        };
        if (entry.method() == STORED) {
            long got = TensorTools.streamRegion(channel, entry.dataOffset(), entry.size(), checked);
            if (got < entry.size()) {
                throw damaged(null, "entry " + entry.name() + " ends early: the file is truncated");
            }
        } else {
            inflate(entry, checked);
        }
        // Entries written with checksums switched off record 0; an empty entry's checksum is 0 as well.
        if (entry.crc() != 0 && crc.getValue() != entry.crc()) {
            throw damaged(null, "entry " + entry.name() + " is damaged (its checksum does not match); download or copy the file again");
        }
    }

    /** The whole content of a small entry. */
    byte[] readAll(Entry entry, long maxBytes, String what) throws IOException {
        if (entry.size() > maxBytes) {
            throw damaged(null, "entry " + entry.name() + " holds " + entry.size() + " bytes, more than any " + what
                    + " needs (" + maxBytes + ")");
        }
        TensorTools.ensureMemory(file, "entry " + entry.name(), entry.size());
        ByteBuffer all = ByteBuffer.allocate((int) entry.size());
        stream(entry, all::put);
        return all.array();
    }

    private void inflate(Entry entry, TensorTools.ChunkSink sink) throws IOException {
        Inflater inflater = new Inflater(true);
        try {
            ByteBuffer input = ByteBuffer.allocate(1 << 16);
            ByteBuffer out = ByteBuffer.allocate(TensorTools.CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            long consumed = 0;
            long produced = 0;
            while (produced < entry.size()) {
                if (inflater.needsInput()) {
                    if (consumed >= entry.compressedSize()) {
                        break;
                    }
                    input.clear().limit((int) Math.min(input.capacity(), entry.compressedSize() - consumed));
                    TensorTools.readFully(channel, input, entry.dataOffset() + consumed);
                    if (input.hasRemaining()) {
                        throw damaged(null, "entry " + entry.name() + " ends early: the file is truncated");
                    }
                    consumed += input.flip().remaining();
                    inflater.setInput(input);
                }
                int room = (int) Math.min(out.remaining(), entry.size() - produced);
                int n = inflater.inflate(out.array(), out.position(), room);
                out.position(out.position() + n);
                produced += n;
                if (!out.hasRemaining() || produced == entry.size()) {
                    sink.accept(out.flip());
                    out.clear();
                } else if (n == 0 && (inflater.finished() || inflater.needsDictionary())) {
                    break;
                }
            }
            if (produced != entry.size()) {
                throw damaged(null, "entry " + entry.name() + " inflates to " + produced + " bytes, not the "
                        + entry.size() + " its directory records: the file is damaged");
            }
        } catch (DataFormatException e) {
            throw damaged(null, "entry " + entry.name() + " is damaged (its compressed data is invalid); download or copy the file again");
        } finally {
            inflater.end();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
