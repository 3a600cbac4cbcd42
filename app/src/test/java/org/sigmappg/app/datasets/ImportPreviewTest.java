package org.sigmappg.app.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.ImportRequest;

/** The look at the chosen files that the import form takes before Import may be pressed, on real files. */
class ImportPreviewTest {
    @TempDir
    Path dir;

    static Path randomBytes(Path file) throws IOException {
        byte[] b = new byte[4096];
        new Random(11).nextBytes(b);
        Files.createDirectories(file.getParent());
        return Files.write(file, b);
    }

    static Path pulseCsv(Path file, double fs, double seconds) throws IOException {
        StringBuilder sb = new StringBuilder("time,ppg\n");
        for (int i = 0; i < Math.round(fs * seconds); i++) {
            double t = i / fs;
            double phase = (t * 1.2) % 1.0;
            sb.append(String.format(Locale.ROOT, "%.4f,%.5f%n", t, Math.exp(-Math.pow((phase - 0.2) / 0.08, 2))));
        }
        Files.createDirectories(file.getParent());
        return Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static ImportForm form(Path source) {
        return new ImportForm(Set.of()).source(source.toString()).name("x");
    }

    @Test
    void aFileOfRandomBytesLeavesNothingToImportAndKeepsImportDisabled() throws IOException {
        Path file = randomBytes(dir.resolve("noise.bin"));
        ImportPreview p = ImportPreview.of(form(file).previewRequest().orElseThrow());
        assertEquals(ImportPreview.Status.FAILED, p.status());
        assertTrue(p.failure().contains("not a recording format"), p.failure());
        assertTrue(p.failure().endsWith("no other recordings found"), p.failure());
        assertFalse(p.failure().contains("--"), "no command-line advice: " + p.failure());
        ImportForm f = form(file).preview(p);
        assertEquals(List.of(new ImportForm.Problem(ImportForm.Field.SOURCE, p.failure())), f.validate());
        assertFalse(f.ready());
        assertFalse(form(file).skipBad(true).preview(p).ready(), "skipping the bad file would leave nothing");
    }

    @Test
    void unreadableFilesBesideRecordingsAskForSkipBad() throws IOException {
        Path src = dir.resolve("ward");
        randomBytes(src.resolve("noise.bin"));
        pulseCsv(src.resolve("a.csv"), 100, 30);
        pulseCsv(src.resolve("b.csv"), 100, 30);
        ImportPreview p = ImportPreview.of(form(src).previewRequest().orElseThrow());
        assertEquals(ImportPreview.Status.READY, p.status());
        assertEquals(2, p.recordings());
        assertTrue(p.text().endsWith(": 2 recordings, 1 file that cannot be read"), p.text());
        ImportForm without = form(src).preview(p);
        assertFalse(without.ready());
        String problem = without.validate().get(0).message();
        assertTrue(problem.startsWith("1 file cannot be read (noise.bin: not a recording format"), problem);
        assertTrue(problem.endsWith("; tick \u201cSkip files that cannot be read\u201d to import the other 2 recordings"), problem);
        assertTrue(form(src).skipBad(true).preview(p).ready());
    }

    @Test
    void importWaitsForTheLookAtTheFiles() throws IOException {
        Path src = pulseCsv(dir.resolve("a.csv"), 100, 30);
        ImportForm looking = form(src).preview(ImportPreview.looking());
        assertTrue(looking.validate().isEmpty(), "nothing is wrong yet");
        assertFalse(looking.ready());
        assertTrue(form(src).preview(ImportPreview.of(form(src).previewRequest().orElseThrow())).ready());
        assertTrue(form(dir.resolve("missing")).previewRequest().isEmpty(), "nothing to look at");
        assertTrue(form(src).subjectPattern("[0-9+").previewRequest().isEmpty(), "an invalid pattern is reported by the form itself");
    }

    @Test
    void linksOutOfTheFolderAreFollowedOnlyWhenTicked() throws IOException {
        Path src = dir.resolve("ward");
        pulseCsv(src.resolve("a.csv"), 100, 30);
        Path elsewhere = pulseCsv(dir.resolve("elsewhere/b.csv"), 100, 30);
        Files.createSymbolicLink(src.resolve("b.csv"), elsewhere);
        ImportPreview kept = ImportPreview.of(form(src).previewRequest().orElseThrow());
        assertEquals(1, kept.recordings());
        String reason = kept.problem(false).orElseThrow();
        assertTrue(reason.contains("(tick \u201cFollow links out of the folder\u201d to follow such links)"), reason);
        assertFalse(reason.contains("--follow-links"), reason);
        ImportRequest followed = form(src).followLinks(true).previewRequest().orElseThrow();
        assertTrue(followed.followLinks());
        ImportPreview all = ImportPreview.of(followed);
        assertEquals(2, all.recordings());
        assertTrue(all.problems().isEmpty());
        assertTrue(form(src).followLinks(true).toRequest().followLinks(), "the import follows them too");
    }
}
