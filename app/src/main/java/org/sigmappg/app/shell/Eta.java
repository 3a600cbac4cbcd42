package org.sigmappg.app.shell;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Estimates the time left of a phase of work from its progress: the rate since the phase began (or since the
 * first report of a resumed phase, which starts part-way), once enough has been done for the rate to mean
 * something. A new phase name starts the estimate again.
 */
public final class Eta {
    /** No estimate before this much of the phase was seen to progress, nor before this many seconds. */
    private static final double MIN_FRACTION = 0.01;
    private static final double MIN_SECONDS = 2;

    private String phase;
    private long startNanos;
    private double startFraction = Double.NaN;
    private OptionalDouble seconds = OptionalDouble.empty();

    /**
     * Takes in a progress report.
     *
     * @param fraction done in [0, 1], or negative while the amount of work is unknown
     */
    public OptionalDouble update(String phaseName, double fraction, long nowNanos) {
        if (!phaseName.equals(phase) || fraction < 0 || Double.isNaN(startFraction) || fraction < startFraction) {
            phase = phaseName;
            startNanos = nowNanos;
            startFraction = fraction < 0 ? Double.NaN : fraction;
            seconds = OptionalDouble.empty();
            return seconds;
        }
        double done = fraction - startFraction;
        double elapsed = (nowNanos - startNanos) / 1e9;
        if (done < MIN_FRACTION || elapsed < MIN_SECONDS) {
            return seconds;
        }
        seconds = OptionalDouble.of(Math.max(0, (1 - fraction) * elapsed / done));
        return seconds;
    }

    /** The latest estimate. */
    public OptionalDouble seconds() {
        return seconds;
    }

    /** An estimate in words: {@code ETA 40 s}, {@code ETA 12 min}, {@code ETA 2 h 05 min}. */
    public static String text(double seconds) {
        if (seconds < 60) {
            return "ETA " + (long) Math.max(5, Math.ceil(seconds / 5) * 5) + " s";
        }
        if (seconds < 3600) {
            return "ETA " + Math.round(seconds / 60) + " min";
        }
        long minutes = Math.round(seconds / 60);
        return String.format(Locale.ROOT, "ETA %d h %02d min", minutes / 60, minutes % 60);
    }
}
