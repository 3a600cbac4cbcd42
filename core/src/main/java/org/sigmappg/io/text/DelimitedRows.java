package org.sigmappg.io.text;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.ReadException;

/**
 * Streams the rows of a delimited text file one at a time, with their line numbers: detects the
 * delimiter from the first lines, unquotes cells ({@code "2438"}, {@code ""} and {@code ""}-escaped
 * quotes), skips a byte-order mark, and turns cells into numbers or instants with errors that name the
 * file, line and column. Only the current row is held in memory, as its characters and the bounds of its
 * cells (no object per cell), and a row longer than {@link #MAX_ROW_CHARS} is refused as soon as the
 * limit is passed, so a file of one enormous line cannot exhaust memory.
 */
public final class DelimitedRows implements Closeable {
    /** Cells read as a missing value rather than as an error (compared ignoring case). */
    public static final Set<String> MISSING = Set.of("", "nan", "-nan", "+nan", "na", "n/a", "#n/a", "null", "inf",
            "+inf", "-inf", "infinity", "+infinity", "-infinity");
    /**
     * Most characters one row may hold (4 Mi, a line or several inside a quoted cell): about 500,000
     * samples in a file of one row of values, a hundred times a PPG-BP segment's row.
     */
    public static final int MAX_ROW_CHARS = 1 << 22;

    private static final int SNIFF_LINES = 50;
    private static final int SNIFF_CHARS = 1 << 16;
    private static final List<Delimiter> CANDIDATES = List.of(Delimiter.TAB, Delimiter.SEMICOLON, Delimiter.COMMA);

    private final TextSource source;
    private final Delimiter delimiter;
    /** The current row's cell texts one after another; cell i is {@code row[starts[i], ends[i])}. */
    private final StringBuilder row = new StringBuilder();
    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private boolean[] quoted = new boolean[8];
    private int size;
    private int line;
    private int rowChars;

    private DelimitedRows(TextSource source, Delimiter delimiter) {
        this.source = source;
        this.delimiter = delimiter;
    }

    /** Opens the file, detecting its delimiter from its first lines. */
    public static DelimitedRows open(Path file, Charset charset) throws IOException {
        Delimiter delimiter = detect(file, charset);
        return new DelimitedRows(new TextSource(file, charset), delimiter);
    }

    public Path file() {
        return source.file();
    }

    public Delimiter delimiter() {
        return delimiter;
    }

    /** Moves to the next row; false at the end of the file. A line with nothing but spaces is a row of no cells. */
    public boolean next() throws IOException {
        size = 0;
        rowChars = 0;
        row.setLength(0);
        line = source.line();
        int c = read(-1);
        if (c == -1) {
            return false;
        }
        boolean whitespace = delimiter == Delimiter.WHITESPACE;
        char separator = delimiter.character();
        int cellStart = 0;
        boolean started = false;
        int quoteEnd = -1;
        while (c != -1 && c != '\n') {
            if (c == '"' && !started) {
                c = readQuoted();
                quoteEnd = row.length();
                started = true;
                continue;
            }
            boolean blank = c == ' ' || c == '\t';
            if (whitespace ? blank : c == separator) {
                if (started || !whitespace) {
                    addCell(cellStart, quoteEnd);
                    cellStart = row.length();
                    started = false;
                    quoteEnd = -1;
                }
            } else if (!blank || (started && quoteEnd < 0)) {
                row.append((char) c);
                started = true;
            }
            c = read(-1);
        }
        // "a," ends in an empty cell; trailing spaces in a space-aligned file do not.
        if (started || (size > 0 && !whitespace)) {
            addCell(cellStart, quoteEnd);
        }
        return true;
    }

    /** The next character of the current row, refusing the row once it passes {@link #MAX_ROW_CHARS}. */
    private int read(int quoteOpenedOn) throws IOException {
        int c = source.read();
        if (++rowChars > MAX_ROW_CHARS && c != '\n' && c != -1) {
            String quote = quoteOpenedOn < 0 ? "" : " (a quote (\") opened on line " + quoteOpenedOn + " is still open there)";
            throw new ReadException(file(), "line " + line, String.format(Locale.ROOT, "the row is longer than %,d"
                    + " characters, the most one row may hold%s; a recording has one sample per line, or one row of"
                    + " at most about 500,000 values", MAX_ROW_CHARS, quote));
        }
        return c;
    }

    private int readQuoted() throws IOException {
        int opened = source.line();
        while (true) {
            int c = read(opened);
            if (c == -1) {
                throw new ReadException(file(), "line " + opened, "a quote (\") opened here is never closed");
            }
            if (c == '"') {
                int after = read(opened);
                if (after != '"') {
                    return after;
                }
            }
            row.append((char) c);
        }
    }

