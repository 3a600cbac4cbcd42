package org.sigmappg.app.runs;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.run.ParamOverrides;
import org.sigmappg.run.RunInfo;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.TokenizerRunParams;

/**
 * The new-run sheet without JavaFX: every setting of a tokenizer or pre-training run as text, filled from a size
 * preset, checked the way the command line checks it (the changes go through {@link ParamOverrides} into the
 * parameter records, whose constructors refuse what the method cannot run), and turned into the very
 * parameter record and command line the {@code train-tokenizer} and {@code pretrain} commands would build.
 *
 * <p>Settings are keyed by their path in the run's parameter record: {@code dataset}, {@code seed},
 * {@code model.optimiser.learningRate}. The command line names the run's own options and adds
 * {@code --set PATH=VALUE} for each model setting that differs from the preset.
 */
public final class RunSheet {
    /** The two kinds of run the sheet starts. */
    public enum Kind {
        TOKENIZER("tokenizer", "train-tokenizer", "tokenizer run"),
        PRETRAIN("pretrain", "pretrain", "pre-training run");

        private final String runKind;
        private final String command;
        private final String words;

        Kind(String runKind, String command, String words) {
            this.runKind = runKind;
            this.command = command;
            this.words = words;
        }

        /** The kind the run store records ({@code tokenizer}, {@code pretrain}). */
        public String runKind() {
            return runKind;
        }

        /** "tokenizer run" or "pre-training run". */
        public String words() {
            return words;
        }

        /** The kind of a stored run. */
        public static Kind of(String runKind) {
            for (Kind k : values()) {
                if (k.runKind.equals(runKind)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("runs of kind " + runKind + " are not started from the sheet");
        }
    }

    /** The presets, smallest first. */
    public static final List<String> SIZES = List.of("tiny", "base", "pro");

    /** How a setting is edited. */
    public enum Editor {
        /** A number typed as text. */
        TEXT,
        /** One of {@link Field#choices()}. */
        CHOICE,
        /** On or off. */
        FLAG,
        /** Shown, not edited: it follows from another setting. */
        FIXED
    }

    /**
     * One setting of the sheet.
     *
     * @param whole whether a number must be whole (a count, a size)
     */
    public record Field(String key, String group, String label, String description, Editor editor, List<String> choices,
                        boolean whole) {
        public Field {
            choices = List.copyOf(choices);
        }

        /** Whether the setting belongs to the model record (and goes on the command line as {@code --set}). */
        public boolean model() {
            return key.startsWith("model.");
        }
    }

    /**
     * The outcome of checking the sheet.
     *
     * @param fieldProblems what is wrong with a setting, by key
     * @param problems what is wrong with settings together (a width its head count does not divide)
     */
    public record Check(Map<String, String> fieldProblems, List<String> problems) {
        public Check {
            fieldProblems = Map.copyOf(fieldProblems);
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return fieldProblems.isEmpty() && problems.isEmpty();
        }

        /** Every problem in words, settings first. */
        public List<String> all(RunSheet sheet) {
            List<String> out = new ArrayList<>();
            for (Field f : sheet.fields()) {
                String p = fieldProblems.get(f.key());
                if (p != null) {
                    out.add(f.label() + ": " + p);
                }
            }
            out.addAll(problems);
            return out;
        }
    }

    private static final String STRATEGY = "model.masking.strategy";
    private static final String CODEBOOK = "model.codebookSize";
    /** A record printed into a message ({@code : OptimiserParams[learningRate=...]}): the field already names it. */
    private static final Pattern RECORD_DUMP = Pattern.compile(":\\s*[A-Z]\\w*\\[.*\\]\\s*$");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._+,:/=@%-]+");

    private final Kind kind;
    private final List<Field> fields = new ArrayList<>();
    private final Map<String, Field> byKey = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private Map<String, String> preset;
    private Record base;
    private String size;
    private List<String> datasets;
    private Map<String, Tokenizer> tokenizers;
    private boolean datasetChosen;

