package org.sigmappg.app.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportResult;
import org.sigmappg.data.ImportTask;
import org.sigmappg.io.ReadException;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;

class ImportReportTest {
    @Test
    void aFailedImportListsTheFileThePlaceAndTheProblem() {
        Path root = Path.of("/data/ward3");
        ReadException e = new ReadException(root.resolve("bed12/ppg.csv"), "line 3, column 2", "'x' is not a number; add --skip-bad to import the rest");
        ImportReport r = ImportReport.failed("ward3", root, e);
        assertFalse(r.succeeded());
        assertEquals(List.of(new ImportReport.Problem("bed12/ppg.csv", "line 3, column 2", "'x' is not a number")), r.problems());
        assertTrue(r.hasPlaces());
        assertTrue(r.hint().contains("Skip files that cannot be read"), r.hint());
        assertTrue(r.hint().startsWith("Nothing was added"));
    }

    @Test
    void aSingleFileIsNamedByItsName() {
        Path file = Path.of("/data/ward3/bed12.csv");
        ImportReport r = ImportReport.failed("bed12", file, new ReadException(file, null, "no sampling rate; give it with --fs"));
        assertEquals("bed12.csv", r.problems().get(0).file());
        assertEquals("", r.problems().get(0).where());
        assertFalse(r.hint().contains("Skip"));
    }

    @Test
    void aFileOfRandomBytesIsNotAdvisedToBeSkipped(@TempDir Path dir) throws Exception {
        Path file = ImportPreviewTest.randomBytes(dir.resolve("noise.bin"));
        Workspace ws = Workspace.open(dir.resolve("ws"));
        ReadException e = assertThrows(ReadException.class,
                () -> new ImportTask(ws, ImportRequest.of(file, "noise")).run(ProgressMonitor.NONE));
        ImportReport r = ImportReport.failed("noise", file, e);
        assertEquals("Nothing was added to the workspace.", r.hint(), "there are no other files to import");
        assertEquals("noise.bin", r.problems().get(0).file());
        assertTrue(r.problems().get(0).what().startsWith("not a recording format the workbench reads"), r.problems().get(0).what());
        assertFalse(r.hasPlaces(), "a problem with the whole file has no place: the dialog leaves the Where column out");
    }

    @Test
    void otherFailuresAreExplainedInWords() {
        ImportReport r = ImportReport.failed("x", Path.of("/d"), new IllegalArgumentException("a dataset named 'x' already exists"));
        assertEquals("a dataset named 'x' already exists", r.problems().get(0).what());
    }

    @Test
    void aFinishedImportWithSkippedFiles() {
        ImportResult res = new ImportResult("ppgbp", "ppg-bp", 655, 219, 655, 0,
                List.of(new DatasetInfo.SkippedFile("0_subject/231_1.txt", "line 2: not a number")), List.of("rate adjusted",
                "a.csv: label HR covers 0-9 s; windows outside it have no HR", "a.csv: label RR covers 0-9 s; windows outside it have no RR"),
                "abc", 1.7, List.of(), List.of("PPG"), null);
        ImportReport r = ImportReport.of(res);
        assertTrue(r.succeeded());
        assertEquals("Imported ppgbp (ppg-bp): 655 records, 219 subjects, 655 windows in 1.7 s", r.headline());
        assertEquals(List.of(new ImportReport.Problem("0_subject/231_1.txt", "", "line 2: not a number")), r.problems());
        assertEquals(List.of("rate adjusted", "a.csv: label HR covers 0-9 s; windows outside it have no HR (the same for RR)"), r.warnings(),
                "a warning for each of a record's labels is told once");
        assertEquals("1 file was skipped; the dataset holds the others.", r.hint());
    }
}
