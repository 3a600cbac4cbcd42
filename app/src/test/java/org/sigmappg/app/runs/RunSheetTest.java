package org.sigmappg.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.model.TokenizerParams;
import org.sigmappg.recipe.RunRecipe;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.RunSettings;
import org.sigmappg.train.TokenizerRunParams;

class RunSheetTest {
    private static final String LR = "model.optimiser.learningRate";

    private static RunSheet tokenizerOnSample() {
        RunSheet s = RunSheet.tokenizer("tiny");
        s.setDatasets(List.of("sample", "ppgbp"), null);
        s.set(RunSheet.DATASET, "sample");
        return s;
    }

    @Test
    void everySettingHasANameAndAGroupOfTheMethod() {
        for (RunSheet s : List.of(RunSheet.tokenizer("tiny"), RunSheet.pretrain("pro"))) {
            for (RunSheet.Field f : s.fields()) {
                assertFalse(f.label().contains("."), f.key() + " is shown by its path: " + f.label());
                assertFalse(f.group().equals("Other"), f.key() + " has no group");
                assertFalse(f.description().isBlank(), f.key() + " has no explanation");
            }
        }
        assertEquals(List.of("Data", "Tokenizer", "Quantiser", "Losses", "Augmentation", "Optimisation", "Run"), RunSheet.tokenizer("tiny").groups());
        assertEquals(List.of("Data", "Student", "Teacher and masking", "Optimisation", "Run"), RunSheet.pretrain("tiny").groups());
        RunSheet.Field lr = RunSheet.tokenizer("tiny").field(LR);
        assertEquals("Learning rate (peak)", lr.label());
        assertEquals("Optimisation", lr.group());
        assertEquals("Student learning rate (peak)", RunSheet.pretrain("tiny").field(LR).label());
        assertEquals("Teacher learning rate (peak)", RunSheet.pretrain("tiny").field("model.teacher.optimiser.learningRate").label());
        assertEquals("Teacher entropy bonus", RunSheet.pretrain("tiny").field("model.teacher.entropyBonusWeight").label());
        assertEquals(RunSheet.Editor.CHOICE, RunSheet.pretrain("tiny").field("model.masking.strategy").editor());
        assertEquals(List.of("ADVERSARIAL", "RANDOM", "PRIOR_ONLY"), RunSheet.pretrain("tiny").field("model.masking.strategy").choices());
        assertEquals(RunSheet.Editor.FLAG, RunSheet.tokenizer("tiny").field("model.reconstructPhase").editor());
        assertEquals("--epochs VALUE", RunSheet.tokenizer("tiny").onCommandLine("model.optimiser.epochs"));
        assertEquals("--set encoder.width=VALUE", RunSheet.tokenizer("tiny").onCommandLine("model.encoder.width"));
        assertEquals("--held-out VALUE", RunSheet.pretrain("tiny").onCommandLine("run.heldOutFraction"));
    }

    @Test
    void thePresetFillsEveryModelSettingAndKeepsTheRunsOwn() {
        RunSheet s = tokenizerOnSample();
        assertEquals("0.001", s.value(LR));
        assertEquals("64", s.value("model.codebookSize"));
        s.set("run.seed", "7");
        s.set("model.codebookSize", "32");
        s.setSize("base");
        assertEquals("4096", s.value("model.codebookSize"), "base fills K from its preset");
        assertEquals("5e-5", s.value(LR), "METHOD's learning rate");
        assertEquals("sample", s.value(RunSheet.DATASET));
        assertEquals("7", s.value("run.seed"));
        assertTrue(s.check().ok(), s.check().toString());
    }

