package org.sigmappg.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A repeated read never drops a request and never shows an older answer last. */
class RereadTest {
    /** Reads answered when the test says so, as slow background reads are. */
    private static final class Pending implements Reread.Reader {
        private final Deque<Runnable> answers = new ArrayDeque<>();

        @Override
        public <R> void read(Callable<R> read, Consumer<R> then, Consumer<Throwable> failed) {
            R value;
            try {
                value = read.call();
            } catch (Exception e) {
                answers.add(() -> failed.accept(e));
                return;
            }
            answers.add(() -> then.accept(value));
        }

        void answerNext() {
            answers.poll().run();
        }
    }

    @Test
    void aRequestDuringAReadIsReadAgainAfterIt() {
        Pending reader = new Pending();
        AtomicInteger version = new AtomicInteger();
        List<Integer> shown = new ArrayList<>();
        Reread<Integer> r = new Reread<>(reader, version::get, shown::add, e -> { });

        r.request();
        assertTrue(r.reading());
        // The state changes (a run finishes) and the view asks again while the first read is still out.
        version.set(1);
        r.request();
        r.request();
        assertEquals(1, reader.answers.size(), "one read at a time");
        reader.answerNext();
        assertEquals(List.of(0), shown, "the older answer is shown");
        assertEquals(1, reader.answers.size(), "and the request made meanwhile is read again, once");
        reader.answerNext();
        assertEquals(List.of(0, 1), shown, "the last answer shown was read after the last request");
        assertFalse(r.reading());
        assertEquals(0, reader.answers.size());
    }

    @Test
    void aFailureAfterANewerRequestIsReadAgainNotReported() {
        Pending reader = new Pending();
        AtomicInteger calls = new AtomicInteger();
        List<String> errors = new ArrayList<>();
        List<Integer> shown = new ArrayList<>();
        Reread<Integer> r = new Reread<>(reader, () -> {
            if (calls.incrementAndGet() == 1) {
                throw new java.io.IOException("busy");
            }
            return calls.get();
        }, shown::add, e -> errors.add(e.getMessage()));
        r.request();
        r.request();
        reader.answerNext();
        reader.answerNext();
        assertEquals(List.of(), errors);
        assertEquals(List.of(2), shown);
        r.request();
        assertEquals(1, reader.answers.size(), "an idle reread reads at once");
    }
}
