package org.sigmappg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportTask;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.model.ModelCheckpoint;
import org.sigmappg.model.StudentBlock;
import org.sigmappg.model.StudentParams;
import org.sigmappg.model.TeacherBlock;
import org.sigmappg.model.TeacherPolicy;
import org.sigmappg.model.TokenizerBlock;
import org.sigmappg.model.TokenizerParams;
import org.sigmappg.run.ParamOverrides;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/** Stage-2 pre-training end to end on the sample set with a tiny tokenizer: figures, inspection data, resume. */
class PretrainTaskTest {
    @TempDir
    static Path tmp;
    static Workspace ws;
    static String tokenizerRun;

    @BeforeAll
    static void importAndTokenizer() throws IOException {
        ws = Workspace.open(tmp.resolve("ws"));
        new ImportTask(ws, ImportRequest.of(TokenizerTaskTest.sampleData(), "sample")).run(ProgressMonitor.NONE);
        TokenizerTask task = new TokenizerTask(ws);
        tokenizerRun = task.create(TokenizerTaskTest.params(1, 50, 1e-3), "test").id();
        task.run(tokenizerRun, ProgressMonitor.NONE);
    }

    static PretrainRunParams params(MaskingParams.Strategy strategy, int epochs, int batch) {
        StudentParams s = ParamOverrides.apply(StudentParams.tiny(), List.of("transformer.width=32", "transformer.depth=1",
                "teacher.transformer.width=16", "teacher.transformer.depth=1"), StudentParams::fromJson);
        s = s.withOptimiser(s.optimiser().withEpochs(epochs).withBatchSize(batch)).withMasking(s.masking().withStrategy(strategy));
        return new PretrainRunParams(PretrainRunParams.VERSION, new RunSettings("sample", 5, 0.2, "window", "cpu"), tokenizerRun, "tiny", s, 3);
    }

    @Test
    void adversarialRunRecordsEveryFigureAndTheInspectionHeatmaps() throws IOException {
        PretrainTask task = new PretrainTask(ws);
        RunInfo run = task.create(params(MaskingParams.Strategy.ADVERSARIAL, 2, 50), "test");
        PretrainSummary s = task.run(run.id(), ProgressMonitor.NONE);
        assertEquals("FINISHED", s.status());
        assertEquals("adversarial", s.masking());
        // 120 windows, the last 2 of each of 12 subjects held out: 96 train in batches of 50 = 2 steps an epoch.
        assertEquals(4, s.steps());
        assertEquals(24, s.heldOutWindows());
        for (double v : new double[] {s.maskedAccuracy(), s.chanceAccuracy(), s.lossTeacherMasks(), s.lossRandomMasks(),
                s.maskedAccuracyRandomMasks(), s.priorMasked(), s.priorUnmasked(), s.maskEntropy()}) {
            assertTrue(Double.isFinite(v), s.toString());
        }
        RunStore runs = new RunStore(ws);
        RunInfo after = runs.require(run.id());
        assertEquals(RunStatus.FINISHED, after.status());
        assertEquals(tokenizerRun, after.parent());
        for (String m : List.of("student_loss", "teacher_loss", "masked_accuracy", "accuracy_high_prior", "accuracy_low_prior",
                "mask_entropy", "prior_masked", "prior_unmasked", "mean_reward", "loss_random_masks", "masked_accuracy_random_masks",
                "teacher_logit_spread", "teacher_grad_norm")) {
            assertEquals(2, runs.metrics(run.id()).get(m).size(), m + " once per epoch");
        }
        assertTrue(runs.artifact(run.id(), "teacher").isPresent());

        JsonObject inspection = JsonParser.parseString(Files.readString(ws.runsDirectory().resolve(run.id()).resolve(PretrainTask.INSPECTION)))
                .getAsJsonObject();
        JsonArray epochs = inspection.getAsJsonArray("epochs");
        assertEquals(2, epochs.size());
        JsonArray windows = epochs.get(1).getAsJsonObject().getAsJsonArray("windows");
        assertEquals(3, windows.size());
        JsonObject w = windows.get(0).getAsJsonObject();
        int patches = w.get("patches").getAsInt();
        int masked = 0;
        double probabilitySum = 0;
        for (int i = 0; i < patches; i++) {
            masked += w.getAsJsonArray("mask").get(i).getAsInt();
            probabilitySum += w.getAsJsonArray("maskProbability").get(i).getAsDouble();
            int correct = w.getAsJsonArray("correct").get(i).getAsInt();
            assertEquals(w.getAsJsonArray("mask").get(i).getAsInt() == 1, correct >= 0, "correctness only at masked patches");
        }
        int k = (int) Math.floor(0.5 * patches + 0.5);
        assertEquals(k, masked, "exactly k = ratio x patches masked");
        assertEquals(k, probabilitySum, 1e-3, "inclusion probabilities sum to k");
    }

