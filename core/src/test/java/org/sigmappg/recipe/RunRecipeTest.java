package org.sigmappg.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sigmappg.model.StudentParams;
import org.sigmappg.model.TokenizerParams;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.RunSettings;
import org.sigmappg.train.TokenizerRunParams;

class RunRecipeTest {
    @Test
    void parametersOfTheFirstLayoutReadWithTheRunsOwnSettingsTogether() {
        String v1 = "{\"version\":1,\"dataset\":\"sample\",\"size\":\"tiny\",\"model\":" + TokenizerParams.tiny().toJson()
                + ",\"seed\":7,\"heldOutFraction\":0.1,\"heldOutBy\":\"subject\",\"device\":\"gpu\"}";
        TokenizerRunParams p = TokenizerRunParams.fromJson(v1);
        assertEquals(new RunSettings("sample", 7, 0.1, "subject", "gpu"), p.run());
        assertEquals(TokenizerRunParams.VERSION, p.version());
        assertEquals(TokenizerParams.tiny(), p.model());
        assertEquals(p, TokenizerRunParams.fromJson(p.toJson()), "the current layout reads back");
        assertTrue(p.toJson().contains("\"run\":{\"dataset\":\"sample\",\"seed\":7,"), p.toJson());
    }

    @Test
    void aLayoutFromALaterBuildIsRefusedInWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PretrainRunParams.fromJson("{\"version\":3,\"run\":{},\"size\":\"tiny\"}"));
        assertEquals("pre-training run parameters of version 3 are not readable by this build, which reads versions 1 and 2", e.getMessage());
    }

    @Test
    void theTeachersScheduleFollowsTheStudents() {
        StudentParams tiny = StudentParams.tiny();
        StudentParams changed = tiny.withOptimiser(tiny.optimiser().withEpochs(3).withBatchSize(8));
        assertEquals(3, changed.teacher().optimiser().epochs());
        assertEquals(8, changed.teacher().optimiser().batchSize());
        assertEquals(tiny.teacher().optimiser().learningRate(), changed.teacher().optimiser().learningRate(), "its own learning rate stays");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunKinds.PRETRAIN.build(List.of("model.teacher.optimiser.batchSize=4"), path -> path));
        assertEquals("model.teacher.optimiser.batchSize: follows the student's optimiser.batchSize; it is not set by hand", e.getMessage());
    }

    @Test
    void theCommandLineSaysTheRunsOwnChoicesAndWhatDiffersFromThePreset() {
        TokenizerRunParams base = RunKinds.TOKENIZER.build(List.of("run.dataset=ppg bp", "size=base", "model.optimiser.epochs=3",
                "model.consistencyWeight=0.25"), path -> path);
        assertTrue(TokenizerParams.base().consistencyWeight() != 0.25, "the change is not the preset's own value");
        assertEquals("sigma-ppg train-tokenizer --dataset 'ppg bp' --size base --epochs 3 --device cpu --seed 1 --held-out 0.2"
                + " --held-out-by window --set consistencyWeight=0.25", RunKinds.TOKENIZER.commandLine(base, Map.of()));
        assertEquals("sigma-ppg pretrain --tokenizer RUN --dataset NAME --size tiny --masking adversarial --device cpu --seed 1 --held-out 0.2"
                + " --held-out-by window --inspect 4", RunKinds.PRETRAIN.commandLine(RunKinds.PRETRAIN.defaults(), Map.of()),
                "what is still to be chosen shows as its placeholder");
    }

    @Test
    void everyOptionWritesASettingOfItsRecordAndEverySettingIsExplained() {
        for (RunRecipe<?> recipe : RunKinds.recipes()) {
            Map<String, String> leaves = recipe.leaves(recipe.defaults());
            for (RecipeOption o : recipe.options()) {
                assertTrue(o.path() == null || leaves.containsKey(o.path()), recipe.command() + " " + o.name() + " writes no setting: " + o.path());
                assertFalse(recipe.description(o).isBlank(), recipe.command() + " " + o.name() + " is not explained");
            }
            for (String path : leaves.keySet()) {
                boolean shown = !path.equals("version") && !path.endsWith(".version") && !path.equals("kind") && !recipe.derived().containsKey(path);
                if (shown) {
                    assertFalse(SettingGuide.entry(recipe.kind(), path).description().isBlank(), recipe.kind() + " " + path + " is not explained");
                }
            }
        }
    }
}
