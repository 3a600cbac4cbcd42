package org.sigmappg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportTask;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunBundle;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/** Finished runs travel between workspaces with their metrics and verified files. */
class RunBundleTest {
    @TempDir
    Path tmp;

    @Test
    void aRunExportedAndImportedKeepsItsRecordMetricsAndFiles() throws IOException {
        Workspace a = Workspace.open(tmp.resolve("a"));
        Workspace b = Workspace.open(tmp.resolve("b"));
        for (Workspace ws : new Workspace[] {a, b}) {
            new ImportTask(ws, ImportRequest.of(TokenizerTaskTest.sampleData(), "sample")).run(ProgressMonitor.NONE);
        }
        // The sample set brings its own trained runs along.
        int bundled = new RunStore(b).list().size();
        TokenizerTask task = new TokenizerTask(a);
        String id = task.create(TokenizerTaskTest.params(1, 50, 1e-3), "test").id();
        task.run(id, ProgressMonitor.NONE);
        Path bundles = tmp.resolve("bundles");
        RunBundle.export(a, id, bundles);

        // b already has a run of that id (a different one): the bundle gets the next free id.
        TokenizerTask other = new TokenizerTask(b);
        String taken = other.create(TokenizerTaskTest.params(1, 50, 1e-3), "test").id();
        assertEquals(id, taken);
        Map<String, String> ids = RunBundle.importAll(b, bundles, "sample");
        String imported = ids.get(id);
        assertNotEquals(id, imported);
        RunStore runs = new RunStore(b);
        RunInfo r = runs.require(imported);
        assertEquals(RunStatus.FINISHED, r.status());
        String exportedSummary = new RunStore(a).require(id).summary();
        assertTrue(exportedSummary.contains("\"run\":\"" + id + "\""), exportedSummary);
        assertEquals(exportedSummary.replace("\"run\":\"" + id + "\"", "\"run\":\"" + imported + "\""), r.summary(),
                "the summary names the run by its id in this workspace");
        assertEquals(new RunStore(a).metrics(id).get("icr"), runs.metrics(imported).get("icr"));
        RunStore.Artifact model = runs.artifact(imported, "model").orElseThrow();
        assertEquals(FileTools.sha256(model.path()), model.sha256());
        assertEquals(Map.of(id, imported), RunBundle.importAll(b, bundles, "sample"), "importing again adds nothing");
        assertEquals(bundled + 2, runs.list().size());
    }

    @Test
    void aDamagedBundleIsRefused() throws IOException {
        Workspace a = Workspace.open(tmp.resolve("a"));
        new ImportTask(a, ImportRequest.of(TokenizerTaskTest.sampleData(), "sample")).run(ProgressMonitor.NONE);
        TokenizerTask task = new TokenizerTask(a);
        String id = task.create(TokenizerTaskTest.params(1, 50, 1e-3), "test").id();
        task.run(id, ProgressMonitor.NONE);
        Path bundle = RunBundle.export(a, id, tmp.resolve("bundles"));
        Path ckpt = bundle.resolve(TokenizerTask.CHECKPOINT);
        byte[] bytes = Files.readAllBytes(ckpt);
        bytes[bytes.length / 2] ^= 1;
        Files.write(ckpt, bytes);
        Workspace b = Workspace.open(tmp.resolve("b"));
        IOException e = assertThrows(IOException.class, () -> RunBundle.importInto(b, bundle, "sample", null));
        assertTrue(e.getMessage().contains(TokenizerTask.CHECKPOINT), e.getMessage());
        assertTrue(new RunStore(b).list().isEmpty());
    }

    @Test
    void aRunWhoseArtifactChangedSinceItWasRecordedIsNotExported() throws IOException {
        Workspace a = Workspace.open(tmp.resolve("a"));
        new ImportTask(a, ImportRequest.of(TokenizerTaskTest.sampleData(), "sample")).run(ProgressMonitor.NONE);
        TokenizerTask task = new TokenizerTask(a);
        String id = task.create(TokenizerTaskTest.params(1, 50, 1e-3), "test").id();
        task.run(id, ProgressMonitor.NONE);
        Path ckpt = a.runsDirectory().resolve(id).resolve(TokenizerTask.CHECKPOINT);
        byte[] bytes = Files.readAllBytes(ckpt);
        bytes[bytes.length / 2] ^= 1;
        Files.write(ckpt, bytes);
        Path bundles = tmp.resolve("bundles");
        Files.createDirectories(bundles.resolve(id));
        Files.writeString(bundles.resolve(id).resolve("earlier.txt"), "an earlier export");
        IOException e = assertThrows(IOException.class, () -> RunBundle.export(a, id, bundles));
        assertEquals(id + " cannot be exported: its tokenizer runs/" + id + "/tokenizer.ckpt is damaged (its SHA-256 does not match "
                + "the one recorded when it was written)", e.getMessage());
        assertTrue(Files.exists(bundles.resolve(id).resolve("earlier.txt")), "an earlier export is left as it was");
    }
}
