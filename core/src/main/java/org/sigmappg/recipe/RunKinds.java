package org.sigmappg.recipe;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sigmappg.eval.EvaluationParams;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.eval.MethodSpec;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.TokenizerRunParams;
import org.sigmappg.train.TokenizerTask;
import org.sigmappg.train.WeightImportTask;

/**
 * Every kind of run the run store knows, in the order of the method, with the recipe of those started from a command
 * or a sheet and the task that creates and runs them: the one place that maps a kind's name to what it is.
 */
public final class RunKinds {
    /** Creates a run of the kind from its parameter record and the command that reproduces it. */
    @FunctionalInterface
    public interface Creator {
        RunInfo create(Workspace workspace, Record params, String command) throws IOException;
    }

    /** Runs (or resumes) a created run to its end; returns its summary. */
    @FunctionalInterface
    public interface Runner {
        Object run(Workspace workspace, String runId, ProgressMonitor monitor) throws IOException;
    }

    /**
     * One kind of run.
     *
     * @param words the kind in words ({@code pre-training run})
     * @param recipe its recipe, or null for runs not started from a command's options (imported weights)
     * @param creator creates a run from a recipe's record, or null where there is no recipe
     * @param runner runs a created run, or null where the run is made whole at once (imported weights)
     */
    public record RunKind(String kind, String words, RunRecipe<?> recipe, Creator creator, Runner runner) {
        /** Whether the workbench's queue can run it: it has a task that trains or evaluates. */
        public boolean queueable() {
            return runner != null;
        }

        /** Whether its settings hold a model with size presets (tokenizer and pre-training runs). */
        public boolean trainable() {
            return recipe != null && !recipe.sizes().isEmpty();
        }
    }

    /** Sizes of the model presets, smallest first. */
    public static final List<String> SIZES = List.of("tiny", "base", "pro");
    private static final Gson GSON = new Gson();

    public static final RunRecipe<TokenizerRunParams> TOKENIZER = new RunRecipe<>(TokenizerTask.KIND, "train-tokenizer", SIZES,
            TokenizerRunParams::defaults, TokenizerRunParams::fromJson, "model.", trainingOptions(false), Map.of());

    public static final RunRecipe<PretrainRunParams> PRETRAIN = new RunRecipe<>(PretrainTask.KIND, "pretrain", SIZES,
            PretrainRunParams::defaults, PretrainRunParams::fromJson, "model.", trainingOptions(true), Map.of(
                    "model.codebookSize", "follows the tokenizer run's codebook size",
                    "model.teacher.optimiser.batchSize", "follows the student's optimiser.batchSize",
                    "model.teacher.optimiser.epochs", "follows the student's optimiser.epochs"));

    public static final RunRecipe<EvaluationParams> EVALUATE = new RunRecipe<>(EvaluationTask.KIND, "evaluate", List.of(),
            size -> EvaluationParams.defaults(EvaluationTask.KIND), EvaluationParams::fromJson, "finetune.", evaluationOptions(false), Map.of());

    public static final RunRecipe<EvaluationParams> FINETUNE = new RunRecipe<>(EvaluationTask.FINETUNE_KIND, "finetune", List.of(),
            size -> EvaluationParams.defaults(EvaluationTask.FINETUNE_KIND), EvaluationParams::fromJson, "finetune.", evaluationOptions(true),
            Map.of());

    private static final List<RunKind> ALL = List.of(
            new RunKind(TokenizerTask.KIND, "tokenizer run", TOKENIZER,
                    (ws, p, c) -> new TokenizerTask(ws).create((TokenizerRunParams) p, c), (ws, id, m) -> new TokenizerTask(ws).run(id, m)),
            new RunKind(PretrainTask.KIND, "pre-training run", PRETRAIN,
                    (ws, p, c) -> new PretrainTask(ws).create((PretrainRunParams) p, c), (ws, id, m) -> new PretrainTask(ws).run(id, m)),
            new RunKind(EvaluationTask.KIND, "evaluation", EVALUATE, RunKinds::createEvaluation, RunKinds::runEvaluation),
            new RunKind(EvaluationTask.FINETUNE_KIND, "fine-tuning run", FINETUNE, RunKinds::createEvaluation, RunKinds::runEvaluation),
            new RunKind(WeightImportTask.KIND, "imported weights", null, null, null));

