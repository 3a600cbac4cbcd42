package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two- and three-step manual training loops of the tokenizer and of student + teacher on random data. */
class TrainingSmokeTest {

    @Test
    void tokenizerTrainsForTwoStepsWithFiniteLossAndMovingParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TokenizerBlock tokenizer = new TokenizerBlock(ModelTestData.tinyTokenizer());
            tokenizer.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray patches = ModelTestData.windows(manager, 4, 12, 1);
            NDArray counts = PaddingTools.counts(manager, 12, 9, 12, 5);
            Random rng = new Random(7);
            try (NDArray samples = tokenizer.kmeansSamples(ps, patches, counts)) {
                assertEquals(12 + 9 + 12 + 5, samples.getShape().get(0));
                tokenizer.quantizer().initialiseFromKMeans(samples, 3, rng);
            }
            assertTrue(tokenizer.quantizer().isInitialised());
            BlockOptimiser optimiser = new BlockOptimiser(tokenizer, tokenizer.params().optimiser(), 10);
            Parameter encoderWeight = ParameterNames.canonical(tokenizer).get("encoder.patch_embed.proj.weight");
            Parameter decoderWeight = ParameterNames.canonical(tokenizer).get("decoder.decode_task_layer.fc2.weight");
            float[] encoderBefore = encoderWeight.getArray().toFloatArray();
            float[] decoderBefore = decoderWeight.getArray().toFloatArray();
            float[] codesBefore = tokenizer.quantizer().codebook().toFloatArray();
            CodebookUsage usage = new CodebookUsage(16);
            for (int step = 1; step <= 2; step++) {
                TokenizerStep.Result r = TrainingTools.run(
                        new TokenizerStep(tokenizer, ps, patches, counts, step, rng), optimiser);
                assertTrue(Double.isFinite(r.totalLoss()) && r.totalLoss() > 0, "loss " + r.totalLoss());
                assertEquals(r.totalLoss(), r.reconstructionLoss() + r.commitmentLoss() + 0.5 * r.consistencyLoss(),
                        1e-4);
                assertEquals(38, r.codes().length);
                usage.add(r.codes());
                assertTrue(optimiser.lastGradientNorm() > 0);
            }
            assertFalse(java.util.Arrays.equals(encoderBefore, encoderWeight.getArray().toFloatArray()));
            assertFalse(java.util.Arrays.equals(decoderBefore, decoderWeight.getArray().toFloatArray()));
            assertFalse(java.util.Arrays.equals(codesBefore, tokenizer.quantizer().codebook().toFloatArray()),
                    "the EMA update moves the codebook");
            assertEquals(2 * 38, usage.total());
        }
    }

    @ParameterizedTest
    @EnumSource(TeacherParams.RewardBaseline.class)
    void studentAndTeacherTrainTogetherWithOneCollectorAndNoLeak(TeacherParams.RewardBaseline baseline) {
        try (NDManager manager = NDManager.newBaseManager()) {
            StudentParams tiny = ModelTestData.tinyStudent();
            TeacherParams t = tiny.teacher();
            StudentParams params = tiny.withTeacher(new TeacherParams(t.transformer(), t.optimiser(), t.entropyBonusWeight(), baseline));
            TokenizerBlock tokenizer = new TokenizerBlock(ModelTestData.tinyTokenizer());
            tokenizer.initialize(manager);
            tokenizer.freezeParameters(true);
            StudentBlock student = new StudentBlock(params);
            student.initialize(manager);
            TeacherBlock teacher = new TeacherBlock(params);
            teacher.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            BlockOptimiser studentOptimiser = new BlockOptimiser(student, params.optimiser(), 10);
            BlockOptimiser teacherOptimiser = new BlockOptimiser(teacher, params.teacher().optimiser(), 10);
            TeacherPolicy policy = TeacherPolicy.of(params);
            NDArray patches = ModelTestData.windows(manager, 4, 10, 2);
            NDArray counts = PaddingTools.counts(manager, 10, 7, 10, 4);
            NDArray prior = ModelTestData.prior(manager, 4, 10, 3);
            Random rng = new Random(11);
            float[] studentBefore = ParameterNames.canonical(student).get("lm_head.weight").getArray().toFloatArray();
            float[] teacherBefore = ParameterNames.canonical(teacher).get("head.weight").getArray().toFloatArray();
            float[] tokenizerBefore = ParameterNames.canonical(tokenizer).get("encoder.patch_embed.proj.weight")
                    .getArray().toFloatArray();
            int arraysAfterSecond = 0;
            for (int step = 1; step <= 3; step++) {
                MaskedModellingStep.Result r = TrainingTools.run(new MaskedModellingStep(student, teacher, policy,
                        tokenizer, ps, patches, counts, prior, rng), studentOptimiser, teacherOptimiser);
                assertTrue(Double.isFinite(r.studentLoss()) && r.studentLoss() > 0, "student loss " + r.studentLoss());
                assertTrue(Double.isFinite(r.teacherLoss()), "teacher loss " + r.teacherLoss());
                assertTrue(r.maskEntropy() > 0 && r.maskEntropy() <= 1 + 1e-6, "mask entropy " + r.maskEntropy());
                if (step == 2) {
                    arraysAfterSecond = manager.getManagedArrays().size();
                }
            }
            assertEquals(arraysAfterSecond, manager.getManagedArrays().size(), "arrays leaked by a step");
            assertFalse(java.util.Arrays.equals(studentBefore,
                    ParameterNames.canonical(student).get("lm_head.weight").getArray().toFloatArray()));
            assertFalse(java.util.Arrays.equals(teacherBefore,
                    ParameterNames.canonical(teacher).get("head.weight").getArray().toFloatArray()));
            assertArrayEquals(tokenizerBefore, ParameterNames.canonical(tokenizer)
                    .get("encoder.patch_embed.proj.weight").getArray().toFloatArray(), "the tokenizer stays frozen");
        }
    }

    /**
     * The prior-only path through a real step, without a teacher: at alpha 100 the Gumbel noise cannot reorder priors
     * 0.05 apart (each window's priors deviate by less than 0.2, so their logits are more than 25 apart), and each
     * window masks its k = round(0.5 x valid) highest-prior patches. Window 0 (priors 0.1 0.3 0.2 0.4 0.5 0.6, then two
     * padding patches of 0.9 and 0.95 that must not count): k = 3, masking 0.6, 0.5, 0.4; window 1 (8 valid): k = 4,
     * masking 0.75, 0.7, 0.65, 0.6. So the mean masked prior is (0.4 + 0.5 + 0.6 + 0.75 + 0.7 + 0.65 + 0.6) / 7; the
     * teacher loss is 0 and the student moves.
     */
    @Test
    void priorOnlyStepMasksTheHighestPriorPatchesWithoutATeacher() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StudentParams tiny = ModelTestData.tinyStudent();
            StudentParams params = tiny.withMasking(new MaskingParams(MaskingParams.Strategy.PRIOR_ONLY, 0.5, 100, true));
            TokenizerBlock tokenizer = new TokenizerBlock(ModelTestData.tinyTokenizer());
            tokenizer.initialize(manager);
            tokenizer.freezeParameters(true);
            StudentBlock student = new StudentBlock(params);
            student.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            BlockOptimiser optimiser = new BlockOptimiser(student, params.optimiser(), 10);
            NDArray patches = ModelTestData.windows(manager, 2, 8, 4);
            NDArray counts = PaddingTools.counts(manager, 6, 8);
            NDArray prior = manager.create(new float[] {0.1f, 0.3f, 0.2f, 0.4f, 0.5f, 0.6f, 0.9f, 0.95f,
                0.35f, 0.75f, 0.45f, 0.7f, 0.5f, 0.65f, 0.6f, 0.55f}, new ai.djl.ndarray.types.Shape(2, 8));
            float[] before = ParameterNames.canonical(student).get("lm_head.weight").getArray().toFloatArray();
            for (long seed = 0; seed < 3; seed++) {
                MaskedModellingStep.Result r = TrainingTools.run(new MaskedModellingStep(student, null, TeacherPolicy.of(params), tokenizer,
                        ps, patches, counts, prior, new Random(seed)), optimiser);
                assertEquals((0.4 + 0.5 + 0.6 + 0.75 + 0.7 + 0.65 + 0.6) / 7, r.maskedPriorMean(), 1e-6, "seed " + seed);
                assertEquals(0.0, r.teacherLoss(), "no teacher, no teacher loss");
                assertTrue(Double.isFinite(r.studentLoss()) && r.studentLoss() > 0, "student loss " + r.studentLoss());
            }
            assertFalse(java.util.Arrays.equals(before, ParameterNames.canonical(student).get("lm_head.weight").getArray().toFloatArray()));
        }
    }
}
