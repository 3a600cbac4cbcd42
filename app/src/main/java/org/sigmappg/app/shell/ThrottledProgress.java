package org.sigmappg.app.shell;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.sigmappg.run.ProgressMonitor;

/**
 * A {@link ProgressMonitor} for work running off the JavaFX thread that hands its state to the user interface
 * at most once per interval (10 times a second by default), however often the work reports, and always hands
 * over the latest state: a report arriving too soon after the last one is delivered when the interval is up.
 * It has no JavaFX in it: the executor it delivers through is {@code Platform::runLater} in the workbench.
 */
public final class ThrottledProgress implements ProgressMonitor {
    /** The state of the work at one moment. */
    public record Snapshot(String phase, long total, long done, String message) {
        /** Fraction done in [0, 1], or -1 when the amount of work is unknown. */
        public double fraction() {
            return total > 0 ? Math.min(1, (double) done / total) : -1;
        }
    }

    private final long intervalNanos;
    private final ScheduledExecutorService timer;
    private final Executor ui;
    private final Consumer<Snapshot> listener;
    private final LongSupplier clock;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicLong done = new AtomicLong();
    private volatile String phase = "";
    private volatile long total = -1;
    private volatile String message = "";
    private volatile long lastDelivered = Long.MIN_VALUE / 2;

    /**
     * @param intervalMillis shortest time between two deliveries
     * @param timer schedules a delayed delivery
     * @param ui runs a delivery (on the JavaFX thread in the workbench)
     * @param listener receives the snapshots, on {@code ui}
     */
    public ThrottledProgress(long intervalMillis, ScheduledExecutorService timer, Executor ui, Consumer<Snapshot> listener) {
        this(intervalMillis, timer, ui, listener, System::nanoTime);
    }

    ThrottledProgress(long intervalMillis, ScheduledExecutorService timer, Executor ui, Consumer<Snapshot> listener, LongSupplier clock) {
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.timer = timer;
        this.ui = ui;
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public void begin(String newPhase, long totalWork) {
        phase = newPhase == null ? "" : newPhase;
        total = totalWork;
        done.set(0);
        changed();
    }

    @Override
    public void worked(long units) {
        done.addAndGet(units);
        changed();
    }

    @Override
    public void message(String text) {
        message = text == null ? "" : text;
        changed();
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Asks the work to stop; it notices at its next check. */
    public void cancel() {
        cancelled.set(true);
    }

    public Snapshot snapshot() {
        return new Snapshot(phase, total, done.get(), message);
    }

    private void changed() {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        long wait = Math.max(0, lastDelivered + intervalNanos - clock.getAsLong());
        Runnable deliver = () -> ui.execute(this::deliver);
        if (wait == 0) {
            deliver.run();
        } else {
            timer.schedule(deliver, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void deliver() {
        lastDelivered = clock.getAsLong();
        // Cleared before reading, so a report arriving during the delivery schedules the next one.
        scheduled.set(false);
        listener.accept(snapshot());
    }
}
