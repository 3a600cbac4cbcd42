package org.sigmappg.io.labels;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.EmptyFileException;
import org.apache.poi.EncryptedDocumentException;
import org.apache.poi.UnsupportedFileFormatException;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.text.ColumnHeader;
import org.sigmappg.io.text.DelimitedRows;

/**
 * Reads a per-subject label table from delimited text or an Excel workbook (XLSX or XLS): finds the
 * header row (the first row of mostly text cells, so a title row above it is skipped) and the subject
 * id column, and keeps every other column as numbers or text.
 *
 * <p>Settings follow the builder habit: {@code new LabelTableReader().optIdColumn("subject_ID").read(file)};
 * each {@code opt} method returns a new reader.
 */
public final class LabelTableReader {
    /** Normalised headings taken as the subject id, in order of preference. */
    static final List<String> ID_NAMES = List.of("subject_id", "subjectid", "subject", "participant_id", "participant",
            "patient_id", "patient", "record_id", "record", "id", "sid", "pid");
    private static final int HEADER_SEARCH_ROWS = 20;
    /** The part of a workbook that the library's zip bomb check names ("Entry: xl/worksheets/sheet1.xml"). */
    private static final Pattern ZIP_ENTRY = Pattern.compile("Entry: (\\S+)");
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final String idColumn;
    private final String sheet;
    private final Integer headerRow;
    private final Charset charset;
    private final List<String> required;

    public LabelTableReader() {
        this(null, null, null, StandardCharsets.UTF_8, List.of());
    }

    private LabelTableReader(String idColumn, String sheet, Integer headerRow, Charset charset, List<String> required) {
        this.idColumn = idColumn;
        this.sheet = sheet;
        this.headerRow = headerRow;
        this.charset = charset;
        this.required = required;
    }

    /** The subject id column by heading; default: detected ("subject_ID", "subject", "id", ...). */
    public LabelTableReader optIdColumn(String name) {
        return new LabelTableReader(Objects.requireNonNull(name), sheet, headerRow, charset, required);
    }

    /** The workbook sheet by name; default: the first sheet. */
    public LabelTableReader optSheet(String name) {
        return new LabelTableReader(idColumn, Objects.requireNonNull(name), headerRow, charset, required);
    }

    /** The header's row number (1-based, as a spreadsheet or editor shows it); default: detected. */
    public LabelTableReader optHeaderRow(int rowNumber) {
        if (rowNumber < 1) {
            throw new IllegalArgumentException("header row numbers start at 1, got " + rowNumber);
        }
        return new LabelTableReader(idColumn, sheet, rowNumber, charset, required);
    }

    /** The charset of a text table; default UTF-8. */
    public LabelTableReader optCharset(Charset cs) {
        return new LabelTableReader(idColumn, sheet, headerRow, Objects.requireNonNull(cs), required);
    }

    /** Columns that must be present; reading refuses a table without them, listing the columns it has. */
    public LabelTableReader optRequiredColumns(String... names) {
        return new LabelTableReader(idColumn, sheet, headerRow, charset, List.of(names));
    }

    /** One row of cells as read, before the header is known. */
    private record RawRow(int number, List<LabelTable.Value> cells) {
        long count(boolean textOnly) {
            return cells.stream().filter(v -> !v.isEmpty() && (!textOnly || !v.numeric())).count();
        }
    }

    /** The cells of a sheet or text file, and the sheet's name (null for text). */
    private record Grid(String sheet, List<RawRow> rows) {
    }

