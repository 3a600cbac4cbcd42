package org.sigmappg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sigmappg.app.runs.EvaluationSheet;
import org.sigmappg.app.runs.RunSheet;
import org.sigmappg.eval.EvaluationParams;
import org.sigmappg.eval.LabelSource;
import org.sigmappg.eval.MethodSpec;
import org.sigmappg.eval.TaskDefinition;
import org.sigmappg.recipe.RecipeOption;
import org.sigmappg.recipe.RunKinds;
import org.sigmappg.recipe.RunRecipe;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import picocli.CommandLine;

/**
 * Every run kind's recipe against its two front ends: the command line's help says the recipe's descriptions and
 * defaults, the workbench's sheet starts from the command line's defaults, and a run's reproducing command parsed by
 * the command line gives back its parameter record, for runs made now and runs stored by the build before recipes.
 */
class RunRecipesTest {
    private static final TaskDefinition HR = TaskDefinition.regression("HR", "heart rate", "sample", "HR", LabelSource.WINDOW, "bpm")
            .withDataset("sample");
    /** What a new run of each kind must be given: the dataset, and the tokenizer, task or backbone where it needs one. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "tokenizer", List.of("--dataset", "sample"),
            "pretrain", List.of("--tokenizer", "tok-0001", "--dataset", "sample"),
            "evaluate", List.of("--task", "HR", "--dataset", "sample"),
            "finetune", List.of("--pretrained", "pre-0001", "--task", "HR", "--dataset", "sample"));

    /** The record the command line builds from {@code args} (parsed, not run); an evaluation's task is resolved to {@link #HR}. */
    static Record parse(RunRecipe<?> recipe, List<String> args) {
        return parse(recipe, args, HR);
    }

    /** The record the command line builds from {@code args}; an evaluation's task, named by --task and --dataset, is {@code task}. */
    static Record parse(RunRecipe<?> recipe, List<String> args, TaskDefinition task) {
        CommandLine root = SigmaPpgCli.commandLine();
        List<String> all = new ArrayList<>();
        all.add(recipe.command());
        all.addAll(args);
        root.parseArgs(all.toArray(String[]::new));
        CommandLine sub = root.getSubcommands().get(recipe.command());
        Record built = RecipeOptions.build(sub.getCommandSpec(), recipe);
        if (built instanceof EvaluationParams p) {
            assertEquals(task.name(), RecipeOptions.given(sub.getCommandSpec(), "--task"));
            assertEquals(task.dataset(), RecipeOptions.given(sub.getCommandSpec(), "--dataset"));
            return p.withTask(task);
        }
        return built;
    }

