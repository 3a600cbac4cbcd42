package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * Command lines in separate JVMs on one workspace at once: one imports dataset after dataset while another
 * trains a tokenizer and a third lists and inspects datasets over and over, while the test JVM itself reads
 * the catalogue and commits one metric row at a time. None sees "database is locked", every command
 * succeeds, and afterwards every dataset, window row and metric row is there.
 */
class ConcurrentWorkspaceTest {
    private static final int IMPORTS = Integer.getInteger("sigmappg.concurrentImports", 4);
    private static int operations;
    private static int rowsLost;

    @TempDir
    Path tmp;

    @Test
    void importTrainAndListAtOnceLoseNothing() throws Exception {
        Path ws = tmp.resolve("ws");
        Path logs = tmp.resolve("logs");
        Path small = tmp.resolve("small");
        for (int i = 0; i < 6; i++) {
            Recordings.pulseCsv(small.resolve("s" + i + ".csv"), 50, 60);
        }
        Cli.Result first = Cli.run("import", small.toString(), "--name", "small", "--window-seconds", "10", "--workspace", ws.toString(), "--json");
        assertEquals(0, first.code(), first.err());
        List<Path> sources = new ArrayList<>();
        for (int k = 0; k < IMPORTS; k++) {
            Path src = tmp.resolve("src" + k);
            for (int i = 0; i < 4 + k; i++) {
                Recordings.pulseCsv(src.resolve("r" + i + ".csv"), 125, 240);
            }
            sources.add(src);
        }

        List<ChildJvm.Finished> done = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writersDone = new AtomicBoolean();
        AtomicInteger listings = new AtomicInteger();
        AtomicInteger probeRows = new AtomicInteger();
        Workspace own = Workspace.open(ws);
        RunStore ownRuns = new RunStore(own);
        RunInfo probe = ownRuns.create(new RunStore.NewRun("probe", "probe", "small", null, "{}", 0L, null, null, "cpu", "test"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> importer = pool.submit(() -> {
                for (int k = 0; k < IMPORTS; k++) {
                    done.add(ChildJvm.run(logs, "import", sources.get(k).toString(), "--name", "imp" + k, "--window-seconds", "30",
                            "--workspace", ws.toString(), "--json"));
                }
                return null;
            });
            Future<ChildJvm.Finished> trainer = pool.submit(() -> {
                List<String> args = new ArrayList<>(List.of("train-tokenizer", "--workspace", ws.toString(), "--json", "--dataset", "small"));
                args.addAll(List.of(KillTest.TINY));
                ChildJvm.Finished f = ChildJvm.run(logs, args.toArray(String[]::new));
                done.add(f);
                return f;
            });
            Future<?> lister = pool.submit(() -> {
                while (!writersDone.get()) {
                    done.add(ChildJvm.run(logs, "datasets", "--workspace", ws.toString(), "--json"));
                    done.add(ChildJvm.run(logs, "inspect", "small", "--workspace", ws.toString(), "--json"));
                    listings.addAndGet(2);
                }
                return null;
            });
            // This JVM plays the workbench's part: it reads the catalogue and writes a row per transaction, as a view and a run do.
            Future<?> workbench = pool.submit(() -> {
                org.sigmappg.data.Catalogue catalogue = new org.sigmappg.data.Catalogue(own);
                while (!writersDone.get()) {
                    int step = probeRows.get();
                    ownRuns.logMetrics(probe.id(), 0, step, Map.of("probe", (double) step));
                    probeRows.incrementAndGet();
                    catalogue.datasets();
                    Thread.sleep(20);
                }
                return null;
            });
            importer.get();
            ChildJvm.Finished trained = trainer.get();
            writersDone.set(true);
            lister.get();
            workbench.get();

            for (ChildJvm.Finished f : done) {
                assertFalse(f.err().toLowerCase(Locale.ROOT).contains("locked") || f.err().contains("SQLITE_BUSY"), f.err());
                assertEquals(0, f.code(), "every command succeeds: " + f.err());
            }
            assertTrue(listings.get() >= 2, "the lister ran while the others wrote");
            operations = done.size() + probeRows.get();
            assertEquals(probeRows.get(), ownRuns.metrics(probe.id()).get("probe").size(), "every row written in this JVM is there");

            List<DatasetInfo> datasets = Cli.assertWhole(ws);
            assertEquals(IMPORTS + 1, datasets.size(), "every import is there: " + datasets);
            for (int k = 0; k < IMPORTS; k++) {
                int records = 4 + k;
                String name = "imp" + k;
                DatasetInfo d = datasets.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
                assertEquals(records, d.records());
                assertEquals(records * 8, d.windows(), "240 s records in 30 s windows");
            }

            JsonObject summary = trained.json();
            RunStore runs = new RunStore(Workspace.open(ws));
            RunInfo run = runs.require(summary.get("run").getAsString());
            assertEquals(RunStatus.FINISHED, run.status());
            long steps = summary.get("steps").getAsLong();
            int epochs = summary.get("epochs").getAsInt();
            Map<String, List<RunStore.Metric>> metrics = runs.metrics(run.id());
            int expected = epochs + (int) (steps / 10);
            int found = metrics.get("recon_loss").size() + metrics.get("step_loss").size();
            rowsLost = expected - found;
            assertEquals(epochs, metrics.get("recon_loss").size(), "one recon_loss row per epoch");
            assertEquals(steps / 10, metrics.get("step_loss").size(), "one step_loss row every 10 steps");
        } finally {
            writersDone.set(true);
            pool.shutdownNow();
        }
    }

    @AfterAll
    static void figures() {
        Figures.report(String.format(Locale.ROOT, "concurrent operations on one workspace %d (%d imports, 1 training run, "
                + "listings in child JVMs, and one-row write transactions in the test JVM), rows lost %d", operations, IMPORTS, rowsLost));
    }
}
