package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.WindowIds;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.run.Workspace;

/**
 * Embeddings from outside: .npy files in the layouts NumPy writes are read value for value, rows are matched to windows by
 * id, and files that do not fit the evaluated windows are refused with a message naming the file, the line and the window.
 */
class EmbeddingFileTest {
    @TempDir
    static Path tmp;
    static Catalogue catalogue;
    static DatasetInfo dataset;
    static List<WindowInfo> windows;
    static List<String> ids;

    @BeforeAll
    static void dataset() throws IOException {
        Workspace ws = EvalTestData.workspace(tmp, 3, 40, 20);
        catalogue = new Catalogue(ws);
        dataset = catalogue.requireDataset(EvalTestData.DATASET);
        windows = catalogue.windowsOfDataset(dataset.id());
        Path file = tmp.resolve("all.ids.csv");
        WindowIds.write(file, catalogue, dataset, windows);
        ids = Files.readAllLines(file);
    }

    /** The value row i, column j of the test matrices: easy to recognise, and not a float32 for j > 0. */
    private static double value(int i, int j) {
        return i * 10 + j + (j == 0 ? 0 : 1.0 / 3);
    }

    /**
     * An .npy file written byte by byte after the NPY specification, version {@code major}: the magic, the version, the header
     * length (2 bytes for version 1, 4 for 2 and 3), the header dict padded to 64 bytes, then the values of {@code descr} in C
     * or Fortran order.
     */
    private static Path npy(String name, int major, String descr, boolean fortran, int rows, int width) throws IOException {
        String dict = String.format(Locale.ROOT, "{'descr': '%s', 'fortran_order': %s, 'shape': (%d, %d), }", descr, fortran ? "True" : "False",
                rows, width);
        int preamble = major == 1 ? 10 : 12;
        int padded = (preamble + dict.length() + 1 + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - preamble - dict.length() - 1) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer length = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            length.putShort((short) header.length());
        } else {
            length.putInt(header.length());
        }
        out.write(length.array());
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        int size = descr.endsWith("8") ? 8 : 4;
        ByteBuffer data = ByteBuffer.allocate(rows * width * size).order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < rows * width; k++) {
            int i = fortran ? k % rows : k / width;
            int j = fortran ? k / rows : k % width;
            if (size == 8) {
                data.putDouble(value(i, j));
            } else {
                data.putFloat((float) value(i, j));
            }
        }
        out.write(data.array());
        Path file = tmp.resolve(name + ".npy");
        Files.write(file, out.toByteArray());
        return file;
    }

    /** Writes the ids of {@code lines} (header first) beside {@code npy}. */
    private static void ids(Path npy, List<String> lines) throws IOException {
        Files.writeString(EmbeddingFile.idsFile(npy), String.join("\n", lines) + "\n");
    }

    @Test
    void everyLayoutNumpyWritesIsReadValueForValue() throws IOException {
        int n = windows.size();
        assertEquals(6, n);
        Object[][] layouts = {{1, "<f4", false}, {1, ">f8", true}, {2, "<f8", false}, {3, ">f4", true}};
        for (Object[] l : layouts) {
            Path file = npy("layout" + l[0] + l[1].toString().replace('<', 'l').replace('>', 'b') + l[2], (int) l[0], (String) l[1],
                    (boolean) l[2], n, 3);
            ids(file, ids);
            EmbeddingFile e = EmbeddingFile.open(file, catalogue, dataset);
            assertEquals(n, e.rows());
            assertEquals(3, e.width());
            // Read in another order than the file's: rows are found by window id.
            List<WindowInfo> reversed = new ArrayList<>(windows);
            java.util.Collections.reverse(reversed);
            double[][] x = e.read(reversed);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 3; j++) {
                    double expected = l[1].toString().endsWith("4") ? (float) value(n - 1 - i, j) : value(n - 1 - i, j);
                    assertEquals(expected, x[i][j], 0, "layout " + List.of(l) + " window " + (n - 1 - i) + " column " + j);
                }
            }
        }
    }

    @Test
    void aFileNumpyWroteIsReadWhenNumpyIsHere() throws Exception {
        Path file = tmp.resolve("numpy.npy");
        String script = "import numpy; a = numpy.arange(18, dtype='>f8').reshape(6, 3) / 3; numpy.save(r'" + file
                + "', numpy.asfortranarray(a))";
        try {
            Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
            assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "NumPy is not installed here");
        } catch (IOException e) {
            assumeTrue(false, "python3 cannot be started here");
        }
        ids(file, ids);
        double[][] x = EmbeddingFile.open(file, catalogue, dataset).read(windows);
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals((i * 3 + j) / 3.0, x[i][j], 0, "row " + i + " column " + j);
            }
        }
    }

    @Test
    void idsThatDoNotFitTheWindowsAreRefusedByName() throws IOException {
        Path file = npy("ids", 1, "<f4", false, 6, 2);
        WindowInfo first = windows.get(0);

        List<String> fewer = new ArrayList<>(ids.subList(0, 6));
        Path five = npy("five", 1, "<f4", false, 5, 2);
        ids(five, fewer);
        EmbeddingFile e = EmbeddingFile.open(five, catalogue, dataset);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> e.requireRows(windows, catalogue, dataset));
        WindowInfo last = windows.get(5);
        assertTrue(missing.getMessage().startsWith(five + " has no row for 1 of the 6 windows evaluated: window " + last.id() + " (subject "
                + last.subject() + ", record "), missing.getMessage());

        List<String> extra = new ArrayList<>(ids);
        extra.set(3, "2,S02,S02,999999,0,1280");
        ids(file, extra);
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> EmbeddingFile.open(file, catalogue, dataset));
        assertTrue(foreign.getMessage().startsWith(EmbeddingFile.idsFile(file) + ": 1 window id(s) are not windows of dataset 'synthetic': "
                + "window 999999 (line 4, subject S02"), foreign.getMessage());

        List<String> twice = new ArrayList<>(ids);
        twice.set(2, "1" + ids.get(1).substring(1));
        ids(file, twice);
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class, () -> EmbeddingFile.open(file, catalogue, dataset));
        assertEquals(EmbeddingFile.idsFile(file) + " line 3: window " + first.id() + " is listed twice (rows 0 and 1); each window needs "
                + "exactly one row", duplicate.getMessage());

        List<String> moved = new ArrayList<>(ids);
        moved.set(1, ids.get(1).replace("," + first.subject() + ",", ",S03,"));
        ids(file, moved);
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> EmbeddingFile.open(file, catalogue, dataset));
        assertTrue(other.getMessage().startsWith(EmbeddingFile.idsFile(file) + " line 2: window " + first.id() + " is subject "
                + first.subject()) && other.getMessage().contains("but the line says subject S03"), other.getMessage());

        List<String> shuffled = new ArrayList<>(ids);
        shuffled.set(1, ids.get(2));
        shuffled.set(2, ids.get(1));
        ids(file, shuffled);
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> EmbeddingFile.open(file, catalogue, dataset));
        assertTrue(order.getMessage().startsWith(EmbeddingFile.idsFile(file) + " line 2: row is '1' but the line is row 0"), order.getMessage());

        ids(file, ids.subList(0, 5));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> EmbeddingFile.open(file, catalogue, dataset));
        assertEquals(EmbeddingFile.idsFile(file) + " names 4 rows, but ids.npy has 6; the ids must name every row of the .npy, in order",
                count.getMessage());

        List<String> header = new ArrayList<>(ids);
        header.set(0, "subject,window_id");
        ids(file, header);
        IllegalArgumentException head = assertThrows(IllegalArgumentException.class, () -> EmbeddingFile.open(file, catalogue, dataset));
        assertTrue(head.getMessage().startsWith(EmbeddingFile.idsFile(file) + " line 1: the header must be " + WindowIds.HEADER),
                head.getMessage());

        Files.delete(EmbeddingFile.idsFile(file));
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class, () -> EmbeddingFile.open(file, catalogue, dataset));
        assertTrue(absent.getMessage().contains(EmbeddingFile.idsFile(file) + " does not exist"), absent.getMessage());
    }

    @Test
    void npyFilesThatAreNotEmbeddingsAreRefusedWithTheReason() throws IOException {
        Path ints = npy("ints", 1, "<i4", false, 6, 2);
        ids(ints, ids);
        assertTrue(message(ints).contains("values of type '<i4' are not read; save float32 or float64"), message(ints));

        Path cube = tmp.resolve("cube.npy");
        byte[] bytes = Files.readAllBytes(npy("flat", 1, "<f4", false, 6, 2));
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("(6, 2), } ", "(6, 2, 1),");
        Files.write(cube, text.getBytes(StandardCharsets.ISO_8859_1));
        ids(cube, ids);
        assertTrue(message(cube).contains("the array has shape (6, 2, 1); embeddings need 2 dimensions"), message(cube));

        Path cut = tmp.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        ids(cut, ids);
        assertTrue(message(cut).contains("announces 6 x 2 values of 4 bytes (48 bytes), but the file holds 44 bytes of data"), message(cut));

        Path text2 = tmp.resolve("text.npy");
        Files.writeString(text2, "window,e0\n1,0.5\n");
        ids(text2, ids);
        assertTrue(message(text2).contains("is not a NumPy .npy file"), message(text2));

        Path nan = tmp.resolve("nan.npy");
        ByteBuffer b = ByteBuffer.wrap(bytes.clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(bytes.length - 4 * 3, Float.NaN);
        Files.write(nan, b.array());
        ids(nan, ids);
        EmbeddingFile e = EmbeddingFile.open(nan, catalogue, dataset);
        IllegalArgumentException notFinite = assertThrows(IllegalArgumentException.class, () -> e.read(windows));
        assertEquals(nan + ": row 4 (window " + windows.get(4).id() + ") holds NaN in column 1; every embedding value must be a finite "
                + "number", notFinite.getMessage());
    }

    private static String message(Path npy) {
        return assertThrows(IllegalArgumentException.class, () -> EmbeddingFile.open(npy, catalogue, dataset)).getMessage();
    }
}
