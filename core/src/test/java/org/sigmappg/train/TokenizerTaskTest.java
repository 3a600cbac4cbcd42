package org.sigmappg.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportTask;
import org.sigmappg.model.ModelCheckpoint;
import org.sigmappg.model.TokenizerParams;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/** The tokenizer task end to end on the bundled sample set: smoke training, resume, NaN, tokenize. */
class TokenizerTaskTest {
    @TempDir
    static Path tmp;
    static Workspace ws;

    static Path sampleData() {
        String root = System.getProperty("sigmappg.repo.root");
        return (root != null ? Path.of(root) : Path.of("..")).resolve("sample-data").toAbsolutePath().normalize();
    }

    @BeforeAll
    static void importSample() throws IOException {
        ws = Workspace.open(tmp.resolve("ws"));
        new ImportTask(ws, ImportRequest.of(sampleData(), "sample")).run(ProgressMonitor.NONE);
    }

    /** The tiny preset cut to a model that trains in milliseconds, with a given number of steps. */
    static TokenizerRunParams params(int epochs, int batchSize, double lr) {
        TokenizerParams tiny = TokenizerParams.tiny();
        TokenizerParams small = org.sigmappg.run.ParamOverrides.apply(tiny, List.of("encoder.width=32", "encoder.depth=1",
                "decoder.width=32", "decoder.depth=1", "codebookSize=32", "kmeansSamples=256", "kmeansIterations=3"), TokenizerParams::fromJson);
        return new TokenizerRunParams(TokenizerRunParams.VERSION, new RunSettings("sample", 3, 0.2, "subject", "cpu"), "tiny",
                small.withOptimiser(small.optimiser().withEpochs(epochs).withBatchSize(batchSize).withLearningRate(lr)));
    }

    /** Stops after {@code steps} worked units of the training phase. */
    static ProgressMonitor cancelAfter(long steps) {
        return new ProgressMonitor() {
            long done;
            boolean training;

            @Override
            public void begin(String phase, long total) {
                training = phase.contains("training");
                done = 0;
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
                return training && done >= steps;
            }
        };
    }

    @Test
    void twoStepSmokeTrainingRecordsMetricsCheckpointAndSummary() throws IOException {
        TokenizerTask task = new TokenizerTask(ws);
        // 100 training windows (10 of 12 subjects) in batches of 50: one epoch is two steps.
        RunInfo run = task.create(params(1, 50, 1e-3), "test");
        TokenizerSummary s = task.run(run.id(), ProgressMonitor.NONE);
        assertEquals(2, s.steps());
        assertTrue(Double.isFinite(s.reconLossFirstEpoch()));
        assertTrue(s.icr() >= 0 && s.icr() <= 1);
        assertTrue(s.unusedCodes() >= 0 && s.unusedCodes() <= 1);
        assertTrue(s.unusedCodesHeldOut() >= 0 && s.unusedCodesHeldOut() <= 1);
        // Perplexity lies between 1 (one code) and K = 32 (all equally used).
        assertTrue(s.perplexityHeldOut() >= 1 && s.perplexityHeldOut() <= 32, s.toString());
        RunStore runs = new RunStore(ws);
        assertEquals(RunStatus.FINISHED, runs.require(run.id()).status());
        var metrics = runs.metrics(run.id());
        for (String m : List.of("icr", "unused_codes", "perplexity", "unused_codes_held_out", "perplexity_held_out")) {
            assertEquals(1, metrics.get(m).size(), m + " once per epoch");
        }
        assertEquals(s.unusedCodesHeldOut(), metrics.get("unused_codes_held_out").get(0).value(), 1e-12, "the summary is the last epoch's");
        assertEquals(s.unusedCodes(), metrics.get("unused_codes").get(0).value(), 1e-12);
        Path ckpt = ws.runsDirectory().resolve(run.id()).resolve(TokenizerTask.CHECKPOINT);
        assertEquals(run.id(), ModelCheckpoint.verify(ckpt).header().metadata().get("run"), "the checkpoint knows its run");
        assertEquals(runs.artifact(run.id(), "model").orElseThrow().sha256(), org.sigmappg.run.FileTools.sha256(ckpt));
    }

    @Test
    void aCancelledRunResumesToTheSameTotalNumberOfSteps() throws IOException {
        TokenizerTask task = new TokenizerTask(ws);
        RunInfo run = task.create(params(2, 25, 1e-3), "test");
        TokenizerSummary first = task.run(run.id(), cancelAfter(3));
        assertEquals("CANCELLED", first.status());
        assertEquals(RunStatus.CANCELLED, new RunStore(ws).require(run.id()).status());
        TokenizerSummary resumed = task.run(run.id(), ProgressMonitor.NONE);
        assertEquals("FINISHED", resumed.status());
        assertEquals(8, resumed.steps(), "2 epochs x 4 batches of 25 windows, whether interrupted or not");
    }