    private RunSheet(Kind kind, String size) {
        this.kind = kind;
        this.size = checkSize(size);
        this.base = base(kind, this.size);
        Map<String, Object> leaves = new LinkedHashMap<>();
        Map<String, Class<?>> types = new LinkedHashMap<>();
        flatten("", base, leaves, types);
        preset = text(leaves);
        List<String> order = ParameterGuide.groups(kind);
        for (Map.Entry<String, Class<?>> e : types.entrySet()) {
            String key = e.getKey();
            if (key.equals("version") || key.equals("size") || key.equals("model.version")) {
                continue;
            }
            Field f = field(key, e.getValue());
            fields.add(f);
            byKey.put(key, f);
        }
        // Stable: within a group the record's own order stays.
        fields.sort(Comparator.comparingInt(f -> order.indexOf(f.group())));
        values.putAll(preset);
        values.keySet().retainAll(byKey.keySet());
    }

    /** A sheet for a new tokenizer run, filled from the preset {@code size}. */
    public static RunSheet tokenizer(String size) {
        return new RunSheet(Kind.TOKENIZER, size);
    }

    /** A sheet for a new pre-training run, filled from the preset {@code size}. */
    public static RunSheet pretrain(String size) {
        return new RunSheet(Kind.PRETRAIN, size);
    }

    /** A sheet of the kind {@code kind}. */
    public static RunSheet of(Kind kind, String size) {
        return new RunSheet(kind, size);
    }

    /** A sheet filled with the settings a stored run was started with (to start it again with changes). */
    public static RunSheet of(RunInfo run) {
        Kind kind = Kind.of(run.kind());
        Record stored = kind == Kind.TOKENIZER ? TokenizerRunParams.fromJson(run.params()) : PretrainRunParams.fromJson(run.params());
        String size = kind == Kind.TOKENIZER ? ((TokenizerRunParams) stored).size() : ((PretrainRunParams) stored).size();
        RunSheet sheet = new RunSheet(kind, size);
        Map<String, Object> leaves = new LinkedHashMap<>();
        flatten("", stored, leaves, new LinkedHashMap<>());
        Map<String, String> text = text(leaves);
        for (Field f : sheet.fields) {
            if (text.containsKey(f.key())) {
                sheet.values.put(f.key(), text.get(f.key()));
            }
        }
        // The stored run's dataset is part of its recipe.
        sheet.datasetChosen = true;
        return sheet;
    }

    private static String checkSize(String size) {
        String s = size.toLowerCase(Locale.ROOT);
        if (!SIZES.contains(s)) {
            throw new IllegalArgumentException("unknown size '" + size + "'; choose tiny, base or pro");
        }
        return s;
    }

    private static Record base(Kind kind, String size) {
        // The command line's own defaults: seed 1, 20 % held out by window, the CPU, 4 inspection windows.
        return kind == Kind.TOKENIZER
                ? new TokenizerRunParams(TokenizerRunParams.VERSION, "", size, TokenizerRunParams.preset(size), 1, 0.2, "window", "cpu")
                : new PretrainRunParams(PretrainRunParams.VERSION, "", "", size, PretrainRunParams.preset(size), 1, 0.2, "window", "cpu", 4);
    }

    private Field field(String key, Class<?> type) {
        ParameterGuide.Entry e = ParameterGuide.entry(kind, key);
        String group = ParameterGuide.group(kind, key);
        boolean whole = type == int.class || type == long.class || type == Integer.class || type == Long.class;
        if (kind == Kind.PRETRAIN && key.equals(CODEBOOK)) {
            return new Field(key, group, e.label() + " (from the tokenizer)", "the student predicts the tokenizer's codes, "
                    + "so its code head has the tokenizer's codebook size", Editor.FIXED, List.of(), true);
        }
        if (type == boolean.class || type == Boolean.class) {
            return new Field(key, group, e.label(), e.description(), Editor.FLAG, List.of("true", "false"), false);
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                names.add(((Enum<?>) c).name());
            }
            return new Field(key, group, e.label(), e.description(), Editor.CHOICE, names, false);
        }
        return switch (key) {
            case "dataset", "tokenizerRun" -> new Field(key, group, e.label(), e.description(), Editor.CHOICE, List.of(), false);
            case "heldOutBy" -> new Field(key, group, e.label(), e.description(), Editor.CHOICE, List.of("window", "subject"), false);
            case "device" -> new Field(key, group, e.label(), e.description(), Editor.CHOICE, List.of("cpu", "gpu"), false);
            default -> new Field(key, group, e.label(), e.description(), Editor.TEXT, List.of(), whole);
        };
    }

