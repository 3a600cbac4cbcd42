package org.sigmappg.io.text;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.ReadException;

/**
 * The uniform sample grid that a time column describes: the rate, how many grid steps each row
 * advances (one, or more across a gap, which the reader fills with NaN), and notes on how it was
 * found. Built from the row-to-row steps of the time column, in the column's own unit.
 */
final class TimeGrid {
    /** A step longer than this many typical steps is a gap: samples were lost there. */
    static final double GAP_FACTOR = 1.5;
    /** Above this interquartile range of steps, relative to the median step, the rows have no usable rate. */
    static final double MAX_JITTER = 0.5;
    /** A waveform sampled slower than this is implausible, which is what tells a step of 8.5 is milliseconds. */
    static final double SLOWEST_SIGNAL_RATE = 1.0;
    /** Share and number of rows repeating the time before them from which the repeats come from a coarse clock. */
    private static final double COARSE_CLOCK_SHARE = 0.01;
    private static final int COARSE_CLOCK_MIN_REPEATS = 10;
    /** Under a coarse clock a step spans a few ticks at most; a longer one is lost data. */
    private static final double COARSE_CLOCK_MAX_TICKS = 4;
    /** Float steps carry about 1e-7 relative error; rates this close to a whole number of Hz are that number. */
    private static final double WHOLE_HZ_TOLERANCE = 1e-6;

    private final double fs;
    private final double unitStep;
    private final boolean coarseClock;
    private final Map<String, String> notes;

    private TimeGrid(double fs, double unitStep, boolean coarseClock, Map<String, String> notes) {
        this.fs = fs;
        this.unitStep = unitStep;
        this.coarseClock = coarseClock;
        this.notes = notes;
    }

    /** Row facts gathered while streaming the time column. */
    record Steps(FloatSeries steps, double span, long duplicates, int firstDuplicateLine, double largestStep,
                 int largestStepLine, NewTimes newTimes) {
    }

    /**
     * The rows (0-based, counted among the rows with values) on which the second and the last distinct
     * times first appear, with those times and the first row's time; -1 for a row when the time never changes.
     */
    record NewTimes(double firstTime, long secondRow, double secondTime, long lastRow, double lastTime) {
        /**
         * Rows per column unit under a clock coarser than the samples: the rows from the first row of one
         * time to the first row of a later one fill exactly the ticks between them, whereas the rows over
         * the whole span also hold the rows of the last tick but not its length (125.4 Hz instead of 125 Hz
         * over 300 ticks of a 1 s clock). The first time's rows may have begun part-way through its tick,
         * so the count starts at the second time, unless there are only two times.
         */
        double rowsPerUnit() {
            if (lastRow > secondRow) {
                return (lastRow - secondRow) / (lastTime - secondTime);
            }
            return secondRow / (secondTime - firstTime);
        }

        /** Rows and time over which {@link #rowsPerUnit} counted, for the note. */
        long countedRows() {
            return lastRow > secondRow ? lastRow - secondRow : secondRow;
        }

        double countedSpan() {
            return lastRow > secondRow ? lastTime - secondTime : secondTime - firstTime;
        }
    }

