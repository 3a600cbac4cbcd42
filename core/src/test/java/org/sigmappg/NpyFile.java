package org.sigmappg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A 2-D float32 NumPy file (format 1.0) read per https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html,
 * asserting the layout on the way: what our exports write and what the PyTorch reference scripts save.
 */
public record NpyFile(String descr, boolean fortranOrder, int rows, int columns, float[] data, int headerBytes) {

    public static NpyFile read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, bytes[6], "major version");
        assertEquals(0, bytes[7], "minor version");
        int headerLength = (bytes[8] & 0xFF) | ((bytes[9] & 0xFF) << 8);
        int dataStart = 10 + headerLength;
        assertEquals(0, dataStart % 64, "magic + length + header is a multiple of 64 bytes");
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.endsWith("\n"), "the header ends with a newline");
        Matcher descr = Pattern.compile("'descr': '([^']+)'").matcher(header);
        Matcher order = Pattern.compile("'fortran_order': (True|False)").matcher(header);
        Matcher shape = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(header);
        assertTrue(descr.find() && order.find() && shape.find(), header);
        assertEquals("<f4", descr.group(1), "float32, little-endian");
        int rows = Integer.parseInt(shape.group(1));
        int columns = Integer.parseInt(shape.group(2));
        assertEquals(dataStart + (long) rows * columns * Float.BYTES, bytes.length, "no bytes beyond the data");
        float[] data = new float[rows * columns];
        ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new NpyFile(descr.group(1), order.group(1).equals("True"), rows, columns, data, dataStart);
    }

    /** Row {@code r} as a copy. */
    public float[] row(int r) {
        float[] out = new float[columns];
        System.arraycopy(data, r * columns, out, 0, columns);
        return out;
    }
}
