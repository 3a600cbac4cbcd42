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
import org.sigmappg.model.StudentBlock;
import org.sigmappg.model.TokenizerBlock;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.TokenizerRunParams;
import org.sigmappg.train.TokenizerTask;

/**
 * The command line killed with SIGKILL at random moments during import, tokenizer training and pretraining: afterwards
 * the workspace opens, holds only whole datasets, marks the killed run INTERRUPTED, keeps only whole
 * checkpoints, and {@code --resume} ends with the same number of steps as a run never killed.
 * {@code -Dsigmappg.kills=N} changes the number of kills during import and tokenizer training (default 10 each),
 * {@code -Dsigmappg.pretrainKills=N} during pretraining (default 5).
 */
class KillTest {
    private static final int KILLS = Integer.getInteger("sigmappg.kills", 10);
    private static final int PRETRAIN_KILLS = Integer.getInteger("sigmappg.pretrainKills", 5);
    private static final long SEED = Long.getLong("sigmappg.killSeed", 8);
    private static final double FS = 125;

    /** A tokenizer small enough that an epoch of the test dataset takes well under a second. */
    static final String[] TINY = {"--size", "tiny", "--epochs", "12", "--batch-size", "4", "--set", "maxPatches=10",
        "--set", "encoder.width=16", "--set", "encoder.depth=1", "--set", "decoder.width=16", "--set", "decoder.depth=1",
        "--set", "codebookSize=16", "--set", "kmeansSamples=64", "--set", "kmeansIterations=2"};
    /** A student and teacher of the same small size for {@link #TINY}'s codes. */
    static final String[] TINY_STUDENT = {"--size", "tiny", "--epochs", "8", "--batch-size", "4", "--set", "maxPatches=10",
        "--set", "transformer.width=16", "--set", "transformer.depth=1", "--set", "transformer.heads=2",
        "--set", "teacher.transformer.width=16", "--set", "teacher.transformer.depth=1", "--set", "teacher.transformer.heads=2"};

    private static int importKills;
    private static int importKillsMidWrite;
    private static int importKillsSurvived;
    private static int trainKills;
    private static int trainKillsInterrupted;
    private static int trainKillsSurvived;
    private static int pretrainKills;
    private static int pretrainKillsInterrupted;
    private static int pretrainKillsSurvived;

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
    void killedTokenizerTrainingResumesToTheSameNumberOfSteps() throws Exception {
        Path ws = smallDataset();
        Tally t = killAndResume(ws, TokenizerTask.KIND, tokenizer(ws, "--dataset", "small"),
                run -> tokenizer(ws, "--resume", run), KILLS);
        trainKills += t.kills;
        trainKillsInterrupted += t.interrupted;
        trainKillsSurvived += t.survived;
    }

    @Test
    void killedPretrainingResumesToTheSameNumberOfSteps() throws Exception {
        Path ws = smallDataset();
        List<String> tok = new ArrayList<>(List.of(tokenizer(ws, "--dataset", "small")));
        tok.set(tok.indexOf("--epochs") + 1, "1");
        ChildJvm.Finished tokenizer = ChildJvm.run(tmp.resolve("logs"), tok.toArray(String[]::new));
        assertEquals(0, tokenizer.code(), tokenizer.err());
        String tokenizerRun = tokenizer.json().get("run").getAsString();
        Tally t = killAndResume(ws, PretrainTask.KIND, pretrain(ws, "--tokenizer", tokenizerRun, "--dataset", "small"),
                run -> pretrain(ws, "--resume", run), PRETRAIN_KILLS);
        pretrainKills += t.kills;
        pretrainKillsInterrupted += t.interrupted;
        pretrainKillsSurvived += t.survived;
    }

    private Path smallDataset() throws Exception {
        Path src = tmp.resolve("src");
        for (int i = 0; i < 6; i++) {
            Recordings.pulseCsv(src.resolve("s" + i + ".csv"), 50, 60);
        }
        Path ws = tmp.resolve("ws");
        Cli.Result imported = Cli.run("import", src.toString(), "--name", "small", "--window-seconds", "10", "--workspace", ws.toString(), "--json");
        assertEquals(0, imported.code(), imported.err());
        return ws;
    }

    /** Kills of one kind of training: how many, how many left the run INTERRUPTED, after how many all checks held. */
    private static final class Tally {
        int kills;
        int interrupted;
        int survived;
    }

