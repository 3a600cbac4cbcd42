package org.sigmappg.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThrottledProgressTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aBurstOfReportsIsDeliveredAtMostOncePerIntervalAndEndsWithTheLatestState() throws Exception {
        List<ThrottledProgress.Snapshot> seen = new CopyOnWriteArrayList<>();
        List<Long> at = new CopyOnWriteArrayList<>();
        ThrottledProgress p = new ThrottledProgress(100, timer, Runnable::run, s -> {
            seen.add(s);
            at.add(System.nanoTime());
        });
        long start = System.nanoTime();
        p.begin("importing", 20_000);
        for (int i = 0; i < 20_000; i++) {
            p.worked(1);
            if (i % 1000 == 0) {
                p.message("file " + i);
                Thread.sleep(25);
            }
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        Thread.sleep(250);
        assertEquals(new ThrottledProgress.Snapshot("importing", 20_000, 20_000, "file 19000"), seen.get(seen.size() - 1),
                "the last report reaches the listener even though it came too soon after the one before");
        assertTrue(seen.size() <= elapsedMs / 100 + 3, seen.size() + " deliveries in " + elapsedMs + " ms");
        for (int i = 1; i < at.size(); i++) {
            assertTrue(at.get(i) - at.get(i - 1) >= TimeUnit.MILLISECONDS.toNanos(95), "deliveries at least 100 ms apart");
        }
    }

    @Test
    void cancellingIsSeenByTheWork() {
        ThrottledProgress p = new ThrottledProgress(100, timer, Runnable::run, s -> { });
        p.begin("x", -1);
        assertEquals(-1, p.snapshot().fraction(), 0);
        p.cancel();
        assertTrue(p.isCancelled());
    }
}
