package org.sigmappg.app.shell;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * A piece of background work as the status bar shows it: a title, the latest progress message and fraction
 * (updated on the JavaFX thread at most ten times a second), and a cancel request.
 */
public final class Job {
    private final String title;
    private final boolean cancellable;
    private final ThrottledProgress monitor;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper(this, "eta", "");
    private final Eta estimate = new Eta();

    Job(String title, boolean cancellable, ThrottledProgress.Snapshot initial, java.util.function.Function<Job, ThrottledProgress> monitorFactory) {
        this.title = title;
        this.cancellable = cancellable;
        this.monitor = monitorFactory.apply(this);
        show(initial);
    }

    void show(ThrottledProgress.Snapshot s) {
        String text = s.phase().isEmpty() ? s.message() : s.message().isEmpty() ? s.phase() : s.phase() + ": " + s.message();
        if (s.total() > 0) {
            text += " (" + Math.min(s.done(), s.total()) + "/" + s.total() + ")";
        }
        message.set(text);
        progress.set(s.fraction());
        eta.set(estimate.update(s.phase(), s.fraction(), System.nanoTime()).stream().mapToObj(Eta::text).findFirst().orElse(""));
    }

    public String title() {
        return title;
    }

    public boolean cancellable() {
        return cancellable;
    }

    ThrottledProgress monitor() {
        return monitor;
    }

    /** Asks the work to stop at its next check. */
    public void cancel() {
        monitor.cancel();
    }

    public boolean isCancelled() {
        return monitor.isCancelled();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The estimated time left of the current phase in words ({@code ETA 4 min}), empty until it can be estimated. */
    public ReadOnlyStringProperty etaProperty() {
        return eta.getReadOnlyProperty();
    }

    /** Fraction done, or -1 while the amount of work is unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }
}
