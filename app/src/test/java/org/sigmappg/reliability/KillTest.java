package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.model.ModelCheckpoint;
import org.sigmappg.model.TokenizerBlock;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.TokenizerRunParams;
import org.sigmappg.train.TokenizerTask;

/**
 * The command line killed with SIGKILL at random moments during import and during training: afterwards
 * the workspace opens, holds only whole datasets, marks the killed run INTERRUPTED, keeps only whole
 * checkpoints, and {@code --resume} ends with the same number of steps as a run never killed.
 * {@code -Dsigmappg.kills=N} changes the number of kills of each kind (default 10).
 */
class KillTest {
    private static final int KILLS = Integer.getInteger("sigmappg.kills", 10);
    private static final long SEED = Long.getLong("sigmappg.killSeed", 8);
    private static final double FS = 125;

    /** A tokenizer small enough that an epoch of the test dataset takes well under a second. */
    static final String[] TINY = {"--size", "tiny", "--epochs", "12", "--batch-size", "4", "--set", "maxPatches=10",
        "--set", "encoder.width=16", "--set", "encoder.depth=1", "--set", "decoder.width=16", "--set", "decoder.depth=1",
        "--set", "codebookSize=16", "--set", "kmeansSamples=64", "--set", "kmeansIterations=2"};

    private static int importKills;
    private static int importKillsMidWrite;
    private static int importKillsSurvived;
    private static int trainKills;
    private static int trainKillsInterrupted;
    private static int trainKillsSurvived;

    @TempDir
    Path tmp;

    @Test
    void killedImportsLeaveOnlyWholeDatasets() throws Exception {
        Path src = tmp.resolve("src");
        for (int i = 0; i < 10; i++) {
            Recordings.pulseCsv(src.resolve(String.format(Locale.ROOT, "s%02d.csv", i)), FS, 300);
        }
        Path ws = tmp.resolve("ws");
        Path logs = tmp.resolve("logs");
        ChildJvm.Finished base = ChildJvm.run(logs, "import", src.toString(), "--name", "base", "--window-seconds", "30",
                "--workspace", ws.toString(), "--json");
        assertEquals(0, base.code(), base.err());
        int records = base.json().get("records").getAsInt();
        int windows = base.json().get("windows").getAsInt();
        String baseHash = base.json().get("manifest_hash").getAsString();

        Random random = new Random(SEED);
        double typical = base.seconds();
        for (int attempt = 0; importKills < KILLS && attempt < 4 * KILLS; attempt++) {
            // Half the kills hit a --replace of the dataset that exists: the old one must survive whole.
            boolean replace = attempt % 2 == 1;
            String name = replace ? "base" : "new" + attempt;
            List<String> args = new ArrayList<>(List.of("import", src.toString(), "--name", name, "--window-seconds", "30",
                    "--workspace", ws.toString(), "--json"));
            if (replace) {
                args.add("--replace");
            }
            double at = typical * (0.25 + 0.7 * random.nextDouble());
            ChildJvm child = ChildJvm.start(logs, List.of(), args.toArray(String[]::new));
            boolean midWrite = false;
            while (child.isAlive() && child.secondsRunning() < at) {
                Thread.sleep(5);
                midWrite |= Cli.cacheEntries(ws).stream().anyMatch(e -> e.startsWith(".import-"));
            }
            ChildJvm.Finished killed = child.kill();
            if (killed.code() == 0) {
                // It finished before the kill landed: aim earlier next time.
                typical = Math.min(typical, killed.seconds());
                continue;
            }
            assertEquals(137, killed.code(), "killed by SIGKILL: " + killed.err());
            importKills++;
            importKillsMidWrite += midWrite ? 1 : 0;

            List<DatasetInfo> datasets = Cli.assertWhole(ws);
            DatasetInfo old = datasets.stream().filter(d -> d.name().equals("base")).findFirst().orElseThrow();
            if (!replace) {
                assertEquals(baseHash, old.manifestHash(), "the dataset that was there is untouched");
            }
            for (DatasetInfo d : datasets) {
                assertEquals(records, d.records(), d.name() + " is whole");
                assertEquals(windows, d.windows(), d.name() + " is whole");
                assertEquals(baseHash, d.manifestHash(), d.name() + " holds the same windows as the first import");
            }
            assertEquals(Cli.listDatasets(ws).size(), datasets.size(), "the command line lists what the workspace holds");
            importKillsSurvived++;
        }
        assertEquals(KILLS, importKills, "the kills came too late (imports faster than calibrated)");
        assertNotEquals(0, importKillsMidWrite, "no kill hit an import while it wrote its cache");
        ChildJvm.Finished after = ChildJvm.run(logs, "import", src.toString(), "--name", "after", "--window-seconds", "30",
                "--workspace", ws.toString(), "--json");
        assertEquals(0, after.code(), "a new import after the kills succeeds: " + after.err());
        assertEquals(baseHash, after.json().get("manifest_hash").getAsString(), "and yields the same content");
        Cli.assertWhole(ws);
    }

