package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.TokenizerTask;

/**
 * Small tmpfs disks that the test mounts (where the machine lets it; skipped with a message where it does
 * not): an import into a workspace that does not fit and a checkpoint into a run folder that does not fit
 * each stop with a plain "the disk is full" message naming the place, and leave nothing half-written.
 */
class DiskFullTest {
    @TempDir
    Path tmp;
    private final Mounts mounts = new Mounts();

    @AfterEach
    void unmount() throws Exception {
        mounts.close();
    }

    @Test
    void anImportThatDoesNotFitStopsCleanly() throws Exception {
        Path ws = mounts.smallDisk(tmp.resolve("small-disk"), 4 << 20).resolve("ws");
        Path small = tmp.resolve("small");
        Recordings.pulseCsv(small.resolve("a.csv"), 50, 60);
        assertEquals(0, Cli.run("import", small.toString(), "--name", "small", "--workspace", ws.toString()).code());
        Path big = tmp.resolve("big");
        for (int i = 0; i < 6; i++) {
            Recordings.pulseCsv(big.resolve("r" + i + ".csv"), 125, 1200);
        }
        Cli.Result r = Cli.run("import", big.toString(), "--name", "big", "--workspace", ws.toString(), "--json");
        assertEquals(1, r.code(), r.out());
        Cli.assertPlain(r.error());
        assertTrue(r.error().startsWith(ws + ": the disk is full; the import of big stopped and nothing of it was kept"), r.error());
        List<DatasetInfo> left = Cli.assertWhole(ws);
        assertEquals(List.of("small"), left.stream().map(DatasetInfo::name).toList(), "only the dataset that was there");
        assertEquals(List.of("small"), Cli.listDatasets(ws));
        Figures.report("disk full during import refused cleanly");
    }

    @Test
    void aCheckpointThatDoesNotFitFailsTheRunAndKeepsNoTornFile() throws Exception {
        Path ws = tmp.resolve("ws");
        Path logs = tmp.resolve("logs");
        Path small = tmp.resolve("small");
        for (int i = 0; i < 6; i++) {
            Recordings.pulseCsv(small.resolve("s" + i + ".csv"), 50, 60);
        }
        assertEquals(0, Cli.run("import", small.toString(), "--name", "small", "--window-seconds", "10", "--workspace", ws.toString()).code());
        ChildJvm.Finished first = ChildJvm.run(logs, train(ws, "1"));
        assertEquals(0, first.code(), first.err());
        String firstRun = first.json().get("run").getAsString();
        RunStore runs = new RunStore(Workspace.open(ws));
        long checkpointBytes = Files.size(runs.runDirectory(firstRun).resolve(TokenizerTask.CHECKPOINT));

        // The next run's folder is a disk too small for its checkpoint; the database stays on the big disk.
        String next = firstRun.replaceAll("\\d+$", "") + String.format(java.util.Locale.ROOT, "%04d",
                Integer.parseInt(firstRun.replaceAll("^\\D+", "")) + 1);
        Path runDir = mounts.smallDisk(ws.resolve("runs").resolve(next), checkpointBytes / 2);
        ChildJvm.Finished second = ChildJvm.run(logs, train(ws, "3"));
        assertEquals(1, second.code(), second.out());
        String message = second.json().get("error").getAsString();
        Cli.assertPlain(message);
        assertTrue(message.contains(TokenizerTask.CHECKPOINT + ": the disk is full; the file was not written; free some space"), message);

        RunInfo failed = runs.require(next);
        assertEquals(RunStatus.FAILED, failed.status());
        assertTrue(failed.message().contains("the disk is full"), failed.message());
        Path dir = runs.runDirectory(failed.id());
        assertEquals(runDir, dir);
        assertFalse(Files.exists(dir.resolve(TokenizerTask.CHECKPOINT)), "no checkpoint, rather than a torn one");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*.tmp")) {
            assertFalse(ds.iterator().hasNext(), "no temporary file left in " + dir);
        }

        new ProcessBuilder("mount", "-o", "remount,size=" + (4 * checkpointBytes), runDir.toString()).inheritIO().start().waitFor();
        ChildJvm.Finished resumed = ChildJvm.run(logs, "train-tokenizer", "--workspace", ws.toString(), "--json", "--resume", failed.id());
        assertEquals(0, resumed.code(), "with space again the run resumes: " + resumed.err());
        assertEquals(3, resumed.json().get("epochs").getAsInt());
        Figures.report("disk full during checkpoint refused cleanly");
    }

    private static String[] train(Path ws, String epochs) {
        List<String> args = new ArrayList<>(List.of("train-tokenizer", "--workspace", ws.toString(), "--json", "--dataset", "small"));
        List<String> tiny = new ArrayList<>(List.of(KillTest.TINY));
        tiny.set(tiny.indexOf("--epochs") + 1, epochs);
        args.addAll(tiny);
        return args.toArray(String[]::new);
    }
}
