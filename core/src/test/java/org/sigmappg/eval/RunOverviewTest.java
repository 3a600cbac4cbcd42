package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/** The listing of runs the workbench and the {@code runs} command share: headline figures, progress, time running, device. */
class RunOverviewTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final String PARAMS = "{\"size\":\"tiny\",\"model\":{\"optimiser\":{\"epochs\":4}}}";

    @TempDir
    Path tmp;

    @Test
    void headlinesComeFromTheSummaryOnceARunHasEnded() {
        assertEquals("ICR 0.812 \u00b7 unused codes 3 %", RunOverview.headline(run("tokenizer", RunStatus.FINISHED,
                "{\"icr\":0.8123,\"unusedCodes\":0.031}"), null));
        assertEquals("masked accuracy 0.412 (chance 0.031)", RunOverview.headline(run("pretrain", RunStatus.FINISHED,
                "{\"maskedAccuracy\":0.4121,\"chanceAccuracy\":0.0312}"), null));
        assertEquals("", RunOverview.headline(run("pretrain", RunStatus.QUEUED, null), null), "no figure before any epoch");
        assertEquals("", RunOverview.headline(run("evaluate", RunStatus.FINISHED, "not json"), null), "an unreadable summary shows nothing");
    }

    @Test
    void aRunStillTrainingTakesItsHeadlineFromItsLatestEpoch() {
        Map<String, List<RunStore.Metric>> metrics = Map.of("masked_accuracy",
                List.of(new RunStore.Metric(10, 0, "masked_accuracy", 0.2), new RunStore.Metric(20, 1, "masked_accuracy", 0.35)));
        assertEquals("masked accuracy 0.350", RunOverview.headline(run("pretrain", RunStatus.RUNNING, null), metrics));
    }

    @Test
    void devicesAreNamedInWords() {
        assertEquals("CPU", RunOverview.device("cpu()"));
        assertEquals("GPU 0", RunOverview.device("gpu(0)"));
        assertEquals("GPU 1", RunOverview.device("cuda(1)"));
        assertEquals("", RunOverview.device(null));
        assertEquals("tpu(3)", RunOverview.device("tpu(3)"), "an unknown device is shown as recorded");
    }

    @Test
    void durationsReadInWords() {
        assertEquals("12 s", RunOverview.words(Duration.ofSeconds(12)));
        assertEquals("4 min 05 s", RunOverview.words(Duration.ofSeconds(245)));
        assertEquals("1 h 03 min", RunOverview.words(Duration.ofSeconds(3780)));
    }

    @Test
    void theListingCountsEpochsStepsAndOnlyTheTimeSpentRunning() throws IOException {
        RunStore store = new RunStore(Workspace.open(tmp.resolve("ws")));
        String tok = store.create(new RunStore.NewRun("tokenizer", "tok", "sample", null, PARAMS, 1L, "h", null, "cpu()", "cmd")).id();
        store.markRunning(tok);
        store.logMetrics(tok, 0, 10, Map.of("step_loss", 1.0));
        store.logMetrics(tok, 0, 12, Map.of("icr", 0.5));
        store.logMetrics(tok, 1, 20, Map.of("step_loss", 0.8));
        String eval = store.create(new RunStore.NewRun("evaluate", "eval", "sample", null, "{}", 1L, "h", null, null, "cmd")).id();
        store.logMetrics(eval, 2, 2, Map.of("mae", 3.0));

        assertEquals(java.util.Optional.of(new RunStore.Progress(1, 20)), store.progress(tok), "one run's progress as the listing's");
        assertEquals(java.util.Optional.empty(), store.progress("tok-9999"));
        List<RunOverview> rows = RunOverview.list(store, Instant.now());
        assertEquals(List.of(eval, tok), rows.stream().map(RunOverview::id).toList(), "newest first");
        RunOverview t = rows.get(1);
        assertEquals(1, t.epochsDone(), "epoch 2 has only per-step figures so far");
        assertEquals(4, t.epochsPlanned());
        assertEquals(20, t.steps());
        assertEquals("1/4 epochs, 20 steps", t.progressText());
        assertEquals("ICR 0.500", t.headline(), "from the latest epoch, without the figure not logged yet");
        assertEquals("CPU", t.device());
        assertEquals("tiny", t.size());
        RunOverview e = rows.get(0);
        assertEquals("", e.progressText(), "an evaluation's folds are no epochs or steps");
        assertEquals("", e.durationText(), "it never started");

        // Cancelled after 5 min, resumed 2 h later, 3 min more: 8 min, not 2 h 08 min.
        List<RunStore.Event> log = List.of(new RunStore.Event(T0.toString(), "started", null),
                new RunStore.Event(T0.plusSeconds(300).toString(), "cancelled", null), new RunStore.Event(T0.plusSeconds(7200).toString(), "resumed", null),
                new RunStore.Event(T0.plusSeconds(7380).toString(), "finished", null));
        RunInfo resumed = run("tokenizer", RunStatus.FINISHED, "{\"icr\":0.8,\"unusedCodes\":0.0}");
        assertEquals("8 min 00 s", RunOverview.of(resumed, log, null, null, T0.plusSeconds(99_999)).durationText());
    }

    private static RunInfo run(String kind, RunStatus status, String summary) {
        return new RunInfo("r-0001", kind, "sample", null, status, PARAMS, "h", 1L, null, "test", null, "cpu()", null,
                T0.toString(), T0.toString(), status.finished() ? T0.plusSeconds(7380).toString() : null, null, null, null, null, summary);
    }
}
