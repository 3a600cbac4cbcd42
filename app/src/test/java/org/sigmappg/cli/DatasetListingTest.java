package org.sigmappg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code datasets} and {@code inspect} print for a person, and the held-out options' help. */
class DatasetListingTest {
    @TempDir
    Path tmp;

    private static void pulse(Path file, String heading, double fs, double seconds) throws IOException {
        StringBuilder sb = new StringBuilder(heading + "\n");
        for (int i = 0; i < Math.round(fs * seconds); i++) {
            double t = i / fs;
            double phase = (t * 1.2) % 1.0;
            sb.append(String.format(Locale.ROOT, "%.3f,%.5f%n", t, Math.exp(-Math.pow((phase - 0.2) / 0.08, 2))));
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void labelCoverageIsWarnedOncePerRecordNotOncePerLabel() throws Exception {
        Path src = tmp.resolve("bidmc");
        pulse(src.resolve("bidmc_01_Signals.csv"), "Time [s], PLETH", 125, 300);
        StringBuilder numerics = new StringBuilder("Time [s], HR, PULSE, RESP, SpO2\n");
        for (int t = 0; t <= 120; t++) {
            numerics.append(t).append(",72,72,16,97\n");
        }
        Files.writeString(src.resolve("bidmc_01_Numerics.csv"), numerics.toString(), StandardCharsets.UTF_8);
        String ws = tmp.resolve("ws").toString();
        CliTest.Result imported = CliTest.run("import", src.toString(), "--name", "b", "--workspace", ws);
        assertEquals(0, imported.code(), imported.err());
        List<String> coverage = imported.out().lines().filter(l -> l.startsWith("warning:") && l.contains(" covers ")).toList();
        assertEquals(1, coverage.size(), imported.out());
        CliTest.Result json = CliTest.run("inspect", "b", "--workspace", ws, "--json");
        assertEquals(4, json.json().getAsJsonArray("warnings").size(), "the catalogue keeps one warning per label: " + json.out());

        for (String[] args : List.of(new String[] {"inspect", "b"}, new String[] {"inspect", "b", "bidmc_01_Signals"})) {
            CliTest.Result r = CliTest.run(args[0], args[1], args.length > 2 ? args[2] : "--limit=50", "--workspace", ws);
            assertEquals(0, r.code(), r.err());
            List<String> lines = r.out().lines().filter(l -> l.startsWith("warning:") && l.contains(" covers ")).toList();
            assertEquals(1, lines.size(), r.out());
            assertTrue(lines.get(0).startsWith("warning: bidmc_01_Signals.csv: label HR covers "), lines.get(0));
            assertTrue(lines.get(0).endsWith(" (the same for PULSE, RESP and SpO2)"), lines.get(0));
        }
        CliTest.Result record = CliTest.run("inspect", "b", "bidmc_01_Signals", "--workspace", ws);
        assertTrue(record.out().contains("label series HR, 121 points"), "no empty unit brackets: " + record.out());
    }

    @Test
    void datasetColumnsStayAlignedWithALongLayoutName() throws Exception {
        Path src = tmp.resolve("ward");
        pulse(src.resolve("bed1.csv"), "time,ppg", 100, 30);
        Files.writeString(src.resolve("sigma-ppg-dataset.json"), "{\"version\": 1, \"layout\": \"overnight-oximetry-ward-3\", "
                + "\"include\": [\"*.csv\"]}", StandardCharsets.UTF_8);
        String ws = tmp.resolve("ws").toString();
        assertEquals(0, CliTest.run("import", src.toString(), "--name", "a-dataset-with-a-rather-long-name", "--workspace", ws).code());
        assertEquals(0, CliTest.run("import", CliTest.repoRoot().resolve("sample-data").toString(), "--name", "sample", "--workspace", ws).code());
        List<String> lines = CliTest.run("datasets", "--workspace", ws).out().lines().toList();
        String header = lines.get(1);
        assertTrue(header.startsWith("dataset "), header);
        List<String> rows = lines.subList(2, 4);
        assertTrue(rows.stream().anyMatch(r -> r.contains("overnight-oximetry-ward-3")), rows.toString());
        for (String column : List.of("records", "subjects", "windows", "skipped")) {
            int end = header.indexOf(column) + column.length();
            for (String row : rows) {
                assertTrue(Character.isDigit(row.charAt(end - 1)) && row.charAt(end) == ' ', column + " ends at " + end + " in\n" + header + "\n" + row);
            }
        }
        int source = header.indexOf("source");
        for (String row : rows) {
            assertTrue(row.substring(source).startsWith("/"), "the sources start in one column:\n" + header + "\n" + row);
        }
    }

    @Test
    void theHeldOutHelpSaysWhatIsHeldOut() {
        for (String command : List.of("train-tokenizer", "pretrain")) {
            String help = CliTest.run(command, "--help").out().replaceAll("\\s+", " ");
            assertTrue(help.contains("of each subject's windows (its last ones) when held out by window, of the subjects when by subject"), help);
            assertFalse(help.contains("Share of subjects held out"), help);
        }
    }

    /** The name an import without --name gives; ImportFxTest checks that the workbench's form proposes the same one. */
    @Test
    void anImportWithoutANameIsNamedAfterItsFolderAsTheFormNamesIt() throws Exception {
        Path src = tmp.resolve("Ward 7 (2024)");
        pulse(src.resolve("bidmc_01_Signals.csv"), "Time [s], PLETH", 125, 300);
        CliTest.Result imported = CliTest.run("import", src.toString(), "--workspace", tmp.resolve("ws").toString(), "--json");
        assertEquals(0, imported.code(), imported.err());
        assertEquals("Ward_7__2024_", imported.json().get("dataset").getAsString());
    }
}