    /** Ends the cell that began at {@code cellStart}, trimming spaces after it but not inside its quotes. */
    private void addCell(int cellStart, int quoteEnd) {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            quoted = Arrays.copyOf(quoted, size * 2);
        }
        int end = row.length();
        while (end > Math.max(quoteEnd, cellStart) && Character.isWhitespace(row.charAt(end - 1))) {
            end--;
        }
        starts[size] = cellStart;
        ends[size] = end;
        quoted[size] = quoteEnd >= 0;
        size++;
    }

    /** Line (1-based) on which the current row starts. */
    public int line() {
        return line;
    }

    /** Number of cells in the current row; 0 for an empty line. */
    public int size() {
        return size;
    }

    /** The text of cell {@code i} (0-based), unquoted and trimmed. */
    public String cell(int i) {
        return row.substring(starts[i], ends[i]);
    }

    /** Whether cell {@code i} is a date-time ({@link Timestamps}); the length test spares short cells the copy. */
    boolean isTimestamp(int i) {
        return ends[i] - starts[i] >= Timestamps.SHORTEST && Timestamps.parse(cell(i)) != null;
    }

    /** Whether cell {@code i} is a clock time of day ({@link Timestamps#clockSeconds}); short cells are spared the copy. */
    boolean isClock(int i) {
        return ends[i] - starts[i] >= Timestamps.SHORTEST_CLOCK && !Double.isNaN(Timestamps.clockSeconds(cell(i)));
    }

    /** Whether cell {@code i} is empty. */
    public boolean isEmpty(int i) {
        return starts[i] == ends[i];
    }

    /** Whether every cell of the current row is empty (an empty line, {@code ""}, or only delimiters). */
    public boolean isBlank() {
        for (int i = 0; i < size; i++) {
            if (!isEmpty(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the text reads as a missing value ("", NaN, NA, Inf, ...). */
    public static boolean isMissing(String text) {
        if (text.isEmpty()) {
            return true;
        }
        // No missing-value word starts with a digit or a point: spare numbers the lower-casing.
        char first = text.charAt(0);
        return !(first >= '0' && first <= '9') && first != '.' && MISSING.contains(text.toLowerCase(Locale.ROOT));
    }

    /** Whether cell {@code i} holds a value: a number, a date-time or a clock time (not a missing value). */
    private boolean isValueCell(int i) {
        String s = cell(i);
        return !isMissing(s) && (parseNumber(s) != null || Timestamps.parse(s) != null || !Double.isNaN(Timestamps.clockSeconds(s)));
    }

    /** Whether the current row is a header: some cell is text, not a number, missing value, date-time or clock time. */
    public boolean isHeader() {
        return holdsText();
    }

    /** Whether some cell of the current row is text: not a number, missing value, date-time or clock time. */
    public boolean holdsText() {
        for (int i = 0; i < size; i++) {
            if (!isMissing(cell(i)) && !isValueCell(i)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some cell of the current row holds a number, a date-time or a clock time. */
    public boolean holdsValue() {
        for (int i = 0; i < size; i++) {
            if (isValueCell(i)) {
                return true;
            }
        }
        return false;
    }

    /** The cells of the current row as column headings. */
    public List<ColumnHeader> headings() {
        List<ColumnHeader> headings = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            headings.add(ColumnHeader.parse(cell(i)));
        }
        return headings;
    }

    /**
     * Cell {@code i} as a number: NaN when missing; a decimal comma is read when commas do not delimit
     * cells; anything else is an error naming the line and the column.
     */
    public double number(int i, String columnName) throws ReadException {
        String s = cell(i);
        if (isMissing(s)) {
            return Double.NaN;
        }
        Double value = parseNumber(s);
        if (value != null) {
            return value;
        }
        if (delimiter == Delimiter.COMMA && quoted[i] && s.matches("[-+]?\\d*,\\d+")) {
            throw error(i, columnName, MessageTools.quote(s) + " has a decimal comma, but commas also separate the cells,"
                    + " which is ambiguous; save the file with ';' or tab between cells, or with decimal points");
        }
        throw error(i, columnName, MessageTools.quote(s) + " is not a number");
    }

    /** Cell {@code i} as a number, NaN when missing, or null when it is text; never an error. */
    public Double numberOrNull(int i) {
        String s = cell(i);
        return isMissing(s) ? Double.valueOf(Double.NaN) : parseNumber(s);
    }

    /** Cell {@code i} as an instant (ISO-8601 or "yyyy-MM-dd HH:mm:ss.SSS", UTC unless an offset is given). */
    public Instant timestamp(int i, String columnName) throws ReadException {
        String s = cell(i);
        Instant t = Timestamps.parse(s);
        if (t == null) {
            throw error(i, columnName, MessageTools.quote(s) + " is not a date-time like 2016-11-24 13:58:58.081");
        }
        return t;
    }

    /** Cell {@code i} as seconds since midnight of a clock time of day (09:25:02, 09:25:02.500, 9:25:02 PM). */
    public double clock(int i, String columnName) throws ReadException {
        String s = cell(i);
        double t = Timestamps.clockSeconds(s);
        if (Double.isNaN(t)) {
            throw error(i, columnName, MessageTools.quote(s) + " is not a clock time like 09:25:02 or 09:25:02.500");
        }
        return t;
    }

    /** Whether a date-time cell names its offset from UTC; false means it was read as UTC. */
    public boolean timestampHasOffset(int i) {
        return Timestamps.hasOffset(cell(i));
    }

    /** An error at cell {@code i} of the current row: "file line 12, column 3 (PPG): problem". */
    public ReadException error(int i, String columnName, String problem) {
        String where = "line " + line + ", column " + (i + 1) + (columnName == null ? "" : " (" + MessageTools.shorten(columnName) + ")");
        return new ReadException(file(), where, problem);
    }

    /** An error about the current row as a whole. */
    public ReadException error(String problem) {
        return new ReadException(file(), "line " + line, problem);
    }

    private Double parseNumber(String s) {
        boolean comma = false;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == ',') {
                if (comma || !delimiter.allowsDecimalComma()) {
                    return null;
                }
                comma = true;
            } else if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return null;
            }
        }
        String text = s;
        if (comma) {
            if (s.indexOf('.') >= 0) {
                // "1.234,5" is a thousands separator plus decimal comma: too easy to misread, so refuse.
                return null;
            }
            text = s.replace(',', '.');
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /**
     * Picks the delimiter that splits the first lines into the same number of cells (tab, then ';', then
     * ','; then runs of spaces), else the one found on most lines, else none (one value per line).
     */
    static Delimiter detect(Path file, Charset charset) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean lastComplete = true;
        try (TextSource source = new TextSource(file, charset)) {
            StringBuilder current = new StringBuilder();
            int read = 0;
            int c;
            boolean inQuotes = false;
            while (lines.size() < SNIFF_LINES && read < SNIFF_CHARS && (c = source.read()) != -1) {
                read++;
                inQuotes ^= c == '"';
                // A line break inside quotes belongs to the cell, not to the row.
                if (c == '\n' && !inQuotes) {
                    if (!current.toString().isBlank()) {
                        lines.add(current.toString());
                    }
                    current.setLength(0);
                } else {
                    current.append((char) c);
                }
            }
            if (!current.toString().isBlank()) {
                lines.add(current.toString());
                lastComplete = read < SNIFF_CHARS;
            }
        }
        // A line cut off by the sniffing limit has too few cells, unless it is all there is (one long row).
        List<String> sample = !lastComplete && lines.size() > 1 ? lines.subList(0, lines.size() - 1) : lines;
        if (sample.isEmpty()) {
            return Delimiter.NONE;
        }
        for (Delimiter d : CANDIDATES) {
            if (sameCount(sample, d.character())) {
                return d;
            }
        }
        int tokens = -1;
        boolean aligned = true;
        for (String l : sample) {
            int n = l.strip().split("[ \\t]+").length;
            aligned &= n >= 2 && (tokens < 0 || n == tokens);
            tokens = n;
        }
        if (aligned) {
            return Delimiter.WHITESPACE;
        }
        // A ragged file: the delimiter on most lines, so that the reader can name the line that does not fit.
        Delimiter best = Delimiter.NONE;
        long bestLines = sample.size() / 2;
        for (Delimiter d : CANDIDATES) {
            long with = sample.stream().filter(l -> countOutsideQuotes(l, d.character()) > 0).count();
            if (with > bestLines) {
                best = d;
                bestLines = with;
            }
        }
        return best;
    }

    private static boolean sameCount(List<String> lines, char c) {
        int first = countOutsideQuotes(lines.get(0), c);
        if (first == 0) {
            return false;
        }
        for (String l : lines) {
            if (countOutsideQuotes(l, c) != first) {
                return false;
            }
        }
        return true;
    }

    private static int countOutsideQuotes(String line, char c) {
        int count = 0;
        boolean inQuotes = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                inQuotes = !inQuotes;
            } else if (ch == c && !inQuotes) {
                count++;
            }
        }
        return count;
    }
}
