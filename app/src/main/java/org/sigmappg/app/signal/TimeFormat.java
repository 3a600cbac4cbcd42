package org.sigmappg.app.signal;

import java.util.Locale;

/** Times from the record start as people read them: clock style ({@code 1:02:03}) with decimals when zoomed in. */
public final class TimeFormat {
    private TimeFormat() {
    }

    /**
     * A tick label for {@code seconds} on an axis showing {@code span} seconds: whole seconds for spans over a
     * minute, tenths or hundredths when zoomed further in.
     */
    public static String tick(double seconds, double span) {
        int decimals = span > 60 ? 0 : span > 6 ? 1 : span > 0.6 ? 2 : 3;
        return clock(seconds, decimals);
    }

    /** {@code seconds} as {@code m:ss} or {@code h:mm:ss}, with {@code decimals} digits after the seconds. */
    public static String clock(double seconds, int decimals) {
        double scale = Math.pow(10, decimals);
        double rounded = Math.round(Math.abs(seconds) * scale) / scale;
        long whole = (long) Math.floor(rounded);
        double frac = rounded - whole;
        long h = whole / 3600;
        long m = whole / 60 % 60;
        long s = whole % 60;
        String sign = seconds < 0 && rounded > 0 ? "-" : "";
        String sec = decimals > 0
                ? String.format(Locale.ROOT, "%02d%s", s, String.format(Locale.ROOT, "%." + decimals + "f", frac).substring(1))
                : String.format(Locale.ROOT, "%02d", s);
        return h > 0 ? String.format(Locale.ROOT, "%s%d:%02d:%s", sign, h, m, sec) : String.format(Locale.ROOT, "%s%d:%s", sign, m, sec);
    }

    /** A length of time in words: {@code 2.1 s}, {@code 10 min}, {@code 5 min 30 s}, {@code 24 h}. */
    public static String duration(double seconds) {
        if (seconds < 60) {
            return (seconds < 10 ? String.format(Locale.ROOT, "%.1f", seconds) : String.format(Locale.ROOT, "%.0f", seconds)) + " s";
        }
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = s / 60 % 60;
        long rest = s % 60;
        if (h > 0) {
            return h + " h" + (m > 0 ? " " + m + " min" : "");
        }
        return m + " min" + (rest > 0 ? " " + rest + " s" : "");
    }

    /** Tick spacings that read well on a clock: sub-second decimals, then 1, 2, 5, 10, 15, 30 s, minutes and hours. */
    private static final double[] TICK_UNITS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30,
        60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};

    /** The smallest clock-friendly tick spacing that puts at most {@code maxTicks} ticks on {@code span} seconds. */
    public static double tickUnit(double span, int maxTicks) {
        double wanted = span / Math.max(1, maxTicks);
        for (double u : TICK_UNITS) {
            if (u >= wanted) {
                return u;
            }
        }
        return Math.ceil(wanted / 86400) * 86400;
    }

    /** A value tick label with as many decimals as the axis span needs and thousands separated, never as 2.5E5. */
    public static String value(double v, double span) {
        double step = span / 8;
        int decimals = step >= 1 || !(step > 0) ? 0 : (int) Math.min(6, Math.ceil(-Math.log10(step)));
        return String.format(Locale.ROOT, "%,." + decimals + "f", v + 0.0);
    }
}
