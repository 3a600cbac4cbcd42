package org.sigmappg.io.text;

/**
 * Turns clock times of day read row after row (23:59:59, then 00:00:00) into seconds that keep counting
 * past midnight: a clock time more than twelve hours before the previous one is taken to be on the next
 * day, so a recording through the night stays in order while a row a few seconds back is still out of order.
 */
public final class DayClock {
    private static final double DAY = 86_400;

    private double previous = Double.NaN;
    private long days;

    /** Seconds from midnight before the first row's clock time to {@code clockSeconds} on its day. */
    public double seconds(double clockSeconds) {
        double t = clockSeconds + days * DAY;
        if (t < previous - DAY / 2) {
            days++;
            t += DAY;
        }
        previous = t;
        return t;
    }
}
