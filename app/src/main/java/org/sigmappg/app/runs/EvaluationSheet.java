package org.sigmappg.app.runs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sigmappg.eval.EvaluationParams;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.eval.MethodSpec;
import org.sigmappg.eval.TaskDefinition;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.recipe.RecipeOption;
import org.sigmappg.recipe.RunKinds;
import org.sigmappg.recipe.RunRecipe;
import org.sigmappg.recipe.SettingGuide;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.train.ImportedWeightsParams;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.WeightImportTask;

/**
 * The settings of an evaluation or fine-tuning run as the new-run sheet shows them, without JavaFX: the task
 * and dataset, the comparators (or the one pre-trained backbone to fine-tune), the protocol and the split. Each
 * setting is an option of the kind's {@link RunRecipe}, with its default, name and explanation; the sheet is checked
 * before start through the same parameter record the command line builds ({@link EvaluationParams}), and gives the
 * recipe's {@code sigma-ppg evaluate} or {@code finetune} command that starts the same run from a terminal.
 */
public final class EvaluationSheet {
    /** One setting: {@code choices} empty for free text. */
    public record Field(String key, String group, String label, String description, List<String> choices) {
    }

    /**
     * A run whose student can be evaluated or fine-tuned: a finished pre-training run or imported weights.
     *
     * @param method the comparator that evaluates it: {@code sigma} (adversarial masking, or imported weights, whose
     *     masking is not known), {@code random-masking}, else {@code pretrained}
     */
    public record Backbone(String run, String description, MethodSpec.Kind method) {
        /** The backbone of {@code run}, or empty when it has no usable student (another kind, or not finished). */
        public static Optional<Backbone> of(RunInfo run) {
            if (run.status() != RunStatus.FINISHED) {
                return Optional.empty();
            }
            try {
                if (PretrainTask.KIND.equals(run.kind())) {
                    PretrainRunParams p = PretrainRunParams.fromJson(run.params());
                    MaskingParams.Strategy strategy = p.model().masking().strategy();
                    MethodSpec.Kind method = switch (strategy) {
                        case ADVERSARIAL -> MethodSpec.Kind.SIGMA;
                        case RANDOM -> MethodSpec.Kind.RANDOM_MASKING;
                        default -> MethodSpec.Kind.PRETRAINED;
                    };
                    return Optional.of(new Backbone(run.id(), "pre-trained on " + p.dataset() + ", " + strategy.label() + " masking, " + p.size(),
                            method));
                }
                if (WeightImportTask.KIND.equals(run.kind())) {
                    return Optional.of(new Backbone(run.id(), ImportedWeights.title(ImportedWeightsParams.fromJson(run.params())),
                            MethodSpec.Kind.SIGMA));
                }
            } catch (RuntimeException unreadable) {
                // Parameters this version cannot read: such a run cannot be a backbone here either.
            }
            return Optional.empty();
        }

        /** How a list shows it: {@code imp-0001 · imported weights from sigma.pth}. */
        public String label() {
            return run + "  \u00b7  " + description;
        }

        /** The comparator as the methods list writes it: {@code sigma:imp-0001}. */
        public MethodSpec spec() {
            return new MethodSpec(method, run);
        }
    }

    /** The sheet's settings, in the order it shows them, each the recipe option that writes it. */
    private static final Map<String, String> OPTIONS = options();

    private final String kind;
    private final RunRecipe<EvaluationParams> recipe;
    private final Map<String, String> values = new LinkedHashMap<>();
    private Map<String, List<TaskDefinition>> tasks = Map.of();
    private List<Backbone> backbones = List.of();

    private EvaluationSheet(String kind, RunRecipe<EvaluationParams> recipe) {
        this.kind = kind;
        this.recipe = recipe;
        Map<String, String> defaults = recipe.leaves(recipe.defaults());
        for (Map.Entry<String, String> e : OPTIONS.entrySet()) {
            if (isFinetune() ? e.getKey().equals("methods") : e.getKey().equals("pretrained")) {
                continue;
            }
            RecipeOption o = recipe.option(e.getValue());
            String text = o.resolvedByFrontEnd() ? null : o.toOption().apply(defaults.get(o.path()));
            values.put(e.getKey(), text == null ? "" : text);
        }
    }