    /** A command line split into its words; words in single quotes as a shell reads them. */
    static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == '\\' && !quoted && i + 1 < command.length()) {
                word.append(command.charAt(++i));
            } else if (c == ' ' && !quoted) {
                if (any || word.length() > 0) {
                    out.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
            }
        }
        if (any || word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }

    /** The arguments of a reproducing command: the words after {@code sigma-ppg COMMAND}. */
    static List<String> arguments(RunRecipe<?> recipe, String command) {
        List<String> w = words(command);
        assertEquals(List.of("sigma-ppg", recipe.command()), w.subList(0, 2), command);
        return w.subList(2, w.size());
    }

    @SuppressWarnings("unchecked")
    static <P extends Record> String commandLine(RunRecipe<P> recipe, Record params) {
        return recipe.commandLine((P) params, Map.of());
    }

    @Test
    void helpSaysEachOptionsDescriptionAndDefaultFromTheRecipe() {
        for (RunRecipe<?> recipe : RunKinds.recipes()) {
            CliTest.Result r = CliTest.run(recipe.command(), "--help");
            assertEquals(0, r.code(), r.err());
            // Help wraps lines at spaces and after ':' or ','; compared without any white space.
            String help = r.out().replaceAll("\\s+", "");
            for (RecipeOption o : recipe.options()) {
                String d = recipe.defaultText(o);
                String line = o.name() + (o.isFlag() ? "" : "=" + o.paramLabel()) + recipe.description(o) + (d == null ? "" : " (default " + d + ")");
                assertTrue(help.contains(line.replaceAll("\\s+", "")), recipe.command() + " --help does not say: " + line + "\n" + r.out());
            }
        }
        String help = CliTest.run("pretrain", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("--epochs=N Passes over the training windows (default the preset's: 150 (tiny), 80 (base), 80 (pro))"), help);
        assertTrue(help.contains("(default adversarial)"), help);
        assertTrue(CliTest.run("evaluate", "--help").out().replaceAll("\\s+", "").contains("(defaulttrivial,features,scratch)"),
                "the evaluation default of the workbench and the command line");
    }

    @Test
    void theSheetsStartFromTheCommandLinesDefaults() {
        for (RunKinds.RunKind kind : RunKinds.all()) {
            if (kind.recipe() == null) {
                continue;
            }
            Record cli = parse(kind.recipe(), REQUIRED.get(kind.kind()));
            Record sheet;
            if (kind.trainable()) {
                RunSheet s = RunSheet.of(RunSheet.Kind.of(kind.kind()), kind.recipe().sizes().get(0));
                s.setDatasets(List.of("sample"), "sample");
                s.setTokenizers(Map.of("tok-0001", new RunSheet.Tokenizer(64, "sample")));
                sheet = s.params();
            } else {
                EvaluationSheet s = EvaluationSheet.of(kind.kind());
                s.setTasks(Map.of("sample", List.of(HR)));
                s.setBackbones(List.of(new EvaluationSheet.Backbone("pre-0001", "pre-trained on sample", MethodSpec.Kind.PRETRAINED)));
                sheet = s.params();
            }
            assertEquals(cli, sheet, kind.kind() + ": the sheet's defaults are not the command line's");
        }
    }

    @Test
    void aSheetsCommandLineParsesBackToItsRecord() {
        RunSheet tokenizer = RunSheet.tokenizer("base");
        tokenizer.setDatasets(List.of("my data"), "my data");
        tokenizer.set("model.optimiser.epochs", "3");
        tokenizer.set("model.encoder.width", "40");
        tokenizer.set("model.reconstructionLoss", "MSE");
        tokenizer.set("run.heldOutBy", "subject");
        RunSheet pretrain = RunSheet.pretrain("tiny");
        pretrain.setDatasets(List.of("sample"), "sample");
        pretrain.setTokenizers(Map.of("tok-0001", new RunSheet.Tokenizer(64, "sample")));
        pretrain.set("model.masking.strategy", "PRIOR_ONLY");
        pretrain.set("model.masking.usePrior", "false");
        pretrain.set("model.teacher.baseline", "SECOND_DRAW");
        pretrain.set("inspectionWindows", "0");
        EvaluationSheet evaluation = EvaluationSheet.of("evaluate");
        evaluation.setTasks(Map.of("sample", List.of(HR)));
        evaluation.set("methods", "features,sigma:pre-0001");
        evaluation.set("folds", "0");
        evaluation.set("epochs", "7");
        for (Object sheet : List.of(tokenizer, pretrain, evaluation)) {
            Record params = sheet instanceof RunSheet s ? s.params() : ((EvaluationSheet) sheet).params();
            String command = sheet instanceof RunSheet s ? s.commandLine() : ((EvaluationSheet) sheet).commandLine();
            RunRecipe<?> recipe = RunKinds.recipes().stream().filter(r -> command.startsWith("sigma-ppg " + r.command() + " ")).findFirst()
                    .orElseThrow();
            assertEquals(params, parse(recipe, arguments(recipe, command)), command);
            assertEquals(command, commandLine(recipe, params), "the sheet and the recipe write the same command");
        }
        assertTrue(tokenizer.commandLine().contains(" --dataset 'my data' "), tokenizer.commandLine());
        assertTrue(pretrain.commandLine().contains(" --masking prior-only --no-prior "), pretrain.commandLine());
    }

    @Test
    void storedRunsReadAndTheirCommandsStillGiveTheirRecords() throws IOException {
        for (String id : List.of("tok-0002", "pre-0001", "pre-0003", "eval-0001", "ft-0001")) {
            JsonObject stored = StoredRunsTest.stored(id);
            RunRecipe<?> recipe = RunKinds.of(stored.get("kind").getAsString()).recipe();
            Record params = recipe.parse(stored.get("params").getAsString());
            TaskDefinition task = params instanceof EvaluationParams p ? p.task() : null;
            String oldCommand = stored.get("command").getAsString();
            assertEquals(params, parse(recipe, arguments(recipe, oldCommand), task), id + ": the command it was started with");
            String again = commandLine(recipe, params);
            assertEquals(params, parse(recipe, arguments(recipe, again), task), id + ": its reproducing command " + again);
            if (RunKinds.of(recipe.kind()).trainable()) {
                RunInfo run = new RunInfo(id, recipe.kind(), null, null, RunStatus.FINISHED, stored.get("params").getAsString(), null, null, null,
                        null, null, null, oldCommand, "2026-12-06T09:00:00Z", null, null, null, null, null, null, null);
                RunSheet sheet = RunSheet.of(run);
                assertEquals(params, sheet.params(), id + ": the sheet it fills to start it again");
                assertEquals(again, sheet.commandLine(), id);
            }
        }
    }

    @Test
    void derivedSettingsAreNotSetByHand() {
        CliTest.Result r = CliTest.run("pretrain", "--tokenizer", "tok-0001", "--dataset", "sample", "--set", "teacher.optimiser.epochs=3");
        assertEquals(1, r.code());
        assertEquals("error: --set teacher.optimiser.epochs: follows the student's optimiser.epochs; it is not set by hand", r.err().strip());
    }

}
