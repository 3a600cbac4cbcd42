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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sigmappg.io.MessageTools;

/**
 * Checks a recipe's JSON against the fields of {@link ImportRecipe} (and of the records nested in it)
 * before it is bound, so that a misspelt key, a value of the wrong kind or a rate that is not a positive
 * number is refused in our words, naming the key, instead of being ignored or reported by the JSON
 * library. The known keys are the records' own component names, so a new field is known at once.
 */
final class RecipeJson {
    /** Keys whose value is a rate or a length: a positive, finite number, with what it measures. */
    private static final Map<String, String> POSITIVE = Map.of(
            "fs", "the sampling rate in Hz",
            "recordLabelsFs", "the rate of the label files in Hz",
            "windowSeconds", "the window length in seconds");

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
            String named = "\"" + (within == null ? "" : within + ".") + key + "\"";
            RecordComponent field = type.getRecordComponents()[index];
            String p = valueProblem(named, field.getGenericType(), e.getValue());
            if (p == null && field.getType().isRecord()) {
                p = problem(e.getValue().getAsJsonObject(), field.getType(), within == null ? key : within + "." + key);
            }
            if (p == null) {
                p = rangeProblem(named, key, e.getValue());
            }
            if (p != null) {
                return p;
            }
        }
        return null;
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

    /** Whether {@code value} has the JSON kind that {@code type} binds from. */
    private static String valueProblem(String named, Type type, JsonElement value) {
        if (type == int.class || type == Integer.class) {
            return isWholeNumber(value) ? null : named + " must be a whole number, got " + describe(value);
        }
        if (type == double.class || type == Double.class) {
            return isNumber(value) ? null : named + " must be a number, got " + describe(value);
        }
        if (type == String.class) {
            return value.isJsonPrimitive() && !value.getAsJsonPrimitive().isBoolean() ? null
                    : named + " must be text in quotes, got " + describe(value);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            String expected = named + " must be a list of texts in square brackets, like [\"*.csv\"]";
            if (!value.isJsonArray()) {
                return expected + ", got " + describe(value);
            }
            JsonArray array = value.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                if (!isText(array.get(i))) {
                    return expected + ", but item " + (i + 1) + " is " + describe(array.get(i));
                }
            }
            return null;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            String expected = named + " must be an object of names to texts, like {\"SBP\": \"Systolic BP\"}";
            if (!value.isJsonObject()) {
                return expected + ", got " + describe(value);
            }
            for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
                if (!isText(e.getValue())) {
                    return expected + ", but " + MessageTools.quote(e.getKey()) + " is " + describe(e.getValue());
                }
            }
            return null;
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            return value.isJsonObject() ? null : named + " must be an object in braces, like {\"file\": \"subjects.csv\"},"
                    + " got " + describe(value);
        }
        throw new IllegalStateException("no JSON check for recipe fields of type " + type);
    }

    /** Rates and lengths must be positive and finite, the version known and the character set available. */
    private static String rangeProblem(String named, String key, JsonElement value) {
        if (POSITIVE.containsKey(key)) {
            double v = value.getAsDouble();
            return v > 0 && Double.isFinite(v) ? null
                    : named + " (" + POSITIVE.get(key) + ") must be a positive number, got " + describe(value);
        }
        if (key.equals("version") && value.getAsInt() > 1) {
            return "import recipe version " + value.getAsInt() + " is newer than this workbench understands (1)";
        }
        if (key.equals("version") && value.getAsInt() < 0) {
            return named + " must be 1, got " + value.getAsInt();
        }
        if (key.equals("charset") && !isCharset(value.getAsString())) {
            return "unknown character set " + MessageTools.quote(value.getAsString()) + " (e.g. UTF-8, ISO-8859-1, windows-1252)";
        }
        return null;
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
