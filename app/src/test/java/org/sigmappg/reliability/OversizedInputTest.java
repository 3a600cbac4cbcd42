package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text files built to exhaust memory or flood the terminal: a 20 MB line of ten million columns and a cell of
 * twenty million characters. Each is refused by a child JVM with a 48 MB heap within seconds, with one short
 * line naming the file and the line, and leaves nothing in the workspace.
 */
class OversizedInputTest {
    private static final String HEAP = "-Xmx48m";
    private static final int MAX_OUTPUT = 1000;
    private static int refused;
    private static double slowest;

    @TempDir
    Path tmp;

    @Test
    void aLineOfTenMillionColumnsIsRefusedInASmallHeap() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(src.resolve("columns.csv")), 1 << 16)) {
            for (int i = 0; i < 10_000_000; i++) {
                out.write(i == 0 ? '0' : ',');
                if (i > 0) {
                    out.write('0');
                }
            }
            out.write('\n');
        }
        assertEquals(20_000_000, Files.size(src.resolve("columns.csv")));
        refuse(src, "columns.csv line 1: the row is longer than 4,194,304 characters", "--fs", "100");
    }

    @Test
    void aCellOfTwentyMillionCharactersIsRefusedWithoutBeingCopied() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(src.resolve("cell.csv")), 1 << 16)) {
            out.write(Recordings.pulseCsvText(50, 10).getBytes(StandardCharsets.US_ASCII));
            out.write("10.0000,1e39".getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = new byte[1 << 16];
            Arrays.fill(zeros, (byte) '0');
            for (int i = 0; i < 20_000_000 / zeros.length; i++) {
                out.write(zeros);
            }
            out.write('\n');
        }
        refuse(src, "cell.csv line 502: the row is longer than 4,194,304 characters");
    }

    private void refuse(Path src, String expected, String... options) throws Exception {
        Path ws = tmp.resolve("ws");
        List<String> args = new ArrayList<>(List.of("import", src.toString(), "--name", "big", "--workspace",
                ws.toString(), "--json"));
        args.addAll(List.of(options));
        ChildJvm.Finished r = ChildJvm.start(tmp.resolve("logs"), List.of(HEAP), args.toArray(String[]::new)).await(120);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().length() + r.err().length() < MAX_OUTPUT, "output of " + (r.out().length() + r.err().length())
                + " characters: " + r.err().substring(0, Math.min(400, r.err().length())));
        String error = r.json().get("error").getAsString();
        Cli.assertPlain(error);
        assertTrue(error.contains(expected), error);
        assertTrue(r.seconds() < 30, "refused after " + r.seconds() + " s");
        MalformedInputTest.assertNothingLeft(ws);
        refused++;
        slowest = Math.max(slowest, r.seconds());
    }

    @AfterAll
    static void figures() {
        Figures.report(String.format(Locale.ROOT, "oversized text (a 20 MB line of 10 million columns, a cell of 20 million"
                + " characters) refused %d of 2 with %s, the slowest in %.1f s", refused, HEAP, slowest));
    }
}
