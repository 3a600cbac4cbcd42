package org.sigmappg.run;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.List;
import java.util.function.Function;

/**
 * Changes named fields of a parameter record from {@code name=value} text (the command line's
 * {@code --set}), with dotted names for nested records ({@code optimiser.learningRate=2e-4}). The result
 * goes through the record's constructor, so its validation applies; unknown names are refused with the
 * list of known ones.
 */
public final class ParamOverrides {
    private static final Gson GSON = new Gson();

    private ParamOverrides() {
    }

    /**
     * Applies {@code assignments} to the JSON form of {@code params} and reads the result back with
     * {@code parse} (e.g. {@code TokenizerParams::fromJson}).
     */
    public static <T> T apply(T params, List<String> assignments, Function<String, T> parse) {
        return apply(params, assignments, parse, path -> "--set " + path, "--set: ");
    }

    /**
     * As {@link #apply(Object, List, Function)}, with each problem named as {@code shownAs} writes the setting's path (a
     * command-line option such as {@code --epochs}); what the record itself refuses is said in its own words.
     */
    public static <T> T apply(T params, List<String> assignments, Function<String, T> parse, Function<String, String> shownAs) {
        return apply(params, assignments, parse, shownAs, "");
    }

    private static <T> T apply(T params, List<String> assignments, Function<String, T> parse, Function<String, String> shownAs,
                               String refusalPrefix) {
        if (assignments == null || assignments.isEmpty()) {
            return params;
        }
        JsonObject root = GSON.toJsonTree(params).getAsJsonObject();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set " + a + ": write NAME=VALUE, e.g. --set consistencyWeight=1.0");
            }
            String path = a.substring(0, eq).trim();
            String value = a.substring(eq + 1).trim();
            String[] parts = path.split("\\.");
            JsonObject target = root;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonElement next = target.get(parts[i]);
                if (next == null || !next.isJsonObject()) {
                    throw unknown(shownAs.apply(path), target);
                }
                target = next.getAsJsonObject();
            }
            String leaf = parts[parts.length - 1];
            JsonElement old = target.get(leaf);
            if (old == null) {
                throw unknown(shownAs.apply(path), target);
            }
            target.add(leaf, parseValue(shownAs.apply(path), value, old));
        }
        try {
            return parse.apply(GSON.toJson(root));
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(refusalPrefix + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Gson wraps what a parameter record's constructor refuses ("Failed to invoke constructor ...
            // with args [...]"); the record's own message is the one that names the problem.
            IllegalArgumentException refused = refusal(e);
            if (refused == null) {
                throw e;
            }
            throw new IllegalArgumentException(refusalPrefix + refused.getMessage(), e);
        }
    }

    private static IllegalArgumentException refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException refused) {
                return refused;
            }
        }
        return null;
    }

    private static JsonElement parseValue(String path, String value, JsonElement old) {
        if (old.isJsonPrimitive() && old.getAsJsonPrimitive().isNumber()) {
            try {
                return new JsonPrimitive(Double.parseDouble(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(path + ": '" + value + "' is not a number");
            }
        }
        if (old.isJsonPrimitive() && old.getAsJsonPrimitive().isBoolean()) {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(path + ": write true or false, not '" + value + "'");
            }
            return new JsonPrimitive(Boolean.parseBoolean(value));
        }
        if (old.isJsonPrimitive()) {
            return new JsonPrimitive(value);
        }
        try {
            return JsonParser.parseString(value);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(path + ": '" + value + "' is not valid JSON for a nested setting");
        }
    }

    private static IllegalArgumentException unknown(String shown, JsonObject where) {
        return new IllegalArgumentException(shown + ": no such setting; known here: " + String.join(", ", where.keySet()));
    }
}
