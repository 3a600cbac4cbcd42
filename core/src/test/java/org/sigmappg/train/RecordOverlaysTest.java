package org.sigmappg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportTask;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/** Which runs the signal explorer offers as bands on a record, read from the run store and the run folders. */
class RecordOverlaysTest {
    @TempDir
    Path dir;

    private static String run(RunStore runs, String kind, String dataset) throws IOException {
        return runs.create(new RunStore.NewRun(kind, kind.substring(0, 3), dataset, null, "{}", 1L, null, null, "cpu", "test")).id();
    }

    private static List<String> with(List<String> list, String one) {
        List<String> out = new java.util.ArrayList<>(list);
        out.add(one);
        return out;
    }

    @Test
    void tokenizersThatCodedTheDatasetAndPretrainingRunsThatKeptMasks() throws Exception {
        Workspace ws = Workspace.open(dir.resolve("ws"));
        new ImportTask(ws, ImportRequest.of(TokenizerTaskTest.sampleData(), "sample")).run(ProgressMonitor.NONE);
        // The sample brings runs of its own; the ones made here come after them.
        RecordOverlays before = RecordOverlays.of(ws, "sample", "S03");
        RunStore runs = new RunStore(ws);
        String coded = run(runs, TokenizerTask.KIND, "sample");
        runs.addArtifact(coded, "codes:sample", "codes", Files.writeString(runs.runDirectory(coded).resolve("codes.bin"), "x"));
        String codedElsewhere = run(runs, TokenizerTask.KIND, "sample");
        runs.addArtifact(codedElsewhere, "codes:other", "codes", Files.writeString(runs.runDirectory(codedElsewhere).resolve("codes.bin"), "x"));
        String inspected = run(runs, PretrainTask.KIND, "sample");
        new InspectionData(inspected, "held-out", List.of()).write(runs.runDirectory(inspected).resolve(PretrainTask.INSPECTION));
        run(runs, PretrainTask.KIND, "sample");
        String otherDataset = run(runs, PretrainTask.KIND, "other");
        new InspectionData(otherDataset, "held-out", List.of()).write(runs.runDirectory(otherDataset).resolve(PretrainTask.INSPECTION));

        RecordOverlays o = RecordOverlays.of(ws, "sample", "S03");
        assertEquals(with(before.codeRuns(), coded), o.codeRuns());
        assertEquals(with(before.maskRuns(), inspected), o.maskRuns());
        Catalogue catalogue = new Catalogue(ws);
        long record = catalogue.record(catalogue.requireDataset("sample").id(), "S03").orElseThrow().id();
        assertEquals(catalogue.windowsOfRecord(record), o.windows());
        assertTrue(o.windows().size() >= 9, "ten minutes in one-minute windows: " + o.windows().size());

        IOException e = assertThrows(IOException.class, () -> RecordOverlays.of(ws, "sample", "S99"));
        assertEquals("no record S99", e.getMessage());
    }
}
