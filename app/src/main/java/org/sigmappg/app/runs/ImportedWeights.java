package org.sigmappg.app.runs;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sigmappg.model.ReferenceLayout;
import org.sigmappg.model.StudentParams;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.ImportedWeightsParams;
import org.sigmappg.train.WeightImportTask;

/**
 * What an imported-weights run's page shows, without JavaFX: where the weights came from (the file, its SHA-256, the
 * checkpoint's own training arguments), the student they describe, and the import's table of the tensors that were
 * loaded, ignored and missing, read from the run's parameters, its summary and {@value WeightImportTask#REPORT}.
 *
 * @param parameters the student's backbone parameters, or -1 when the run's summary does not say
 */
public record ImportedWeights(String run, ImportedWeightsParams params, long parameters, List<Row> rows) {
    /** A Python dict's entry with a string key: {@code 'lr': 0.001}. */
    private static final Pattern DICT_ENTRY = Pattern.compile("(['\"])(.*?)\\1\\s*:(.*)", Pattern.DOTALL);

    /** What became of a tensor. */
    public enum Outcome {
        LOADED, IGNORED, MISSING;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One line of the import's table: the tensor's name in the file, the parameter it became, its shape, and what was done or why not. */
    public record Row(Outcome outcome, String reference, String ours, String shape, String note) {
    }

    /** A labelled value of the page. */
    public record Fact(String label, String value) {
    }

    /** The table as {@link WeightImportTask#report} writes it. */
    private record Report(List<ReferenceLayout.Loaded> loaded, List<ReferenceLayout.Ignored> ignored, List<String> missing) {
    }

    public ImportedWeights {
        rows = List.copyOf(rows);
    }

    /** Reads an imported run's record and its report file (I/O: call off the JavaFX thread). */
    public static ImportedWeights read(Workspace workspace, RunInfo info) throws IOException {
        Path report = workspace.runsDirectory().resolve(info.id()).resolve(WeightImportTask.REPORT);
        return of(info, Files.readString(report, StandardCharsets.UTF_8));
    }

