package org.sigmappg.signal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Named daemon threads for the signal package, and two ways of using them that never deadlock even when
 * the caller is itself one of the pool's threads: the caller always does work itself instead of only
 * waiting for queued tasks.
 */
final class SignalThreads {
    private SignalThreads() {
    }

    /** One pool with a daemon thread per core, shared by every Preprocessor that is not given an executor. */
    static ExecutorService shared() {
        return Holder.POOL;
    }

    /** A fixed pool of named daemon threads; daemon so that an idle pool never keeps the JVM alive. */
    static ExecutorService newPool(int threads, String prefix) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Work on the index range [from, to). */
    interface RangeTask {
        void run(int from, int to);
    }

    /**
     * Runs {@code task} over [0, n) in contiguous chunks of at least {@code minChunk} and returns when all
     * are done. Helpers on {@code executor} and the calling thread claim chunks from a shared counter, so
     * chunks left unclaimed by a busy pool are simply done by the caller. Inline when the executor is null.
     */
    static void forRange(Executor executor, int n, int minChunk, RangeTask task) {
        int threads = Runtime.getRuntime().availableProcessors();
        int parts = Math.min((n + Math.max(1, minChunk) - 1) / Math.max(1, minChunk), 4 * threads);
        if (executor == null || parts <= 1) {
            task.run(0, n);
            return;
        }
        int size = (n + parts - 1) / parts;
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(parts);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int c = next.getAndIncrement(); c < parts; c = next.getAndIncrement()) {
                try {
                    task.run(c * size, Math.min(n, (c + 1) * size));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int i = 1; i < Math.min(parts, threads); i++) {
            executor.execute(worker);
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pre-processing", e);
        }
        rethrow(failure.get());
    }

    /**
     * Starts {@code work} on {@code executor} and returns a handle whose {@code get()} yields its result;
     * if no thread has picked the work up by then, {@code get()} runs it on the caller. Inline (at
     * {@code get()}) when the executor is null.
     */
    static <T> Supplier<T> fork(Executor executor, Supplier<T> work) {
        if (executor == null) {
            return work;
        }
        FutureTask<T> task = new FutureTask<>(work::get);
        executor.execute(task);
        return () -> {
            // FutureTask.run does nothing if another thread has already started the task.
            task.run();
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pre-processing", e);
            } catch (ExecutionException e) {
                rethrow(e.getCause());
                throw new IllegalStateException(e.getCause());
            }
        };
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private static final class Holder {
        static final ExecutorService POOL = newPool(Runtime.getRuntime().availableProcessors(), "sigma-ppg-signal");
    }
}