    @Test
    void theParametersAreWhatTheCommandLineBuildsFromThePresetAndItsChanges() {
        RunSheet s = tokenizerOnSample();
        s.set("model.optimiser.epochs", "2");
        s.set("model.encoder.width", "32");
        s.set("model.consistencyWeight", "0.5");
        assertEquals("sigma-ppg train-tokenizer --dataset sample --size tiny --epochs 2 --device cpu --seed 1 --held-out 0.2 --held-out-by window"
                + " --set encoder.width=32 --set consistencyWeight=0.5", s.commandLine());
        TokenizerParams tiny = TokenizerParams.tiny();
        TokenizerParams expected = org.sigmappg.run.ParamOverrides.apply(tiny.withOptimiser(tiny.optimiser().withEpochs(2)),
                List.of("encoder.width=32", "consistencyWeight=0.5"), TokenizerParams::fromJson);
        assertEquals(new TokenizerRunParams(TokenizerRunParams.VERSION, RunSettings.defaults().withDataset("sample"), "tiny", expected).toJson(),
                ((TokenizerRunParams) s.params()).toJson());
    }

    @Test
    void aNegativeLearningRateIsRefusedNextToItsField() {
        RunSheet s = tokenizerOnSample();
        s.set(LR, "-0.001");
        RunSheet.Check c = s.check();
        assertFalse(c.ok());
        assertEquals("learning rates must satisfy 0 <= min <= peak, peak > 0", c.fieldProblems().get(LR));
        assertEquals(List.of("Learning rate (peak): learning rates must satisfy 0 <= min <= peak, peak > 0"), c.all(s));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::params);
        assertTrue(e.getMessage().contains("Learning rate (peak)"), e.getMessage());
    }

    @Test
    void textThatIsNoNumberAndAFractionWhereACountBelongsAreRefused() {
        RunSheet s = tokenizerOnSample();
        s.set(LR, "fast");
        s.set("model.optimiser.batchSize", "16.5");
        s.set("run.heldOutFraction", "1.5");
        Map<String, String> p = s.check().fieldProblems();
        assertEquals("'fast' is not a number", p.get(LR));
        assertEquals("'16.5' is not a whole number", p.get("model.optimiser.batchSize"));
        assertEquals("held-out fraction must be in [0, 1), got 1.5", p.get("run.heldOutFraction"));
    }

    @Test
    void settingsWrongOnlyTogetherAreReportedForTheSheet() {
        RunSheet s = tokenizerOnSample();
        s.set("model.encoder.width", "60");
        s.set("model.encoder.heads", "8");
        RunSheet.Check c = s.check();
        assertTrue(c.fieldProblems().isEmpty(), c.toString());
        assertEquals(1, c.problems().size());
        assertTrue(c.problems().get(0).startsWith("transformer width 60 is not divisible by 8 heads"), c.problems().toString());
    }

    @Test
    void aDatasetMustBeChosen() {
        RunSheet s = RunSheet.tokenizer("tiny");
        s.setDatasets(List.of("sample", "ppgbp"), null);
        assertEquals("choose a dataset", s.check().fieldProblems().get(RunSheet.DATASET));
        s.set(RunSheet.DATASET, "mimic");
        assertEquals("no dataset named 'mimic' in this workspace", s.check().fieldProblems().get(RunSheet.DATASET));
    }

    @Test
    void theDatasetInViewIsChosenFirst() {
        RunSheet s = RunSheet.tokenizer("tiny");
        s.setDatasets(List.of("ppgbp", "sample"), "sample");
        assertEquals("sample", s.value(RunSheet.DATASET));
        RunSheet unknown = RunSheet.tokenizer("tiny");
        unknown.setDatasets(List.of("ppgbp", "sample"), "deleted");
        assertEquals("", unknown.value(RunSheet.DATASET), "a dataset no longer in the workspace is not chosen");
    }

    @Test
    void aPretrainingRunTakesItsDatasetFromItsTokenizerUntilOneIsChosen() {
        java.util.LinkedHashMap<String, RunSheet.Tokenizer> tokenizers = new java.util.LinkedHashMap<>();
        tokenizers.put("tok-0001", new RunSheet.Tokenizer(32, "sample"));
        tokenizers.put("tok-0002", new RunSheet.Tokenizer(64, "ppgbp"));
        tokenizers.put("tok-0003", new RunSheet.Tokenizer(16, "sample"));

        RunSheet fromSample = RunSheet.pretrain("tiny");
        fromSample.setDatasets(List.of("ppgbp", "sample"), "sample");
        fromSample.setTokenizers(tokenizers);
        assertEquals("tok-0003", fromSample.value(RunSheet.TOKENIZER_RUN), "the newest tokenizer of the dataset in view");
        assertEquals("sample", fromSample.value(RunSheet.DATASET));

        RunSheet none = RunSheet.pretrain("tiny");
        none.setDatasets(List.of("ppgbp", "sample"), null);
        none.setTokenizers(tokenizers);
        assertEquals("tok-0003", none.value(RunSheet.TOKENIZER_RUN), "else the newest");
        assertEquals("sample", none.value(RunSheet.DATASET), "and its dataset");
        none.set(RunSheet.TOKENIZER_RUN, "tok-0002");
        assertEquals("ppgbp", none.value(RunSheet.DATASET), "a tokenizer chosen brings its dataset");
        assertEquals("64", none.value("model.codebookSize"));
        none.set(RunSheet.DATASET, "sample");
        none.set(RunSheet.TOKENIZER_RUN, "tok-0001");
        none.set(RunSheet.TOKENIZER_RUN, "tok-0002");
        assertEquals("sample", none.value(RunSheet.DATASET), "a dataset chosen by hand stays");
    }

    @Test
    void aPretrainingRunNamesItsTokenizerAndMaskingAndTakesTheTokenizersCodebook() {
        RunSheet s = RunSheet.pretrain("tiny");
        s.setDatasets(List.of("sample"), null);
        assertEquals("choose a tokenizer run (train one first)", s.check().fieldProblems().get(RunSheet.TOKENIZER_RUN));
        s.setTokenizers(Map.of("tok-0001", new RunSheet.Tokenizer(32, "sample")));
        assertEquals("tok-0001", s.value(RunSheet.TOKENIZER_RUN));
        assertEquals("32", s.value("model.codebookSize"));
        assertEquals(RunSheet.Editor.FIXED, s.field("model.codebookSize").editor());
        s.set("model.masking.strategy", "RANDOM");
        s.set("model.optimiser.epochs", "1");
        s.set("inspectionWindows", "2");
        assertTrue(s.check().ok(), s.check().toString());
        assertEquals("sigma-ppg pretrain --tokenizer tok-0001 --dataset sample --size tiny --masking random --epochs 1 --device cpu --seed 1"
                + " --held-out 0.2 --held-out-by window --inspect 2", s.commandLine());
        PretrainRunParams p = (PretrainRunParams) s.params();
        assertEquals(MaskingParams.Strategy.RANDOM, p.model().masking().strategy());
        assertEquals(1, p.model().optimiser().epochs());
        assertEquals(1, p.model().teacher().optimiser().epochs(), "the teacher's schedule follows the student's");
        assertEquals(2, p.inspectionWindows());
        assertEquals("tok-0001", p.tokenizerRun());
    }

    @Test
    void aStoredRunFillsTheSheetWithItsSettings() {
        RunSheet s = tokenizerOnSample();
        s.set("model.optimiser.epochs", "3");
        s.set("run.seed", "42");
        s.set("model.reconstructionLoss", "MSE");
        RunInfo stored = new RunInfo("tok-0007", "tokenizer", "sample", null, RunStatus.FINISHED, ((TokenizerRunParams) s.params()).toJson(),
                "h", 42L, "d", "0.1", "e", "cpu()", s.commandLine(), "c", null, null, null, null, null, null, null);
        RunSheet again = RunSheet.of(stored);
        assertEquals(s.commandLine(), again.commandLine());
        assertTrue(again.commandLine().endsWith(" --set reconstructionLoss=MSE"), again.commandLine());
        assertEquals("3", again.value("model.optimiser.epochs"));
    }

    @Test
    void numbersAreShownShort() {
        assertEquals("1e-4", RunRecipe.number(1e-4));
        assertEquals("5e-5", RunRecipe.number(5e-5));
        assertEquals("2.5e-5", RunRecipe.number(2.5e-5));
        assertEquals("0.001", RunRecipe.number(0.001));
        assertEquals("1.0", RunRecipe.number(1.0));
    }
}
