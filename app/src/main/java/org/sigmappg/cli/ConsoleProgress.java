package org.sigmappg.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.sigmappg.run.ProgressMonitor;

/**
 * A progress bar on standard error (redrawn in place on a terminal, a line every few seconds otherwise),
 * with the rate and ETA; Ctrl-C asks the work to stop cleanly.
 */
final class ConsoleProgress implements ProgressMonitor {
    private static final int WIDTH = 28;
    private static final long CANCEL_GRACE_SECONDS = 120;

    private final PrintStream err;
    private final boolean terminal;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong done = new AtomicLong();
    private volatile String phase = "";
    private volatile long total = -1;
    private volatile String message = "";
    private volatile long phaseStart = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    ConsoleProgress(PrintStream err) {
        this.err = err;
        this.terminal = System.console() != null && !Boolean.getBoolean("sigmappg.plainProgress");
    }

    /**
     * On Ctrl-C (or SIGTERM) asks the work to stop and waits for it to save its state, instead of letting
     * the JVM die in the middle of a step. The command calls {@link #workFinished()} when it is done.
     */
    ConsoleProgress cancelOnInterrupt() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cancelled.set(true);
            try {
                finished.await(CANCEL_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cancel-on-interrupt"));
        return this;
    }

    /** Says the work has stopped (finished, failed or cancelled), releasing a waiting Ctrl-C. */
    void workFinished() {
        finished.countDown();
    }

    void cancel() {
        cancelled.set(true);
    }

    @Override
    public synchronized void begin(String newPhase, long totalWork) {
        finishLine();
        phase = newPhase;
        total = totalWork;
        done.set(0);
        message = "";
        phaseStart = System.nanoTime();
        lastDraw = 0;
        draw(true);
    }

    @Override
    public void worked(long units) {
        done.addAndGet(units);
        draw(false);
    }

    @Override
    public void message(String text) {
        message = text == null ? "" : text;
        draw(false);
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Ends the current bar's line so later output starts on a fresh one. */
    synchronized void finishLine() {
        if (drawn && terminal) {
            draw(true);
            err.println();
        }
        drawn = false;
    }

    private synchronized void draw(boolean force) {
        long now = System.nanoTime();
        long interval = terminal ? 100_000_000L : 5_000_000_000L;
        if (!force && now - lastDraw < interval) {
            return;
        }
        lastDraw = now;
        String line = render(now);
        if (terminal) {
            err.print("\r" + line + "\033[K");
        } else {
            err.println(line);
        }
        err.flush();
        drawn = true;
    }

    private String render(long now) {
        long d = done.get();
        long t = total;
        double elapsed = (now - phaseStart) / 1e9;
        StringBuilder sb = new StringBuilder(phase);
        if (t > 0) {
            double f = Math.min(1.0, d / (double) t);
            int filled = (int) Math.round(f * WIDTH);
            sb.append(" [").append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
                    .append(d).append('/').append(t);
            if (d > 0 && d < t) {
                double eta = elapsed / d * (t - d);
                sb.append(" ETA ").append(formatDuration(eta));
            }
        } else if (d > 0) {
            sb.append(' ').append(d);
        }
        sb.append(' ').append(formatDuration(elapsed));
        if (!message.isEmpty()) {
            sb.append("  ").append(message);
        }
        return sb.toString();
    }

    static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
