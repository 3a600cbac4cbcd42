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
}