    /**
     * Figures that would be false if training were broken: over 12 epochs the training loss and the held-out loss under
     * the shared random masks fall, and the final student predicts masked codes more often than always guessing the
     * most frequent held-out code does.
     */
    @Test
    void trainingLowersTheLossAndBeatsTheMostFrequentCode() throws IOException {
        PretrainTask task = new PretrainTask(ws);
        RunInfo run = task.create(params(MaskingParams.Strategy.RANDOM, 12, 16), "test");
        PretrainSummary s = task.run(run.id(), ProgressMonitor.NONE);
        Map<String, List<RunStore.Metric>> m = new RunStore(ws).metrics(run.id());
        // Measured: training loss 3.43 -> 3.12, held-out loss under random masks 3.38 -> 3.14, accuracy under them 0.214
        // against 0.160 for the most frequent code.
        List<RunStore.Metric> train = m.get("student_loss");
        List<RunStore.Metric> heldOut = m.get("loss_random_masks");
        assertEquals(12, heldOut.size());
        assertTrue(train.get(11).value() < train.get(0).value() - 0.1, "training loss " + train.get(0).value() + " -> " + train.get(11).value());
        assertTrue(heldOut.get(11).value() < heldOut.get(0).value() - 0.1,
                "held-out loss " + heldOut.get(0).value() + " -> " + heldOut.get(11).value());
        assertTrue(s.maskedAccuracyRandomMasks() > s.chanceAccuracy() + 0.03, s.toString());
        assertTrue(s.maskedAccuracy() > s.chanceAccuracy() + 0.03, s.toString());
    }

    /**
     * Every run measures its student under the same uniform masks: whatever the policy (and the teacher it has), the
     * loss and accuracy under random masks of one student are identical, while those under each policy's own masks
     * are not.
     */
    @Test
    void theRandomMaskFiguresAreTheSameTestForEveryPolicy() throws IOException {
        PretrainRunParams p = params(MaskingParams.Strategy.ADVERSARIAL, 1, 16);
        TrainingWindows windows = TrainingWindows.load(new Catalogue(ws), "sample", 0.2, 5, TrainingWindows.HeldOutBy.WINDOW);
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelCheckpoint.Verified file = PretrainTask.tokenizerCheckpoint(ws, tokenizerRun);
            TokenizerBlock tokenizer = new TokenizerBlock(TokenizerParams.fromJson(file.header().params()));
            ModelCheckpoint.load(file, tokenizer, manager);
            StudentParams model = p.model().withCodebookSize(tokenizer.params().codebookSize());
            StudentBlock student = new StudentBlock(model);
            student.initialize(manager);
            TeacherBlock teacher = new TeacherBlock(model);
            teacher.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            List<MaskEvaluation.Totals> totals = new java.util.ArrayList<>();
            for (MaskingParams.Strategy strategy : MaskingParams.Strategy.values()) {
                TeacherPolicy policy = TeacherPolicy.of(model.withMasking(model.masking().withStrategy(strategy)));
                totals.add(new MaskEvaluation(student, teacher, policy, tokenizer, ps).evaluate(windows, windows.heldOut(), manager,
                        PretrainTask.EVAL_SEED, model.codebookSize(), 2));
            }
            for (MaskEvaluation.Totals t : totals) {
                assertEquals(totals.get(0).lossRandom(), t.lossRandom(), 0.0);
                assertEquals(totals.get(0).maskedAccuracyRandom(), t.maskedAccuracyRandom(), 0.0);
            }
            assertTrue(totals.get(0).maskedAccuracyRandom() >= 0 && totals.get(0).maskedAccuracyRandom() <= 1);
            assertNotEquals(totals.get(0).lossPolicy(), totals.get(1).lossPolicy(), "the policies' own masks differ");
        }
    }

    @Test
    void randomMaskingNeedsNoTeacherAndResumesToTheSameSteps() throws IOException {
        PretrainTask task = new PretrainTask(ws);
        RunInfo run = task.create(params(MaskingParams.Strategy.RANDOM, 2, 25), "test");
        PretrainSummary first = task.run(run.id(), TokenizerTaskTest.cancelAfter(3));
        assertEquals("CANCELLED", first.status());
        PretrainSummary done = task.run(run.id(), ProgressMonitor.NONE);
        assertEquals("FINISHED", done.status());
        assertEquals(8, done.steps(), "2 epochs x 4 batches of 25, whether interrupted or not");
        assertFalse(new RunStore(ws).artifact(run.id(), "teacher").isPresent());
        assertFalse(new RunStore(ws).metrics(run.id()).containsKey("teacher_logit_spread"), "no teacher, no teacher figures");
    }

    @Test
    void teacherSpreadIsThePopulationDeviationOverEachWindowsValidPatches() {
        MaskEvaluation.Totals t = new MaskEvaluation.Totals();
        // Window 0: valid logits 1, 3 (deviation 1; the padding 100 is ignored). Window 1: 2, 2, 5 (mean 3, deviation
        // sqrt(6 / 3)). Window 2: one valid patch, no spread to measure.
        float[] logits = {1, 3, 100, 2, 2, 5, 7, 0, 0};
        MaskEvaluation.addTeacherSpread(t, logits, new int[] {2, 3, 1}, 3);
        assertEquals((1 + Math.sqrt(2)) / 2, t.teacherSpread(), 1e-6);
        assertTrue(Double.isNaN(new MaskEvaluation.Totals().teacherSpread()));
    }
}
