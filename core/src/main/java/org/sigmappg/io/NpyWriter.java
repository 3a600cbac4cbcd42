package org.sigmappg.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Writes a float32 matrix as a NumPy {@code .npy} file, format version 1.0, row by row: the magic {@code \x93NUMPY},
 * version bytes 1 0, a little-endian uint16 header length, an ASCII dict header padded with spaces and ending in a
 * newline so that magic + length + header is a multiple of 64 bytes, then the data little-endian in C order.
 * Python reads it with {@code numpy.load}, R with {@code RcppCNPy} or {@code reticulate}.
 */
public final class NpyWriter {
    private final OutputStream out;
    private final int width;
    private final long rows;
    private final ByteBuffer buffer;
    private long written;

    /** Writes the header for a [rows, width] matrix to {@code out}; then call {@link #row} exactly {@code rows} times. */
    public NpyWriter(OutputStream out, long rows, int width) throws IOException {
        this(out, new long[] {rows, width});
    }

    /**
     * Writes the header for an array of {@code shape} (two or more dimensions) to {@code out}; then call {@link #row} once
     * for every row of the last dimension, in C order (for [windows, channels, samples]: each window's channels in turn).
     */
    public NpyWriter(OutputStream out, long[] shape) throws IOException {
        if (shape.length < 2) {
            throw new IllegalArgumentException("an array of at least two dimensions, not " + shape.length);
        }
        long count = 1;
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]).append(", ");
            count *= i < shape.length - 1 ? shape[i] : 1;
        }
        this.out = out;
        this.rows = count;
        this.width = Math.toIntExact(shape[shape.length - 1]);
        this.buffer = ByteBuffer.allocate(width * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        String dict = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }",
                dims.substring(0, dims.length() - 2));
        int preamble = 10;
        int total = preamble + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xFF);
        out.write((header.length() >> 8) & 0xFF);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
    }

    /** Appends one row of exactly {@code width} values. */
    public void row(double[] values) throws IOException {
        if (values.length != width) {
            throw new IOException("a row of " + values.length + " values in a matrix " + width + " wide");
        }
        buffer.clear();
        for (double v : values) {
            buffer.putFloat((float) v);
        }
        append();
    }

    /** Appends one row: {@code values[from, from + length)}, then zeros up to the width. */
    public void row(float[] values, int from, int length) throws IOException {
        if (length > width) {
            throw new IOException("a row of " + length + " values in a matrix " + width + " wide");
        }
        buffer.clear();
        for (int i = 0; i < length; i++) {
            buffer.putFloat(values[from + i]);
        }
        while (buffer.hasRemaining()) {
            buffer.putFloat(0f);
        }
        append();
    }

    private void append() throws IOException {
        if (written == rows) {
            throw new IOException("more than the " + rows + " rows the header announced");
        }
        out.write(buffer.array());
        written++;
    }

    /** Checks that every announced row was written (a short file would not load in NumPy). */
    public void finish() throws IOException {
        if (written != rows) {
            throw new IOException(written + " rows written of the " + rows + " the header announced");
        }
    }
}