    private RunKinds() {
    }

    /** Every kind, in the order of the method: tokenizer, pre-training, evaluation, fine-tuning, imported weights. */
    public static List<RunKind> all() {
        return ALL;
    }

    /** The kind called {@code kind}, or empty for one this build does not know. */
    public static Optional<RunKind> find(String kind) {
        return ALL.stream().filter(k -> k.kind().equals(kind)).findFirst();
    }

    /** The kind called {@code kind}. */
    public static RunKind of(String kind) {
        return find(kind).orElseThrow(() -> new IllegalArgumentException("runs of kind '" + kind + "' are not known to this build"));
    }

    /** The recipes, in the order of {@link #all()}. */
    public static List<RunRecipe<?>> recipes() {
        return ALL.stream().<RunRecipe<?>>map(RunKind::recipe).filter(r -> r != null).toList();
    }

    private static RunInfo createEvaluation(Workspace ws, Record params, String command) throws IOException {
        return new EvaluationTask(ws).create((EvaluationParams) params, command);
    }

    private static Object runEvaluation(Workspace ws, String id, ProgressMonitor monitor) throws IOException {
        return new EvaluationTask(ws).run(id, monitor);
    }

    private static List<RecipeOption> trainingOptions(boolean pretrain) {
        List<RecipeOption> o = new ArrayList<>();
        if (pretrain) {
            o.add(RecipeOption.value("--tokenizer", "tokenizerRun", "RUN", true));
        }
        o.add(RecipeOption.value("--dataset", "run.dataset", "NAME", true));
        o.add(RecipeOption.value("--size", RunRecipe.SIZE, "tiny|base|pro", true));
        if (pretrain) {
            o.add(new RecipeOption("--masking", "model.masking.strategy", "adversarial|random|prior-only",
                    "Masks: adversarial (teacher + prior), random (uniform, the ablation baseline) or prior-only", true,
                    label -> MaskingParams.Strategy.fromLabel(label).name(), RunKinds::maskingLabel));
            o.add(RecipeOption.value("--mask-ratio", "model.masking.maskRatio", "R", false));
            o.add(RecipeOption.flag("--no-prior", "model.masking.usePrior", "false",
                    "Leave the statistical prior out of the adversarial masks (it is on by default)"));
        }
        o.add(RecipeOption.value("--epochs", "model.optimiser.epochs", "N", false));
        o.add(RecipeOption.value("--batch-size", "model.optimiser.batchSize", "N", false));
        o.add(RecipeOption.value("--lr", "model.optimiser.learningRate", "RATE", false));
        o.add(RecipeOption.value("--device", "run.device", "cpu|gpu", true));
        o.add(RecipeOption.value("--seed", "run.seed", "SEED", true));
        o.add(RecipeOption.value("--held-out", "run.heldOutFraction", "FRACTION", true));
        o.add(RecipeOption.value("--held-out-by", "run.heldOutBy", "window|subject", true));
        if (pretrain) {
            o.add(RecipeOption.value("--inspect", "inspectionWindows", "N", true));
        }
        return o;
    }

    /** A strategy's label ({@code prior-only}), or the text as typed where it names none (a sheet shows it as wrong). */
    private static String maskingLabel(String name) {
        try {
            return MaskingParams.Strategy.valueOf(name.trim()).label();
        } catch (IllegalArgumentException unknown) {
            return name;
        }
    }

