package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names may hold control characters (ESC, BEL, newline) that a terminal would obey: the listings and
 * the error messages show them escaped, one table row per record, while {@code --json} keeps the names
 * exact (JSON escapes them itself).
 */
class ControlCharacterNamesTest {
    private static final double FS = 50;
    /** Turns the terminal's text red and rings its bell. */
    private static final String COLOUR = "\u001b[31mred\u0007";
    private static final String BROKEN = "two\nlines";
    /** Sets the terminal's window title; this file is empty, so the import refuses it. */
    private static final String TITLE = "\u001b]0;owned\u0007empty";
    private static int printed;

    @TempDir
    Path tmp;

    /** Asserts that a person's output holds no control character but the line breaks that end its lines. */
    private static void assertNoRawControls(String output) {
        for (char c : output.toCharArray()) {
            assertTrue(c == '\n' || c == '\r' || !Character.isISOControl(c),
                    String.format("a raw control character U+%04X in: %s", (int) c, output.replace("\u001b", "<ESC>")));
        }
    }

    @Test
    void controlCharactersInFileNamesAreEscapedInTablesAndErrors() throws Exception {
        Path src = tmp.resolve("src");
        Recordings.pulseCsv(src.resolve(COLOUR + ".csv"), FS, 30);
        Recordings.pulseCsv(src.resolve(BROKEN + ".csv"), FS, 30);
        Recordings.write(src.resolve(TITLE + ".csv"), "");
        String ws = tmp.resolve("ws").toString();

        Cli.Result refused = Cli.run("import", src.toString(), "--name", "d", "--workspace", ws);
        assertEquals(1, refused.code(), refused.out());
        assertNoRawControls(refused.err());
        Cli.assertPlain(refused.err());
        assertTrue(refused.err().contains("\\x1b]0;owned\\x07empty.csv"), refused.err());

        Cli.Result imported = Cli.run("import", src.toString(), "--name", "d", "--workspace", ws, "--skip-bad");
        assertEquals(0, imported.code(), imported.err());
        assertNoRawControls(imported.out());
        assertTrue(imported.out().contains("skipped \\x1b]0;owned\\x07empty.csv: "), imported.out());

        Cli.Result table = Cli.run("inspect", "d", "--workspace", ws);
        assertEquals(0, table.code(), table.err());
        assertNoRawControls(table.out());
        List<String> rows = table.out().lines().filter(l -> l.startsWith("\\x1b[31mred\\x07 ") || l.startsWith("two\\nlines ")).toList();
        assertEquals(2, rows.size(), "one table row per record:\n" + table.out());

        Cli.Result record = Cli.run("inspect", "d", COLOUR, "--workspace", ws);
        assertEquals(0, record.code(), record.err());
        assertNoRawControls(record.out());
        assertTrue(record.out().startsWith("record \\x1b[31mred\\x07  subject \\x1b[31mred\\x07"), record.out());

        Cli.Result listing = Cli.run("datasets", "--workspace", ws);
        assertNoRawControls(listing.out());

        Cli.Result json = Cli.run("inspect", "d", "--workspace", ws, "--json");
        Set<String> names = new HashSet<>();
        for (JsonElement e : json.json().getAsJsonArray("record_list")) {
            names.add(e.getAsJsonObject().get("record").getAsString());
        }
        assertEquals(Set.of(COLOUR, BROKEN), names, "JSON keeps the names exact");
        printed += 5;
    }

    @AfterAll
    static void figures() {
        Figures.report("listings and errors that show file names with control characters escaped " + printed);
    }
}