    @Test
    void aNonFiniteLossStopsTheRunAsFailedNamingTheStep() throws IOException {
        TokenizerTask task = new TokenizerTask(ws);
        RunInfo run = task.create(params(3, 16, 1e30), "test");
        TrainingFailedException e = assertThrows(TrainingFailedException.class, () -> task.run(run.id(), ProgressMonitor.NONE));
        assertTrue(e.getMessage().startsWith("step "), e.getMessage());
        RunInfo after = new RunStore(ws).require(run.id());
        assertEquals(RunStatus.FAILED, after.status());
        assertTrue(after.message().contains("step"), after.message());
    }

    @Test
    void tokenizingTwiceGivesIdenticalCodesFromTheSavedModel() throws IOException {
        TokenizerTask task = new TokenizerTask(ws);
        RunInfo run = task.create(params(1, 50, 1e-3), "test");
        task.run(run.id(), ProgressMonitor.NONE);
        TokenizeTask tokenize = new TokenizeTask(ws);
        TokenizeTask.Result a = tokenize.run(run.id(), "sample", "cpu", ProgressMonitor.NONE);
        int[] first = TokenizeTask.read(Path.of(a.file()), null);
        TokenizeTask.Result b = tokenize.run(run.id(), "sample", "cpu", ProgressMonitor.NONE);
        int[] second = TokenizeTask.read(Path.of(b.file()), null);
        assertArrayEquals(first, second);
        assertEquals(120 * 60, a.patches(), "every valid patch of the 120 sample windows has a code");
        assertTrue(Files.size(Path.of(a.file())) > 120 * 60 * 4);

        CodeGallery gallery = CodeGallery.load(ws, run.id(), "sample");
        long total = gallery.codes().stream().mapToLong(CodeGallery.Code::count).sum();
        assertEquals(120 * 60, total);
        CodeGallery.Code top = gallery.codes().stream().max(java.util.Comparator.comparingLong(CodeGallery.Code::count)).orElseThrow();
        assertEquals(top.count(), gallery.occurrences(top.index()).size());
        var catalogue = new org.sigmappg.data.Catalogue(ws);
        var d = catalogue.requireDataset("sample");
        var windows = catalogue.windowsOfDataset(d.id());
        // The mean waveform of the most frequent code, recomputed from its occurrences.
        double[] mean = new double[50];
        try (var cache = catalogue.openCache(d)) {
            for (CodeGallery.Occurrence o : gallery.occurrences(top.index())) {
                var w = windows.stream().filter(x -> x.id() == o.windowId()).findFirst().orElseThrow();
                float[] x = cache.samples(w.sampleOffset() + (long) o.patch() * 50, 50);
                for (int i = 0; i < 50; i++) {
                    mean[i] += x[i] / (double) top.count();
                }
            }
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(mean[i], top.meanWaveform()[i], 1e-4);
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(first, (int) windows.get(0).patchOffset(), (int) windows.get(0).patchOffset() + 60),
                gallery.codesOf(windows.get(0)));

        try (CodeInspector inspector = CodeInspector.open(ws, run.id(), "sample")) {
            CodeInspector.Consistency c1 = inspector.consistency(windows.get(5), 9);
            CodeInspector.Consistency c2 = inspector.consistency(windows.get(5), 9);
            assertEquals(60, c1.original().length);
            assertArrayEquals(c1.augmentedCodes(), c2.augmentedCodes(), "the same seed gives the same augmentation");
            assertArrayEquals(gallery.codesOf(windows.get(5)), c1.original(), "the inspector agrees with the tokenize artifact");
            assertTrue(c1.icr() >= 0 && c1.icr() <= 1);
        }
    }

    @Test
    void noTensorOutlivesItsStep() throws IOException {
        TokenizerTask task = new TokenizerTask(ws);
        // 100 training windows in batches of 10: 10 steps an epoch, 20 epochs, a held-out evaluation after each.
        RunInfo run = task.create(params(20, 10, 1e-3), "test");
        task.run(run.id(), ProgressMonitor.NONE);
        // Resident memory is logged too, but the allocator and the heap make it noisy from machine to machine; the count of
        // tensors the run's managers still hold is exact: parameters, optimiser state, codebook and EMA buffers, nothing else.
        List<RunStore.Metric> live = new RunStore(ws).metrics(run.id()).get("live_arrays");
        assertEquals(20, live.size());
        double afterFirst = live.get(0).value();
        assertTrue(afterFirst > 10, "parameters and optimiser state are counted: " + afterFirst);
        for (RunStore.Metric m : live) {
            assertEquals(afterFirst, m.value(), "tensors held after epoch " + (m.epoch() + 1) + " of a run with " + afterFirst
                    + " after the first: something is not freed at the end of a step");
        }
    }
}
