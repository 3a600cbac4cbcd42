package org.sigmappg.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.labels.LabelColumns;
import org.sigmappg.io.labels.LabelSeriesReader;

/**
 * How to turn a folder of recordings into a dataset: which files, at what rate, which channel, who the
 * subject of each file is, and where the labels are. Known public layouts (PPG-BP, BIDMC, NeuroKit, our
 * sample set) are built-in recipes; users write one as JSON for their own layout. The recipe used is
 * stored with the dataset, so an import can be repeated exactly.
 *
 * @param version recipe format version (1)
 * @param layout the layout's name ("ppg-bp", "bidmc", "neurokit", "sample", "wfdb", "folder", "file", "recipe")
 * @param description one line for the catalogue
 * @param include glob patterns (relative to the root, '/' separated) of the recording files; empty = every supported file
 * @param exclude glob patterns to leave out
 * @param fs sampling rate in Hz for files that do not carry one; null to take it from the files
 * @param channel name of the PPG channel; null to pick it by name (PLETH, PPG, ...)
 * @param channels names of several PPG channels to keep side by side (an oximeter's red and infrared), or null
 * @param columnNames column names for header-less text files, comma-separated; null for defaults
 * @param timeColumn time column of text files; null to detect it
 * @param timeUnit unit of a numeric time column ("s" or "ms"); null to detect it
 * @param charset character set of text files (default UTF-8)
 * @param subjectPattern regular expression on the file's relative path whose group 1 is the subject id;
 *                       null: the record name (segments of one WFDB record share a subject)
 * @param recordLabels a label file per record at its own rate, as a template relative to the recording's
 *                     folder: {stem} is the file stem and {subject} the subject id (e.g. "{stem}_labels.csv");
 *                     the short form of {@code labels}
 * @param recordLabelsFs sampling rate of those label files when they have no time column
 * @param labels label files at their own rate in full: where they are, their time column and origin, which
 *               columns give which label; null when there are none or {@code recordLabels} names them
 * @param subjectTable a table of per-subject labels (CSV or XLSX), or null
 * @param windowSeconds window length in seconds (whole number of patches); null for the default (240 s)
 * @param hopSeconds seconds from one window's start to the next, at most the window length (less: overlapping
 *                   windows); null for windows back to back
 * @param minWindowFraction a window shorter than this share of the window length (a record's tail) is dropped;
 *                          null or 0 keeps every window of at least one patch, flagging the shorter ones partial
 */
