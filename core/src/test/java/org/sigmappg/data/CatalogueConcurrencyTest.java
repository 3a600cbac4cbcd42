package org.sigmappg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * Imports and deletions of one dataset at once: the loser of two same-name imports is told the name is taken,
 * two replacing imports both succeed, and a dataset a run trains on, or whose folder may not be changed, is not
 * deleted.
 */
class CatalogueConcurrencyTest {
    @TempDir
    Path tmp;

    /** A monitor that holds an import just before its catalogue transaction until every import held so has arrived. */
    private static ProgressMonitor meetingBeforeSaving(CyclicBarrier barrier) {
        return new ProgressMonitor() {
            @Override
            public void begin(String phase, long totalWork) {
                if (phase.startsWith("saving")) {
                    try {
                        barrier.await(60, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("the other import never reached its commit", e);
                    }
                }
            }

            @Override
            public void worked(long units) {
            }

            @Override
            public void message(String text) {
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
    }

    /** Runs two imports of {@code request} at once, both held until each is ready to commit; returns their outcomes. */
    private List<Throwable> importTwiceAtOnce(Workspace ws, ImportRequest request) throws InterruptedException {
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Throwable> failures = new ArrayList<>();
        try {
            List<Future<ImportResult>> runs = List.of(
                    pool.submit(() -> new ImportTask(ws, request).run(meetingBeforeSaving(barrier))),
                    pool.submit(() -> new ImportTask(ws, request).run(meetingBeforeSaving(barrier))));
            for (Future<ImportResult> f : runs) {
                try {
                    f.get(120, TimeUnit.SECONDS);
                    failures.add(null);
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("an import did not end", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return failures;
    }

    private static long cacheFolders(Workspace ws) throws IOException {
        try (Stream<Path> s = Files.list(ws.cacheDirectory())) {
            return s.count();
        }
    }

    @Test
    void theLoserOfTwoSameNameImportsIsToldTheNameIsTaken() throws Exception {
        Path src = ImportTaskTest.pulseCsv(tmp.resolve("src/a.csv"), 100, 30).getParent();
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        List<Throwable> outcomes = importTwiceAtOnce(ws, ImportRequest.of(src, "same"));
        List<Throwable> failed = outcomes.stream().filter(t -> t != null).toList();
        assertEquals(1, failed.size(), "one import wins: " + outcomes);
        assertEquals("a dataset named 'same' already exists; choose another --name or add --replace", failed.get(0).getMessage());
        assertEquals(List.of("same"), new Catalogue(ws).datasets().stream().map(DatasetInfo::name).toList());
        assertEquals(1, cacheFolders(ws), "the loser's cache folder is gone");
    }

    @Test
    void twoReplacingImportsAtOnceBothSucceed() throws Exception {
        Path src = ImportTaskTest.pulseCsv(tmp.resolve("src/a.csv"), 100, 30).getParent();
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        new ImportTask(ws, ImportRequest.of(src, "same")).run(ProgressMonitor.NONE);
        List<Throwable> outcomes = importTwiceAtOnce(ws, ImportRequest.of(src, "same").withReplace(true));
        assertEquals(java.util.Arrays.asList(null, null), outcomes, "each replaces what it finds under the write lock");
        assertEquals(1, new Catalogue(ws).datasets().size());
        assertEquals(1, cacheFolders(ws), "the replaced folders are gone");
    }

    @Test
    void aDatasetARunTrainsOnIsNotDeleted() throws Exception {
        Path src = ImportTaskTest.pulseCsv(tmp.resolve("src/a.csv"), 100, 30).getParent();
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        new ImportTask(ws, ImportRequest.of(src, "busy")).run(ProgressMonitor.NONE);
        RunStore runs = new RunStore(ws);
        RunInfo run = runs.create(new RunStore.NewRun("tokenizer", "tok", "busy", null, "{}", 0L, null, null, "cpu", "test"));
        runs.markRunning(run.id());
        Catalogue catalogue = new Catalogue(ws);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> catalogue.deleteDataset("busy"));
        assertEquals("dataset busy is in use by run " + run.id() + ", which is training now; nothing was deleted; wait for the run "
                + "to end (or stop it), then delete the dataset", e.getMessage());
        DatasetInfo d = catalogue.requireDataset("busy");
        try (WindowCache cache = catalogue.openCache(d)) {
            assertEquals(List.of(), cache.verify(), "its files are whole");
        }
        runs.finish(run.id(), RunStatus.FINISHED, "done", null);
        catalogue.deleteDataset("busy");
        assertEquals(List.of(), catalogue.datasets());
        assertEquals(0, cacheFolders(ws));
    }

    @Test
    void aDatasetWhoseFolderMayNotBeChangedIsNotDeletedAtAll() throws Exception {
        Path src = ImportTaskTest.pulseCsv(tmp.resolve("src/a.csv"), 100, 30).getParent();
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        new ImportTask(ws, ImportRequest.of(src, "kept")).run(ProgressMonitor.NONE);
        Catalogue catalogue = new Catalogue(ws);
        Path signals = ws.cacheDirectory().resolve(catalogue.requireDataset("kept").cacheDir()).resolve("signals");
        Files.setPosixFilePermissions(signals, PosixFilePermissions.fromString("r-x------"));
        try {
            IOException e = assertThrows(IOException.class, () -> catalogue.deleteDataset("kept"));
            assertEquals("cannot delete " + signals.getParent() + ": " + signals + " is read-only; nothing was deleted", e.getMessage());
            DatasetInfo d = catalogue.requireDataset("kept");
            try (WindowCache cache = catalogue.openCache(d)) {
                assertEquals(List.of(), cache.verify(), "the row and every file are there");
            }
        } finally {
            Files.setPosixFilePermissions(signals, PosixFilePermissions.fromString("rwx------"));
        }
        catalogue.deleteDataset("kept");
        assertEquals(0, cacheFolders(ws));
        assertTrue(catalogue.datasets().isEmpty());
    }
}
