package org.sigmappg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/** {@code runs}: every run with the workbench's figures, filtered by dataset and kind, aligned for people, one-line refusals. */
class RunsCommandTest {
    private static final String PARAMS = "{\"size\":\"tiny\",\"model\":{\"optimiser\":{\"epochs\":4}}}";

    @TempDir
    static Path dir;
    static Path ws;
    static String tokenizer;
    static String pretrain;

    @BeforeAll
    static void runs() throws Exception {
        ws = dir.resolve("ws");
        Workspace workspace = Workspace.open(ws);
        RunStore store = new RunStore(workspace);
        tokenizer = store.create(new RunStore.NewRun("tokenizer", "tok", "sample", null, PARAMS, 1L, "h", null, "cpu()", "cmd")).id();
        store.markRunning(tokenizer);
        store.logMetrics(tokenizer, 3, 48, java.util.Map.of("icr", 0.81));
        store.finish(tokenizer, RunStatus.FINISHED, "done", "{\"icr\":0.8123,\"unusedCodes\":0.031}");
        pretrain = store.create(new RunStore.NewRun("pretrain", "pre", "a-dataset-with-a-long-name", tokenizer, PARAMS, 1L, "h", null, "gpu(0)",
                "cmd")).id();
        store.markRunning(pretrain);
        store.finish(pretrain, RunStatus.CANCELLED, "cancelled", null);
        store.markRunning(pretrain);
        store.finish(pretrain, RunStatus.FINISHED, "done", "{\"maskedAccuracy\":0.25,\"chanceAccuracy\":0.03}");
        // The pre-training ran 1 min, sat cancelled for an hour, then ran 2 min.
        Instant t0 = Instant.parse("2026-12-06T08:00:00Z");
        workspace.write(c -> {
            for (String[] e : List.of(new String[] {"started", "0"}, new String[] {"cancelled", "60"}, new String[] {"resumed", "3660"},
                    new String[] {"finished", "3780"})) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE run_events SET time=? WHERE run_id=? AND event=?")) {
                    ps.setString(1, t0.plusSeconds(Long.parseLong(e[1])).toString());
                    ps.setString(2, pretrain);
                    ps.setString(3, e[0]);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Test
    void listsEveryRunWithTheWorkbenchsFigures() throws Exception {
        CliTest.Result r = CliTest.run("runs", "--workspace", ws.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonArray runs = r.json().getAsJsonArray("runs");
        assertEquals(2, runs.size());
        JsonObject pre = runs.get(0).getAsJsonObject();
        assertEquals(pretrain, pre.get("run").getAsString(), "newest first");
        assertEquals(180, pre.get("running_seconds").getAsLong(), "the hour it sat cancelled does not count");
        assertEquals("3 min 00 s", pre.get("duration").getAsString());
        assertEquals("GPU 0", pre.get("device").getAsString());
        assertEquals("masked accuracy 0.250 (chance 0.030)", pre.get("headline").getAsString());
        JsonObject tok = runs.get(1).getAsJsonObject();
        assertEquals("ICR 0.812 \u00b7 unused codes 3 %", tok.get("headline").getAsString());
        assertEquals(4, tok.get("epochs_done").getAsInt());
        assertEquals(4, tok.get("epochs").getAsInt());
        assertEquals(48, tok.get("steps").getAsLong());
        assertEquals("CPU", tok.get("device").getAsString());
        assertEquals(org.sigmappg.app.runs.RunRow.of(new RunStore(Workspace.open(ws)).require(tokenizer), null, Instant.now(),
                java.time.ZoneOffset.UTC).headline(), tok.get("headline").getAsString(), "the figure the workbench's Runs table shows");
    }

    @Test
    void filtersByDatasetAndKind() {
        CliTest.Result byKind = CliTest.run("runs", "--workspace", ws.toString(), "--kind", "tokenizer", "--json");
        assertEquals(List.of(tokenizer), ids(byKind));
        CliTest.Result byDataset = CliTest.run("runs", "--workspace", ws.toString(), "--dataset", "a-dataset-with-a-long-name", "--json");
        assertEquals(List.of(pretrain), ids(byDataset));
        CliTest.Result none = CliTest.run("runs", "--workspace", ws.toString(), "--dataset", "sample", "--kind", "evaluate");
        assertEquals(0, none.code());
        assertTrue(none.out().contains("no runs of kind evaluate on dataset sample"), none.out());
    }

    @Test
    void theTableStaysAlignedWithLongNames() {
        CliTest.Result r = CliTest.run("runs", "--workspace", ws.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        int headline = lines.get(1).indexOf("headline");
        assertTrue(headline > 0, r.out());
        assertEquals(headline, lines.get(2).indexOf("masked accuracy"), r.out());
        assertEquals(headline, lines.get(3).indexOf("ICR"), r.out());
    }

    @Test
    void unknownKindsAndDatasetsAreRefusedInOneLine() {
        CliTest.Result kind = CliTest.run("runs", "--workspace", ws.toString(), "--kind", "tokeniser");
        assertEquals(1, kind.code());
        assertEquals("error: --kind tokeniser is no kind of run; choose tokenizer, pretrain, evaluate, finetune, imported", kind.err().strip());
        CliTest.Result dataset = CliTest.run("runs", "--workspace", ws.toString(), "--dataset", "sampel");
        assertEquals(1, dataset.code());
        assertTrue(dataset.err().strip().startsWith("error: --dataset sampel: no dataset or run of that name"), dataset.err());
        assertTrue(dataset.err().contains("(datasets: a-dataset-with-a-long-name, sample)"), dataset.err());
        assertEquals(1, dataset.err().strip().lines().count());
    }

    private static List<String> ids(CliTest.Result r) {
        assertEquals(0, r.code(), r.err());
        List<String> out = new java.util.ArrayList<>();
        r.json().getAsJsonArray("runs").forEach(e -> out.add(e.getAsJsonObject().get("run").getAsString()));
        return out;
    }
}