    @Test
    void killedTrainingResumesToTheSameNumberOfSteps() throws Exception {
        Path src = tmp.resolve("src");
        for (int i = 0; i < 6; i++) {
            Recordings.pulseCsv(src.resolve("s" + i + ".csv"), 50, 60);
        }
        Path ws = tmp.resolve("ws");
        Path logs = tmp.resolve("logs");
        Cli.Result imported = Cli.run("import", src.toString(), "--name", "small", "--window-seconds", "10", "--workspace", ws.toString(), "--json");
        assertEquals(0, imported.code(), imported.err());

        ChildJvm.Finished reference = ChildJvm.run(logs, train(ws, "--dataset", "small"));
        assertEquals(0, reference.code(), reference.err());
        long steps = reference.json().get("steps").getAsLong();
        double calibration = reference.seconds();

        Random random = new Random(SEED);
        String current = null;
        int finishedRuns = 0;
        while (trainKills < KILLS) {
            List<String> before = runIds(ws);
            String[] args = current == null ? train(ws, "--dataset", "small") : train(ws, "--resume", current);
            ChildJvm child = ChildJvm.start(logs, List.of(), args);
            double at = calibration * (0.15 + 0.5 * random.nextDouble());
            while (child.isAlive() && child.secondsRunning() < at) {
                Thread.sleep(5);
            }
            ChildJvm.Finished f = child.kill();
            if (f.code() == 0) {
                assertEquals(steps, f.json().get("steps").getAsLong(), "a resumed run ends at the same step count");
                finishedRuns++;
                current = null;
                continue;
            }
            assertEquals(137, f.code(), "killed by SIGKILL: " + f.err());
            trainKills++;

            RunStore runs = new RunStore(Workspace.open(ws));
            if (current == null) {
                Optional<RunInfo> created = runs.list().stream().filter(r -> !before.contains(r.id())).findFirst();
                if (created.isEmpty()) {
                    // Killed before it created its run: nothing to resume, and nothing may be left over.
                    Cli.assertWhole(ws);
                    trainKillsSurvived++;
                    continue;
                }
                current = created.get().id();
            }
            RunInfo run = runs.require(current);
            assertNotEquals(RunStatus.RUNNING, run.status(), "a killed run is not left RUNNING");
            if (run.status() == RunStatus.FINISHED) {
                // Killed after it recorded its end.
                assertEquals(steps, com.google.gson.JsonParser.parseString(run.summary()).getAsJsonObject().get("steps").getAsLong());
                finishedRuns++;
                current = null;
            }
            trainKillsInterrupted += run.status() == RunStatus.INTERRUPTED ? 1 : 0;
            assertWholeCheckpoint(runs, run);
            Cli.assertWhole(ws);
            trainKillsSurvived++;
        }
        if (current != null) {
            ChildJvm.Finished f = ChildJvm.run(logs, train(ws, "--resume", current));
            assertEquals(0, f.code(), f.err());
            assertEquals(steps, f.json().get("steps").getAsLong(), "the resumed run ends at the same step count as one never killed");
            finishedRuns++;
        }
        assertTrue(finishedRuns >= 1);
        assertTrue(trainKillsInterrupted >= KILLS / 2, "most kills hit a RUNNING run: " + trainKillsInterrupted);
        RunStore runs = new RunStore(Workspace.open(ws));
        for (RunInfo r : runs.list()) {
            assertEquals(RunStatus.FINISHED, r.status(), r.id());
            assertWholeCheckpoint(runs, r);
        }
    }

    private static List<String> runIds(Path ws) throws Exception {
        return new RunStore(Workspace.open(ws)).list().stream().map(RunInfo::id).toList();
    }

    private static String[] train(Path ws, String... how) {
        List<String> args = new ArrayList<>(List.of("train-tokenizer", "--workspace", ws.toString(), "--json"));
        args.addAll(List.of(how));
        if (how[0].equals("--dataset")) {
            args.addAll(List.of(TINY));
        }
        return args.toArray(String[]::new);
    }

    /** The run's folder holds no temporary file, and its checkpoint, if any, loads whole into the run's model. */
    private static void assertWholeCheckpoint(RunStore runs, RunInfo run) throws Exception {
        Path dir = runs.runDirectory(run.id());
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*.tmp")) {
            assertEquals(List.of(), toList(ds), "temporary files left in " + dir);
        }
        Path checkpoint = dir.resolve(TokenizerTask.CHECKPOINT);
        if (!Files.exists(checkpoint)) {
            return;
        }
        TokenizerBlock block = new TokenizerBlock(TokenizerRunParams.fromJson(run.params()).model());
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelCheckpoint.Header h = ModelCheckpoint.load(checkpoint, block, manager);
            assertEquals(run.id(), h.metadata().get("run"));
        }
    }

    private static List<Path> toList(DirectoryStream<Path> ds) {
        List<Path> out = new ArrayList<>();
        ds.forEach(out::add);
        return out;
    }

    @AfterAll
    static void figures() {
        Figures.report(String.format(Locale.ROOT, "import kills survived %d of %d (%d while the cache was being written); "
                + "training kills survived %d of %d (%d left the run INTERRUPTED)", importKillsSurvived, importKills, importKillsMidWrite,
                trainKillsSurvived, trainKills, trainKillsInterrupted));
    }
}
