package org.sigmappg.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sigmappg.io.MessageTools;

/**
 * Checks a recipe's JSON against the fields of {@link ImportRecipe} (and of the records nested in it)
 * before it is bound, so that a misspelt key, a value of the wrong kind or a rate that is not a positive
 * number is refused in our words, naming the key, instead of being ignored or reported by the JSON
 * library. The known keys are the records' own component names, so a new field is known at once.
 */
final class RecipeJson {
    /** Keys whose value is a rate or a length, by their path: a positive, finite number, with what it measures. */
    private static final Map<String, String> POSITIVE = Map.of(
            "fs", "the sampling rate in Hz",
            "recordLabelsFs", "the rate of the label files in Hz",
            "labels.fs", "the rate of the label files' rows in Hz",
            "windowSeconds", "the window length in seconds",
            "hopSeconds", "the seconds from one window's start to the next");
    /** Keys whose value is a share, by their path: a number from 0 to 1, with what it measures. */
    private static final Map<String, String> SHARES = Map.of(
            "minWindowFraction", "the smallest share of a window kept");
    /** Keys, as Record.key, whose value is one of a few words. */
    private static final Map<String, List<String>> WORDS = Map.of(
            "LabelFiles.relativeTo", List.of("dataset", "recording"),
            "LabelTime.origin", List.of("first-row", "recording-start"),
            "LabelTime.unit", List.of("s", "ms", "us"),
            "Series.combine", List.of("mean", "median"));
    /** Keys, as Record.key, that a block must have, with what they are for the message. */
    private static final Map<String, String> REQUIRED = Map.of(
            "LabelFiles.file", "the label file's name, like \"{stem}_labels.csv\" or \"oximeter/{subject}.csv\"",
            "Series.columns", "the columns that give the label, like [\"SpO2 A\", \"SpO2 B\"]");
    /** List keys, as Record.key, that must name at least one thing, and what they name. */
    private static final Map<String, String> NOT_EMPTY = Map.of(
            "ImportRecipe.channels", "channel",
            "Series.columns", "column");
    /** File name templates, as Record.key, and the names they may use. */
    private static final Map<String, List<String>> TEMPLATES = Map.of(
            "ImportRecipe.recordLabels", List.of("{stem}", "{subject}"),
            "LabelFiles.file", List.of("{stem}", "{subject}"));
    /** Pairs of top-level keys of which a recipe gives one at most, and why. */
    private static final List<List<String>> EITHER = List.of(
            List.of("channel", "channels", "give the PPG channel either as \"channel\" or as \"channels\", not both"),
            List.of("recordLabels", "labels", "give the label files either as \"recordLabels\" (the short form) or as \"labels\","
                    + " not both"));
    /** An example of the value of each key that holds a list or an object, as Record.key. */
    private static final Map<String, String> EXAMPLES = Map.ofEntries(
            Map.entry("ImportRecipe.include", "[\"*.csv\"]"),
            Map.entry("ImportRecipe.exclude", "[\"*.csv\"]"),
            Map.entry("ImportRecipe.channels", "[\"RED\", \"IR\"]"),
            Map.entry("ImportRecipe.labels", "{\"file\": \"{stem}_labels.csv\"}"),
            Map.entry("ImportRecipe.subjectTable", "{\"file\": \"subjects.csv\"}"),
            Map.entry("SubjectTable.columns", "{\"SBP\": \"Systolic BP\"}"),
            Map.entry("LabelFiles.time", "{\"column\": \"Clock\", \"origin\": \"first-row\"}"),
            Map.entry("LabelFiles.offsets", "{\"ppg/left/*\": 12.5}"),
            Map.entry("LabelFiles.series", "{\"SpO2\": {\"columns\": [\"SpO2 A\", \"SpO2 B\"]}}"),
            Map.entry("Series.columns", "[\"SpO2 A\", \"SpO2 B\"]"),
            Map.entry("Series.missing", "[0, \"---\"]"));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");

    private RecipeJson() {
    }

    /** The first problem of {@code json} as a recipe, or null when it has none. */
    static String problem(JsonObject json) {
        return problem(json, ImportRecipe.class, null);
    }

