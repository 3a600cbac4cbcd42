package org.sigmappg.app.runs;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.sigmappg.recipe.RunKinds;
import org.sigmappg.recipe.RunRecipe;
import org.sigmappg.recipe.SettingGuide;
import org.sigmappg.run.RunInfo;

/**
 * Two runs' recipes side by side, without JavaFX: what they ran on and with (dataset and its hash, code version,
 * device, seed) and every parameter, each row saying whether the two differ. Parameters are named as the
 * new-run sheet names them when both runs are of a kind it knows.
 */
public record RunComparison(RunInfo first, RunInfo second, List<Row> rows) {
    /** One setting of both runs; a dash where a run has no such setting. */
    public record Row(String group, String setting, String first, String second, boolean differs) {
    }

    private static final Gson GSON = new Gson();

    public RunComparison {
        rows = List.copyOf(rows);
    }

    public static RunComparison of(RunInfo a, RunInfo b) {
        List<Row> rows = new ArrayList<>();
        provenance(rows, "Kind", a.kind(), b.kind());
        provenance(rows, "Dataset", a.dataset(), b.dataset());
        provenance(rows, "Dataset manifest hash", a.datasetHash(), b.datasetHash());
        provenance(rows, "Parent run", a.parent(), b.parent());
        provenance(rows, "Code version", a.codeVersion(), b.codeVersion());
        provenance(rows, "Engine", a.engine(), b.engine());
        provenance(rows, "Status", a.status().name(), b.status().name());
        Map<String, JsonElement> pa = leaves(a);
        Map<String, JsonElement> pb = leaves(b);
        Set<String> keys = new LinkedHashSet<>(pa.keySet());
        keys.addAll(pb.keySet());
        String kind = a.kind().equals(b.kind()) && RunKinds.find(a.kind()).map(RunKinds.RunKind::recipe).isPresent() ? a.kind() : null;
        for (String k : keys) {
            if (k.equals("version") || k.equals("model.version")) {
                continue;
            }
            JsonElement x = pa.get(k);
            JsonElement y = pb.get(k);
            String group = kind == null ? "Parameters" : SettingGuide.group(kind, k);
            String name = kind == null ? k : SettingGuide.entry(kind, k).label();
            rows.add(new Row(group, name, text(x), text(y), !same(x, y)));
        }
        return new RunComparison(a, b, rows);
    }

    private static void provenance(List<Row> rows, String name, String a, String b) {
        rows.add(new Row("Run", name, a == null ? "\u2014" : a, b == null ? "\u2014" : b, !Objects.equals(a, b)));
    }

    /**
     * The leaves of a run's parameters by dotted path, in the order they appear: as its recipe reads them where it can
     * (so that runs stored in an older layout line up with new ones), else as stored.
     */
    static Map<String, JsonElement> leaves(RunInfo run) {
        Map<String, JsonElement> out = new LinkedHashMap<>();
        String json = run.params();
        if (json == null || json.isBlank()) {
            return out;
        }
        JsonElement root;
        try {
            RunRecipe<?> recipe = RunKinds.find(run.kind()).map(RunKinds.RunKind::recipe).orElse(null);
            root = recipe == null ? JsonParser.parseString(json) : GSON.toJsonTree(recipe.parse(json));
        } catch (RuntimeException unreadable) {
            return out;
        }
        if (root.isJsonObject()) {
            flatten("", root.getAsJsonObject(), out);
        }
        return out;
    }

    private static void flatten(String prefix, JsonObject o, Map<String, JsonElement> out) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (e.getValue().isJsonObject()) {
                flatten(prefix + e.getKey() + ".", e.getValue().getAsJsonObject(), out);
            } else {
                out.put(prefix + e.getKey(), e.getValue());
            }
        }
    }

    private static String text(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "\u2014";
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            double d = e.getAsDouble();
            return d == Math.rint(d) && Math.abs(d) < 1e15 && !e.getAsString().contains(".") ? Long.toString((long) d) : RunRecipe.number(d);
        }
        return e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    private static boolean same(JsonElement a, JsonElement b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isJsonPrimitive() && b.isJsonPrimitive()) {
            JsonPrimitive x = a.getAsJsonPrimitive();
            JsonPrimitive y = b.getAsJsonPrimitive();
            if (x.isNumber() && y.isNumber()) {
                return x.getAsDouble() == y.getAsDouble();
            }
        }
        return a.equals(b);
    }

    /** How many rows differ. */
    public long differences() {
        return rows.stream().filter(Row::differs).count();
    }
}
