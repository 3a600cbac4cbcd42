package org.sigmappg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proposed dataset names: the command line's rule, valid names always, a folder's dots kept. */
class DatasetNameTest {
    /** ImportTask's rule for a dataset name. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @TempDir
    Path dir;

    @Test
    void aFileLosesItsExtensionAndKeepsItsCase() {
        assertEquals("bidmc_01_Signals", DatasetName.suggest(dir.resolve("bidmc_01_Signals.csv")));
        assertEquals("S01.v2", DatasetName.suggest(dir.resolve("S01.v2.edf")), "only the last dot starts the extension");
    }

    @Test
    void eachCharacterANameCannotHoldBecomesAnUnderscore() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("PPG BP (2018)"));
        assertEquals("PPG_BP__2018_", DatasetName.suggest(folder));
        assertEquals("Herzfrequenz_", DatasetName.suggest(dir.resolve("Herzfrequenz\u00e4.csv")));
    }

    @Test
    void aFolderKeepsItsDots() throws Exception {
        Path a = Files.createDirectories(dir.resolve("ward.v1"));
        Path b = Files.createDirectories(dir.resolve("ward.v2"));
        assertEquals("ward.v1", DatasetName.suggest(a));
        assertEquals("ward.v2", DatasetName.suggest(b), "two versions of a folder are not given one name");
    }

    @Test
    void whatIsProposedIsAlwaysAValidName() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("x".repeat(80)));
        for (Path p : new Path[] {dir.resolve("..."), dir.resolve("__(1).csv"), dir.resolve("\u00e9t\u00e9.csv"), folder, dir.getRoot(),
                dir.resolve("a").resolve("..").resolve("b.csv")}) {
            String name = DatasetName.suggest(p);
            assertTrue(VALID.matcher(name).matches(), p + " gives " + name);
        }
        assertEquals(64, DatasetName.suggest(folder).length());
        assertEquals(DatasetName.FALLBACK, DatasetName.suggest(dir.getRoot()));
        assertEquals("b", DatasetName.suggest(dir.resolve("a").resolve("..").resolve("b.csv")));
        assertEquals("1_", DatasetName.suggest(dir.resolve("__(1).csv")));
    }
}
