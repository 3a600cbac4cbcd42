package org.sigmappg.app.runs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.recipe.RunKinds;
import org.sigmappg.recipe.RunRecipe;
import org.sigmappg.recipe.SettingGuide;
import org.sigmappg.run.RunInfo;

/**
 * The new-run sheet without JavaFX: every setting of a tokenizer or pre-training run as text, filled from the run
 * kind's {@link RunRecipe} and a size preset, checked the way the command line checks it (the changes go through the
 * recipe into the parameter records, whose constructors refuse what the method cannot run), and turned into the very
 * parameter record and command line the {@code train-tokenizer} and {@code pretrain} commands would build.
 *
 * <p>Settings are keyed by their path in the run's parameter record: {@code run.dataset}, {@code run.seed},
 * {@code model.optimiser.learningRate}; names, groups and explanations come from the {@link SettingGuide}.
 */
public final class RunSheet {
    /** The two kinds of run the sheet starts: those whose recipe has model presets. */
    public enum Kind {
        TOKENIZER(RunKinds.TOKENIZER),
        PRETRAIN(RunKinds.PRETRAIN);

        private final RunRecipe<?> recipe;

        Kind(RunRecipe<?> recipe) {
            this.recipe = recipe;
        }

        /** The kind the run store records ({@code tokenizer}, {@code pretrain}). */
        public String runKind() {
            return recipe.kind();
        }

        /** "tokenizer run" or "pre-training run". */
        public String words() {
            return RunKinds.of(recipe.kind()).words();
        }

