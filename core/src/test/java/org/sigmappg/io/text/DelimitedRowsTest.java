package org.sigmappg.io.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.io.ReadException;

/** Delimiter detection and cell splitting. */
class DelimitedRowsTest {
    @TempDir
    Path dir;

    private List<List<String>> rows(String text, Delimiter expected) throws IOException {
        Path file = Files.writeString(dir.resolve("t.csv"), text, StandardCharsets.UTF_8);
        List<List<String>> out = new ArrayList<>();
        try (DelimitedRows rows = DelimitedRows.open(file, StandardCharsets.UTF_8)) {
            assertEquals(expected, rows.delimiter());
            while (rows.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    cells.add(rows.cell(i));
                }
                out.add(cells);
            }
        }
        return out;
    }

    @Test
    void detectsEachDelimiter() throws IOException {
        assertEquals(List.of(List.of("a", "b"), List.of("1", "2")), rows("a,b\n1,2\n", Delimiter.COMMA));
        assertEquals(List.of(List.of("a,1", "b"), List.of("1,5", "2")), rows("a,1\tb\n1,5\t2\n", Delimiter.TAB));
        assertEquals(List.of(List.of("1,5", "2,25")), rows("1,5;2,25\n", Delimiter.SEMICOLON));
        assertEquals(List.of(List.of("1", "2", "3")), rows("  1  2   3 \n", Delimiter.WHITESPACE));
        assertEquals(List.of(List.of("1 a"), List.of("2")), rows("1 a\n2\n", Delimiter.NONE));
    }

    @Test
    void quotedCellsKeepDelimitersQuotesAndLineBreaks() throws IOException {
        List<List<String>> rows = rows("\"a,b\",\"say \"\"hi\"\"\",\" x \"\n\"two\nlines\",,\"\"\n", Delimiter.COMMA);
        assertEquals(List.of("a,b", "say \"hi\"", " x "), rows.get(0));
        assertEquals(List.of("two\nlines", "", ""), rows.get(1));
    }

    @Test
    void rowsKnowTheirLineAndBlankness() throws IOException {
        Path file = Files.writeString(dir.resolve("l.csv"), "a,b\r\n\r\n,\r\n\"\",1\r\n", StandardCharsets.UTF_8);
        try (DelimitedRows rows = DelimitedRows.open(file, StandardCharsets.UTF_8)) {
            assertTrue(rows.next());
            assertTrue(rows.isHeader());
            assertTrue(rows.next());
            assertEquals(2, rows.line());
            assertEquals(0, rows.size());
            assertTrue(rows.next());
            assertTrue(rows.isBlank());
            assertEquals(2, rows.size());
            assertTrue(rows.next());
            assertEquals(4, rows.line());
            assertFalse(rows.isBlank());
            assertFalse(rows.isHeader());
            assertTrue(Double.isNaN(rows.numberOrNull(0)));
            assertEquals(1.0, rows.numberOrNull(1));
            assertFalse(rows.next());
        }
    }

    /** Every cell of every row of {@code file} read in {@code charset}. */
    private static List<List<String>> cells(Path file, Charset charset) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (DelimitedRows rows = DelimitedRows.open(file, charset)) {
            while (rows.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    cells.add(rows.cell(i));
                }
                out.add(cells);
            }
        }
        return out;
    }

    private Path bytes(String name, byte[] mark, String text, Charset charset) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(mark);
        b.write(text.getBytes(charset));
        return Files.write(dir.resolve(name), b.toByteArray());
    }

    @Test
    void utf16WithAByteOrderMarkIsReadWhateverCharsetIsGiven() throws IOException {
        // Excel's "Unicode Text": UTF-16LE with a byte-order mark, tab between cells, CR LF line ends.
        String text = "time\tppg\r\n0\t0.5\r\n0.02\t0.75\r\n";
        List<List<String>> expected = List.of(List.of("time", "ppg"), List.of("0", "0.5"), List.of("0.02", "0.75"));
        Path le = bytes("le.txt", new byte[] {(byte) 0xFF, (byte) 0xFE}, text, StandardCharsets.UTF_16LE);
        assertEquals(expected, cells(le, StandardCharsets.UTF_8));
        assertEquals(expected, cells(le, StandardCharsets.UTF_16));
        assertEquals(expected, cells(le, StandardCharsets.UTF_16LE));
        Path be = bytes("be.txt", new byte[] {(byte) 0xFE, (byte) 0xFF}, text, StandardCharsets.UTF_16BE);
        assertEquals(expected, cells(be, StandardCharsets.UTF_8));
        assertEquals(expected, cells(be, Charset.forName("windows-1252")));
        try (DelimitedRows rows = DelimitedRows.open(le, StandardCharsets.UTF_8)) {
            assertEquals(Delimiter.TAB, rows.delimiter());
        }
    }

    @Test
    void utf16WithoutAByteOrderMarkIsKnownByItsZeroBytes() throws IOException {
        String text = "ppg;ecg\n1;2\n3;4\n";
        List<List<String>> expected = List.of(List.of("ppg", "ecg"), List.of("1", "2"), List.of("3", "4"));
        assertEquals(expected, cells(bytes("le.csv", new byte[0], text, StandardCharsets.UTF_16LE), StandardCharsets.UTF_8));
        assertEquals(expected, cells(bytes("be.csv", new byte[0], text, StandardCharsets.UTF_16BE), StandardCharsets.UTF_8));
    }

    @Test
    void aBrokenUtf16FileNamesTheCharsetItsMarkGaveAndNoCharsetOption() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
        b.write("ppg\n1\n".getBytes(StandardCharsets.UTF_16LE));
        // A low surrogate with no high surrogate before it is not UTF-16.
        b.write(new byte[] {0x00, (byte) 0xDC});
        b.write("\n".getBytes(StandardCharsets.UTF_16LE));
        Path file = Files.write(dir.resolve("broken.txt"), b.toByteArray());
        ReadException e = assertThrows(ReadException.class, () -> cells(file, StandardCharsets.UTF_8));
        assertEquals("line 3", e.location(), e.getMessage());
        assertTrue(e.problem().contains("is not valid UTF-16LE (the character set that the file's first bytes show)"),
                e.getMessage());
        assertFalse(e.problem().contains("--charset"), e.getMessage());
    }

    @Test
    void aRowLongerThanTheLimitIsRefusedBeforeItIsHeld() throws IOException {
        Path file = dir.resolve("long.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("a,b\n");
            for (int i = 0; i < DelimitedRows.MAX_ROW_CHARS / 2 + 10; i++) {
                w.write("0,");
            }
            w.write("0\n");
        }
        try (DelimitedRows rows = DelimitedRows.open(file, StandardCharsets.UTF_8)) {
            assertTrue(rows.next());
            ReadException e = assertThrows(ReadException.class, rows::next);
            assertEquals("line 2", e.location(), e.getMessage());
            assertTrue(e.problem().startsWith("the row is longer than 4,194,304 characters, the most one row may hold;"),
                    e.getMessage());
        }
    }

    @Test
    void aQuoteLeftOpenIsRefusedAtTheLimitNamingWhereItOpened() throws IOException {
        Path file = dir.resolve("open.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("ppg,note\n1,\"never closed\n");
            for (int i = 0; i < DelimitedRows.MAX_ROW_CHARS / 8 + 10; i++) {
                w.write("1,2,3,4\n");
            }
        }
        ReadException e = assertThrows(ReadException.class, () -> cells(file, StandardCharsets.UTF_8));
        assertEquals("line 2", e.location(), e.getMessage());
        assertTrue(e.problem().contains("a quote (\") opened on line 2 is still open there"), e.getMessage());
    }

    @Test
    void aRowJustUnderTheLimitIsRead() throws IOException {
        Path file = dir.resolve("wide.csv");
        int values = DelimitedRows.MAX_ROW_CHARS / 2;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < values; i++) {
                w.write(i == 0 ? "7" : ",7");
            }
            w.write("\n");
        }
        try (DelimitedRows rows = DelimitedRows.open(file, StandardCharsets.UTF_8)) {
            assertTrue(rows.next());
            assertEquals(values, rows.size());
            assertEquals(7.0, rows.number(values - 1, null));
            assertFalse(rows.next());
        }
    }
}
