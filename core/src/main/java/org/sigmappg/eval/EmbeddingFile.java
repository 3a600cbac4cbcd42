package org.sigmappg.eval;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowIds;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.io.text.DelimitedRows;

/**
 * Embeddings computed outside the workbench, for the {@code embeddings:FILE.npy} comparator: a 2-D NumPy
 * file (float32 or float64, either byte order, C or Fortran order, format version 1, 2 or 3) with
 * {@code FILE.ids.csv} beside it in the format {@code embed} and {@code export-windows} write
 * ({@link WindowIds}): line i names the window of the .npy's row i. Rows are matched to windows by window
 * id, and each id must be a window of the evaluated dataset with the subject, record, index and length the
 * catalogue holds for it, so that a file made for another dataset, or for this one before it was
 * re-imported, is refused instead of silently misaligned; no id may appear twice, and every evaluated window
 * needs a row.
 */
public final class EmbeddingFile {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final int LISTED = 3;

    private final Path npy;
    private final Path ids;
    private final Header header;
    private final Map<Long, Integer> rowOfWindow;

    /** The layout of the .npy's data: [rows, width] values of {@code itemSize} bytes from {@code dataOffset}. */
    record Header(int rows, int width, int itemSize, ByteOrder order, boolean fortranOrder, long dataOffset) {
    }

    private EmbeddingFile(Path npy, Path ids, Header header, Map<Long, Integer> rowOfWindow) {
        this.npy = npy;
        this.ids = ids;
        this.header = header;
        this.rowOfWindow = rowOfWindow;
    }

    /** The ids file that goes with {@code npy}: {@code FILE.ids.csv} beside {@code FILE.npy}. */
    public static Path idsFile(Path npy) {
        String name = npy.getFileName().toString();
        return npy.resolveSibling(name.substring(0, name.length() - ".npy".length()) + ".ids.csv");
    }

