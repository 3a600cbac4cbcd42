package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.app.TinyRuns;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.TokenizerTask;

/**
 * Checkpoints through the real command line: one whose bytes differ from the SHA-256 recorded when it was
 * written, or from its own checksum, or that was cut short, is refused by every command that would use it,
 * in one line naming the file; the sample set's bundled runs, written in format 1, still load.
 */
class CheckpointIntegrityTest {
    private static final String ADVICE = "; resume the run from its previous checkpoint or train again";
    private static int refused;
    private static int loaded;

    @TempDir
    Path tmp;

    /** A workspace with the sample set imported by the command line, which brings its runs tok-0001, pre-0001 and pre-0002. */
    private Path sampleWorkspace() {
        Path ws = tmp.resolve("ws");
        Cli.Result r = Cli.run("import", TestWorkspaces.sampleData().toString(), "--name", "sample", "--workspace", ws.toString(), "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        return ws;
    }

    /** Writes 4 KiB of random bytes over the middle of {@code file}, keeping its size. */
    private static void garble(Path file) throws IOException {
        byte[] junk = new byte[4096];
        new Random(14).nextBytes(junk);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(junk), ch.size() / 2);
        }
    }

    private static void assertRefused(String expected, Path ws, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 3);
        all[args.length] = "--workspace";
        all[args.length + 1] = ws.toString();
        all[args.length + 2] = "--json";
        Cli.Result r = Cli.run(all);
        assertEquals(1, r.code(), String.join(" ", args) + ": " + r.out());
        Cli.assertPlain(r.error());
        assertEquals(expected, r.error(), String.join(" ", args));
        refused++;
    }

    private static void assertRuns(Path ws, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--workspace";
        all[args.length + 1] = ws.toString();
        Cli.Result r = Cli.run(all);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        loaded++;
    }

    @Test
    void theBundledFormatOneRunsStillLoad() {
        Path ws = sampleWorkspace();
        assertRuns(ws, "tokenize", "--run", "tok-0001", "--dataset", "sample");
        assertRuns(ws, "cross-masks", "--student", "pre-0002", "--masks", "pre-0001");
        assertRuns(ws, "embed", "--run", "pre-0001", "--dataset", "sample", "--out", tmp.resolve("embeddings").toString());
        assertRuns(ws, "export-run", "pre-0001", "--out", tmp.resolve("bundles").toString());
    }

    @Test
    void garbageInTheMiddleOfARecordedCheckpointIsRefusedByEveryCommandThatUsesIt() throws IOException {
        Path ws = sampleWorkspace();
        garble(ws.resolve("runs/tok-0001/tokenizer.ckpt"));
        String tokenizer = "checkpoint runs/tok-0001/tokenizer.ckpt is damaged (its SHA-256 does not match the one recorded when it "
                + "was written)" + ADVICE;
        assertRefused(tokenizer, ws, "tokenize", "--run", "tok-0001", "--dataset", "sample");
        assertRefused(tokenizer, ws, "pretrain", "--tokenizer", "tok-0001", "--dataset", "sample");
        assertRefused(tokenizer, ws, "cross-masks", "--student", "pre-0002", "--masks", "pre-0001");
        assertRefused("tok-0001 cannot be exported: its tokenizer runs/tok-0001/tokenizer.ckpt is damaged (its SHA-256 does not match "
                + "the one recorded when it was written)", ws, "export-run", "tok-0001", "--out", tmp.resolve("bundles").toString());
        assertEquals(3, new RunStore(Workspace.open(ws)).list().size(), "the refused pretrain created no run");

        garble(ws.resolve("runs/pre-0001/ckpt-900/student.ckpt"));
        assertRefused("checkpoint runs/pre-0001/ckpt-900/student.ckpt is damaged (its SHA-256 does not match the one recorded when it "
                + "was written)" + ADVICE, ws, "embed", "--run", "pre-0001", "--dataset", "sample", "--out", tmp.resolve("e").toString());
    }

    @Test
    void aTruncatedCheckpointIsCalledTruncatedWithItsSize() throws IOException {
        Path ws = sampleWorkspace();
        Path file = ws.resolve("runs/tok-0001/tokenizer.ckpt");
        long size = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(100_000);
        }
        assertRefused("checkpoint runs/tok-0001/tokenizer.ckpt is truncated (100000 bytes; " + size + " were recorded when it was written)"
                + ADVICE, ws, "tokenize", "--run", "tok-0001", "--dataset", "sample");
    }

    /** Stops after {@code steps} training steps, as the workbench's Cancel button does. */
    private static ProgressMonitor cancelAfter(long steps) {
        return new ProgressMonitor() {
            private long done;

            @Override
            public void begin(String phase, long totalWork) {
            }

            @Override
            public void worked(long units) {
                done += units;
            }

            @Override
            public void message(String text) {
            }

            @Override
            public boolean isCancelled() {
                return done >= steps;
            }
        };
    }

    @Test
    void aDamagedIntermediateCheckpointIsRefusedOnResumeAndAWholeOneResumes() throws IOException {
        Path ws = sampleWorkspace();
        Workspace workspace = Workspace.open(ws);
        PretrainTask pretrain = new PretrainTask(workspace);
        String run = pretrain.create(TinyRuns.pretrain("tok-0001", 2), "test").id();
        pretrain.run(run, cancelAfter(2));
        assertEquals(RunStatus.CANCELLED, new RunStore(workspace).require(run).status());
        String folder = com.google.gson.JsonParser.parseString(Files.readString(ws.resolve("runs").resolve(run).resolve(PretrainTask.POINTER)))
                .getAsJsonObject().get("folder").getAsString();
        String name = "runs/" + run + "/" + folder + "/" + PretrainTask.STUDENT;
        Path student = ws.resolve(name);
        byte[] whole = Files.readAllBytes(student);

        garble(student);
        assertRefused("checkpoint " + name + " is damaged (its bytes do not match the checksum written at its end)" + ADVICE,
                ws, "pretrain", "--resume", run);
        Files.write(student, Arrays.copyOf(whole, whole.length - 100));
        assertRefused("checkpoint " + name + " is truncated (" + (whole.length - 100) + " bytes; the end marker of a whole checkpoint "
                + "is missing)" + ADVICE, ws, "pretrain", "--resume", run);
        Files.write(student, whole);
        assertRuns(ws, "pretrain", "--resume", run);
        assertEquals(RunStatus.FINISHED, new RunStore(workspace).require(run).status());
    }

    @Test
    void aDamagedStoppedTokenizerIsRefusedOnResume() throws IOException {
        Path ws = sampleWorkspace();
        TokenizerTask task = new TokenizerTask(Workspace.open(ws));
        String run = task.create(TinyRuns.tokenizer(2), "test").id();
        task.run(run, cancelAfter(1));
        String name = "runs/" + run + "/" + TokenizerTask.CHECKPOINT;
        garble(ws.resolve(name));
        assertRefused("checkpoint " + name + " is damaged (its bytes do not match the checksum written at its end)" + ADVICE,
                ws, "train-tokenizer", "--resume", run);
    }

    @AfterAll
    static void figures() {
        Figures.report(String.format(Locale.ROOT, "damaged or truncated checkpoints refused by the command that would use them %d; "
                + "bundled format-1 checkpoints loaded by %d commands", refused, loaded));
    }
}
