package org.sigmappg.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sigmappg.eval.EvaluationParams;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.eval.LabelSource;
import org.sigmappg.eval.MethodSpec;
import org.sigmappg.eval.TaskDefinition;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.model.StudentParams;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.train.ImportedWeightsParams;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.WeightImportTask;
import org.sigmappg.train.RunSettings;

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
        assertEquals(List.of("trivial", "features", "scratch"), p.methods(), "the command line's default");
        assertEquals("sample", p.task().dataset());
        assertEquals(5, p.folds());
        assertEquals(1000, p.bootstrapResamples());
        assertEquals("sigma-ppg evaluate --methods trivial,features,scratch --protocol probe --task HR --dataset sample --folds 5 --seed 1 "
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
        assertEquals("choose a backbone: train a pre-training run, or import weights (File > Import pretrained weights)",
                s.check().get("pretrained"));
        s.setBackbones(List.of(new EvaluationSheet.Backbone("pre-0001", "a", MethodSpec.Kind.SIGMA), new EvaluationSheet.Backbone("pre-0002", "b", MethodSpec.Kind.SIGMA)));
        assertEquals("pre-0002", s.value("pretrained"), "the newest");
        assertTrue(s.check().isEmpty(), s.check().toString());
        assertEquals(List.of("trivial", "pretrained:pre-0002"), s.params().methods(), "as the command line stores them");
        assertEquals("finetune", s.params().protocol());
        assertTrue(s.commandLine().startsWith("sigma-ppg finetune --pretrained pre-0002 --protocol finetune --task HR"), s.commandLine());
        s.setBackbones(List.of(new EvaluationSheet.Backbone("pre-0002", "b", MethodSpec.Kind.SIGMA), new EvaluationSheet.Backbone("imp-0001", "imported", MethodSpec.Kind.SIGMA)));
        assertEquals("pre-0002", s.value("pretrained"), "a refreshed list keeps the choice made while it is still there");
        s.useBackbone("imp-0001");
        assertEquals(List.of("trivial", "pretrained:imp-0001"), s.params().methods());
        assertEquals("imp-0001  \u00b7  imported", s.label("imp-0001"));
        assertEquals("pre-0009", s.label("pre-0009"), "a run the sheet does not know is shown by its id");
    }

    @Test
    void aBackboneBecomesTheSigmaComparatorReplacingAnotherOne() {
        EvaluationSheet s = evaluation();
        s.set("dataset", "sample");
        s.useBackbone("imp-0001");
        assertEquals("trivial,features,scratch,sigma:imp-0001", s.value("methods"));
        s.set("methods", "features,sigma:pre-0001,scratch");
        s.useBackbone("imp-0002");
        assertEquals("trivial,features,scratch,sigma:imp-0002", s.value("methods"), "one sigma comparator, the one chosen last");
        assertEquals(List.of("trivial", "features", "scratch", "sigma:imp-0002"), s.params().methods());
        assertTrue(s.commandLine().startsWith("sigma-ppg evaluate --methods trivial,features,scratch,sigma:imp-0002 "), s.commandLine());
        s.set("methods", "trivial,magic");
        s.useBackbone("imp-0001");
        assertEquals("trivial,features,scratch,sigma:imp-0001", s.value("methods"), "methods that do not parse start again from the defaults");
        s.setBackbones(List.of(new EvaluationSheet.Backbone("pre-0005", "random", MethodSpec.Kind.RANDOM_MASKING),
                new EvaluationSheet.Backbone("pre-0006", "prior only", MethodSpec.Kind.PRETRAINED)));
        s.useBackbone("pre-0005");
        s.useBackbone("pre-0006");
        assertEquals("trivial,features,scratch,sigma:imp-0001,random-masking:pre-0005,pretrained:pre-0006", s.value("methods"),
                "each run as the comparator its masking makes it, beside the sigma one");
        assertTrue(s.check().isEmpty(), s.check().toString());
    }

    @Test
    void theSheetSaysWhatEachBackboneIs() {
        EvaluationSheet s = evaluation();
        s.setBackbones(List.of(new EvaluationSheet.Backbone("pre-0001", "pre-trained on sample, adversarial masking, tiny", MethodSpec.Kind.SIGMA),
                new EvaluationSheet.Backbone("imp-0001", "imported weights from sigma.pth", MethodSpec.Kind.SIGMA)));
        assertEquals("", s.backboneSummary(), "trivial and features need none");
        s.set("methods", "features,sigma:imp-0001,random-masking:pre-0009");
        assertEquals("Backbones: sigma:imp-0001, imported weights from sigma.pth; random-masking:pre-0009, not a finished pre-training run "
                + "or imported weights of this workspace", s.backboneSummary());
        s.set("methods", "sigma:imp-0001,magic");
        assertEquals("", s.backboneSummary(), "methods that do not parse have their own problem");
        EvaluationSheet f = EvaluationSheet.of(EvaluationTask.FINETUNE_KIND);
        f.setBackbones(List.of(new EvaluationSheet.Backbone("imp-0001", "imported weights from sigma.pth", MethodSpec.Kind.SIGMA)));
        assertEquals("Backbone: imp-0001, imported weights from sigma.pth", f.backboneSummary());
    }

    @Test
    void finishedPreTrainingRunsAndImportedWeightsAreBackbonesAndNothingElse() {
        RunInfo imported = run("imp-0001", WeightImportTask.KIND, RunStatus.FINISHED,
                new ImportedWeightsParams(ImportedWeightsParams.VERSION, "published", "sigma.pth", "ab12", "pytorch", "checkpoint['model']",
                        null, StudentParams.pro()).toJson(), null);
        assertEquals(Optional.of(new EvaluationSheet.Backbone("imp-0001", "imported weights from sigma.pth (published)", MethodSpec.Kind.SIGMA)),
                EvaluationSheet.Backbone.of(imported));
        PretrainRunParams pre = new PretrainRunParams(PretrainRunParams.VERSION, new RunSettings("sample", 5, 0.2, "window", "cpu"), "tok-0001", "tiny",
                StudentParams.tiny().withMasking(StudentParams.tiny().masking().withStrategy(MaskingParams.Strategy.RANDOM)), 3);
        assertEquals(Optional.of(new EvaluationSheet.Backbone("pre-0003", "pre-trained on sample, random masking, tiny", MethodSpec.Kind.RANDOM_MASKING)),
                EvaluationSheet.Backbone.of(run("pre-0003", PretrainTask.KIND, RunStatus.FINISHED, pre.toJson(), null)));
        assertEquals(Optional.empty(), EvaluationSheet.Backbone.of(run("pre-0004", PretrainTask.KIND, RunStatus.RUNNING, pre.toJson(), null)),
                "a student still training is no backbone yet");
        assertEquals(Optional.empty(), EvaluationSheet.Backbone.of(run("tok-0001", "tokenizer", RunStatus.FINISHED, "{}", null)));
        assertEquals(Optional.empty(), EvaluationSheet.Backbone.of(run("imp-0002", WeightImportTask.KIND, RunStatus.FINISHED, "{\"version\":9}", null)),
                "parameters this version cannot read");
    }

    /** A run record as the store gives it, with only what the views read. */
    static RunInfo run(String id, String kind, RunStatus status, String params, String summary) {
        return new RunInfo(id, kind, null, null, status, params, null, null, null, null, null, null, null, "2026-12-06T09:00:00Z", null, null,
                null, null, null, null, summary);
    }
}
