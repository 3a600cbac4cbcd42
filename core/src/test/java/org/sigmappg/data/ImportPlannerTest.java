package org.sigmappg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.io.ReadException;

/** What the planner lists before an import reads anything, and when it refuses at once. */
class ImportPlannerTest {
    @TempDir
    Path tmp;

    private static Path randomBytes(Path file) throws IOException {
        byte[] b = new byte[4096];
        new Random(7).nextBytes(b);
        Files.createDirectories(file.getParent());
        return Files.write(file, b);
    }

    @Test
    void aFolderWhoseOnlyFileIsUnreadableIsRefusedWithoutAdviceToSkipIt() throws IOException {
        Path src = tmp.resolve("src");
        randomBytes(src.resolve("noise.bin"));
        ImportRecipe recipe = ImportPlanner.detect(src, false);
        ReadException e = assertThrows(ReadException.class, () -> ImportPlanner.plan(src, recipe, false));
        assertEquals(src.resolve("noise.bin"), e.file());
        assertTrue(e.problem().startsWith("not a recording format the workbench reads"), e.problem());
        assertTrue(e.problem().endsWith("; no other recordings found"), e.problem());
        assertFalse(e.getMessage().contains("skip"), e.getMessage());
    }

    @Test
    void aSingleUnreadableFileIsRefusedTheSameWay() throws IOException {
        Path file = randomBytes(tmp.resolve("one/noise.bin"));
        ImportRecipe recipe = ImportPlanner.detect(file, false);
        ReadException e = assertThrows(ReadException.class, () -> ImportPlanner.plan(file, recipe, false));
        assertTrue(e.problem().endsWith("; no other recordings found"), e.problem());
    }

    @Test
    void anUnreadableFileBesideARecordingIsListedAsAProblem() throws IOException {
        Path src = tmp.resolve("src");
        randomBytes(src.resolve("noise.bin"));
        ImportTaskTest.pulseCsv(src.resolve("a.csv"), 100, 30);
        ImportPlan plan = ImportPlanner.plan(src, ImportPlanner.detect(src, false), false);
        assertEquals(1, plan.sources().size());
        assertEquals("a.csv", plan.sources().get(0).relativePath());
        assertEquals(1, plan.problems().size());
        assertEquals("noise.bin", plan.problems().get(0).path());
    }
}
