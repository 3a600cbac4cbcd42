package org.sigmappg.io.labels;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.text.ColumnHeader;
import org.sigmappg.io.text.DayClock;
import org.sigmappg.io.text.DelimitedRows;
import org.sigmappg.io.text.TimeColumn;

/**
 * Reads a label file at its own rate (1 Hz SpO2 next to a 100 Hz PPG, per-beat HR, a cuff reading
 * every few minutes, an oximeter's export): delimited text with a time column, or rows at
 * {@link ReadOptions#fs()}. By default every other column becomes one {@link LabelSeries}; with
 * {@link #optSeries} only the chosen columns are read, several devices' columns may be combined into one
 * label, and the other columns are ignored whatever they hold.
 *
 * <p>Times are numbers (s, ms), date-times, or clock times of day ({@code 09:25:02}, a clock going back by
 * more than twelve hours having passed midnight). They count from the {@link Origin}, and then the
 * {@link #optOffset offset} is added. A numeric time column without a unit (no "[s]"/"ms" in its heading,
 * no {@link ReadOptions#timeUnit()}) is read as seconds when its typical step is at most a minute, and
 * otherwise refused, because a step of 1000 is as likely 1 Hz in milliseconds as 17 minutes in seconds.
 * Rows must be in strictly increasing time order.
 *
 * <p>A status row, a device's message such as "Collection Halted" in place of a measurement, is skipped
 * and counted: a row with text, no valid value in the chosen columns, and no time in the time column (or,
 * in a file without one, no value at all).
 */
public final class LabelSeriesReader {
    /** The longest typical step, in unitless time, that is taken to be seconds. */
    static final double LARGEST_UNITLESS_STEP = 60;
    private static final double DAY = 86_400;

    /** Where label times count from. */
    public enum Origin {
        /** The file's first row is the recording's first sample. */
        FIRST_ROW,
        /** Date-times and clock times are placed against the recording's own start time. */
        RECORDING_START
    }

    private final List<LabelColumns> chosen;
    private final Origin origin;
    private final double offsetSeconds;

    public LabelSeriesReader() {
        this(List.of(), null, 0);
    }

    private LabelSeriesReader(List<LabelColumns> chosen, Origin origin, double offsetSeconds) {
        this.chosen = chosen;
        this.origin = origin;
        this.offsetSeconds = offsetSeconds;
    }

    /** The labels to read, each from one column or several by heading; default: every column but the time, as it is. */
    public LabelSeriesReader optSeries(List<LabelColumns> series) {
        return new LabelSeriesReader(List.copyOf(series), origin, offsetSeconds);
    }

    /**
     * Where the times count from. Default: date-times from the recording's start when it is given, all
     * other times from the file's first row.
     */
    public LabelSeriesReader optOrigin(Origin newOrigin) {
        return new LabelSeriesReader(chosen, Objects.requireNonNull(newOrigin), offsetSeconds);
    }

    /** Seconds added to every label time once the origin is placed: where the label device's clock stands on the recording's. */
    public LabelSeriesReader optOffset(double seconds) {
        if (!Double.isFinite(seconds)) {
            throw new IllegalArgumentException("a label time offset must be a finite number of seconds, got " + seconds);
        }
        return new LabelSeriesReader(chosen, origin, seconds);
    }

    /** Reads the file with times counted from its own first row (date-times too). */
    public LabelFile read(Path file, ReadOptions options) throws IOException {
        return read(file, options, null);
    }

