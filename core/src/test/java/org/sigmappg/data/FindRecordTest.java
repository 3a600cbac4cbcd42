package org.sigmappg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;

/** A record is found by its name or by the end of its path, and an ambiguous end is refused naming the candidates. */
class FindRecordTest {
    @TempDir
    Path tmp;

    private static void pulse(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 64 * 40; i++) {
            sb.append(String.format(Locale.ROOT, "%.4f%n", Math.sin(2 * Math.PI * 1.2 * i / 64.0) + 0.2 * Math.sin(2 * Math.PI * 2.4 * i / 64.0)));
        }
        Files.writeString(file, sb.toString());
    }

    @Test
    void recordsAreFoundByTheEndOfTheirPath() throws IOException {
        Path data = tmp.resolve("study");
        pulse(data.resolve("raw/left/s01.csv"));
        pulse(data.resolve("raw/right/s01.csv"));
        pulse(data.resolve("raw/solo.csv"));
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        new ImportTask(ws, ImportRequest.of(data, "study").withFs(64.0).withWindowSeconds(20.0)).run(ProgressMonitor.NONE);
        Catalogue catalogue = new Catalogue(ws);
        DatasetInfo d = catalogue.requireDataset("study");
        assertEquals("solo", catalogue.findRecord(d, "solo").name());
        assertTrue(catalogue.findRecord(d, "left/s01").source().endsWith("raw/left/s01.csv"));
        assertTrue(catalogue.findRecord(d, "right/s01.csv").source().endsWith("raw/right/s01.csv"));
        IllegalArgumentException ambiguous = assertThrows(IllegalArgumentException.class, () -> catalogue.findRecord(d, "s01"));
        assertTrue(ambiguous.getMessage().contains("matches 2 records") && ambiguous.getMessage().contains("raw/left/s01.csv")
                && ambiguous.getMessage().contains("raw/right/s01.csv"), ambiguous.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> catalogue.findRecord(d, "ft/s01"));
        assertTrue(none.getMessage().contains("has no record 'ft/s01'"), none.getMessage());
    }
}
