package org.sigmappg.app.shell;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A read that a view repeats (on a refresh, on a poll, when a run ends): one at a time, answers shown in the order
 * asked, and a request made while a read is under way reads again once it is done, so the last thing shown was always
 * read after the last request. Without this a refresh asked for while an older read was still out was dropped, or an
 * older read's answer arrived last, and a finished run went on showing as queued or running. Used on the JavaFX thread.
 */
public final class Reread<T> {
    /** Runs a read off the JavaFX thread and answers on it: {@link BackgroundWork#read}. */
    @FunctionalInterface
    public interface Reader {
        <R> void read(Callable<R> read, Consumer<R> then, Consumer<Throwable> failed);
    }

    private final Reader reader;
    private final Callable<T> read;
    private final Consumer<T> show;
    private final Consumer<Throwable> failed;
    private boolean reading;
    private boolean again;

    public Reread(Reader reader, Callable<T> read, Consumer<T> show, Consumer<Throwable> failed) {
        this.reader = reader;
        this.read = read;
        this.show = show;
        this.failed = failed;
    }

    /** Through the workbench's background threads. */
    public Reread(BackgroundWork work, Callable<T> read, Consumer<T> show, Consumer<Throwable> failed) {
        this(work::read, read, show, failed);
    }

    /** Reads now, or once the read under way has answered. */
    public void request() {
        if (reading) {
            again = true;
            return;
        }
        reading = true;
        again = false;
        reader.read(read, result -> {
            reading = false;
            // Shown even when asked again meanwhile: it is newer than what is shown, and reads that keep being asked
            // for must not starve the view. Reads run one after the other, so answers arrive in order.
            show.accept(result);
            if (again) {
                request();
            }
        }, error -> {
            reading = false;
            if (again) {
                request();
                return;
            }
            failed.accept(error);
        });
    }

    /** Whether a read is under way. */
    public boolean reading() {
        return reading;
    }
}