    /**
     * Reads the file, placing its times against {@code recordingStart} as the origin says (times before the
     * recording are negative).
     *
     * @param recordingStart the recording's own start time, or null when it has none (then the origin
     *                       {@link Origin#RECORDING_START} cannot be used)
     */
    public LabelFile read(Path file, ReadOptions options, Instant recordingStart) throws IOException {
        if (origin == Origin.RECORDING_START && recordingStart == null) {
            throw new IllegalArgumentException("label times that count from the recording's start need that start");
        }
        ReadOptions o = options == null ? ReadOptions.DEFAULT : options;
        try (DelimitedRows rows = DelimitedRows.open(file, o.charset())) {
            Status status = new Status();
            if (!nextWithValues(rows)) {
                throw new ReadException(file, "line " + rows.line(), "the file ends here without a single value; it is empty");
            }
            List<ColumnHeader> headers = null;
            int headerLine = 0;
            if (rows.isHeader()) {
                headers = rows.headings();
                headerLine = rows.line();
                if (!nextMeasurement(rows, status)) {
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
            if (time == null && origin == Origin.RECORDING_START) {
                throw new ReadException(file, null, "has no time column, so its rows cannot be placed by the recording's"
                        + " start time; name its time column, or count its rows from the recording's start (origin first-row)");
            }
            List<Series> series = chosen.isEmpty() ? everyColumn(file, headers, columns, time, o.columnNames())
                    : chosenColumns(file, headers, headerLine, time);
            Values data = new Values(series.size());
            double[] row = new double[series.size()];
            DayClock clock = new DayClock();
            Instant first = null;
            long pendingBlank = 0;
            int previousLine = 0;
            do {
                if (rows.isBlank()) {
                    pendingBlank++;
                    continue;
                }
                boolean measured = rowValues(rows, series, row);
                if (!measured && rows.holdsText() && (time != null ? !time.holdsTime(rows) : !rows.holdsValue())) {
                    status.add(rows);
                    continue;
                }
                if (rows.size() != columns) {
                    throw rows.error("has " + rows.size() + " cells, but the " + (headers != null ? "header" : "first row")
                            + " has " + columns);
                }
                checkNumbers(rows, series);
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
                } else if (time.clock()) {
                    t = clock.seconds(rows.clock(time.index(), time.heading()));
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
                data.add(t, row);
                previousLine = rows.line();
            } while (rows.next());
            double[] times = Arrays.copyOf(data.times, data.size);
            place(file, time, times, first, recordingStart);
            List<LabelSeries> out = new ArrayList<>();
            for (int s = 0; s < series.size(); s++) {
                out.add(new LabelSeries(series.get(s).name(), series.get(s).unit(), times, Arrays.copyOf(data.values[s], data.size)));
            }
            return new LabelFile(out, status.count, status.firstLine, status.firstText);
        }
    }

    /**
     * A label as found in the file: its name and unit, the indices of its columns and their headings, and how
     * they are read (null for a column read as it is).
     */
    private record Series(String name, String unit, int[] indices, String[] headings, LabelColumns spec) {
    }

    /** The status rows skipped so far, and the first of them for the report. */
    private static final class Status {
        private int count;
        private int firstLine;
        private String firstText;

        void add(DelimitedRows rows) {
            if (count++ == 0) {
                firstLine = rows.line();
                for (int i = 0; i < rows.size() && firstText == null; i++) {
                    firstText = rows.cell(i).isEmpty() ? null : rows.cell(i);
                }
            }
        }
    }

    /** Label times and values as they are read, in growing arrays (label files are small). */
    private static final class Values {
        private double[] times = new double[64];
        private final double[][] values;
        private int size;

        Values(int series) {
            values = new double[series][64];
        }

        void add(double t, double[] row) {
            grow();
            times[size] = t;
            for (int s = 0; s < values.length; s++) {
                values[s][size] = row[s];
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
                for (int s = 0; s < values.length; s++) {
                    values[s] = Arrays.copyOf(values[s], size * 2);
                }
            }
        }
    }

    /**
     * Each label's value in the current row (NaN where no column holds a valid one), and whether any label
     * has one. Cells past the end of a short row count as empty.
     */
    private static boolean rowValues(DelimitedRows rows, List<Series> series, double[] out) {
        boolean measured = false;
        double[] valid = new double[8];
        for (int s = 0; s < series.size(); s++) {
            Series label = series.get(s);
            int n = 0;
            for (int c : label.indices()) {
                Double v = c < rows.size() ? rows.numberOrNull(c) : null;
                if (v != null && !v.isNaN() && (label.spec() == null || !label.spec().isMissing(v))) {
                    valid = n == valid.length ? Arrays.copyOf(valid, n * 2) : valid;
                    valid[n++] = v;
                }
            }
            out[s] = label.spec() == null ? (n == 0 ? Double.NaN : valid[0]) : label.spec().combine(valid, n);
            measured |= n > 0;
        }
        return measured;
    }

    /** Refuses a chosen cell that holds text other than the texts its label lists as missing. */
    private static void checkNumbers(DelimitedRows rows, List<Series> series) throws ReadException {
        for (Series label : series) {
            for (int k = 0; k < label.indices().length; k++) {
                int c = label.indices()[k];
                if (label.spec() == null) {
                    rows.number(c, label.headings()[k]);
                } else if (rows.numberOrNull(c) == null && !label.spec().isMissing(rows.cell(c))) {
                    throw rows.error(c, label.headings()[k], MessageTools.quote(rows.cell(c)) + " is not a number; if the device"
                            + " writes it when it has no value, add it to the missing values of label " + label.name());
                }
            }
        }
    }

    /** Skips blank rows; false at the end of the file. */
    private static boolean nextWithValues(DelimitedRows rows) throws IOException {
        while (rows.next()) {
            if (!rows.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** Skips blank rows and status rows (text and no value in any cell, counted); false at the end of the file. */
    private static boolean nextMeasurement(DelimitedRows rows, Status status) throws IOException {
        while (nextWithValues(rows)) {
            if (!rows.holdsText() || rows.holdsValue()) {
                return true;
            }
            status.add(rows);
        }
        return false;
    }

    /** Turns the times as read into seconds on the recording's axis: counted from the origin, then offset. */
    private void place(Path file, TimeColumn time, double[] times, Instant first, Instant recordingStart) throws ReadException {
        if (times.length == 0) {
            return;
        }
        double unit = 1;
        double shift = 0;
        if (time != null && time.dateTime()) {
            boolean fromStart = origin == Origin.RECORDING_START || (origin == null && recordingStart != null);
            shift = fromStart ? seconds(recordingStart, first) : 0;
        } else if (time != null && time.clock()) {
            shift = -times[0];
            if (origin == Origin.RECORDING_START) {
                // Clock times say no day: the first is taken on the day that puts it within twelve hours of the start.
                double fromStart = times[0] - LocalTime.ofInstant(recordingStart, ZoneOffset.UTC).toNanoOfDay() * 1e-9;
                shift += fromStart - DAY * Math.floor((fromStart + DAY / 2) / DAY);
            }
        } else if (time != null) {
            if (origin == Origin.RECORDING_START) {
                throw new ReadException(file, null, "its times in column " + MessageTools.quote(time.heading()) + " are numbers,"
                        + " which do not say what time of day they are, so they cannot count from the recording's start;"
                        + " count them from the first row (origin first-row), with an offset if the devices did not start together");
            }
            unit = time.secondsPerUnit() != null ? time.secondsPerUnit() : unitless(file, time, times);
            shift = -times[0] * unit;
        }
        for (int i = 0; i < times.length; i++) {
            times[i] = times[i] * unit + shift + offsetSeconds;
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

    /** Every column but the time as a label of its own, named by its heading, the given names, or label1, label2, ... */
    private static List<Series> everyColumn(Path file, List<ColumnHeader> headers, int columns, TimeColumn time,
                                            String given) throws ReadException {
        String[] parts = given == null || given.isBlank() ? null : given.split(",", -1);
        int labels = columns - (time == null ? 0 : 1);
        if (parts != null && parts.length != labels) {
            throw new ReadException(file, null, "the label names given (" + given + ") are " + parts.length
                    + ", but the file has " + labels + " label columns");
        }
        List<Series> out = new ArrayList<>();
        int k = 0;
        for (int c = 0; c < columns; c++) {
            if (time == null || c != time.index()) {
                String name = parts != null ? parts[k].strip() : headers != null ? headers.get(c).name() : "label" + (k + 1);
                out.add(new Series(name, headers != null ? headers.get(c).unit() : "", new int[] {c}, new String[] {name}, null));
                k++;
            }
        }
        return out;
    }

    /** The chosen labels' columns, found by heading; the unit is the first column's. */
    private List<Series> chosenColumns(Path file, List<ColumnHeader> headers, int headerLine, TimeColumn time) throws ReadException {
        if (headers == null) {
            throw new ReadException(file, null, "has no header row, so the label columns "
                    + MessageTools.list(chosen.stream().flatMap(l -> l.columns().stream()).toList()) + " cannot be found by name");
        }
        String line = "line " + headerLine;
        List<Series> out = new ArrayList<>();
        for (LabelColumns label : chosen) {
            int[] indices = new int[label.columns().size()];
            String[] headings = new String[indices.length];
            for (int k = 0; k < indices.length; k++) {
                indices[k] = column(file, line, headers, label.columns().get(k));
                headings[k] = headers.get(indices[k]).written();
                if (time != null && indices[k] == time.index()) {
                    throw new ReadException(file, line, "column " + MessageTools.quote(headings[k]) + " is the time column;"
                            + " it cannot also give label " + label.name());
                }
            }
            out.add(new Series(label.name(), headers.get(indices[0]).unit(), indices, headings, label));
        }
        return out;
    }

    private static int column(Path file, String line, List<ColumnHeader> headers, String name) throws ReadException {
        int found = -1;
        for (int c = 0; c < headers.size(); c++) {
            boolean exact = headers.get(c).written().equals(name.strip());
            if (exact || headers.get(c).matches(name)) {
                if (exact) {
                    return c;
                }
                if (found >= 0) {
                    throw new ReadException(file, line, "column name " + MessageTools.quote(name) + " matches both "
                            + MessageTools.quote(headers.get(found).written()) + " and " + MessageTools.quote(headers.get(c).written())
                            + "; give the heading as written");
                }
                found = c;
            }
        }
        if (found < 0) {
            throw new ReadException(file, line, "no column " + MessageTools.quote(name) + "; the columns are "
                    + MessageTools.list(headers.stream().map(ColumnHeader::written).toList()));
        }
        return found;
    }
}
