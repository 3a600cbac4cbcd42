package org.sigmappg.app.charts;

import java.util.Locale;
import org.sigmappg.app.charts.TickFormat;

/**
 * Times from the record start as people read them: plain seconds for a record under a minute ({@code 0.5}),
 * clock style ({@code 1:02:03}) for longer ones, with the decimals the tick step needs when zoomed in.
 */
public final class TimeFormat {
    private TimeFormat() {
    }

    /** How the times of a record read. */
    public enum Style {
        /** Seconds from the start ({@code 1.5}): a record under a minute. */
        SECONDS("s"),
        /** Minutes and seconds ({@code 2:30}): a record under an hour. */
        MINUTES("m:ss"),
        /** Hours, minutes and seconds ({@code 1:02:03}). */
        HOURS("h:mm:ss");

        private final String unit;

        Style(String unit) {
            this.unit = unit;
        }

        /** The style for a record {@code seconds} long. */
        public static Style of(double seconds) {
            return seconds < 60 ? SECONDS : seconds < 3600 ? MINUTES : HOURS;
        }

        /** How the time axis is titled in this style. */
        public String axisTitle() {
            return "time from record start (" + unit + ")";
        }
    }

    /** A tick label for {@code seconds} on an axis whose ticks are {@code unit} seconds apart. */
    public static String tick(double seconds, double unit, Style style) {
        int decimals = TickFormat.decimals(unit);
        if (style == Style.SECONDS) {
            return TickFormat.number(seconds, decimals);
        }
        String c = clock(seconds, decimals);
        // Every label of an hours axis shows the hours, so 30:00 is not read as 30 hours.
        return style == Style.HOURS && Math.abs(seconds) < 3600 ? (c.startsWith("-") ? "-0:" + c.substring(1) : "0:" + c) : c;
    }

    /** A time shown to about a tenth of {@code span} (the visible range's ends). */
    public static String approximately(double seconds, double span, Style style) {
        return tick(seconds, tickUnit(span, 10), style);
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
}