    /** The page of {@code info} with the report text {@code reportJson}. */
    static ImportedWeights of(RunInfo info, String reportJson) {
        ImportedWeightsParams params = ImportedWeightsParams.fromJson(info.params());
        Report report = new Gson().fromJson(reportJson, Report.class);
        List<Row> rows = new ArrayList<>();
        if (report != null) {
            for (ReferenceLayout.Loaded l : nonNull(report.loaded())) {
                rows.add(new Row(Outcome.LOADED, l.reference(), l.ours(), l.shape(), l.how()));
            }
            for (ReferenceLayout.Ignored i : nonNull(report.ignored())) {
                rows.add(new Row(Outcome.IGNORED, i.reference(), "", i.shape(), i.why()));
            }
            for (String m : nonNull(report.missing())) {
                rows.add(new Row(Outcome.MISSING, m, "", "", "not in the file and not part of the backbone: left at its initial values"));
            }
        }
        return new ImportedWeights(info.id(), params, backboneParameters(info.summary()), rows);
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static long backboneParameters(String summaryJson) {
        try {
            JsonElement e = JsonParser.parseString(summaryJson == null ? "" : summaryJson);
            JsonElement n = e.isJsonObject() ? e.getAsJsonObject().get("backbone_parameters") : null;
            return n != null && n.isJsonPrimitive() ? n.getAsLong() : -1;
        } catch (RuntimeException unreadable) {
            return -1;
        }
    }

    /** How the run is named in headings: {@code imported weights from sigma.pth}, with the label given at import. */
    public String title() {
        return title(params);
    }

    /** {@code imported weights from sigma.pth (published)} for weights imported as {@code p}. */
    static String title(ImportedWeightsParams p) {
        return "imported weights from " + p.source() + (p.name() == null || p.name().isBlank() ? "" : " (" + p.name() + ")");
    }

    /** Where the weights came from. */
    public List<Fact> provenance() {
        List<Fact> f = new ArrayList<>();
        if (params.name() != null && !params.name().isBlank()) {
            f.add(new Fact("Name", params.name()));
        }
        f.add(new Fact("Source file", params.source()));
        f.add(new Fact("SHA-256", params.sha256()));
        f.add(new Fact("Format", "safetensors".equals(params.format()) ? "safetensors" : "PyTorch checkpoint (torch.save)"));
        f.add(new Fact("State dict", params.location()));
        return f;
    }

    /** The student the weights describe, as read off their shapes. */
    public List<Fact> architecture() {
        StudentParams m = params.model();
        List<Fact> f = new ArrayList<>();
        f.add(new Fact("Width", Integer.toString(m.transformer().width())));
        f.add(new Fact("Depth", m.transformer().depth() + " blocks"));
        f.add(new Fact("Heads", m.transformer().heads() + " (head width " + m.transformer().width() / m.transformer().heads() + ")"));
        f.add(new Fact("Patch length", m.patchSamples() + " samples"));
        f.add(new Fact("Positions", m.maxPatches() + " patches (windows up to " + m.maxPatches() * m.patchSamples() + " samples)"));
        f.add(new Fact("Convolution channels", Integer.toString(m.temporalConv().channels())));
        f.add(new Fact("Code head", m.codebookSize() + " codes"));
        f.add(new Fact("Backbone parameters", parameters < 0 ? "not recorded" : String.format(Locale.ROOT, "%,d", parameters)));
        return f;
    }

    /** How many tensors had {@code outcome}. */
    public long count(Outcome outcome) {
        return rows.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** {@code 52 tensors loaded, 18 ignored, 0 missing}. */
    public String summary() {
        return count(Outcome.LOADED) + " tensors loaded, " + count(Outcome.IGNORED) + " ignored, " + count(Outcome.MISSING) + " missing";
    }

    /** The checkpoint's training arguments one per line ({@code lr = 0.0005}), or none when the file kept none. */
    public List<String> argumentLines() {
        return argumentLines(params.args());
    }

    /**
     * Python's {@code Namespace(a=1, b='x, y', c=[0, 1])} or {@code {'a': 1}}, or a safetensors file's metadata (a JSON
     * object), as one {@code name = value} line per argument, values as written; any other text as it is.
     */
    static List<String> argumentLines(String args) {
        if (args == null || args.isBlank()) {
            return List.of();
        }
        String t = args.strip();
        if (t.startsWith("{") && t.endsWith("}")) {
            return jsonLines(t).orElseGet(() -> {
                List<String> out = new ArrayList<>();
                for (String part : topLevelParts(t.substring(1, t.length() - 1))) {
                    Matcher m = DICT_ENTRY.matcher(part);
                    out.add(m.matches() ? m.group(2) + " = " + m.group(3).strip() : part);
                }
                return out;
            });
        }
        int open = t.indexOf('(');
        if (open <= 0 || !t.endsWith(")") || !t.substring(0, open).matches("[A-Za-z_][\\w.]*")) {
            return List.of(t);
        }
        List<String> out = new ArrayList<>();
        for (String part : topLevelParts(t.substring(open + 1, t.length() - 1))) {
            int eq = part.indexOf('=');
            out.add(eq > 0 && part.substring(0, eq).matches("\\s*\\w+\\s*") ? part.substring(0, eq).strip() + " = " + part.substring(eq + 1).strip()
                    : part);
        }
        return out;
    }

    /** A JSON object's members as lines; empty for text that is not strict JSON (a Python dict, say). */
    private static Optional<List<String>> jsonLines(String text) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = JsonParser.parseReader(reader);
            if (!root.isJsonObject() || reader.peek() != JsonToken.END_DOCUMENT) {
                return Optional.empty();
            }
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : root.getAsJsonObject().entrySet()) {
                JsonElement v = e.getValue();
                out.add(e.getKey() + " = " + (v.isJsonPrimitive() ? v.getAsString() : v.toString()));
            }
            return Optional.of(out);
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }

    /** The comma-separated parts of a Python argument list, not splitting inside brackets or string literals. */
    private static List<String> topLevelParts(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        String last = s.substring(start).strip();
        if (!last.isEmpty()) {
            parts.add(last);
        }
        return parts;
    }
}
