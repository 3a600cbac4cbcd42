package org.sigmappg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportTask;
import org.sigmappg.model.ModelCheckpoint;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/** A run's checkpoint is verified against the artifact its run recorded at that path, and named relative to the workspace. */
class CheckpointToolsTest {
    @TempDir
    Path tmp;

    @Test
    void theBundledFormatOneCheckpointsAreVerifiedByTheirRecordedSha256() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        new ImportTask(ws, ImportRequest.of(TokenizerTaskTest.sampleData(), "sample")).run(ProgressMonitor.NONE);
        RunStore runs = new RunStore(ws);
        int verified = 0;
        for (String run : new String[] {"tok-0001", "pre-0001", "pre-0002"}) {
            for (RunStore.Artifact a : runs.artifacts(run)) {
                if (a.path().toString().endsWith(".ckpt")) {
                    ModelCheckpoint.Verified v = CheckpointTools.verify(ws, run, a.path());
                    assertEquals(1, v.header().formatVersion(), "the sample runs were written in format 1: " + a.path());
                    assertEquals(a.sha256(), v.sha256());
                    assertEquals(run, v.header().metadata().get("run"));
                    verified++;
                }
            }
        }
        assertEquals(4, verified, "tokenizer, two students and a teacher");

        // The record belongs to the path: the same bytes elsewhere have none, and format 1 cannot vouch for itself.
        Path copy = ws.runsDirectory().resolve("tok-0001").resolve("copy.ckpt");
        Files.copy(ws.runsDirectory().resolve("tok-0001").resolve(TokenizerTask.CHECKPOINT), copy);
        IOException e = assertThrows(IOException.class, () -> CheckpointTools.verify(ws, "tok-0001", copy));
        assertTrue(e.getMessage().startsWith("checkpoint runs/tok-0001/copy.ckpt was written by an earlier version (format 1"),
                e.getMessage());
    }
}
