package org.sigmappg.io.wfdb;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Turns the bytes of one WFDB signal file into the flat stream of stored sample values (all signals of
 * the file interleaved, as written), reading the file in fixed-size chunks so that a long record never
 * sits in memory as bytes.
 *
 * <p>Packed formats group samples across the whole stream, not per signal, which is why decoding is a
 * stream with state rather than a per-signal function. Format 8 values are returned as the stored
 * differences; summing them per signal is the caller's job because only it knows the signal order.
 */
final class SampleDecoder implements Closeable {
    private static final int CHUNK_BYTES = 1 << 16;

    private final StorageFormat format;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
    private long index;
    /** Bytes (or 16-bit words for format 310) of the current packed group that later samples still need. */
    private int held0;
    private int held1;

    SampleDecoder(Path file, long byteOffset, StorageFormat format) throws IOException {
        this.format = format;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(byteOffset);
        buffer.limit(0);
    }

    /** The next stored value, sign-extended; throws {@link EOFException} if the file ends first. */
    int next() throws IOException {
        long i = index++;
        return switch (format) {
            case F8 -> (byte) nextByte();
            case F80 -> nextByte() - 128;
            case F16 -> (short) (nextByte() | nextByte() << 8);
            case F61 -> (short) (nextByte() << 8 | nextByte());
            case F160 -> (nextByte() | nextByte() << 8) - 32768;
            case F24 -> signExtend(nextByte() | nextByte() << 8 | nextByte() << 16, 24);
            case F32 -> nextByte() | nextByte() << 8 | nextByte() << 16 | nextByte() << 24;
            case F212 -> next212(i % 2 == 0);
            case F310 -> next310((int) (i % 3));
            case F311 -> next311((int) (i % 3));
        };
    }

    private int next212(boolean first) throws IOException {
        if (first) {
            int low = nextByte();
            held0 = nextByte();
            return signExtend(low | (held0 & 0x0F) << 8, 12);
        }
        return signExtend(nextByte() | (held0 & 0xF0) << 4, 12);
    }

    private int next310(int position) throws IOException {
        switch (position) {
            case 0:
                held0 = nextByte() | nextByte() << 8;
                return signExtend(held0 >> 1 & 0x3FF, 10);
            case 1:
                held1 = nextByte() | nextByte() << 8;
                return signExtend(held1 >> 1 & 0x3FF, 10);
            default:
                return signExtend((held0 >> 11 & 0x1F) | (held1 >> 11 & 0x1F) << 5, 10);
        }
    }

    private int next311(int position) throws IOException {
        switch (position) {
            case 0:
                int low = nextByte();
                held0 = nextByte();
                return signExtend(low | (held0 & 0x03) << 8, 10);
            case 1:
                held1 = nextByte();
                return signExtend(held0 >> 2 | (held1 & 0x0F) << 6, 10);
            default:
                return signExtend(held1 >> 4 | (nextByte() & 0x3F) << 4, 10);
        }
    }

    private int nextByte() throws IOException {
        if (!buffer.hasRemaining()) {
            buffer.clear();
            int n;
            do {
                n = channel.read(buffer);
            } while (n == 0);
            buffer.flip();
            if (n < 0) {
                throw new EOFException();
            }
        }
        return buffer.get() & 0xFF;
    }

    private static int signExtend(int value, int bits) {
        int shift = 32 - bits;
        return value << shift >> shift;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