    private static Map<String, String> options() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dataset", "--dataset");
        m.put("task", "--task");
        m.put("pretrained", "--pretrained");
        m.put("methods", "--methods");
        m.put("protocol", "--protocol");
        m.put("folds", "--folds");
        m.put("innerFolds", "--inner-folds");
        m.put("seed", "--seed");
        m.put("bootstrap", "--bootstrap");
        m.put("epochs", "--epochs");
        m.put("device", "--device");
        m.put("batchSize", "--batch-size");
        return m;
    }

    /** A sheet for an evaluation ({@link EvaluationTask#KIND}) or a fine-tuning run ({@link EvaluationTask#FINETUNE_KIND}). */
    public static EvaluationSheet of(String kind) {
        if (EvaluationTask.KIND.equals(kind)) {
            return new EvaluationSheet(kind, RunKinds.EVALUATE);
        }
        if (EvaluationTask.FINETUNE_KIND.equals(kind)) {
            return new EvaluationSheet(kind, RunKinds.FINETUNE);
        }
        throw new IllegalArgumentException("an evaluation sheet is for " + EvaluationTask.KIND + " or " + EvaluationTask.FINETUNE_KIND
                + " runs, not " + kind);
    }

    public String kind() {
        return kind;
    }

    private boolean isFinetune() {
        return EvaluationTask.FINETUNE_KIND.equals(kind);
    }

    /** The tasks each dataset can be evaluated on, resolved for it (from the task catalogue); the first dataset is chosen. */
    public void setTasks(Map<String, List<TaskDefinition>> byDataset) {
        tasks = Map.copyOf(byDataset);
        if (!tasks.containsKey(values.get("dataset"))) {
            values.put("dataset", tasks.isEmpty() ? "" : tasks.keySet().stream().sorted().findFirst().orElse(""));
        }
        keepTaskValid();
    }

    /**
     * The runs with a student, oldest first (finished pre-training runs and imported weights): the choices of a
     * fine-tuning run's backbone, where the newest is chosen unless the one chosen is still there.
     */
    public void setBackbones(List<Backbone> runs) {
        backbones = List.copyOf(runs);
        List<String> ids = choices("pretrained");
        if (isFinetune() && !ids.contains(values.get("pretrained"))) {
            values.put("pretrained", ids.isEmpty() ? "" : ids.get(ids.size() - 1));
        }
    }

    public List<Backbone> backbones() {
        return backbones;
    }

    private Optional<Backbone> backbone(String run) {
        return backbones.stream().filter(b -> b.run().equals(run)).findFirst();
    }

    /** How the sheet names run {@code run} in a list: with its description when it is a known backbone. */
    public String label(String run) {
        return backbone(run).map(Backbone::label).orElse(run);
    }

    /**
     * The students the run would evaluate and what each is ({@code Backbone: sigma:imp-0001, imported weights from
     * sigma.pth}), a run the sheet does not know said so; empty when no method needs one (or the methods do not parse).
     */
    public String backboneSummary() {
        List<MethodSpec> methods;
        try {
            methods = isFinetune() ? (value("pretrained").isEmpty() ? List.of() : List.of(MethodSpec.parse("pretrained:" + value("pretrained"))))
                    : MethodSpec.parseList(value("methods"));
        } catch (IllegalArgumentException unparsable) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (MethodSpec m : methods) {
            if (m.kind().needsRun()) {
                String what = backbone(m.run()).map(Backbone::description).orElse("not a finished pre-training run or imported weights of this workspace");
                parts.add((isFinetune() ? m.run() : m.spec()) + ", " + what);
            }
        }
        return parts.isEmpty() ? "" : (parts.size() == 1 ? "Backbone: " : "Backbones: ") + String.join("; ", parts);
    }

    /**
     * Makes {@code run}'s student the one evaluated: the backbone to fine-tune, or its comparator ({@link Backbone#spec},
     * {@code sigma:RUN} for a run the sheet does not know), replacing another of the same name, as an evaluation has one
     * of each; methods that do not parse are reset to the defaults first.
     */
    public void useBackbone(String run) {
        if (isFinetune()) {
            values.put("pretrained", run);
            return;
        }
        MethodSpec added = backbone(run).map(Backbone::spec).orElse(new MethodSpec(MethodSpec.Kind.SIGMA, run));
        List<MethodSpec> methods;
        try {
            methods = new ArrayList<>(MethodSpec.parseList(value("methods")));
        } catch (IllegalArgumentException unparsable) {
            methods = new ArrayList<>(MethodSpec.parseList(recipe.option("--methods").toOption().apply(recipe.leaves(recipe.defaults()).get("methods"))));
        }
        methods.removeIf(m -> m.name().equals(added.name()));
        methods.add(added);
        values.put("methods", String.join(",", methods.stream().map(MethodSpec::spec).toList()));
    }

    private void keepTaskValid() {
        List<String> names = choices("task");
        if (!names.contains(values.get("task"))) {
            values.put("task", names.isEmpty() ? "" : names.get(0));
        }
    }

    /** The settings, named and explained as the recipe's guide does. */
    public List<Field> fields() {
        List<Field> f = new ArrayList<>();
        for (String key : values.keySet()) {
            RecipeOption o = recipe.option(OPTIONS.get(key));
            // The dataset and the backbone are written into the task and the methods: the guide names them on their own.
            String guideKey = key.equals("dataset") || key.equals("pretrained") ? key : o.path();
            SettingGuide.Entry e = SettingGuide.entry(kind, guideKey);
            String line = e.description().isEmpty() ? e.description() : Character.toUpperCase(e.description().charAt(0)) + e.description().substring(1);
            f.add(new Field(key, SettingGuide.group(kind, o.path()), e.label(), line, choices(key)));
        }
        return f;
    }

    public List<String> choices(String key) {
        return switch (key) {
            case "dataset" -> tasks.keySet().stream().sorted().toList();
            case "task" -> tasks.getOrDefault(values.get("dataset"), List.of()).stream().map(TaskDefinition::name).distinct().toList();
            case "pretrained" -> backbones.stream().map(Backbone::run).toList();
            case "protocol" -> List.of(EvaluationParams.PROBE, EvaluationParams.FINETUNE);
            case "device" -> List.of("cpu", "gpu");
            default -> List.of();
        };
    }

    public String value(String key) {
        return values.getOrDefault(key, "");
    }

    /** Changes a setting as typed; a new dataset keeps the task if the dataset has it. */
    public void set(String key, String text) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("no setting " + key + " in a " + kind + " sheet");
        }
        values.put(key, text == null ? "" : text.trim());
        if (key.equals("dataset")) {
            keepTaskValid();
        }
    }

    /** The problems of the sheet by setting (empty when it can start). */
    public Map<String, String> check() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (task() == null) {
            problems.put("task", value("dataset").isEmpty() ? "import a dataset with labels first" : "choose a task");
        }
        if (isFinetune() && value("pretrained").isEmpty()) {
            problems.put("pretrained", "choose a backbone: train a pre-training run, or import weights (File > Import pretrained weights)");
        }
        for (String k : List.of("folds", "innerFolds", "seed", "bootstrap", "epochs", "batchSize")) {
            try {
                Long.parseLong(value(k));
            } catch (NumberFormatException e) {
                problems.put(k, "'" + value(k) + "' is not a whole number");
            }
        }
        if (!isFinetune()) {
            try {
                MethodSpec.parseList(value("methods"));
            } catch (IllegalArgumentException e) {
                problems.put("methods", e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            try {
                params();
            } catch (IllegalArgumentException e) {
                problems.put(fieldOf(e.getMessage()), e.getMessage());
            }
        }
        return problems;
    }

    private static String fieldOf(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("bootstrap")) {
            return "bootstrap";
        }
        if (m.contains("inner folds")) {
            return "innerFolds";
        }
        if (m.contains("folds")) {
            return "folds";
        }
        if (m.contains("epochs")) {
            return "epochs";
        }
        if (m.contains("batch")) {
            return "batchSize";
        }
        if (m.contains("protocol")) {
            return "protocol";
        }
        return "methods";
    }

    private TaskDefinition task() {
        return tasks.getOrDefault(value("dataset"), List.of()).stream().filter(t -> t.name().equals(value("task"))).findFirst().orElse(null);
    }

    /** The parameter record the run is created with: the recipe's, built from the sheet's text as the command line builds it. */
    public EvaluationParams params() {
        TaskDefinition t = task();
        if (t == null) {
            throw new IllegalArgumentException("choose a task");
        }
        List<String> assignments = new ArrayList<>();
        Map<String, String> shown = new LinkedHashMap<>();
        values.forEach((key, text) -> {
            RecipeOption o = recipe.option(OPTIONS.get(key));
            if (!o.resolvedByFrontEnd()) {
                assignments.add(o.path() + "=" + o.toSetting().apply(text));
                shown.put(o.path(), key);
            }
        });
        return recipe.build(assignments, path -> shown.getOrDefault(path, path)).withTask(t);
    }

    /** The command that starts the same run from a terminal: the recipe's, from the sheet's text as it stands. */
    public String commandLine() {
        Map<String, String> leaves = new LinkedHashMap<>(recipe.leaves(recipe.defaults()));
        values.forEach((key, text) -> {
            RecipeOption o = recipe.option(OPTIONS.get(key));
            if (!o.resolvedByFrontEnd()) {
                try {
                    leaves.put(o.path(), o.toSetting().apply(text));
                } catch (IllegalArgumentException notYetValid) {
                    leaves.put(o.path(), text);
                }
            }
        });
        leaves.put("task", RunRecipe.format(task()));
        return recipe.commandLine(leaves, Map.of());
    }
}
