package org.sigmappg.io.labels;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.text.ColumnHeader;

/**
 * Per-subject labels (one row per subject: blood pressure, class, age, ...) as read from a CSV or
 * spreadsheet by {@link LabelTableReader}, looked up by subject id and column name.
 */
public final class LabelTable {
    private final Path source;
    private final String sheet;
    private final int headerRow;
    private final List<ColumnHeader> columns;
    private final int idColumn;
    private final Map<String, Row> rows = new LinkedHashMap<>();

    LabelTable(Path source, String sheet, int headerRow, List<ColumnHeader> columns, int idColumn) {
        this.source = source;
        this.sheet = sheet;
        this.headerRow = headerRow;
        this.columns = List.copyOf(columns);
        this.idColumn = idColumn;
    }

    /**
     * Adds a subject's row while reading. A subject seen before is accepted only when the two rows agree
     * on every value (a copied row); rows that disagree are refused, naming both.
     */
    void add(String subject, int rowNumber, Value[] values) throws ReadException {
        Row before = rows.get(subject);
        if (before == null) {
            rows.put(subject, new Row(subject, rowNumber, values));
            return;
        }
        for (int c = 0; c < columns.size(); c++) {
            Value a = before.values[c];
            Value b = values[c];
            boolean same = a.numeric() && b.numeric() ? a.number() == b.number() : a.text().equals(b.text());
            if (!same) {
                throw new ReadException(source, place("row " + rowNumber), "subject " + MessageTools.shorten(subject)
                        + " appears again (first in row " + before.rowNumber + ") with " + MessageTools.quote(b.text())
                        + " instead of " + MessageTools.quote(a.text()) + " in column "
                        + MessageTools.quote(columns.get(c).written()) + "; keep one row per subject");
            }
        }
    }

    /** One value of the table: its text as written and, for a numeric cell, its number. */
    public record Value(String text, double number, boolean numeric) {
        static final Value EMPTY = new Value("", Double.NaN, false);

        public boolean isEmpty() {
            return text.isEmpty();
        }
    }

    /** One subject's row. */
    public final class Row {
        private final String subject;
        private final int rowNumber;
        private final Value[] values;

        Row(String subject, int rowNumber, Value[] values) {
            this.subject = subject;
            this.rowNumber = rowNumber;
            this.values = values;
        }

        public String subject() {
            return subject;
        }

        /** The row's number in the file (1-based spreadsheet row or text line). */
        public int rowNumber() {
            return rowNumber;
        }

        public Value value(String column) throws ReadException {
            return values[indexOf(column)];
        }

        /** The number in {@code column}; NaN when the cell is empty; an error when it holds text. */
        public double number(String column) throws ReadException {
            int c = indexOf(column);
            Value v = values[c];
            if (!v.numeric() && !v.isEmpty()) {
                throw new ReadException(source, place("row " + rowNumber), "column "
                        + MessageTools.quote(columns.get(c).written()) + " holds " + MessageTools.quote(v.text())
                        + ", not a number, for subject " + MessageTools.shorten(subject));
            }
            return v.number();
        }

        /** The cell of {@code column} as written (numbers without a trailing ".0"); empty when blank. */
        public String text(String column) throws ReadException {
            return values[indexOf(column)].text();
        }
    }

    public Path source() {
        return source;
    }

    /** The sheet read, or null for a text file. */
    public String sheet() {
        return sheet;
    }

    /** The header's row number in the file (1-based). */
    public int headerRow() {
        return headerRow;
    }

    /** All columns in file order, the subject id column included. */
    public List<ColumnHeader> columns() {
        return columns;
    }

    public ColumnHeader idColumn() {
        return columns.get(idColumn);
    }

    public int size() {
        return rows.size();
    }

    /** Subject ids in file order. */
    public List<String> subjects() {
        return List.copyOf(rows.keySet());
    }

    public List<Row> rows() {
        return List.copyOf(rows.values());
    }

    public Optional<Row> row(String subject) {
        return Optional.ofNullable(rows.get(subject));
    }

    /** The column that {@code name} names (as written, without its unit, or by normalised key); an error listing the columns if none. */
    public ColumnHeader column(String name) throws ReadException {
        return columns.get(indexOf(name));
    }

    /** Whether a column of that name exists. */
    public boolean hasColumn(String name) {
        return columns.stream().anyMatch(c -> c.matches(name));
    }

    /** The numbers of {@code column} for all subjects in file order, NaN where empty. */
    public double[] numbers(String column) throws ReadException {
        double[] out = new double[rows.size()];
        int i = 0;
        for (Row r : rows.values()) {
            out[i++] = r.number(column);
        }
        return out;
    }

    int indexOf(String name) throws ReadException {
        int found = -1;
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).matches(name)) {
                if (found >= 0) {
                    throw new ReadException(source, place("row " + headerRow), "column name " + MessageTools.quote(name)
                            + " matches both " + MessageTools.quote(columns.get(found).written()) + " and "
                            + MessageTools.quote(columns.get(c).written()) + "; use the full name");
                }
                found = c;
            }
        }
        if (found < 0) {
            throw new ReadException(source, place("row " + headerRow), "no column " + MessageTools.quote(name) + "; the columns are "
                    + columnList(columns));
        }
        return found;
    }

    String place(String where) {
        return place(sheet, where);
    }

    /** "sheet 'x', row 5" in a workbook; "line 5" in a text file, whose rows are lines. */
    static String place(String sheet, String where) {
        return sheet == null ? where.replace("row ", "line ") : "sheet " + MessageTools.quote(sheet) + ", " + where;
    }

    static String columnList(List<ColumnHeader> columns) {
        return MessageTools.list(columns.stream().map(ColumnHeader::written).toList());
    }
}
