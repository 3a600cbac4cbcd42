package org.sigmappg.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sigmappg.eval.EvaluationParams;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.eval.LabelSource;
import org.sigmappg.eval.TaskDefinition;

class EvaluationSheetTest {
    private static final TaskDefinition HR = TaskDefinition.regression("HR", "heart rate", "sample", "HR", LabelSource.WINDOW, "bpm")
            .withDataset("sample");
    private static final TaskDefinition SBP = TaskDefinition.regression("SBP", "systolic", "ppg-bp", "SBP", LabelSource.SUBJECT, "mmHg")
            .withDataset("ppgbp");

    private static EvaluationSheet evaluation() {
        EvaluationSheet s = EvaluationSheet.of(EvaluationTask.KIND);
        s.setTasks(Map.of("sample", List.of(HR), "ppgbp", List.of(SBP)));
        return s;
    }

    @Test
    void theDefaultsMakeTheCommandLinesParameterRecord() {
        EvaluationSheet s = evaluation();
        assertEquals("ppgbp", s.value("dataset"), "the first dataset by name");
        assertEquals("SBP", s.value("task"));
        s.set("dataset", "sample");
        assertEquals("HR", s.value("task"), "a dataset without the task chooses one it has");
        assertTrue(s.check().isEmpty(), s.check().toString());
        EvaluationParams p = s.params();
        assertEquals(List.of("trivial", "features"), p.methods());
        assertEquals("sample", p.task().dataset());
        assertEquals(5, p.folds());
        assertEquals(1000, p.bootstrapResamples());
        assertEquals("sigma-ppg evaluate --methods trivial,features --protocol probe --task HR --dataset sample --folds 5 --seed 1 "
                + "--bootstrap 1000 --inner-folds 5 --device cpu --batch-size 64", s.commandLine());
    }

    @Test
    void problemsAreFoundBeforeStartAndNamedByTheirSetting() {
        EvaluationSheet s = evaluation();
        s.set("bootstrap", "50");
        assertEquals(Map.of("bootstrap", "use at least 100 bootstrap resamples (1000-2000 is usual), not 50"), s.check());
        s.set("bootstrap", "200");
        s.set("folds", "three");
        assertEquals("'three' is not a whole number", s.check().get("folds"));
        s.set("folds", "1");
        assertTrue(s.check().get("folds").startsWith("folds must be 2 or more"), s.check().toString());
        s.set("folds", "0");
        s.set("methods", "trivial,magic");
        assertTrue(s.check().get("methods").startsWith("unknown method 'magic'"), s.check().toString());
        s.set("methods", "trivial,features");
        assertTrue(s.check().isEmpty());
        assertTrue(s.commandLine().contains(" --loso "), s.commandLine());
        s.set("epochs", "3");
        assertTrue(s.commandLine().endsWith(" --epochs 3"), s.commandLine());
        assertEquals(3, s.params().finetune().maxEpochs());
    }

    @Test
    void aFineTuningRunNeedsABackbone() {
        EvaluationSheet s = EvaluationSheet.of(EvaluationTask.FINETUNE_KIND);
        s.setTasks(Map.of("sample", List.of(HR)));
        assertEquals("choose a pre-training run (train one first)", s.check().get("pretrained"));
        s.setBackbones(List.of("pre-0001", "pre-0002"));
        assertEquals("pre-0002", s.value("pretrained"), "the newest");
        assertTrue(s.check().isEmpty(), s.check().toString());
        assertEquals(List.of("pretrained:pre-0002"), s.params().methods());
        assertEquals("finetune", s.params().protocol());
        assertTrue(s.commandLine().startsWith("sigma-ppg finetune --pretrained pre-0002 --protocol finetune --task HR"), s.commandLine());
    }
}
