package org.sigmappg.app.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.ImportRequest;

class ImportFormTest {
    @TempDir
    Path dir;

    private ImportForm valid() {
        return new ImportForm(Set.of("sample")).source(dir.toString()).name("ward3");
    }

    private static List<ImportForm.Field> fields(ImportForm f) {
        return f.validate().stream().map(ImportForm.Problem::field).toList();
    }

    @Test
    void aCompleteFormBecomesTheImportRequest() {
        ImportRequest r = valid().fs(" 125 ").channel("PLETH").subjectPattern("([0-9]+)_").windowSeconds("60").skipBad(true).toRequest();
        assertEquals(dir, r.source());
        assertEquals("ward3", r.name());
        assertEquals(125.0, r.fs());
        assertEquals("PLETH", r.channel());
        assertEquals("([0-9]+)_", r.subjectPattern());
        assertEquals(60.0, r.windowSeconds());
        assertTrue(r.skipBad());
        assertTrue(!r.replace());
        ImportRequest plain = valid().toRequest();
        assertNull(plain.fs());
        assertNull(plain.channel());
        assertNull(plain.windowSeconds());
    }

    @Test
    void eachBadFieldIsNamed() {
        assertEquals(List.of(ImportForm.Field.SOURCE, ImportForm.Field.NAME), fields(new ImportForm(Set.of())));
        assertEquals(List.of(ImportForm.Field.SOURCE), fields(valid().source(dir.resolve("missing").toString())));
        assertEquals(List.of(ImportForm.Field.NAME), fields(valid().name("my data!")));
        assertEquals(List.of(ImportForm.Field.NAME), fields(valid().name("-x")));
        assertEquals(List.of(ImportForm.Field.FS), fields(valid().fs("fast")));
        assertEquals(List.of(ImportForm.Field.FS), fields(valid().fs("-5")));
        assertEquals(List.of(ImportForm.Field.SUBJECT_PATTERN), fields(valid().subjectPattern("[0-9+")));
        assertEquals(List.of(ImportForm.Field.SUBJECT_PATTERN), fields(valid().subjectPattern("[0-9]+")), "needs a group");
        assertEquals(List.of(ImportForm.Field.WINDOW_SECONDS), fields(valid().windowSeconds("2.5")));
        assertEquals(List.of(ImportForm.Field.WINDOW_SECONDS), fields(valid().windowSeconds("0")));
        assertThrows(IllegalStateException.class, () -> valid().fs("x").toRequest());
    }

    @Test
    void aTakenNameNeedsReplace() {
        ImportForm taken = valid().name("sample");
        assertTrue(taken.nameTaken());
        assertEquals(List.of(ImportForm.Field.NAME), fields(taken));
        ImportRequest r = taken.replace(true).toRequest();
        assertTrue(r.replace());
        assertTrue(!valid().replace(true).toRequest().replace(), "replace only matters for a taken name");
    }

    @Test
    void commandLineAdviceIsPutInTheFormsWords() throws Exception {
        // Real messages of the core: a text file without a time column, a taken name.
        Path bare = Files.writeString(dir.resolve("bare.txt"), "512\n515\n518\n");
        org.sigmappg.io.ReadException noRate = assertThrows(org.sigmappg.io.ReadException.class,
                () -> org.sigmappg.io.formats.Readers.forFile(bare).orElseThrow().read(bare, org.sigmappg.io.ReadOptions.DEFAULT));
        assertEquals("has no time column and no sampling rate; give it with \u201cSampling rate (Hz)\u201d, e.g. 100",
                ImportForm.inFormWords(noRate.problem()));
        assertEquals("a dataset named 'x' already exists; choose another \u201cDataset name\u201d or tick \u201cReplace the existing "
                + "dataset of this name\u201d", ImportForm.inFormWords("a dataset named 'x' already exists; choose another --name or add --replace"));
        assertEquals("2 more; tick \u201cSkip files that cannot be read\u201d to import the rest",
                ImportForm.inFormWords("2 more; add --skip-bad to import the rest"));
        assertEquals("choose one with \u201cPPG channel\u201d", ImportForm.inFormWords("choose one with --channel NAME"));
        assertEquals("give the unit with --time-unit s", ImportForm.inFormWords("give the unit with --time-unit s"),
                "an option the form does not have stays as it is");
    }
}
