package org.sigmappg.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A lowered thread runs at nice 10, and the threads it starts (as PyTorch's OpenMP workers are) inherit it. */
class ThreadPriorityTest {
    @Test
    void aLoweredThreadAndTheThreadsItStartsRunAtTheLowerPriority() throws Exception {
        assumeTrue(ThreadPriority.currentNice().isPresent(), "Linux only: elsewhere nothing is lowered");
        AtomicReference<OptionalInt> lowered = new AtomicReference<>();
        AtomicReference<OptionalInt> child = new AtomicReference<>();
        AtomicReference<Boolean> done = new AtomicReference<>();
        Thread t = new Thread(() -> {
            done.set(ThreadPriority.lowerCurrentThread(ThreadPriority.TRAINING_NICE));
            lowered.set(ThreadPriority.currentNice());
            Thread c = new Thread(() -> child.set(ThreadPriority.currentNice()));
            c.start();
            try {
                c.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int before = ThreadPriority.currentNice().getAsInt();
        t.start();
        t.join();
        assertTrue(done.get(), "setpriority succeeded");
        assertEquals(OptionalInt.of(Math.max(before, ThreadPriority.TRAINING_NICE)), lowered.get());
        assertEquals(lowered.get(), child.get(), "a thread started from it inherits the priority");
        assertEquals(before, ThreadPriority.currentNice().getAsInt(), "the calling thread is untouched");
    }
}