    private static String problem(JsonObject json, Class<?> type, String within) {
        List<String> known = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            known.add(c.getName());
        }
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            String key = e.getKey();
            int index = known.indexOf(key);
            if (index < 0) {
                return unknownKey(key, within, known);
            }
            if (e.getValue().isJsonNull()) {
                continue;
            }
            String path = within == null ? key : within + "." + key;
            String id = type.getSimpleName() + "." + key;
            String p = valueProblem(path, id, type.getRecordComponents()[index].getGenericType(), e.getValue());
            if (p == null) {
                p = rangeProblem(path, id, e.getValue());
            }
            if (p != null) {
                return p;
            }
        }
        return blockProblem(json, type, within);
    }

    private static String unknownKey(String key, String within, List<String> known) {
        String nearest = null;
        int best = Integer.MAX_VALUE;
        for (String k : known) {
            int d = editDistance(key.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < best) {
                best = d;
                nearest = k;
            }
        }
        // Beyond a third of the word a suggestion is a guess rather than the word the user meant.
        boolean close = best <= Math.max(2, key.length() / 3);
        return "unknown key " + MessageTools.quote(key) + (within == null ? "" : " in \"" + within + "\"")
                + (close ? "; did you mean '" + nearest + "'? The" : "; the") + " known keys" + (within == null ? "" : " there")
                + " are " + String.join(", ", known);
    }

    /**
     * Whether {@code value} has the JSON kind that {@code type} binds from, looking inside lists, objects of
     * names and nested blocks.
     *
     * @param path the key's dotted path in the recipe ("labels.series.SpO2.columns"), for the message
     * @param id the key as Record.key, to find its example
     */
    private static String valueProblem(String path, String id, Type type, JsonElement value) {
        String named = "\"" + path + "\"";
        if (type == int.class || type == Integer.class) {
            return isWholeNumber(value) ? null : named + " must be a whole number, got " + describe(value);
        }
        if (type == double.class || type == Double.class) {
            return isNumber(value) ? null : named + " must be a number, got " + describe(value);
        }
        if (type == Boolean.class) {
            return value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean() ? null
                    : named + " must be true or false, got " + describe(value);
        }
        if (type == String.class) {
            return value.isJsonPrimitive() && !value.getAsJsonPrimitive().isBoolean() ? null
                    : named + " must be text in quotes, got " + describe(value);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Type item = p.getActualTypeArguments()[0];
            String expected = named + " must be a list of " + kinds(item) + " in square brackets, like " + example(id);
            if (!value.isJsonArray()) {
                return expected + ", got " + describe(value);
            }
            JsonArray array = value.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                if (!isKind(item, array.get(i))) {
                    return expected + ", but item " + (i + 1) + " is " + describe(array.get(i));
                }
            }
            return null;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            Type item = p.getActualTypeArguments()[1];
            String expected = named + " must be an object of names to " + kinds(item) + ", like " + example(id);
            if (!value.isJsonObject()) {
                return expected + ", got " + describe(value);
            }
            for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
                if (!isKind(item, e.getValue())) {
                    return expected + ", but " + MessageTools.quote(e.getKey()) + " is " + describe(e.getValue());
                }
                if (item instanceof Class<?> c && c.isRecord()) {
                    String inner = problem(e.getValue().getAsJsonObject(), c, path + "." + e.getKey());
                    if (inner != null) {
                        return inner;
                    }
                }
            }
            return null;
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            return value.isJsonObject() ? problem(value.getAsJsonObject(), c, path)
                    : named + " must be an object in braces, like " + example(id) + ", got " + describe(value);
        }
        throw new IllegalStateException("no JSON check for recipe fields of type " + type);
    }

    /** What a list or object of names holds, in words: "texts", "numbers", "numbers or texts", "objects in braces". */
    private static String kinds(Type item) {
        if (item == String.class) {
            return "texts";
        }
        if (item == Double.class) {
            return "numbers";
        }
        if (item == JsonPrimitive.class) {
            return "numbers or texts";
        }
        if (item instanceof Class<?> c && c.isRecord()) {
            return "objects in braces";
        }
        throw new IllegalStateException("no JSON check for recipe lists of " + item);
    }

    private static boolean isKind(Type item, JsonElement v) {
        if (item == String.class) {
            return isText(v);
        }
        if (item == Double.class) {
            return isNumber(v);
        }
        if (item == JsonPrimitive.class) {
            return isText(v) || isNumber(v);
        }
        return v.isJsonObject();
    }

    private static String example(String id) {
        String e = EXAMPLES.get(id);
        if (e == null) {
            throw new IllegalStateException("no example for the recipe key " + id);
        }
        return e;
    }

    /**
     * Rates and lengths must be positive and finite, words one of theirs, the version known, the character
     * set available, templates made of known names, and offsets' patterns valid globs.
     */
    private static String rangeProblem(String path, String id, JsonElement value) {
        String named = "\"" + path + "\"";
        if (POSITIVE.containsKey(path)) {
            double v = value.getAsDouble();
            return v > 0 && Double.isFinite(v) ? null
                    : named + " (" + POSITIVE.get(path) + ") must be a positive number, got " + describe(value);
        }
        if (SHARES.containsKey(path)) {
            double v = value.getAsDouble();
            return v >= 0 && v <= 1 ? null : named + " (" + SHARES.get(path) + ") must be a number from 0 to 1, got " + describe(value);
        }
        if (WORDS.containsKey(id) && !WORDS.get(id).contains(value.getAsString())) {
            List<String> words = WORDS.get(id);
            return named + " must be " + String.join(", ", words.subList(0, words.size() - 1).stream().map(w -> "'" + w + "'").toList())
                    + " or '" + words.get(words.size() - 1) + "', got " + describe(value);
        }
        if (TEMPLATES.containsKey(id)) {
            Matcher m = PLACEHOLDER.matcher(value.getAsString());
            while (m.find()) {
                if (!TEMPLATES.get(id).contains(m.group())) {
                    return named + " uses " + MessageTools.shorten(m.group()) + "; the names it may use are "
                            + String.join(" and ", TEMPLATES.get(id));
                }
            }
        }
        if (id.equals("LabelFiles.offsets")) {
            for (String pattern : value.getAsJsonObject().keySet()) {
                try {
                    FileSystems.getDefault().getPathMatcher("glob:" + pattern);
                } catch (PatternSyntaxException e) {
                    return named + ": " + MessageTools.quote(pattern) + " is neither a record name nor a valid path pattern ("
                            + e.getDescription().toLowerCase(Locale.ROOT) + ")";
                }
            }
        }
        if (path.equals("version") && value.getAsInt() > 1) {
            return "import recipe version " + value.getAsInt() + " is newer than this workbench understands (1)";
        }
        if (path.equals("version") && value.getAsInt() < 0) {
            return named + " must be 1, got " + value.getAsInt();
        }
        if (path.equals("charset") && !isCharset(value.getAsString())) {
            return "unknown character set " + MessageTools.quote(value.getAsString()) + " (e.g. UTF-8, ISO-8859-1, windows-1252)";
        }
        return null;
    }

    /** What a block needs as a whole: its required keys, lists that name something, and at most one of two keys. */
    private static String blockProblem(JsonObject json, Class<?> type, String within) {
        String prefix = within == null ? "" : within + ".";
        for (RecordComponent c : type.getRecordComponents()) {
            String id = type.getSimpleName() + "." + c.getName();
            JsonElement v = json.get(c.getName());
            boolean absent = v == null || v.isJsonNull() || (isText(v) && v.getAsString().isBlank());
            if (REQUIRED.containsKey(id) && absent) {
                return "\"" + within + "\" needs \"" + c.getName() + "\": " + REQUIRED.get(id);
            }
            if (NOT_EMPTY.containsKey(id) && v != null && v.isJsonArray() && v.getAsJsonArray().isEmpty()) {
                return "\"" + prefix + c.getName() + "\" must name at least one " + NOT_EMPTY.get(id);
            }
        }
        if (type == ImportRecipe.class) {
            for (List<String> pair : EITHER) {
                if (given(json.get(pair.get(0))) && given(json.get(pair.get(1)))) {
                    return pair.get(2);
                }
            }
        }
        return null;
    }

    /** Whether a key has a value: not absent, null, blank or an empty list. */
    private static boolean given(JsonElement v) {
        return v != null && !v.isJsonNull() && !(isText(v) && v.getAsString().isBlank()) && !(v.isJsonArray() && v.getAsJsonArray().isEmpty());
    }

    private static boolean isCharset(String name) {
        try {
            return Charset.isSupported(name);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }

    private static boolean isNumber(JsonElement v) {
        return v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber();
    }

    private static boolean isWholeNumber(JsonElement v) {
        if (!isNumber(v)) {
            return false;
        }
        try {
            new BigDecimal(v.getAsString()).intValueExact();
            return true;
        } catch (NumberFormatException | ArithmeticException e) {
            return false;
        }
    }

    private static boolean isText(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    /** A JSON value as a message names it: "the text 'one'", "the number 3", "a list", "an object", "true". */
    static String describe(JsonElement v) {
        if (v.isJsonArray()) {
            return "a list";
        }
        if (v.isJsonObject()) {
            return "an object";
        }
        if (v.isJsonNull()) {
            return "null";
        }
        JsonPrimitive p = v.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsString();
        }
        return p.isNumber() ? "the number " + MessageTools.shorten(p.getAsString()) : "the text " + MessageTools.quote(p.getAsString());
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
