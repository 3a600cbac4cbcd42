package org.sigmappg.io.labels;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.text.ColumnHeader;
import org.sigmappg.io.text.DelimitedRows;
import org.sigmappg.io.text.TimeColumn;

/**
 * Reads a label file at its own rate (1 Hz SpO2 next to a 100 Hz PPG, per-beat HR, a cuff reading
 * every few minutes): delimited text with a time column, or rows at {@link ReadOptions#fs()}; every
 * other column becomes one {@link LabelSeries}.
 *
 * <p>Times count from the label file's first timestamp; when the file has date-times and the
 * recording's start is given, they count from the recording's start instead, so the labels line up
 * with the signal. A numeric time column without a unit (no "[s]"/"ms" in its heading, no
 * {@link ReadOptions#timeUnit()}) is read as seconds when its typical step is at most a minute, and
 * otherwise refused, because a step of 1000 is as likely 1 Hz in milliseconds as 17 minutes in
 * seconds. Rows must be in strictly increasing time order.
 */
public final class LabelSeriesReader {
    /** The longest typical step, in unitless time, that is taken to be seconds. */
    static final double LARGEST_UNITLESS_STEP = 60;

    /** Reads the file with times counted from its own first timestamp. */
    public List<LabelSeries> read(Path file, ReadOptions options) throws IOException {
        return read(file, options, null);
    }