    /**
     * Fits the grid, or refuses: duplicated timestamps that are not explained by a coarse clock (named by
     * line), steps too irregular for a rate, or a gap that a coarse clock cannot place.
     */
    static TimeGrid fit(Path file, TimeColumn column, Steps s) throws ReadException {
        Map<String, String> notes = new LinkedHashMap<>();
        float[] sorted = s.steps().toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        if (s.duplicates() > 0) {
            int firstPositive = 0;
            while (firstPositive < n && sorted[firstPositive] <= 0) {
                firstPositive++;
            }
            double tick = n > firstPositive ? sorted[firstPositive + (n - firstPositive) / 2] : 0;
            NewTimes times = s.newTimes();
            double interval = times.secondRow() > 0 ? 1.0 / times.rowsPerUnit() : s.span() / n;
            // Loggers that stamp rows with a clock coarser than the sampling (Windows' 15.6 ms timer), or
            // files that print times with too few decimals (BIDMC's 0.01 s at 125 Hz), repeat timestamps
            // throughout the file; a few repeats are duplicated rows, an error.
            boolean systematic = s.duplicates() >= COARSE_CLOCK_MIN_REPEATS && s.duplicates() >= COARSE_CLOCK_SHARE * n;
            double secondsPerUnit = resolveUnit(column, interval, notes);
            if (systematic && s.largestStep() > COARSE_CLOCK_MAX_TICKS * tick) {
                throw new ReadException(file, "line " + s.largestStepLine(), String.format(Locale.ROOT,
                        "the time jumps by %s after the row before, but the times advance in ticks of %s, coarser than"
                                + " the samples, so the samples lost there cannot be placed on a uniform grid; give the"
                                + " rate with --fs HZ to read the rows as uniform samples",
                        seconds(s.largestStep() * secondsPerUnit), seconds(tick * secondsPerUnit)));
            }
            if (!systematic || !(tick > interval)) {
                throw new ReadException(file, "line " + s.firstDuplicateLine(), "the time in column "
                        + MessageTools.quote(column.heading()) + " repeats the time of the row before; rows must have distinct times");
            }
            double fs = snap(1.0 / (interval * secondsPerUnit));
            notes.put("time.rate", String.format(Locale.ROOT, "%.6g Hz from %d rows over %s, counted from the first row of"
                            + " one time to the first row of a later one: the times advance in ticks of %s, so %d rows"
                            + " repeat the time before them", fs, times.countedRows(), seconds(times.countedSpan() * secondsPerUnit),
                    seconds(tick * secondsPerUnit), s.duplicates()));
            return new TimeGrid(fs, interval, true, notes);
        }
        double median = sorted[n / 2];
        double jitter = (sorted[(3 * n) / 4] - sorted[n / 4]) / median;
        double secondsPerUnit = resolveUnit(column, median, notes);
        if (jitter > MAX_JITTER) {
            throw new ReadException(file, "column " + (column.index() + 1) + " (" + MessageTools.shorten(column.heading()) + ")",
                    String.format(Locale.ROOT, "the times in column %s are too irregular "
                            + "for a sampling rate: half of the steps lie between %s and %s (median %s); give the rate "
                            + "with --fs HZ to read the rows as uniform samples", MessageTools.quote(column.heading()),
                    seconds(sorted[n / 4] * secondsPerUnit), seconds(sorted[(3 * n) / 4] * secondsPerUnit),
                    seconds(median * secondsPerUnit)));
        }
        double fs = snap(1.0 / (median * secondsPerUnit));
        notes.put("time.rate", String.format(Locale.ROOT, "%.6g Hz from the median step %s", fs,
                seconds(median * secondsPerUnit)));
        notes.put("time.jitter", String.format(Locale.ROOT, "%.4f (interquartile range of the steps / median step)", jitter));
        return new TimeGrid(fs, median, false, notes);
    }

    private static double resolveUnit(TimeColumn column, double typicalStep, Map<String, String> notes) {
        if (column.secondsPerUnit() != null) {
            notes.put("time.unit", unitName(column.secondsPerUnit()) + " (" + column.unitSource() + ")");
            return column.secondsPerUnit();
        }
        double unit = TimeColumn.inferSecondsPerUnit(typicalStep, SLOWEST_SIGNAL_RATE);
        notes.put("time.unit", unitName(unit) + String.format(Locale.ROOT, " (inferred from the typical step %.6g)", typicalStep));
        return unit;
    }

    private static String unitName(double secondsPerUnit) {
        return secondsPerUnit == 1.0 ? "s" : secondsPerUnit == 1e-3 ? "ms" : secondsPerUnit == 1e-6 ? "us" : secondsPerUnit + " s";
    }

    private static double snap(double fs) {
        double whole = Math.rint(fs);
        return whole > 0 && Math.abs(fs - whole) <= WHOLE_HZ_TOLERANCE * fs ? whole : fs;
    }

    private static String seconds(double s) {
        return Math.abs(s) < 1 ? String.format(Locale.ROOT, "%.4g ms", s * 1e3) : String.format(Locale.ROOT, "%.4g s", s);
    }

    double fs() {
        return fs;
    }

    /** How many grid steps a row advances after a time step of {@code step} (column units): 1, or more across a gap. */
    long advance(float step) {
        if (coarseClock || step <= GAP_FACTOR * unitStep) {
            return 1;
        }
        return Math.round(step / unitStep);
    }

    /**
     * Number of grid samples the rows fill, NaN gaps included; notes the gaps (count, samples filled,
     * largest step and its line).
     */
    long length(Steps s) {
        long length = 1;
        long gaps = 0;
        for (long i = 0; i < s.steps().size(); i++) {
            long a = advance(s.steps().get(i));
            length += a;
            gaps += a > 1 ? 1 : 0;
        }
        if (gaps > 0) {
            notes.put("time.gaps", String.format(Locale.ROOT, "%d gaps, %d samples filled with NaN; the largest step, "
                    + "%.6g in column units, ends on line %d", gaps, length - 1 - s.steps().size(), s.largestStep(),
                    s.largestStepLine()));
        }
        return length;
    }

    Map<String, String> notes() {
        return notes;
    }
}