        /** The kind of a stored run. */
        public static Kind of(String runKind) {
            for (Kind k : values()) {
                if (k.runKind().equals(runKind)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("runs of kind " + runKind + " are not started from the sheet");
        }
    }

    /** The presets, smallest first. */
    public static final List<String> SIZES = RunKinds.SIZES;
    /** The dataset's key. */
    public static final String DATASET = "run.dataset";
    /** The tokenizer run's key (pre-training runs). */
    public static final String TOKENIZER_RUN = "tokenizerRun";

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

        /** Whether the setting belongs to the model record (and changes with the size preset). */
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

    private static final String CODEBOOK = "model.codebookSize";
    /** A record printed into a message ({@code : OptimiserParams[learningRate=...]}): the field already names it. */
    private static final Pattern RECORD_DUMP = Pattern.compile(":\\s*[A-Z]\\w*\\[.*\\]\\s*$");

    private final Kind kind;
    private final List<Field> fields = new ArrayList<>();
    private final Map<String, Field> byKey = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private Map<String, String> preset;
    private String size;
    private List<String> datasets;
    private Map<String, Tokenizer> tokenizers;
    private boolean datasetChosen;

    private RunSheet(Kind kind, String size) {
        this.kind = kind;
        this.size = RunKinds.size(size);
        Record base = kind.recipe.defaults(this.size);
        preset = kind.recipe.leaves(base);
        List<String> order = SettingGuide.groups(kind.runKind());
        for (Map.Entry<String, Class<?>> e : kind.recipe.types(base).entrySet()) {
            String key = e.getKey();
            // The sheet shows the tokenizer's codebook size; the teacher's schedule, which follows the student's, it leaves out.
            boolean hidden = kind.recipe.derived().containsKey(key) && !key.equals(CODEBOOK);
            if (hidden || key.equals("version") || key.equals(RunRecipe.SIZE) || key.equals("model.version")) {
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
        Map<String, String> text = kind.recipe.leaves(kind.recipe.parse(run.params()));
        RunSheet sheet = new RunSheet(kind, text.get(RunRecipe.SIZE));
        for (Field f : sheet.fields) {
            if (text.containsKey(f.key())) {
                sheet.values.put(f.key(), text.get(f.key()));
            }
        }
        // The stored run's dataset is part of its recipe.
        sheet.datasetChosen = true;
        return sheet;
    }

    private Field field(String key, Class<?> type) {
        SettingGuide.Entry e = SettingGuide.entry(kind.runKind(), key);
        String group = SettingGuide.group(kind.runKind(), key);
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
            case DATASET, TOKENIZER_RUN -> new Field(key, group, e.label(), e.description(), Editor.CHOICE, List.of(), false);
            case "run.heldOutBy" -> new Field(key, group, e.label(), e.description(), Editor.CHOICE, List.of("window", "subject"), false);
            case "run.device" -> new Field(key, group, e.label(), e.description(), Editor.CHOICE, List.of("cpu", "gpu"), false);
            default -> new Field(key, group, e.label(), e.description(), Editor.TEXT, List.of(), whole);
        };
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

    /** How the command line writes the setting: {@code --epochs VALUE}, or {@code --set encoder.width=VALUE}. */
    public String onCommandLine(String key) {
        String shown = kind.recipe.shownAs(field(key).key());
        return shown + (shown.startsWith("--set ") ? "=VALUE" : " VALUE");
    }

    /** The groups in the order the sheet shows them. */
    public List<String> groups() {
        return fields.stream().map(Field::group).distinct().toList();
    }

    /** The text of a setting. */
    public String value(String key) {
        field(key);
        if (kind == Kind.PRETRAIN && key.equals(CODEBOOK) && tokenizers != null) {
            Tokenizer t = tokenizers.get(values.get(TOKENIZER_RUN));
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
        return org.sigmappg.recipe.RecipeOption.same(a, b);
    }

    /** Changes a setting (the text is checked by {@link #check}); a pre-training run's dataset follows a new tokenizer. */
    public void set(String key, String text) {
        Field f = field(key);
        if (f.editor() == Editor.FIXED) {
            throw new IllegalArgumentException(f.label() + " follows from the tokenizer run and is not set by hand");
        }
        values.put(key, text == null ? "" : text);
        if (key.equals(DATASET)) {
            datasetChosen = true;
        } else if (key.equals(TOKENIZER_RUN)) {
            followTokenizer();
        }
    }

    /** Fills every model setting from the preset {@code newSize}; the run's own settings (dataset, seed, ...) stay. */
    public void setSize(String newSize) {
        size = RunKinds.size(newSize);
        preset = kind.recipe.leaves(kind.recipe.defaults(size));
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
        if (values.get(DATASET).isEmpty()) {
            if (preferred != null && datasets.contains(preferred)) {
                values.put(DATASET, preferred);
            } else if (datasets.size() == 1) {
                values.put(DATASET, datasets.get(0));
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
        if (kind == Kind.PRETRAIN && values.get(TOKENIZER_RUN).isEmpty() && !tokenizers.isEmpty()) {
            List<String> newestFirst = new ArrayList<>(tokenizers.keySet());
            java.util.Collections.reverse(newestFirst);
            String dataset = values.get(DATASET);
            String chosen = newestFirst.stream().filter(id -> java.util.Objects.equals(tokenizers.get(id).dataset(), dataset)).findFirst().orElse(newestFirst.get(0));
            values.put(TOKENIZER_RUN, chosen);
            followTokenizer();
        }
    }

    /** Takes the tokenizer's dataset, unless a dataset was chosen by hand. */
    private void followTokenizer() {
        Tokenizer t = tokenizers == null ? null : tokenizers.get(values.get(TOKENIZER_RUN));
        if (!datasetChosen && t != null && (datasets == null || datasets.contains(t.dataset()))) {
            values.put(DATASET, t.dataset());
        }
    }

    /** What a choice setting can be. */
    public List<String> choices(String key) {
        Field f = field(key);
        return switch (key) {
            case DATASET -> datasets == null ? List.of() : datasets;
            case TOKENIZER_RUN -> tokenizers == null ? List.of() : List.copyOf(tokenizers.keySet());
            default -> f.choices();
        };
    }

    /** Checks every setting, and all of them together, through the parameter records. */
    public Check check() {
        Map<String, String> fieldProblems = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        requireChoice(DATASET, datasets, "choose a dataset", "no dataset named '%s' in this workspace", fieldProblems);
        if (kind == Kind.PRETRAIN) {
            requireChoice(TOKENIZER_RUN, tokenizers == null ? null : List.copyOf(tokenizers.keySet()),
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
            DeviceChoice.parse(values.get("run.device"));
        } catch (IllegalArgumentException e) {
            fieldProblems.putIfAbsent("run.device", e.getMessage());
        }
        List<String> changes = assignments(fieldProblems.keySet());
        try {
            build(changes);
        } catch (RuntimeException together) {
            boolean named = false;
            for (String a : changes.subList(1, changes.size())) {
                String key = a.substring(0, a.indexOf('='));
                try {
                    build(List.of(changes.get(0), a));
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
        if (key != null && m.startsWith(key + ": ")) {
            m = m.substring((key + ": ").length());
        }
        return RECORD_DUMP.matcher(m).replaceFirst("");
    }

    /** The preset and {@code key=value} for each setting that differs from it, leaving out those already found wrong. */
    private List<String> assignments(Set<String> wrong) {
        List<String> out = new ArrayList<>();
        out.add(RunRecipe.SIZE + "=" + size);
        for (Field f : fields) {
            if (f.editor() != Editor.FIXED && !wrong.contains(f.key()) && !same(values.get(f.key()), preset.get(f.key()))) {
                out.add(f.key() + "=" + values.get(f.key()).trim());
            }
        }
        return out;
    }

    private Record build(List<String> changes) {
        return kind.recipe.build(changes, path -> path);
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

    /** The command line that starts the same run from a terminal: the recipe's, from the sheet's text as it stands. */
    public String commandLine() {
        Map<String, String> leaves = new LinkedHashMap<>(preset);
        values.forEach((key, text) -> leaves.put(key, text.trim()));
        leaves.put(RunRecipe.SIZE, size);
        return kind.recipe.commandLine(leaves, Map.of());
    }
}