    /**
     * Reads the file; date-times are counted from {@code recordingStart} when it is given (times before
     * the recording are negative), numeric times from the file's first timestamp.
     */
    public List<LabelSeries> read(Path file, ReadOptions options, Instant recordingStart) throws IOException {
        ReadOptions o = options == null ? ReadOptions.DEFAULT : options;
        try (DelimitedRows rows = DelimitedRows.open(file, o.charset())) {
            if (!nextWithValues(rows)) {
                throw new ReadException(file, "line " + rows.line(), "the file ends here without a single value; it is empty");
            }
            List<ColumnHeader> headers = null;
            if (rows.isHeader()) {
                headers = rows.headings();
                int headerLine = rows.line();
                if (!nextWithValues(rows)) {
                    throw new ReadException(file, "line " + rows.line(), "the file ends after its header row (line "
                            + headerLine + ") without a single value under it");
                }
            }
            int columns = headers != null ? headers.size() : rows.size();
            TimeColumn time = TimeColumn.find(file, headers, rows, o.timeColumn(), o.timeUnit());
            if (time == null && o.fs() == null) {
                throw new ReadException(file, null, "has no time column and no rate; give the rate of its rows with"
                        + " --fs HZ, e.g. --fs 1");
            }
            List<String> names = names(file, headers, columns, time, o.columnNames());
            Columns data = new Columns(columns);
            Instant first = null;
            long pendingBlank = 0;
            int previousLine = 0;
            do {
                if (rows.isBlank()) {
                    pendingBlank++;
                    continue;
                }
                if (rows.size() != columns) {
                    throw rows.error("has " + rows.size() + " cells, but the " + (headers != null ? "header" : "first row")
                            + " has " + columns);
                }
                if (time == null) {
                    // Rows at a fixed rate: blank rows between values are missing labels.
                    for (; pendingBlank > 0; pendingBlank--) {
                        data.addMissing(data.size / o.fs());
                    }
                }
                pendingBlank = 0;
                double t;
                if (time == null) {
                    t = data.size / o.fs();
                } else if (time.dateTime()) {
                    Instant at = rows.timestamp(time.index(), time.heading());
                    first = first == null ? at : first;
                    t = seconds(first, at);
                } else {
                    t = rows.number(time.index(), time.heading());
                    if (Double.isNaN(t)) {
                        throw rows.error(time.index(), time.heading(), "the time is missing; every row with values needs one");
                    }
                }
                if (time != null && data.size > 0 && !(t > data.times[data.size - 1])) {
                    throw rows.error(time.index(), time.heading(), "time " + MessageTools.quote(rows.cell(time.index())) + " is not after"
                            + " the time on line " + previousLine + "; label rows must be in increasing time order");
                }
                data.add(t, rows, names);
                previousLine = rows.line();
            } while (rows.next());
            double[] times = Arrays.copyOf(data.times, data.size);
            if (time != null) {
                shift(file, time, times, first, recordingStart);
            }
            List<LabelSeries> series = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                if (names.get(c) != null) {
                    String unit = headers != null ? headers.get(c).unit() : "";
                    series.add(new LabelSeries(names.get(c), unit, times, Arrays.copyOf(data.values[c], data.size)));
                }
            }
            return series;
        }
    }

    /** Label times and values as they are read, in growing arrays (label files are small). */
    private static final class Columns {
        private double[] times = new double[64];
        private final double[][] values;
        private int size;

        Columns(int columns) {
            values = new double[columns][64];
        }

        void add(double t, DelimitedRows rows, List<String> names) throws ReadException {
            grow();
            times[size] = t;
            for (int c = 0; c < values.length; c++) {
                values[c][size] = names.get(c) == null ? Double.NaN : rows.number(c, names.get(c));
            }
            size++;
        }

        void addMissing(double t) {
            grow();
            times[size] = t;
            for (double[] v : values) {
                v[size] = Double.NaN;
            }
            size++;
        }

        private void grow() {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                for (int c = 0; c < values.length; c++) {
                    values[c] = Arrays.copyOf(values[c], size * 2);
                }
            }
        }
    }

    private static boolean nextWithValues(DelimitedRows rows) throws IOException {
        while (rows.next()) {
            if (!rows.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** Turns raw times into seconds from the file's first time, or from the recording start for date-times. */
    private static void shift(Path file, TimeColumn time, double[] times, Instant first, Instant recordingStart)
            throws ReadException {
        double offset;
        double unit;
        if (time.dateTime()) {
            unit = 1;
            offset = recordingStart == null ? 0 : seconds(recordingStart, first);
        } else {
            unit = time.secondsPerUnit() != null ? time.secondsPerUnit() : unitless(file, time, times);
            offset = -times[0] * unit;
        }
        for (int i = 0; i < times.length; i++) {
            times[i] = times[i] * unit + offset;
        }
    }

    private static double unitless(Path file, TimeColumn time, double[] times) throws ReadException {
        if (times.length < 2) {
            return 1;
        }
        double[] steps = new double[times.length - 1];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = times[i + 1] - times[i];
        }
        Arrays.sort(steps);
        double median = steps[steps.length / 2];
        if (median > LARGEST_UNITLESS_STEP) {
            throw new ReadException(file, null, String.format(Locale.ROOT, "the time column %s gives no unit and its"
                    + " typical step is %.6g, which could be seconds or milliseconds; give the unit with --time-unit s"
                    + " or --time-unit ms", MessageTools.quote(time.heading()), median));
        }
        return 1;
    }

    private static double seconds(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return d.getSeconds() + d.getNano() * 1e-9;
    }

    private static List<String> names(Path file, List<ColumnHeader> headers, int columns, TimeColumn time,
                                      String given) throws ReadException {
        List<String> names = new ArrayList<>();
        String[] parts = given == null || given.isBlank() ? null : given.split(",", -1);
        int labels = columns - (time == null ? 0 : 1);
        if (parts != null && parts.length != labels) {
            throw new ReadException(file, null, "the label names given (" + given + ") are " + parts.length
                    + ", but the file has " + labels + " label columns");
        }
        int k = 0;
        for (int c = 0; c < columns; c++) {
            if (time != null && c == time.index()) {
                names.add(null);
            } else {
                names.add(parts != null ? parts[k].strip() : headers != null ? headers.get(c).name() : "label" + (k + 1));
                k++;
            }
        }
        return names;
    }
}