    /** The leaves of a record (numbers, flags, names, enums) by dotted path, with their declared types. */
    private static void flatten(String prefix, Object value, Map<String, Object> out, Map<String, Class<?>> types) {
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + prefix + c.getName(), e);
            }
            String path = prefix + c.getName();
            if (c.getType().isRecord() && v != null) {
                flatten(path + ".", v, out, types);
            } else {
                out.put(path, v);
                types.put(path, c.getType());
            }
        }
    }

    private static Map<String, String> text(Map<String, Object> leaves) {
        Map<String, String> out = new LinkedHashMap<>();
        leaves.forEach((k, v) -> out.put(k, format(v)));
        return out;
    }

    /** A value as the sheet shows it: {@code 0.001}, {@code 5e-5}, {@code 64}, {@code L1}. */
    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return number(d);
        }
        if (v instanceof Float f) {
            return number(f.doubleValue());
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        return v.toString();
    }

    /** A double in its shortest readable form: {@code 0.2}, {@code 1e-4}, {@code 2.5e-5}, {@code 100.0}. */
    static String number(double d) {
        return Double.toString(d).replace(".0E", "e").replace('E', 'e');
    }

    public Kind kind() {
        return kind;
    }

    /** The preset the model settings were filled from: tiny, base or pro. */
    public String size() {
        return size;
    }

    /** Every setting, grouped as the method groups them (in {@link #groups()} order). */
    public List<Field> fields() {
        return List.copyOf(fields);
    }

    public Field field(String key) {
        Field f = byKey.get(key);
        if (f == null) {
            throw new IllegalArgumentException("the " + kind.words() + " sheet has no setting " + key);
        }
        return f;
    }

    /** The groups in the order the sheet shows them. */
    public List<String> groups() {
        return fields.stream().map(Field::group).distinct().toList();
    }

    /** The text of a setting. */
    public String value(String key) {
        field(key);
        if (kind == Kind.PRETRAIN && key.equals(CODEBOOK) && tokenizers != null) {
            Tokenizer t = tokenizers.get(values.get("tokenizerRun"));
            return t == null ? "as the tokenizer" : Integer.toString(t.codebookSize());
        }
        return values.get(key);
    }

    /** The preset's value of a setting (run settings: the command line's default). */
    public String presetValue(String key) {
        field(key);
        return preset.get(key);
    }

    /** Whether a model setting differs from the preset, so the command line carries it as {@code --set}. */
    public boolean changed(String key) {
        Field f = field(key);
        return f.editor() != Editor.FIXED && !same(values.get(key), preset.get(key));
    }

    private static boolean same(String a, String b) {
        String x = a == null ? "" : a.trim();
        String y = b == null ? "" : b.trim();
        if (x.equals(y)) {
            return true;
        }
        try {
            return Double.parseDouble(x) == Double.parseDouble(y);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Changes a setting (the text is checked by {@link #check}); a pre-training run's dataset follows a new tokenizer. */
    public void set(String key, String text) {
        Field f = field(key);
        if (f.editor() == Editor.FIXED) {
            throw new IllegalArgumentException(f.label() + " follows from the tokenizer run and is not set by hand");
        }
        values.put(key, text == null ? "" : text);
        if (key.equals("dataset")) {
            datasetChosen = true;
        } else if (key.equals("tokenizerRun")) {
            followTokenizer();
        }
    }

    /** Fills every model setting from the preset {@code newSize}; the run's own settings (dataset, seed, ...) stay. */
    public void setSize(String newSize) {
        size = checkSize(newSize);
        base = base(kind, size);
        Map<String, Object> leaves = new LinkedHashMap<>();
        flatten("", base, leaves, new LinkedHashMap<>());
        preset = text(leaves);
        for (Field f : fields) {
            if (f.model()) {
                values.put(f.key(), preset.get(f.key()));
            }
        }
    }

    /** A tokenizer run a pre-training run can use: its codebook size and the dataset it was trained on. */
    public record Tokenizer(int codebookSize, String dataset) {
    }

    /**
     * The datasets of the workspace, to choose from; an empty dataset setting becomes {@code preferred} (the dataset the
     * user is looking at, or the one the latest run used) when it is one of them, else the only one there is.
     */
    public void setDatasets(List<String> names, String preferred) {
        datasets = List.copyOf(names);
        if (values.get("dataset").isEmpty()) {
            if (preferred != null && datasets.contains(preferred)) {
                values.put("dataset", preferred);
            } else if (datasets.size() == 1) {
                values.put("dataset", datasets.get(0));
            }
        }
    }

    /**
     * The tokenizer runs a pre-training run can use (those with a checkpoint), oldest first. An empty tokenizer setting
     * becomes the newest of the dataset already chosen, else the newest of all; the dataset follows the tokenizer until
     * it is chosen by hand.
     */
    public void setTokenizers(Map<String, Tokenizer> byRun) {
        tokenizers = new LinkedHashMap<>(byRun);
        if (kind == Kind.PRETRAIN && values.get("tokenizerRun").isEmpty() && !tokenizers.isEmpty()) {
            List<String> newestFirst = new ArrayList<>(tokenizers.keySet());
            java.util.Collections.reverse(newestFirst);
            String dataset = values.get("dataset");
            String chosen = newestFirst.stream().filter(id -> java.util.Objects.equals(tokenizers.get(id).dataset(), dataset)).findFirst().orElse(newestFirst.get(0));
            values.put("tokenizerRun", chosen);
            followTokenizer();
        }
    }

    /** Takes the tokenizer's dataset, unless a dataset was chosen by hand. */
    private void followTokenizer() {
        Tokenizer t = tokenizers == null ? null : tokenizers.get(values.get("tokenizerRun"));
        if (!datasetChosen && t != null && (datasets == null || datasets.contains(t.dataset()))) {
            values.put("dataset", t.dataset());
        }
    }

    /** What a choice setting can be. */
    public List<String> choices(String key) {
        Field f = field(key);
        return switch (key) {
            case "dataset" -> datasets == null ? List.of() : datasets;
            case "tokenizerRun" -> tokenizers == null ? List.of() : List.copyOf(tokenizers.keySet());
            default -> f.choices();
        };
    }

    /** Checks every setting, and all of them together, through the parameter records. */
    public Check check() {
        Map<String, String> fieldProblems = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        requireChoice("dataset", datasets, "choose a dataset", "no dataset named '%s' in this workspace", fieldProblems);
        if (kind == Kind.PRETRAIN) {
            requireChoice("tokenizerRun", tokenizers == null ? null : List.copyOf(tokenizers.keySet()),
                    "choose a tokenizer run (train one first)", "'%s' is not a tokenizer run with a checkpoint", fieldProblems);
        }
        for (Field f : fields) {
            String v = values.get(f.key()).trim();
            if (fieldProblems.containsKey(f.key()) || f.editor() == Editor.FIXED) {
                continue;
            }
            if ((f.editor() == Editor.CHOICE || f.editor() == Editor.FLAG) && !f.choices().isEmpty() && !f.choices().contains(v)) {
                fieldProblems.put(f.key(), "choose one of " + String.join(", ", f.choices()));
            } else if (f.editor() == Editor.TEXT && !isNumber(v, f.whole())) {
                fieldProblems.put(f.key(), v.isEmpty() ? "enter a value" : "'" + v + "' is not a " + (f.whole() ? "whole number" : "number"));
            }
        }
        try {
            DeviceChoice.parse(values.get("device"));
        } catch (IllegalArgumentException e) {
            fieldProblems.putIfAbsent("device", e.getMessage());
        }
        List<String> changes = assignments(fieldProblems.keySet());
        try {
            build(changes);
        } catch (RuntimeException together) {
            boolean named = false;
            for (String a : changes) {
                String key = a.substring(0, a.indexOf('='));
                try {
                    build(List.of(a));
                } catch (RuntimeException alone) {
                    fieldProblems.put(key, clean(key, alone));
                    named = true;
                }
            }
            if (!named) {
                problems.add(clean(null, together));
            }
        }
        return new Check(fieldProblems, problems);
    }

    private void requireChoice(String key, List<String> known, String missing, String unknown, Map<String, String> out) {
        String v = values.get(key).trim();
        if (v.isEmpty()) {
            out.put(key, missing);
        } else if (known != null && !known.contains(v)) {
            out.put(key, String.format(Locale.ROOT, unknown, v));
        }
    }

    private static boolean isNumber(String text, boolean whole) {
        if (text == null) {
            return false;
        }
        try {
            double d = Double.parseDouble(text.trim());
            return Double.isFinite(d) && (!whole || d == Math.rint(d));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The problem in the words of the record that refused it, without the record printed after it. */
    private static String clean(String key, RuntimeException e) {
        Throwable reason = e;
        // Gson reports a refusing constructor as "Failed to invoke constructor ..." with the record's own words as the cause.
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                reason = t;
            }
        }
        String m = reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
        if (key != null && m.startsWith("--set " + key + ": ")) {
            m = m.substring(("--set " + key + ": ").length());
        }
        if (m.startsWith("--set: ")) {
            m = m.substring("--set: ".length());
        }
        return RECORD_DUMP.matcher(m).replaceFirst("");
    }

    /** {@code key=value} for each setting that differs from the preset, leaving out those already found wrong. */
    private List<String> assignments(Set<String> wrong) {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.editor() != Editor.FIXED && !wrong.contains(f.key()) && !same(values.get(f.key()), preset.get(f.key()))) {
                out.add(f.key() + "=" + values.get(f.key()).trim());
            }
        }
        return out;
    }

    private Record build(List<String> changes) {
        if (kind == Kind.TOKENIZER) {
            return ParamOverrides.apply((TokenizerRunParams) base, changes, TokenizerRunParams::fromJson);
        }
        return ParamOverrides.apply((PretrainRunParams) base, changes, PretrainRunParams::fromJson);
    }

    /**
     * The parameter record of the run, as {@code train-tokenizer} or {@code pretrain} would build it from
     * {@link #commandLine()}: a {@link TokenizerRunParams} or a {@link PretrainRunParams}.
     *
     * @throws IllegalArgumentException naming every problem, when {@link #check()} finds any
     */
    public Record params() {
        Check c = check();
        if (!c.ok()) {
            throw new IllegalArgumentException(String.join("; ", c.all(this)));
        }
        return build(assignments(Set.of()));
    }

    /** The command line that starts the same run from a terminal. */
    public String commandLine() {
        StringBuilder sb = new StringBuilder("sigma-ppg ").append(kind.command);
        if (kind == Kind.PRETRAIN) {
            option(sb, "--tokenizer", values.get("tokenizerRun"), "RUN");
        }
        option(sb, "--dataset", values.get("dataset"), "NAME");
        option(sb, "--size", size, "tiny");
        if (kind == Kind.PRETRAIN) {
            String strategy = values.get(STRATEGY).trim();
            String label = strategy;
            try {
                label = MaskingParams.Strategy.valueOf(strategy).label();
            } catch (IllegalArgumentException unknown) {
                // Shown as typed; the sheet already marks it.
            }
            option(sb, "--masking", label, "adversarial");
        }
        option(sb, "--device", values.get("device"), "cpu");
        option(sb, "--seed", values.get("seed"), "1");
        option(sb, "--held-out", values.get("heldOutFraction"), "0.2");
        option(sb, "--held-out-by", values.get("heldOutBy"), "window");
        if (kind == Kind.PRETRAIN) {
            option(sb, "--inspect", values.get("inspectionWindows"), "4");
        }
        for (Field f : fields) {
            if (f.model() && !f.key().equals(STRATEGY) && changed(f.key())) {
                sb.append(" --set ").append(quote(f.key().substring("model.".length()) + "=" + values.get(f.key()).trim()));
            }
        }
        return sb.toString();
    }

    /** The settings changed from the preset as the command line writes them ({@code optimiser.epochs=2}). */
    public List<String> overrides() {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.model() && changed(f.key())) {
                out.add(f.key().substring("model.".length()) + "=" + values.get(f.key()).trim());
            }
        }
        return out;
    }

    private static void option(StringBuilder sb, String name, String value, String placeholder) {
        String v = value == null || value.isBlank() ? placeholder : value.trim();
        sb.append(' ').append(name).append(' ').append(quote(v));
    }

    private static String quote(String s) {
        return SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