    /**
     * Trains once without a kill for the step count and the duration, then starts runs of {@code kind} and
     * kills them at random moments until {@code kills} kills landed, resuming each killed run, and checks
     * the workspace after every kill and every run's step count at its end.
     */
    private Tally killAndResume(Path ws, String kind, String[] fresh, java.util.function.Function<String, String[]> resume, int kills)
            throws Exception {
        Path logs = tmp.resolve("logs");
        ChildJvm.Finished reference = ChildJvm.run(logs, fresh);
        assertEquals(0, reference.code(), reference.err());
        long steps = reference.json().get("steps").getAsLong();
        double calibration = reference.seconds();

        Tally t = new Tally();
        Random random = new Random(SEED);
        String current = null;
        int finishedRuns = 0;
        while (t.kills < kills) {
            List<String> before = runIds(ws);
            ChildJvm child = ChildJvm.start(logs, List.of(), current == null ? fresh : resume.apply(current));
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
            t.kills++;

            RunStore runs = new RunStore(Workspace.open(ws));
            if (current == null) {
                Optional<RunInfo> created = runs.list().stream().filter(r -> !before.contains(r.id())).findFirst();
                if (created.isEmpty()) {
                    // Killed before it created its run: nothing to resume, and nothing may be left over.
                    Cli.assertWhole(ws);
                    t.survived++;
                    continue;
                }
                current = created.get().id();
            }
            RunInfo run = runs.require(current);
            assertEquals(kind, run.kind());
            assertNotEquals(RunStatus.RUNNING, run.status(), "a killed run is not left RUNNING");
            if (run.status() == RunStatus.FINISHED) {
                // Killed after it recorded its end.
                assertEquals(steps, com.google.gson.JsonParser.parseString(run.summary()).getAsJsonObject().get("steps").getAsLong());
                finishedRuns++;
                current = null;
            }
            t.interrupted += run.status() == RunStatus.INTERRUPTED ? 1 : 0;
            assertWholeCheckpoint(runs, run);
            Cli.assertWhole(ws);
            t.survived++;
        }
        if (current != null) {
            ChildJvm.Finished f = ChildJvm.run(logs, resume.apply(current));
            assertEquals(0, f.code(), f.err());
            assertEquals(steps, f.json().get("steps").getAsLong(), "the resumed run ends at the same step count as one never killed");
            finishedRuns++;
        }
        assertTrue(finishedRuns >= 1);
        assertTrue(t.interrupted >= kills / 2, "most kills hit a RUNNING run: " + t.interrupted);
        RunStore runs = new RunStore(Workspace.open(ws));
        for (RunInfo r : runs.list()) {
            assertEquals(RunStatus.FINISHED, r.status(), r.id());
            assertWholeCheckpoint(runs, r);
        }
        return t;
    }

    private static List<String> runIds(Path ws) throws Exception {
        return new RunStore(Workspace.open(ws)).list().stream().map(RunInfo::id).toList();
    }

    private static String[] tokenizer(Path ws, String... how) {
        List<String> args = new ArrayList<>(List.of("train-tokenizer", "--workspace", ws.toString(), "--json"));
        args.addAll(List.of(how));
        if (how[0].equals("--dataset")) {
            args.addAll(List.of(TINY));
        }
        return args.toArray(String[]::new);
    }

    private static String[] pretrain(Path ws, String... how) {
        List<String> args = new ArrayList<>(List.of("pretrain", "--workspace", ws.toString(), "--json"));
        args.addAll(List.of(how));
        if (!how[0].equals("--resume")) {
            args.addAll(List.of(TINY_STUDENT));
        }
        return args.toArray(String[]::new);
    }

    /** The run's folder holds no temporary file, and its checkpoints, if any, load whole into the run's models. */
    private static void assertWholeCheckpoint(RunStore runs, RunInfo run) throws Exception {
        Path dir = runs.runDirectory(run.id());
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*.tmp")) {
            assertEquals(List.of(), toList(ds), "temporary files left in " + dir);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            if (run.kind().equals(TokenizerTask.KIND)) {
                Path checkpoint = dir.resolve(TokenizerTask.CHECKPOINT);
                if (Files.exists(checkpoint)) {
                    TokenizerBlock block = new TokenizerBlock(TokenizerRunParams.fromJson(run.params()).model());
                    assertEquals(run.id(), ModelCheckpoint.load(checkpoint, block, manager).metadata().get("run"));
                }
            } else {
                Path pointer = dir.resolve(PretrainTask.POINTER);
                if (Files.exists(pointer)) {
                    String folder = com.google.gson.JsonParser.parseString(Files.readString(pointer)).getAsJsonObject()
                            .get("folder").getAsString();
                    StudentBlock block = new StudentBlock(PretrainRunParams.fromJson(run.params()).model());
                    Path student = dir.resolve(folder).resolve(PretrainTask.STUDENT);
                    assertEquals(run.id(), ModelCheckpoint.load(student, block, manager).metadata().get("run"));
                }
            }
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
                + "tokenizer training kills survived %d of %d (%d left the run INTERRUPTED); pretraining kills survived %d of %d "
                + "(%d left the run INTERRUPTED)", importKillsSurvived, importKills, importKillsMidWrite,
                trainKillsSurvived, trainKills, trainKillsInterrupted, pretrainKillsSurvived, pretrainKills, pretrainKillsInterrupted));
    }
}
