package org.sigmappg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void aBundleWhoseRunIdIsAPathIsRefusedBeforeAnythingIsDeleted() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(victim.resolve("thesis.tex"), "years of work");
        Path bundle = Files.createDirectories(tmp.resolve("bundle"));
        Files.writeString(bundle.resolve(RunBundle.RECORD), "{\"run\": " + run("../../victim") + ", \"metrics\": [], \"artifacts\": []}");

        IOException e = assertThrows(IOException.class, () -> RunBundle.importInto(ws, bundle, "sample", null));

        assertTrue(e.getMessage().contains("the run id '../../victim' is not a plain name"), e.getMessage());
        assertEquals("years of work", Files.readString(victim.resolve("thesis.tex")));
        assertTrue(new RunStore(ws).list().isEmpty());
    }

    @Test
    void aBundleFileOutsideTheBundleIsRefused() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        Path secret = Files.writeString(tmp.resolve("secret.key"), "private");
        String artifact = "{\"name\": \"model\", \"kind\": \"tokenizer\", \"file\": \"%s\", \"sha256\": \"" + FileTools.sha256(secret)
                + "\", \"bytes\": 7}";

        Path climbing = Files.createDirectories(tmp.resolve("climbing"));
        Files.writeString(climbing.resolve(RunBundle.RECORD), "{\"run\": " + run("tok-0009") + ", \"metrics\": [], \"artifacts\": ["
                + String.format(artifact, "../secret.key") + "]}");
        IOException named = assertThrows(IOException.class, () -> RunBundle.importInto(ws, climbing, "sample", null));
        assertTrue(named.getMessage().contains("the artifact model '../secret.key' is outside the folder " + climbing), named.getMessage());

        Path linking = Files.createDirectories(tmp.resolve("linking"));
        Files.createSymbolicLink(linking.resolve("tokenizer.ckpt"), secret);
        // Not listed as an artifact, so only the copy of the bundle's files can meet it.
        Files.writeString(linking.resolve(RunBundle.RECORD), "{\"run\": " + run("tok-0009") + ", \"metrics\": [], \"artifacts\": []}");
        IOException linked = assertThrows(IOException.class, () -> RunBundle.importInto(ws, linking, "sample", null));
        assertTrue(linked.getMessage().contains("tokenizer.ckpt: a symbolic link to " + secret.toRealPath() + ", outside the folder"),
                linked.getMessage());
        assertFalse(linked.getMessage().contains("--follow-links"), "no option can follow a bundle's links: " + linked.getMessage());

        assertTrue(new RunStore(ws).list().isEmpty());
        try (var files = Files.walk(ws.runsDirectory())) {
            assertTrue(files.filter(Files::isRegularFile).noneMatch(f -> f.getFileName().toString().equals("tokenizer.ckpt")),
                    "the linked file was not copied into the workspace");
        }
    }

    /** A finished run record with the given id, as a bundle's run.json holds it. */
    private static String run(String id) {
        return "{\"id\": \"" + id + "\", \"kind\": \"tokenizer\", \"dataset\": \"sample\", \"status\": \"FINISHED\", \"params\": \"{}\","
                + " \"paramsHash\": \"h\", \"created\": \"2026-01-01T00:00:00Z\"}";
    }
}
