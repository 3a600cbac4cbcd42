package org.sigmappg.io.text;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.ReadException;

/**
 * The column of a text file that holds time, how it was found, and what unit its numbers are in
 * (seconds per unit; null while it still has to be inferred from the steps).
 *
 * @param index 0-based column index
 * @param heading the column heading, or "column N" for a file without header
 * @param kind what its cells hold: numbers, date-times or clock times of day
 * @param secondsPerUnit 1 for seconds, 0.001 for milliseconds; null when not yet known
 * @param unitSource where the unit came from ("header", "option"), null when not yet known
 */
public record TimeColumn(int index, String heading, Kind kind, Double secondsPerUnit, String unitSource) {
    /** What the cells of a time column hold. */
    public enum Kind {
        /** Numbers in a unit (s, ms, us) from an arbitrary zero. */
        NUMBER,
        /** Date-times (2016-11-24 13:58:58.081): instants. */
        DATE_TIME,
        /** Clock times of day without a date (09:25:02), as monitors and oximeters write them. */
        CLOCK
    }

    private static final Set<String> TIME_WORDS = Set.of("time", "t", "timestamp", "timestamps", "timer", "datetime",
            "date", "elapsed", "clock", "stamp", "epoch", "unix", "utc", "local");
    private static final Set<String> SECOND_WORDS = Set.of("s", "sec", "secs", "second", "seconds");
    private static final Set<String> MILLI_WORDS = Set.of("ms", "msec", "msecs", "millis", "millisecond", "milliseconds",
            // HeartPy and many Arduino sketches log millis() under "timer".
            "timer");
    private static final Set<String> MICRO_WORDS = Set.of("us", "usec", "micros", "microsecond", "microseconds");

    public TimeColumn withSecondsPerUnit(double seconds, String source) {
        return new TimeColumn(index, heading, kind, seconds, source);
    }

    /** Whether the cells are date-times. */
    public boolean dateTime() {
        return kind == Kind.DATE_TIME;
    }

    /** Whether the cells are clock times of day. */
    public boolean clock() {
        return kind == Kind.CLOCK;
    }

    /** Whether the current row of {@code rows} holds a time of this column's kind in it (not a missing one). */
    public boolean holdsTime(DelimitedRows rows) {
        if (index >= rows.size()) {
            return false;
        }
        return switch (kind) {
            case DATE_TIME -> rows.isTimestamp(index);
            case CLOCK -> rows.isClock(index);
            case NUMBER -> {
                Double v = rows.numberOrNull(index);
                yield v != null && !v.isNaN();
            }
        };
    }

    /**
     * Finds the time column: the one the option names (heading or 1-based number), else the first whose
     * heading is a time word ("Time [s]", "timer", "datetime", "Clock", "ms", ...), else the first whose value
     * in the first data row is a date-time or a clock time. Returns null when there is none.
     *
     * @param headers the headings, or null for a file without header
     * @param firstRow the first data row, positioned on it
     * @param option the user's time column (ReadOptions.timeColumn), or null
     * @param unitOption the user's time unit (ReadOptions.timeUnit), or null
     */
    public static TimeColumn find(Path file, List<ColumnHeader> headers, DelimitedRows firstRow, String option,
                                  String unitOption) throws ReadException {
        int columns = headers != null ? headers.size() : firstRow.size();
        int index = -1;
        if (option != null && !option.isBlank()) {
            index = optionIndex(file, headers, columns, option.strip());
        } else if (headers != null) {
            for (int i = 0; i < headers.size() && index < 0; i++) {
                if (isTimeHeading(headers.get(i).key())) {
                    index = i;
                }
            }
        }
        if (index < 0 && (option == null || option.isBlank())) {
            for (int i = 0; i < firstRow.size() && index < 0; i++) {
                if (firstRow.isTimestamp(i) || firstRow.isClock(i)) {
                    index = i;
                }
            }
        }
        if (index < 0) {
            return null;
        }
        String heading = headers != null ? headers.get(index).written() : "column " + (index + 1);
        if (index < firstRow.size() && firstRow.isTimestamp(index)) {
            return new TimeColumn(index, heading, Kind.DATE_TIME, 1.0, "date-time");
        }
        if (index < firstRow.size() && firstRow.isClock(index)) {
            return new TimeColumn(index, heading, Kind.CLOCK, 1.0, "clock time");
        }
        TimeColumn column = new TimeColumn(index, heading, Kind.NUMBER, null, null);
        Double hinted = headers == null ? null : unitFromHeading(headers.get(index).key());
        if (hinted != null) {
            return column.withSecondsPerUnit(hinted, "header");
        }
        if (unitOption != null && !unitOption.isBlank()) {
            Double given = unitFromHeading(ColumnHeader.normalise(unitOption));
            if (given == null) {
                throw new ReadException(file, null, "time unit " + MessageTools.quote(unitOption) + " is not supported; give s, ms or us");
            }
            return column.withSecondsPerUnit(given, "option");
        }
        return column;
    }

    /**
     * The unit of a numeric time column from its typical step when neither header nor option says it:
     * seconds, unless that would make the rate slower than {@code slowestRate} Hz while milliseconds
     * would not (a step of 8.5 is 117 Hz in ms, not 0.12 Hz).
     */
    public static double inferSecondsPerUnit(double medianStep, double slowestRate) {
        boolean secondsPlausible = 1.0 / medianStep >= slowestRate;
        boolean millisPlausible = 1000.0 / medianStep >= slowestRate;
        return medianStep > 1 && !secondsPlausible && millisPlausible ? 1e-3 : 1.0;
    }

    /** Whether a normalised heading is made only of time and unit words ("time", "time_s", "timestamp_ms", "ms"). */
    static boolean isTimeHeading(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (String word : key.split("_")) {
            if (!TIME_WORDS.contains(word) && !SECOND_WORDS.contains(word) && !MILLI_WORDS.contains(word)
                    && !MICRO_WORDS.contains(word)) {
                return false;
            }
        }
        return true;
    }

    private static Double unitFromHeading(String key) {
        Double unit = null;
        for (String word : key.split("_")) {
            if (MILLI_WORDS.contains(word)) {
                unit = 1e-3;
            } else if (MICRO_WORDS.contains(word)) {
                unit = 1e-6;
            } else if (SECOND_WORDS.contains(word)) {
                unit = 1.0;
            }
        }
        return unit;
    }

    private static int optionIndex(Path file, List<ColumnHeader> headers, int columns, String option)
            throws ReadException {
        if (option.matches("\\d+")) {
            int number = Integer.parseInt(option);
            if (number < 1 || number > columns) {
                throw new ReadException(file, null, "time column " + number + " does not exist; the file has "
                        + columns + " columns (numbered from 1)");
            }
            return number - 1;
        }
        if (headers != null) {
            for (int i = 0; i < headers.size(); i++) {
                if (headers.get(i).matches(option) || headers.get(i).written().equalsIgnoreCase(option)) {
                    return i;
                }
            }
        }
        String present = headers == null ? "the file has no header row, so give the column number (1 to " + columns + ")"
                : "columns are " + MessageTools.list(headers.stream().map(ColumnHeader::written).toList());
        throw new ReadException(file, null, "time column " + MessageTools.quote(option) + " not found; " + present);
    }
}