public record ImportRecipe(int version, String layout, String description, List<String> include, List<String> exclude,
                           Double fs, String channel, List<String> channels, String columnNames, String timeColumn, String timeUnit,
                           String charset, String subjectPattern, String recordLabels, Double recordLabelsFs, LabelFiles labels,
                           SubjectTable subjectTable, Double windowSeconds, Double hopSeconds, Double minWindowFraction) {
    /** The file name by which a folder declares its own recipe (our sample set has one). */
    public static final String FILE_NAME = "sigma-ppg-dataset.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    /** Turns changed values into JSON as they are, NaN included, so that the check can refuse them by name. */
    private static final Gson CHANGES = new GsonBuilder().serializeSpecialFloatingPointValues().create();
    /** Gson's syntax errors: "Unterminated object at line 3 column 5 path $.fs". */
    private static final Pattern SYNTAX_ERROR = Pattern.compile("^(.*?) at line (\\d+) column (\\d+)");

    public ImportRecipe {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        // Absent stays null rather than empty, so that a recipe without the key is written without it.
        channels = channels == null ? null : List.copyOf(channels);
        layout = layout == null ? "recipe" : layout;
        description = description == null ? "" : description;
        if (version == 0) {
            version = 1;
        }
    }

    /** A recipe with at most one named channel and label files in their short form, as the built-in layouts are. */
    public ImportRecipe(int version, String layout, String description, List<String> include, List<String> exclude, Double fs,
                        String channel, String columnNames, String timeColumn, String timeUnit, String charset,
                        String subjectPattern, String recordLabels, Double recordLabelsFs, SubjectTable subjectTable,
                        Double windowSeconds) {
        this(version, layout, description, include, exclude, fs, channel, null, columnNames, timeColumn, timeUnit, charset,
                subjectPattern, recordLabels, recordLabelsFs, null, subjectTable, windowSeconds, null, null);
    }

    /** The PPG channels to keep, in order: {@code channel} alone, else {@code channels}; empty to pick one by name. */
    public List<String> chosenChannels() {
        if (channel != null && !channel.isBlank()) {
            return List.of(channel);
        }
        return channels == null ? List.of() : channels;
    }

    /** The label files at their own rate: the {@code labels} block, {@code recordLabels} as one, or null when there are none. */
    public LabelFiles labelFiles() {
        if (labels != null) {
            return labels;
        }
        return recordLabels == null || recordLabels.isBlank() ? null
                : new LabelFiles(recordLabels, null, recordLabelsFs, null, null, null, null);
    }

    /** The recipe key that names the label files, for messages. */
    String labelFilesKey() {
        return labels != null ? "labels.file" : "recordLabels";
    }

    /**
     * Label files at their own rate, one per record or one per subject (an oximeter's export serving the
     * recordings of both hands), with the columns that give each label.
     *
     * @param file the file's name as a template: {stem} is the recording's file stem, {subject} its subject id
     * @param relativeTo "recording" (the default: the recording's folder) or "dataset" (the imported folder)
     * @param fs the rate of the rows in Hz when the file has no time column
     * @param time the time column and where its times count from; null to find the column by its heading
     * @param offsets seconds added to the label times of the records that a key names, as a glob on the
     *                record's path in the dataset ("ppg/left/*") or as its record name
     * @param series label name to the columns that give it; none for every column but the time, as it is
     * @param optional true to import a record whose label file is missing without labels (with a warning)
     *                 instead of refusing it
     */
    public record LabelFiles(String file, String relativeTo, Double fs, LabelTime time, Map<String, Double> offsets,
                             Map<String, Series> series, Boolean optional) {
        public LabelFiles {
            offsets = ordered(offsets);
            series = ordered(series);
        }

        /** Whether the file name is relative to the imported folder rather than to the recording's folder. */
        public boolean relativeToDataset() {
            return "dataset".equals(relativeTo);
        }

        public boolean isOptional() {
            return Boolean.TRUE.equals(optional);
        }

        /** Whether the label times count from the recording's own start time. */
        public boolean countsFromRecordingStart() {
            return time != null && "recording-start".equals(time.origin());
        }

        /** How the label files are read: their rate, time column and unit, in the recipe's character set. */
        ReadOptions readOptions(ReadOptions recordings) {
            return new ReadOptions(fs, null, null, time == null ? null : time.column(), time == null ? null : time.unit(),
                    recordings.charset());
        }

        /** A reader of these label files for a record whose label times are shifted by {@code offsetSeconds}. */
        LabelSeriesReader reader(double offsetSeconds) {
            LabelSeriesReader reader = new LabelSeriesReader().optOffset(offsetSeconds);
            if (time != null && time.origin() != null) {
                reader = reader.optOrigin(countsFromRecordingStart() ? LabelSeriesReader.Origin.RECORDING_START
                        : LabelSeriesReader.Origin.FIRST_ROW);
            }
            if (series.isEmpty()) {
                return reader;
            }
            List<LabelColumns> chosen = new ArrayList<>();
            for (Map.Entry<String, Series> e : series.entrySet()) {
                chosen.add(e.getValue().labelColumns(e.getKey()));
            }
            return reader.optSeries(chosen);
        }
    }

    /**
     * The time column of label files.
     *
     * @param column its heading or 1-based number; null to find it by its heading ("time", "Clock", ...)
     * @param origin "first-row" (the first row is the recording's start) or "recording-start" (date-times and
     *               clock times placed against the recording's own start time); null: date-times from the
     *               recording's start when it has one, other times from the first row
     * @param unit the unit of numeric times ("s", "ms", "us") when the heading does not say it
     */
    public record LabelTime(String column, String origin, String unit) {
    }

    /**
     * The columns that give one label.
     *
     * @param columns their headings (several devices' columns for one quantity)
     * @param combine "mean" (the default) or "median" of a row's valid values
     * @param missing values that mean "no value" (numbers such as 0, or texts such as "---")
     */
    public record Series(List<String> columns, String combine, List<JsonPrimitive> missing) {
        public Series {
            columns = columns == null ? List.of() : List.copyOf(columns);
            missing = missing == null ? List.of() : List.copyOf(missing);
        }

        /** The columns of the label {@code name}, as the label file reader takes them. */
        LabelColumns labelColumns(String name) {
            List<Double> numbers = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (JsonPrimitive m : missing) {
                if (m.isNumber()) {
                    numbers.add(m.getAsDouble());
                } else {
                    texts.add(m.getAsString());
                }
            }
            return new LabelColumns(name, columns, "median".equals(combine) ? LabelColumns.Combine.MEDIAN : LabelColumns.Combine.MEAN,
                    numbers, texts);
        }
    }

    /** An unmodifiable copy that keeps the order in which the recipe wrote the entries; empty for null. */
    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * Per-subject labels from a table.
     *
     * @param file the table, relative to the dataset root (CSV or XLSX)
     * @param sheet the XLSX sheet name, or null for the first
     * @param idColumn the column holding the subject id
     * @param columns label name to the table's column header (e.g. "SBP" -&gt; "Systolic Blood Pressure(mmHg)")
     */
    public record SubjectTable(String file, String sheet, String idColumn, Map<String, String> columns) {
        public SubjectTable {
            columns = columns == null ? Map.of() : Map.copyOf(columns);
        }
    }

    /** A recipe with only a layout name and the given rate and channel. */
    public static ImportRecipe simple(String layout, String description, Double fs, String channel) {
        return new ImportRecipe(1, layout, description, List.of(), List.of(), fs, channel, null, null, null, null, null,
                null, null, null, null);
    }

    /**
     * This recipe with some fields replaced, named as in the JSON form ("fs", "channel", ...); null values
     * leave a field as it is, and {@link com.google.gson.JsonNull#INSTANCE} clears it.
     *
     * @throws IllegalArgumentException naming the field when a value is out of range (a rate of NaN or 0)
     */
    public ImportRecipe with(Map<String, Object> changes) {
        JsonObject json = GSON.toJsonTree(this).getAsJsonObject();
        for (Map.Entry<String, Object> e : changes.entrySet()) {
            if (e.getValue() != null) {
                json.add(e.getKey(), CHANGES.toJsonTree(e.getValue()));
            }
        }
        String problem = RecipeJson.problem(json);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return GSON.fromJson(json, ImportRecipe.class);
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    /** A recipe as this workbench stored it (in the catalogue); {@link #read} checks a user's file. */
    public static ImportRecipe fromJson(String json) {
        return GSON.fromJson(json, ImportRecipe.class);
    }

    /**
     * Reads a recipe file, refusing malformed JSON (with its line and column), unknown keys (naming the
     * nearest known one), values of the wrong kind, rates that are not positive numbers and unknown versions.
     */
    public static ImportRecipe read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ReadException(file, null, "the recipe file does not exist", e);
        } catch (CharacterCodingException e) {
            throw new ReadException(file, null, "the recipe is not UTF-8 text; save it as UTF-8", e);
        }
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw syntaxError(file, e);
        }
        if (parsed.isJsonNull()) {
            throw new ReadException(file, null, "the import recipe is empty");
        }
        if (!parsed.isJsonObject()) {
            throw new ReadException(file, null, "a recipe is one JSON object in braces, like {\"version\": 1, \"fs\": 125},"
                    + " but this file holds " + RecipeJson.describe(parsed));
        }
        String problem = RecipeJson.problem(parsed.getAsJsonObject());
        if (problem != null) {
            throw new ReadException(file, null, problem);
        }
        return GSON.fromJson(parsed, ImportRecipe.class);
    }

    /** The JSON library's syntax error in our words: its place, and its own short description when it is plain. */
    private static ReadException syntaxError(Path file, JsonParseException e) {
        Throwable innermost = e;
        while (innermost.getCause() != null) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage() == null ? "" : innermost.getMessage();
        Matcher m = SYNTAX_ERROR.matcher(message);
        if (!m.find()) {
            return new ReadException(file, null, "not valid JSON", e);
        }
        String what = m.group(1).matches("[A-Za-z ':]+") ? " (" + m.group(1).toLowerCase(Locale.ROOT) + ")" : "";
        return new ReadException(file, "line " + m.group(2) + ", column " + m.group(3), "not valid JSON" + what, e);
    }
}
