package org.sigmappg.app.signal;

/**
 * The visible time range of a recording in the signal explorer: zoom about a point, pan, reset, always
 * kept inside the recording and no narrower than a minimum span.
 */
public final class Viewport {
    private final double fullStart;
    private final double fullEnd;
    private final double minSpan;
    private double start;
    private double end;

    /**
     * @param fullStart first time of the recording in seconds
     * @param fullEnd last time of the recording in seconds
     * @param minSpan narrowest visible range in seconds (a few samples)
     */
    public Viewport(double fullStart, double fullEnd, double minSpan) {
        if (!(fullEnd > fullStart)) {
            fullEnd = fullStart + Math.max(minSpan, 1);
        }
        this.fullStart = fullStart;
        this.fullEnd = fullEnd;
        this.minSpan = Math.min(minSpan, fullEnd - fullStart);
        reset();
    }

    public double start() {
        return start;
    }

    public double end() {
        return end;
    }

    public double span() {
        return end - start;
    }

    public double fullStart() {
        return fullStart;
    }

    public double fullEnd() {
        return fullEnd;
    }

    /** Whether the whole recording is visible. */
    public boolean isFull() {
        return start <= fullStart && end >= fullEnd;
    }

    /** Shows the whole recording. */
    public void reset() {
        start = fullStart;
        end = fullEnd;
    }

    /**
     * Zooms by {@code factor} (above 1 zooms in) keeping the time {@code anchor} at the same place on screen.
     *
     * @return whether the range changed
     */
    public boolean zoom(double factor, double anchor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            return false;
        }
        double a = Math.max(start, Math.min(end, anchor));
        double newSpan = Math.max(minSpan, Math.min(fullEnd - fullStart, span() / factor));
        double left = (a - start) / span();
        return set(a - left * newSpan, a - left * newSpan + newSpan);
    }

    /** Moves the range by {@code seconds} (positive moves later), stopping at the ends of the recording. */
    public boolean pan(double seconds) {
        double s = span();
        double newStart = Math.max(fullStart, Math.min(fullEnd - s, start + seconds));
        return set(newStart, newStart + s);
    }

    /** Shows {@code [from, to]}, clamped to the recording and widened to the minimum span. */
    public boolean set(double from, double to) {
        double s = Math.max(minSpan, Math.min(fullEnd - fullStart, to - from));
        double newStart = Math.max(fullStart, Math.min(fullEnd - s, from));
        double newEnd = newStart + s;
        boolean changed = newStart != start || newEnd != end;
        start = newStart;
        end = newEnd;
        return changed;
    }

    /** Time at horizontal position {@code px} of a plot {@code width} pixels wide. */
    public double timeAt(double px, double width) {
        return start + px / width * span();
    }
}
