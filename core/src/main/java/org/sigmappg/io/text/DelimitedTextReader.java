package org.sigmappg.io.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.sigmappg.io.Channel;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;
import org.sigmappg.io.RecordingReader;

/**
 * Reads signals from delimited text (comma, tab, semicolon or space separated, or one value per line),
 * with or without a header and a time column, onto a uniform grid with NaN where samples are missing.
 *
 * <p>The rate comes from {@link ReadOptions#fs()} or from the median step of the time column
 * (seconds, milliseconds or date-times). Blank rows and cells are missing samples, kept as NaN so that
 * the samples after them keep their time; in a file with a time column the timestamps place every row
 * and a step longer than 1.5 typical steps is filled with NaN. A file of one row of many values (a
 * PPG-BP segment) is one series. The file is streamed: memory is the samples as floats plus one
 * float per row for the time steps.
 */
public final class DelimitedTextReader implements RecordingReader {
    private static final Set<String> EXTENSIONS = Set.of("csv", "tsv", "txt", "dat", "ppg");
    private static final long MAX_SAMPLES = Integer.MAX_VALUE - 8;

    @Override
    public String format() {
        return "CSV";
    }

    @Override
    public boolean accepts(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot < 0 || !EXTENSIONS.contains(name.substring(dot + 1)) || !Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(TextSource.PROBE_BYTES);
            TextSource.Encoding encoding = TextSource.Encoding.of(head, head.length, StandardCharsets.UTF_8);
            String text = new String(head, encoding.markLength(), head.length - encoding.markLength(), encoding.charset());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                // Control characters other than tab and line ends mean a binary file with a text-like name.
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Recording read(Path file, ReadOptions options) throws IOException {
        ReadOptions o = options == null ? ReadOptions.DEFAULT : options;
        try (DelimitedRows rows = DelimitedRows.open(file, o.charset())) {
            return new Parse(file, rows, o).run();
        }
    }

    /** The state of reading one file. */
    private static final class Parse {
        private final Path file;
        private final DelimitedRows rows;
        private final ReadOptions options;
        private final Map<String, String> notes = new LinkedHashMap<>();
        private List<ColumnHeader> headers;
        private int columns;
        private TimeColumn time;
        /** Per column, null for the time column; made at the second sample, so that one wide row costs no object per column. */
        private FloatSeries[] series;
        /** The first sample of each value column, row after row, until the series are made. */
        private FloatSeries firstRow = new FloatSeries();
        private long samples;
        private int firstLine;
        private int trailingEmptyInFirstRow;

        private final FloatSeries steps = new FloatSeries();
        private final DayClock dayClock = new DayClock();
        private Instant firstInstant;
        private boolean firstHasOffset;
        private double firstTime;
        private double previousTime;
        private int previousLine;
        private long duplicates;
        private int firstDuplicateLine;
        private double largestStep;
        private int largestStepLine;
        private long secondTimeRow = -1;
        private double secondTime;
        private long lastTimeRow = -1;
        private double lastTime;

        Parse(Path file, DelimitedRows rows, ReadOptions options) {
            this.file = file;
            this.rows = rows;
            this.options = options;
        }

        Recording run() throws IOException {
            long missingBefore = skipToValues(false);
            if (missingBefore < 0) {
                throw new ReadException(file, "line " + rows.line(), "the file ends here without a single value; it is empty");
            }
            boolean header = rows.isHeader();
            columns = rows.size();
            if (header) {
                headers = rows.headings();
                int headerLine = rows.line();
                // Blank rows above a header are not samples; those below it are.
                missingBefore = skipToValues(true);
                if (missingBefore < 0) {
                    throw new ReadException(file, "line " + rows.line(), "the file ends after its header row (line "
                            + headerLine + ") without a single value under it");
                }
            }
            time = TimeColumn.find(file, headers, rows, options.timeColumn(), options.timeUnit());
            firstLine = rows.line();
            addMissing(missingBefore);
            addRow();
            long pendingEmpty = 0;
            while (rows.next()) {
                if (rows.size() == 0) {
                    // Empty lines at the very end carry nothing; inside the data they are missing samples.
                    pendingEmpty++;
                    continue;
                }
                addMissing(pendingEmpty);
                pendingEmpty = 0;
                if (rows.isBlank()) {
                    addMissing(1);
                } else {
                    addRow();
                }
            }
            return finish(header);
        }

        /**
         * Moves to the next row with a value and returns how many blank rows came before it (empty lines
         * only once counting started), or -1 at the end of the file.
         */
        private long skipToValues(boolean countEmptyLines) throws IOException {
            long missing = 0;
            long empty = 0;
            boolean counting = countEmptyLines;
            while (rows.next()) {
                if (rows.size() == 0) {
                    empty += counting ? 1 : 0;
                } else if (!rows.isBlank()) {
                    return missing + empty;
                } else {
                    counting = true;
                    missing += empty + 1;
                    empty = 0;
                }
            }
            return -1;
        }

        /** Blank rows: NaN samples when rows are samples; nothing when timestamps place the samples. */
        private void addMissing(long count) throws ReadException {
            if (time != null || count == 0) {
                return;
            }
            checkRoom(count);
            makeSeries();
            for (FloatSeries s : series) {
                for (long k = 0; k < count; k++) {
                    s.add(Float.NaN);
                }
            }
            samples += count;
        }

        /** The per-column series, holding the first sample if there is one. */
        private void makeSeries() {
            if (series != null) {
                return;
            }
            series = new FloatSeries[columns];
            long k = 0;
            for (int c = 0; c < columns; c++) {
                if (time == null || c != time.index()) {
                    series[c] = new FloatSeries();
                    if (samples > 0) {
                        series[c].add(firstRow.get(k++));
                    }
                }
            }
            firstRow = null;
        }

        private void addRow() throws ReadException {
            if (rows.size() != columns) {
                String hint = rows.delimiter() == Delimiter.COMMA && rows.size() > columns
                        ? " (if the values use decimal commas, commas cannot also separate the cells: save the file "
                        + "with ';' or tab between cells)" : "";
                throw rows.error("has " + rows.size() + " cells, but the " + (headers != null ? "header" : "first row")
                        + " has " + columns + hint);
            }
            checkRoom(1);
            if (samples == 0) {
                int end = columns;
                while (end > 0 && rows.isEmpty(end - 1)) {
                    end--;
                }
                trailingEmptyInFirstRow = columns - end;
            } else {
                makeSeries();
            }
            if (time != null) {
                addTime();
            }
            for (int c = 0; c < columns; c++) {
                if (time == null || c != time.index()) {
                    String name = headers != null ? headers.get(c).written() : null;
                    float value = (float) rows.number(c, name);
                    if (Float.isInfinite(value)) {
                        // An infinite sample would turn the whole filtered signal into NaN.
                        throw rows.error(c, name, MessageTools.quote(rows.cell(c)) + " is too large for a 32-bit sample"
                                + " (at most about 3.4e38 in size); correct the value, or leave the cell empty if it is missing");
                    }
                    (series == null ? firstRow : series[c]).add(value);
                }
            }
            samples++;
        }

        private void addTime() throws ReadException {
            int tc = time.index();
            double t;
            if (time.dateTime()) {
                Instant at = rows.timestamp(tc, time.heading());
                if (firstInstant == null) {
                    firstInstant = at;
                    firstHasOffset = rows.timestampHasOffset(tc);
                }
                t = (at.getEpochSecond() - firstInstant.getEpochSecond()) + (at.getNano() - firstInstant.getNano()) * 1e-9;
            } else if (time.clock()) {
                t = dayClock.seconds(rows.clock(tc, time.heading()));
            } else {
                t = rows.number(tc, time.heading());
                if (Double.isNaN(t)) {
                    throw rows.error(tc, time.heading(), "the time is missing; every row with values needs one");
                }
            }
            if (samples == 0) {
                firstTime = t;
            } else {
                double step = t - previousTime;
                if (step < 0) {
                    throw rows.error(tc, time.heading(), "time " + MessageTools.quote(rows.cell(tc)) + " is earlier than the"
                            + " time on line " + previousLine + "; rows must be in time order");
                }
                if (step > 0) {
                    // Where each new time starts: a clock coarser than the samples is read from these rows.
                    if (secondTimeRow < 0) {
                        secondTimeRow = samples;
                        secondTime = t;
                    }
                    lastTimeRow = samples;
                    lastTime = t;
                }
                if (step == 0 && duplicates++ == 0) {
                    firstDuplicateLine = rows.line();
                }
                if (step > largestStep) {
                    largestStep = step;
                    largestStepLine = rows.line();
                }
                steps.add((float) step);
            }
            previousTime = t;
            previousLine = rows.line();
        }

        private void checkRoom(long more) throws ReadException {
            if (samples + more > MAX_SAMPLES) {
                throw rows.error("more than " + MAX_SAMPLES + " samples in one channel; split the file");
            }
        }

        private Recording finish(boolean header) throws ReadException {
            notes.put("text.delimiter", rows.delimiter().name().toLowerCase(Locale.ROOT));
            notes.put("text.header", header ? "yes" : "no");
            boolean manyNames = options.columnNames() != null && options.columnNames().contains(",");
            if (samples == 1 && !header && time == null && columns - trailingEmptyInFirstRow >= 2 && !manyNames) {
                return rowSeries();
            }
            if (samples < 2) {
                throw new ReadException(file, "line " + firstLine, "has a single sample; a recording needs at least two");
            }
            if (time != null && columns == 1) {
                throw new ReadException(file, null, "has only a time column (" + MessageTools.quote(time.heading()) + ") and no values");
            }
            List<String> names = channelNames(header);
            keepChosenChannels(names);
            double fs;
            List<Channel> channels = new ArrayList<>();
            if (time == null) {
                fs = givenRate();
                for (int c = 0; c < columns; c++) {
                    if (series[c] != null) {
                        channels.add(channel(c, names, fs, series[c].toArray()));
                        series[c] = null;
                    }
                }
            } else {
                notes.put("time.column", time.heading());
                TimeGrid.Steps facts = new TimeGrid.Steps(steps, previousTime - firstTime, duplicates,
                        firstDuplicateLine, largestStep, largestStepLine,
                        new TimeGrid.NewTimes(firstTime, secondTimeRow, secondTime, lastTimeRow, lastTime));
                TimeGrid grid = null;
                long length = samples;
                if (options.fs() != null) {
                    fs = options.fs();
                    notes.put("time.rate", "given as " + fs + " Hz; the time column only orders the rows");
                } else {
                    grid = TimeGrid.fit(file, time, facts);
                    fs = grid.fs();
                    length = grid.length(facts);
                    notes.putAll(grid.notes());
                    if (length > MAX_SAMPLES) {
                        throw new ReadException(file, "line " + largestStepLine, "the time jumps so far that filling the"
                                + " gap with NaN would need " + length + " samples; split the file there");
                    }
                }
                for (int c = 0; c < columns; c++) {
                    if (series[c] != null) {
                        channels.add(channel(c, names, fs, grid == null ? series[c].toArray() : place(series[c], grid, length)));
                        series[c] = null;
                    }
                }
                if (firstInstant != null && !firstHasOffset) {
                    notes.put("time.zone", "the date-times give no offset from UTC; read as UTC");
                }
            }
            return new Recording(stem(), file, firstInstant, channels, List.of(), notes);
        }

        /** One row of many values (a PPG-BP segment) is a series along the row, not one sample of many channels. */
        private Recording rowSeries() throws ReadException {
            int n = columns - trailingEmptyInFirstRow;
            float[] values = new float[n];
            for (int c = 0; c < n; c++) {
                values[c] = firstRow.get(c);
            }
            String given = options.columnNames();
            String name = given != null && !given.isBlank() ? given.strip() : "PPG";
            notes.put("text.layout", "one row of " + n + " values, read as one series");
            return new Recording(stem(), file, null, List.of(new Channel(name, "", givenRate(), values)), List.of(), notes);
        }

        private double givenRate() throws ReadException {
            if (options.fs() == null) {
                throw new ReadException(file, null, "has no time column and no sampling rate; give it with --fs HZ, "
                        + "e.g. --fs 100");
            }
            return options.fs();
        }

        private List<String> channelNames(boolean header) throws ReadException {
            int count = columns - (time == null ? 0 : 1);
            List<String> names = new ArrayList<>(columns);
            String given = options.columnNames();
            if (given != null && !given.isBlank()) {
                List<String> parts = List.of(given.split(",", -1)).stream().map(String::strip).collect(Collectors.toList());
                if (parts.size() != columns && parts.size() != count) {
                    throw new ReadException(file, null, "the column names given (" + given + ") are " + parts.size()
                            + ", but the file has " + columns + " columns"
                            + (time != null ? " (" + count + " besides the time column)" : ""));
                }
                int next = 0;
                for (int c = 0; c < columns; c++) {
                    boolean skip = parts.size() == count && time != null && c == time.index();
                    names.add(skip ? null : parts.get(next++));
                }
                return names;
            }
            int k = 0;
            for (int c = 0; c < columns; c++) {
                if (time != null && c == time.index()) {
                    names.add(null);
                } else if (header) {
                    names.add(headers.get(c).name());
                } else {
                    // A lone unnamed column is what devices log as "the PPG": name it so the PPG chooser finds it.
                    names.add(count == 1 ? "PPG" : "ch" + (++k));
                }
            }
            return names;
        }

        private void keepChosenChannels(List<String> names) throws ReadException {
            String wanted = options.channels();
            if (wanted == null || wanted.isBlank()) {
                return;
            }
            boolean[] keep = new boolean[columns];
            for (String w : wanted.split(",")) {
                boolean found = false;
                for (int c = 0; c < columns; c++) {
                    if (series[c] != null && ColumnHeader.normalise(names.get(c)).equals(ColumnHeader.normalise(w))) {
                        keep[c] = true;
                        found = true;
                    }
                }
                if (!found) {
                    List<String> present = new ArrayList<>();
                    for (int c = 0; c < columns; c++) {
                        if (series[c] != null) {
                            present.add(names.get(c));
                        }
                    }
                    throw new ReadException(file, null, "channel " + MessageTools.quote(w.strip()) + " not found; channels"
                            + " are " + MessageTools.list(present));
                }
            }
            for (int c = 0; c < columns; c++) {
                series[c] = keep[c] ? series[c] : null;
            }
        }

        private Channel channel(int c, List<String> names, double fs, float[] values) {
            String unit = headers != null ? headers.get(c).unit() : "";
            return new Channel(names.get(c), unit, fs, values);
        }

        private float[] place(FloatSeries values, TimeGrid grid, long length) {
            float[] out = new float[(int) length];
            out[0] = values.get(0);
            long at = 0;
            for (long i = 1; i < values.size(); i++) {
                long advance = grid.advance(steps.get(i - 1));
                for (long k = 1; k < advance; k++) {
                    out[(int) (at + k)] = Float.NaN;
                }
                at += advance;
                out[(int) at] = values.get(i);
            }
            return out;
        }

        private String stem() {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        }
    }
}