    private static List<RecipeOption> evaluationOptions(boolean finetune) {
        List<RecipeOption> o = new ArrayList<>();
        if (finetune) {
            o.add(new RecipeOption("--pretrained", "methods", "RUN", "The pre-training run (or imported weights) whose student is the "
                    + "backbone", true, run -> methodsJson("pretrained:" + run), RunKinds::pretrainedRun));
        } else {
            o.add(new RecipeOption("--methods", "methods", "LIST", null, true, RunKinds::methodsJson, RunKinds::commaList));
        }
        o.add(RecipeOption.value("--protocol", "protocol", "probe|finetune", true));
        o.add(new RecipeOption("--task", "task", "NAME", "The task (built-in, or from --task-file)", true, null,
                task -> taskField(task, "name")));
        o.add(new RecipeOption("--task-file", null, "FILE", "JSON file with one task definition or a list of them", false, null, null));
        o.add(new RecipeOption("--dataset", "task", "NAME", "Dataset to evaluate on (default: the workspace's dataset of the task's layout)",
                true, null, task -> taskField(task, "dataset")));
        o.add(RecipeOption.value("--folds", "folds", "K", true).reading(folds -> RecipeOption.same(folds, "0") ? null : folds));
        o.add(RecipeOption.flag("--loso", "folds", "0", "Leave one subject out instead of k folds"));
        o.add(RecipeOption.value("--seed", "seed", "SEED", true));
        o.add(RecipeOption.value("--bootstrap", "bootstrapResamples", "N", true));
        o.add(RecipeOption.value("--inner-folds", "innerFolds", "K", true));
        o.add(RecipeOption.value("--device", "device", "cpu|gpu", true));
        o.add(RecipeOption.value("--batch-size", "batchSize", "N", true));
        o.add(RecipeOption.value("--epochs", "finetune.maxEpochs", "N", false));
        o.add(new RecipeOption("--label-fractions", "labelFractions", "LIST", null, false, RunKinds::numbersJson, RunKinds::commaList));
        o.add(RecipeOption.value("--label-draws", "labelDraws", "N", false));
        return o;
    }

    /** The methods as stored: parsed, trivial first, embeddings files absolute (so the run repeats from any folder). */
    private static String methodsJson(String csv) {
        JsonArray a = new JsonArray();
        MethodSpec.parseList(csv).forEach(m -> a.add(m.withAbsoluteFile().spec()));
        return GSON.toJson(a);
    }

    private static String numbersJson(String csv) {
        JsonArray a = new JsonArray();
        for (String part : csv.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                a.add(Double.parseDouble(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--label-fractions: '" + part.trim() + "' is not a number; give shares of the training "
                        + "subjects such as 0.1,0.25,0.5,1");
            }
        }
        return GSON.toJson(a);
    }

    /**
     * A stored list as the command line writes it ({@code trivial,features}); numbers short ({@code 0.5,1}); null when
     * empty; text that is no list (a sheet's, not yet valid) as typed.
     */
    private static String commaList(String json) {
        JsonArray a = array(json);
        if (a == null) {
            return json;
        }
        if (a.isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonElement e : a) {
            out.add(e.getAsJsonPrimitive().isNumber() ? RunRecipe.number(e.getAsDouble()).replaceAll("\\.0$", "") : e.getAsString());
        }
        return String.join(",", out);
    }

    private static String pretrainedRun(String json) {
        JsonArray a = array(json);
        if (a != null) {
            for (JsonElement e : a) {
                MethodSpec m = MethodSpec.parse(e.getAsString());
                if (m.kind() == MethodSpec.Kind.PRETRAINED) {
                    return m.run();
                }
            }
        }
        return "";
    }

    private static JsonArray array(String json) {
        try {
            JsonElement e = JsonParser.parseString(json);
            return e.isJsonArray() ? e.getAsJsonArray() : null;
        } catch (JsonParseException notJson) {
            return null;
        }
    }

    private static String taskField(String taskJson, String field) {
        if (taskJson == null || taskJson.isBlank()) {
            return "";
        }
        JsonObject task = JsonParser.parseString(taskJson).getAsJsonObject();
        return task.has(field) && !task.get(field).isJsonNull() ? task.get(field).getAsString() : "";
    }

    /** {@code tiny}, {@code base} or {@code pro} from any case, or the refusal that names the choices. */
    public static String size(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (!SIZES.contains(s)) {
            throw new IllegalArgumentException("unknown size '" + text + "'; choose tiny, base or pro");
        }
        return s;
    }
}