    public LabelTable read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean workbook = name.endsWith(".xlsx") || name.endsWith(".xlsm") || name.endsWith(".xls");
        Grid grid = workbook ? readWorkbook(file) : new Grid(null, readText(file));
        return table(file, grid.sheet(), grid.rows());
    }

    private LabelTable table(Path file, String sheetName, List<RawRow> raw) throws ReadException {
        String where = sheetName == null ? "" : "sheet " + MessageTools.quote(sheetName);
        int h = headerIndex(file, where, raw);
        RawRow header = raw.get(h);
        int width = header.cells().size();
        while (width > 0 && header.cells().get(width - 1).isEmpty()) {
            width--;
        }
        List<ColumnHeader> columns = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            String text = header.cells().get(c).text();
            columns.add(ColumnHeader.parse(text.isEmpty() ? "column " + (c + 1) : text));
        }
        int id = idIndex(file, LabelTable.place(sheetName, "row " + header.number()), columns);
        LabelTable table = new LabelTable(file, sheetName, header.number(), columns, id);
        for (String r : required) {
            table.column(r);
        }
        for (int i = h + 1; i < raw.size(); i++) {
            RawRow row = raw.get(i);
            if (row.count(false) == 0) {
                continue;
            }
            for (int c = width; c < row.cells().size(); c++) {
                if (!row.cells().get(c).isEmpty()) {
                    throw new ReadException(file, table.place("row " + row.number()), "cell " + (c + 1) + " holds "
                            + MessageTools.quote(row.cells().get(c).text()) + " but the header names only " + width + " columns");
                }
            }
            LabelTable.Value[] values = new LabelTable.Value[width];
            for (int c = 0; c < width; c++) {
                values[c] = c < row.cells().size() ? row.cells().get(c) : LabelTable.Value.EMPTY;
            }
            String subject = values[id].text();
            if (subject.isEmpty()) {
                throw new ReadException(file, table.place("row " + row.number()), "has values but no subject id in column "
                        + MessageTools.quote(columns.get(id).written()));
            }
            table.add(subject, row.number(), values);
        }
        if (table.size() == 0) {
            throw new ReadException(file, table.place("row " + header.number()), "has a header but no subject rows under it");
        }
        return table;
    }

    private int headerIndex(Path file, String place, List<RawRow> raw) throws ReadException {
        if (headerRow != null) {
            for (int i = 0; i < raw.size(); i++) {
                if (raw.get(i).number() == headerRow) {
                    return i;
                }
            }
            throw new ReadException(file, place, "has no row " + headerRow + " to take as the header");
        }
        long widest = 0;
        for (int i = 0; i < Math.min(HEADER_SEARCH_ROWS, raw.size()); i++) {
            widest = Math.max(widest, raw.get(i).count(false));
        }
        for (int i = 0; i < Math.min(HEADER_SEARCH_ROWS, raw.size()); i++) {
            long text = raw.get(i).count(true);
            long filled = raw.get(i).count(false);
            // A header is mostly filled and mostly text; a title row has one or two cells, a data row numbers.
            if (text >= 2 && 2 * text >= widest && 10 * text >= 8 * filled) {
                return i;
            }
        }
        throw new ReadException(file, place, "no header row (a row of column names) in the first " + HEADER_SEARCH_ROWS
                + " rows; give its number with the header row option");
    }

    private int idIndex(Path file, String place, List<ColumnHeader> columns) throws ReadException {
        for (int c = 0; c < columns.size(); c++) {
            if (idColumn != null && columns.get(c).matches(idColumn)) {
                return c;
            }
        }
        if (idColumn != null) {
            throw new ReadException(file, place, "no subject id column " + MessageTools.quote(idColumn) + "; the columns are "
                    + LabelTable.columnList(columns));
        }
        for (String name : ID_NAMES) {
            for (int c = 0; c < columns.size(); c++) {
                if (ColumnHeader.normalise(columns.get(c).name()).equals(name)) {
                    return c;
                }
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).key().contains("subject")) {
                return c;
            }
        }
        throw new ReadException(file, place, "no subject id column (such as 'subject_ID' or 'id'); give its name."
                + " The columns are " + LabelTable.columnList(columns));
    }

    private List<RawRow> readText(Path file) throws IOException {
        List<RawRow> raw = new ArrayList<>();
        try (DelimitedRows rows = DelimitedRows.open(file, charset)) {
            while (rows.next()) {
                List<LabelTable.Value> cells = new ArrayList<>(rows.size());
                for (int c = 0; c < rows.size(); c++) {
                    Double number = rows.numberOrNull(c);
                    String text = rows.cell(c);
                    cells.add(number == null ? new LabelTable.Value(text, Double.NaN, false)
                            : new LabelTable.Value(text, number, true));
                }
                raw.add(new RawRow(rows.line(), cells));
            }
        }
        return raw;
    }

    private Grid readWorkbook(Path file) throws IOException {
        try (Workbook wb = WorkbookFactory.create(file.toFile(), null, true)) {
            if (wb.getNumberOfSheets() == 0) {
                throw new ReadException(file, null, "the workbook has no sheets, so it holds no table");
            }
            Sheet sh = sheet == null ? wb.getSheetAt(0) : wb.getSheet(sheet);
            if (sh == null) {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < wb.getNumberOfSheets(); i++) {
                    names.add(wb.getSheetName(i));
                }
                throw new ReadException(file, null, "no sheet " + MessageTools.quote(sheet) + "; the sheets are "
                        + MessageTools.list(names));
            }
            List<RawRow> raw = new ArrayList<>();
            for (Row r : sh) {
                LabelTable.Value[] cells = new LabelTable.Value[Math.max(0, r.getLastCellNum())];
                Arrays.fill(cells, LabelTable.Value.EMPTY);
                for (Cell cell : r) {
                    cells[cell.getColumnIndex()] = value(cell);
                }
                raw.add(new RawRow(r.getRowNum() + 1, Arrays.asList(cells)));
            }
            return new Grid(sh.getSheetName(), raw);
        } catch (ReadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ReadException(file, null, workbookProblem(e), e);
        }
    }

    /**
     * What is wrong with a workbook that the spreadsheet library refused, in our words: the library reports
     * most problems as generic exceptions whose messages name its own settings, so the kind is read from the
     * exception's class or, for the two safety checks that have no class of their own, its message.
     */
    static String workbookProblem(Throwable e) {
        String resave = "; save the table again from the spreadsheet program, or save it as CSV";
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof EncryptedDocumentException) {
                return "the workbook is protected by a password; save a copy without the password and import that";
            }
            if (t instanceof EmptyFileException) {
                return "the file is empty; it is not an Excel workbook";
            }
            if (t instanceof UnsupportedFileFormatException) {
                return "is not an Excel workbook: its content is not the ZIP package (.xlsx) or OLE2 file (.xls) that"
                        + " workbooks are";
            }
            if (message.contains("Zip bomb")) {
                Matcher part = ZIP_ENTRY.matcher(message);
                return "the workbook's part " + (part.find() ? MessageTools.quote(part.group(1)) + " " : "")
                        + "would unpack to far more than its packed size, as a zip bomb meant"
                        + " to exhaust memory does; it was not unpacked" + resave;
            }
            if (message.contains("DOCTYPE")) {
                return "the workbook contains a document type declaration (DOCTYPE), which Excel never writes and"
                        + " which can make a reader fetch other files; it was not read" + resave;
            }
        }
        return "is not a readable Excel workbook: its internal structure is damaged" + resave;
    }

    private static LabelTable.Value value(Cell cell) {
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        switch (type) {
            case NUMERIC -> {
                if (DateUtil.isCellDateFormatted(cell)) {
                    return new LabelTable.Value(cell.getLocalDateTimeCellValue().toString(), Double.NaN, false);
                }
                double v = cell.getNumericCellValue();
                return new LabelTable.Value(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString(), v, true);
            }
            case STRING -> {
                String text = cell.getStringCellValue().strip();
                if (DelimitedRows.isMissing(text)) {
                    return text.isEmpty() ? LabelTable.Value.EMPTY : new LabelTable.Value(text, Double.NaN, true);
                }
                // Numbers typed as text ("120") are still numbers.
                return PLAIN_NUMBER.matcher(text).matches() ? new LabelTable.Value(text, Double.parseDouble(text), true)
                        : new LabelTable.Value(text, Double.NaN, false);
            }
            case BOOLEAN -> {
                return new LabelTable.Value(Boolean.toString(cell.getBooleanCellValue()).toUpperCase(Locale.ROOT),
                        Double.NaN, false);
            }
            case ERROR -> {
                // An Excel error (#DIV/0!, #N/A) holds no value: a missing number.
                return new LabelTable.Value(FormulaError.forInt(cell.getErrorCellValue()).getString(), Double.NaN, true);
            }
            default -> {
                return LabelTable.Value.EMPTY;
            }
        }
    }
}
