package org.sigmappg.io.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