    /** Reads the header of {@code npy} and its ids, and matches every id to a window of {@code dataset}; reads no values yet. */
    public static EmbeddingFile open(Path npy, Catalogue catalogue, DatasetInfo dataset) throws IOException {
        Path ids = idsFile(npy);
        for (Path p : List.of(npy, ids)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("embeddings:" + npy + ": " + p + " does not exist"
                        + (p == ids ? "; write it beside the .npy in the format embed and export-windows write (" + WindowIds.HEADER + ")" : ""));
            }
        }
        Header header = header(npy);
        Map<Long, WindowInfo> windows = new HashMap<>();
        for (WindowInfo w : catalogue.windowsOfDataset(dataset.id())) {
            windows.put(w.id(), w);
        }
        Map<Long, String> records = new HashMap<>();
        for (RecordInfo r : catalogue.records(dataset.id())) {
            records.put(r.id(), r.name());
        }
        Map<Long, Integer> rowOfWindow = new HashMap<>();
        List<String> extra = new ArrayList<>();
        int extraCount = 0;
        try (DelimitedRows rows = DelimitedRows.open(ids, StandardCharsets.UTF_8)) {
            if (!rows.next() || !String.join(",", cells(rows)).equals(WindowIds.HEADER)) {
                throw new IllegalArgumentException(ids + " line 1: the header must be " + WindowIds.HEADER
                        + " (as embed and export-windows write it)");
            }
            int row = 0;
            while (rows.next()) {
                if (rows.isBlank()) {
                    continue;
                }
                String where = ids + " line " + rows.line();
                if (rows.size() != 6) {
                    throw new IllegalArgumentException(where + ": " + rows.size() + " cells; every line needs 6 (" + WindowIds.HEADER + ")");
                }
                if (!rows.cell(0).equals(Integer.toString(row))) {
                    throw new IllegalArgumentException(where + ": row is '" + rows.cell(0) + "' but the line is row " + row
                            + " of the .npy; the ids must name the .npy's rows in order, starting at 0");
                }
                long id = integer(rows.cell(3), where, "window_id");
                WindowInfo w = windows.get(id);
                if (w == null) {
                    if (extraCount++ < LISTED) {
                        extra.add("window " + id + " (line " + rows.line() + ", subject " + rows.cell(1) + ", record " + rows.cell(2)
                                + ", index " + rows.cell(4) + ")");
                    }
                } else {
                    String expected = describe(w, records);
                    String given = "subject " + rows.cell(1) + ", record " + rows.cell(2) + ", index " + rows.cell(4) + ", "
                            + rows.cell(5) + " valid samples";
                    if (!expected.equals(given)) {
                        throw new IllegalArgumentException(where + ": window " + id + " is " + expected + " in dataset '" + dataset.name()
                                + "', but the line says " + given + "; the embeddings were made for other windows (another dataset, or this "
                                + "one before it was re-imported)");
                    }
                    Integer before = rowOfWindow.put(id, row);
                    if (before != null) {
                        throw new IllegalArgumentException(where + ": window " + id + " is listed twice (rows " + before + " and " + row
                                + "); each window needs exactly one row");
                    }
                }
                row++;
            }
            if (extraCount > 0) {
                throw new IllegalArgumentException(ids + ": " + extraCount + " window id(s) are not windows of dataset '" + dataset.name()
                        + "': " + String.join("; ", extra) + (extraCount > LISTED ? "; ..." : "") + ". The embeddings were made for "
                        + "other windows (another dataset, or this one before it was re-imported); embed the windows export-windows writes");
            }
            if (row != header.rows()) {
                throw new IllegalArgumentException(ids + " names " + row + " rows, but " + npy.getFileName() + " has " + header.rows()
                        + "; the ids must name every row of the .npy, in order");
            }
        }
        return new EmbeddingFile(npy, ids, header, rowOfWindow);
    }

    private static List<String> cells(DelimitedRows rows) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            out.add(rows.cell(i));
        }
        return out;
    }

    private static String describe(WindowInfo w, Map<Long, String> records) {
        return "subject " + w.subject() + ", record " + records.get(w.recordId()) + ", index " + w.index() + ", " + w.validSamples()
                + " valid samples";
    }

    private static long integer(String text, String where, String column) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + column + " '" + text + "' is not a whole number");
        }
    }

    /** Reads and checks the .npy header: a 2-D float32 or float64 array whose data fills the rest of the file exactly. */
    static Header header(Path npy) throws IOException {
        try (FileChannel ch = FileChannel.open(npy, StandardOpenOption.READ)) {
            ByteBuffer start = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, start, 0);
            start.flip();
            byte[] magic = new byte[MAGIC.length];
            if (start.remaining() >= 10) {
                start.get(magic);
            }
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException(npy + " is not a NumPy .npy file (it does not start with \\x93NUMPY); save it with numpy.save");
            }
            int major = start.get() & 0xFF;
            start.get();
            long length;
            int preamble;
            if (major == 1) {
                length = start.getShort() & 0xFFFF;
                preamble = 10;
            } else if (major == 2 || major == 3) {
                if (start.remaining() < 4) {
                    throw new IllegalArgumentException(npy + ": the file ends inside its header");
                }
                length = start.getInt() & 0xFFFFFFFFL;
                preamble = 12;
            } else {
                throw new IllegalArgumentException(npy + ": .npy format version " + major + " is not read (versions 1, 2 and 3 are)");
            }
            if (length > 1 << 20 || preamble + length > ch.size()) {
                throw new IllegalArgumentException(npy + ": the header announces " + length + " bytes, more than the file holds");
            }
            ByteBuffer text = ByteBuffer.allocate((int) length);
            readFully(ch, text, preamble);
            String dict = new String(text.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Matcher descr = DESCR.matcher(dict);
            Matcher fortran = FORTRAN.matcher(dict);
            Matcher shape = SHAPE.matcher(dict);
            if (!descr.find() || !fortran.find() || !shape.find()) {
                throw new IllegalArgumentException(npy + ": the header '" + dict.strip() + "' lacks descr, fortran_order or shape");
            }
            String d = descr.group(1);
            int itemSize = switch (d.length() == 3 ? d.substring(1) : "") {
                case "f4" -> 4;
                case "f8" -> 8;
                default -> 0;
            };
            if (itemSize == 0 || (d.charAt(0) != '<' && d.charAt(0) != '>')) {
                throw new IllegalArgumentException(npy + ": values of type '" + d + "' are not read; save float32 or float64 values "
                        + "(e.g. numpy.save(path, embeddings.astype('float32')))");
            }
            List<Long> dims = new ArrayList<>();
            for (String part : shape.group(1).split(",")) {
                if (!part.isBlank()) {
                    dims.add(Long.parseLong(part.trim()));
                }
            }
            if (dims.size() != 2) {
                throw new IllegalArgumentException(npy + ": the array has shape (" + shape.group(1).strip() + "); embeddings need 2 "
                        + "dimensions, [windows, features]");
            }
            if (dims.get(0) > Integer.MAX_VALUE || dims.get(1) < 1 || dims.get(1) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(npy + ": shape (" + dims.get(0) + ", " + dims.get(1) + ") is not a usable [windows, "
                        + "features] array");
            }
            long dataOffset = preamble + length;
            long expected = dims.get(0) * dims.get(1) * itemSize;
            if (ch.size() - dataOffset != expected) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: the header announces %d x %d values of %d bytes (%d bytes), "
                        + "but the file holds %d bytes of data; the file is cut short or was not written by numpy.save", npy, dims.get(0),
                        dims.get(1), itemSize, expected, ch.size() - dataOffset));
            }
            return new Header(dims.get(0).intValue(), dims.get(1).intValue(), itemSize,
                    d.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN, fortran.group(1).equals("True"), dataOffset);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(npy + " does not exist");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(npy + ": the header's shape is not a list of whole numbers");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
    }

    /** Refuses unless every one of {@code windows} has a row, naming a few that have none. */
    public void requireRows(List<WindowInfo> windows, Catalogue catalogue, DatasetInfo dataset) throws IOException {
        List<WindowInfo> missing = windows.stream().filter(w -> !rowOfWindow.containsKey(w.id())).toList();
        if (missing.isEmpty()) {
            return;
        }
        Map<Long, String> records = new HashMap<>();
        for (RecordInfo r : catalogue.records(dataset.id())) {
            records.put(r.id(), r.name());
        }
        List<String> named = missing.stream().limit(LISTED).map(w -> "window " + w.id() + " (" + describe(w, records) + ")").toList();
        throw new IllegalArgumentException(npy + " has no row for " + missing.size() + " of the " + windows.size() + " windows evaluated: "
                + String.join("; ", named) + (missing.size() > LISTED ? "; ..." : "") + ". Embed every window export-windows writes for "
                + "dataset '" + dataset.name() + "' and list it in " + ids.getFileName());
    }

    /** The embeddings of {@code windows}, in their order (each must have a row); a value that is not finite is refused by row. */
    public double[][] read(List<WindowInfo> windows) throws IOException {
        int width = header.width();
        double[][] out = new double[windows.size()][];
        try (FileChannel ch = FileChannel.open(npy, StandardOpenOption.READ)) {
            if (header.fortranOrder()) {
                // Column by column: each column is contiguous.
                for (int i = 0; i < out.length; i++) {
                    out[i] = new double[width];
                }
                ByteBuffer column = ByteBuffer.allocate(header.rows() * header.itemSize()).order(header.order());
                for (int j = 0; j < width; j++) {
                    column.clear();
                    readFully(ch, column, header.dataOffset() + (long) j * header.rows() * header.itemSize());
                    for (int i = 0; i < out.length; i++) {
                        out[i][j] = value(column, rowOfWindow.get(windows.get(i).id()));
                    }
                }
            } else {
                ByteBuffer row = ByteBuffer.allocate(width * header.itemSize()).order(header.order());
                for (int i = 0; i < out.length; i++) {
                    row.clear();
                    readFully(ch, row, header.dataOffset() + (long) rowOfWindow.get(windows.get(i).id()) * width * header.itemSize());
                    out[i] = new double[width];
                    for (int j = 0; j < width; j++) {
                        out[i][j] = value(row, j);
                    }
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < width; j++) {
                if (!Double.isFinite(out[i][j])) {
                    throw new IllegalArgumentException(npy + ": row " + rowOfWindow.get(windows.get(i).id()) + " (window " + windows.get(i).id()
                            + ") holds " + out[i][j] + " in column " + j + "; every embedding value must be a finite number");
                }
            }
        }
        return out;
    }

    private double value(ByteBuffer buffer, int index) {
        int at = index * header.itemSize();
        return header.itemSize() == 4 ? buffer.getFloat(at) : buffer.getDouble(at);
    }

    /** Rows of the .npy. */
    public int rows() {
        return header.rows();
    }

    /** Values per row. */
    public int width() {
        return header.width();
    }
}
