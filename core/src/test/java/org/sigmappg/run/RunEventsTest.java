package org.sigmappg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run log: every start, resume and stop is recorded, a run's time running leaves out the time it sat cancelled,
 * a killed run's stretch ends at its last heartbeat, and the migration gives runs recorded before the log their events.
 */
class RunEventsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @TempDir
    Path tmp;

    private static RunStore.NewRun newRun() {
        return new RunStore.NewRun("tokenizer", "tok", "sample", null, "{}", 1L, "h", null, "cpu()", "sigma-ppg train-tokenizer");
    }

    private static List<String> names(List<RunStore.Event> log) {
        return log.stream().map(RunStore.Event::name).toList();
    }

    @Test
    void startCancelResumeAndFinishAreLoggedInOrder() throws IOException {
        RunStore store = new RunStore(Workspace.open(tmp.resolve("ws")));
        String id = store.create(newRun()).id();
        store.markRunning(id);
        store.finish(id, RunStatus.CANCELLED, "cancelled after epoch 2", null);
        store.markRunning(id);
        store.finish(id, RunStatus.FINISHED, "ICR 0.81", "{}");
        List<RunStore.Event> log = store.events(id);
        assertEquals(List.of("created", "started", "cancelled", "resumed", "finished"), names(log));
        assertEquals("cancelled after epoch 2", log.get(2).message());
        assertEquals("ICR 0.81", log.get(4).message());
        assertEquals(log, store.events().get(id), "the log of all runs holds the same entries");
    }

    @Test
    void timeRunningLeavesOutTheTimeARunSatCancelled() {
        RunInfo finished = run(RunStatus.FINISHED, T0, T0.plusSeconds(7_380));
        List<RunStore.Event> log = List.of(event(T0, "created"), event(T0, "started"), event(T0.plusSeconds(300), "cancelled"),
                event(T0.plusSeconds(7_200), "resumed"), event(T0.plusSeconds(7_380), "finished"));
        assertEquals(Duration.ofSeconds(300 + 180), RunStore.timeRunning(finished, log, T0.plusSeconds(99_999)));

        RunInfo running = run(RunStatus.RUNNING, T0, null);
        List<RunStore.Event> stillRunning = log.subList(0, 4);
        assertEquals(Duration.ofSeconds(300 + 60), RunStore.timeRunning(running, stillRunning, T0.plusSeconds(7_260)),
                "the current stretch counts up to now");
        assertEquals(Duration.ofSeconds(300), RunStore.timeRunning(run(RunStatus.CANCELLED, T0, T0.plusSeconds(300)), log.subList(0, 3),
                T0.plusSeconds(99_999)), "a cancelled run's time stops at the cancel");
        assertEquals(Duration.ZERO, RunStore.timeRunning(run(RunStatus.QUEUED, null, null), log.subList(0, 1), T0.plusSeconds(60)));
    }

    @Test
    void aRunWithoutStartsInItsLogCountsFromItsStartToItsEnd() {
        // A run imported from a bundle carries its row's times but no log.
        assertEquals(Duration.ofSeconds(90), RunStore.timeRunning(run(RunStatus.FINISHED, T0, T0.plusSeconds(90)), List.of(), T0.plusSeconds(999)));
    }

    @Test
    void aKilledRunsStretchEndsAtItsLastHeartbeat() throws Exception {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        RunStore store = new RunStore(ws);
        String id = store.create(newRun()).id();
        store.markRunning(id);
        String lastSeen = Instant.now().plusSeconds(42).toString();
        ws.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET pid=999999999, heartbeat=? WHERE id=?")) {
                ps.setString(1, lastSeen);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
        List<RunStore.Event> log = new RunStore(Workspace.open(ws.directory())).events(id);
        assertEquals(List.of("created", "started", "interrupted"), names(log));
        assertEquals(lastSeen, log.get(2).time());
    }

    @Test
    void theMigrationLogsTheRunsRecordedBeforeIt() throws Exception {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        RunStore store = new RunStore(ws);
        String done = store.create(newRun()).id();
        store.markRunning(done);
        store.finish(done, RunStatus.FAILED, "out of memory", null);
        String waiting = store.create(newRun()).id();
        int logVersion = java.util.stream.IntStream.range(0, Schema.MIGRATIONS.size())
                .filter(v -> Schema.MIGRATIONS.get(v).get(0).contains("CREATE TABLE run_events")).findFirst().orElseThrow();
        // The workspace as the version before the log wrote it: the log and every migration after it undone.
        assertEquals(logVersion + 2, Schema.MIGRATIONS.size(), "undo the migrations after the log here too");
        ws.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE run_events");
                s.execute("DROP TABLE window_levels");
                s.execute("ALTER TABLE datasets DROP COLUMN channels");
                s.execute("ALTER TABLE records DROP COLUMN kept_channels");
                s.execute("ALTER TABLE records DROP COLUMN content_hash");
                s.execute("PRAGMA user_version = " + logVersion);
            }
            return null;
        });
        RunStore migrated = new RunStore(Workspace.open(ws.directory()));
        RunInfo failed = migrated.require(done);
        List<RunStore.Event> log = migrated.events(done);
        assertEquals(List.of("created", "started", "failed"), names(log));
        assertEquals(List.of(failed.created(), failed.started(), failed.ended()), log.stream().map(RunStore.Event::time).toList());
        assertEquals("out of memory", log.get(2).message());
        assertNull(log.get(0).message());
        assertEquals(List.of("created"), names(migrated.events(waiting)));
    }

    private static RunStore.Event event(Instant t, String name) {
        return new RunStore.Event(t.toString(), name, null);
    }

    private static RunInfo run(RunStatus status, Instant started, Instant ended) {
        return new RunInfo("tok-0001", "tokenizer", "sample", null, status, "{}", "h", 1L, null, "test", null, "cpu()", null,
                T0.toString(), started == null ? null : started.toString(), ended == null ? null : ended.toString(), null, null, null, null, null);
    }
}
