package org.sigmappg.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sigmappg.io.ReadException;

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
 * @param columnNames column names for header-less text files, comma-separated; null for defaults
 * @param timeColumn time column of text files; null to detect it
 * @param timeUnit unit of a numeric time column ("s" or "ms"); null to detect it
 * @param charset character set of text files (default UTF-8)
 * @param subjectPattern regular expression on the file's relative path whose group 1 is the subject id;
 *                       null: the record name (segments of one WFDB record share a subject)
 * @param recordLabels a label file per record at its own rate, as a template relative to the recording's
 *                     folder: {stem} is the file stem and {subject} the subject id (e.g. "{stem}_labels.csv")
 * @param recordLabelsFs sampling rate of those label files when they have no time column
 * @param subjectTable a table of per-subject labels (CSV or XLSX), or null
 * @param windowSeconds window length in seconds (whole number of patches); null for the default (240 s)
 */
public record ImportRecipe(int version, String layout, String description, List<String> include, List<String> exclude,
                           Double fs, String channel, String columnNames, String timeColumn, String timeUnit,
                           String charset, String subjectPattern, String recordLabels, Double recordLabelsFs, SubjectTable subjectTable,
                           Double windowSeconds) {
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
        layout = layout == null ? "recipe" : layout;
        description = description == null ? "" : description;
        if (version == 0) {
            version = 1;
        }
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
     * leave a field as it is.
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
