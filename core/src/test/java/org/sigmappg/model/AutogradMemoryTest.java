package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.nn.Block;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Gradients must not depend on the garbage collector. DJL's {@code mul(Number)} and friends wrap the
 * number in a tensor over a Java direct buffer and close it at once; if autograd kept that tensor for
 * backward, a collection between forward and backward frees its memory. These tests collect garbage
 * and overwrite freed native memory between forward and backward, and compare with an undisturbed run.
 */
class AutogradMemoryTest {

    @Test
    void tokenizerGradientsSurviveGarbageCollectionBeforeBackward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TokenizerBlock tokenizer = new TokenizerBlock(ModelTestData.tinyTokenizer());
            tokenizer.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray patches = ModelTestData.windows(manager, 4, 12, 21);
            NDArray counts = PaddingTools.counts(manager, 12, 7, 12, 3);
            Supplier<NDArray> loss = () -> tokenizer.forwardWithLosses(ps, patches, counts, new Random(3), false)
                    .totalLoss();
            assertSameGradients(List.of(tokenizer), loss);
        }
    }

    @Test
    void studentAndTeacherGradientsSurviveGarbageCollectionBeforeBackward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StudentParams params = ModelTestData.tinyStudent();
            StudentBlock student = new StudentBlock(params);
            student.initialize(manager);
            TeacherBlock teacher = new TeacherBlock(params);
            teacher.initialize(manager);
            TeacherPolicy policy = new TeacherPolicy(params.masking(), 0.1);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray patches = ModelTestData.windows(manager, 4, 10, 22);
            NDArray counts = PaddingTools.counts(manager, 10, 6, 10, 8);
            NDArray prior = ModelTestData.prior(manager, 4, 10, 23);
            NDArray targets = manager.randomInteger(0, 16, new ai.djl.ndarray.types.Shape(4, 10),
                    ai.djl.ndarray.types.DataType.INT64);
            Supplier<NDArray> loss = () -> {
                MaskSample sample = policy.sample(teacher.logits(ps, patches, counts, false), prior, counts, 10,
                        new Random(4));
                StudentOutput out = student.forward(ps, patches, counts, sample.mask(), false);
                NDArray perWindow = MaskedCrossEntropy.perWindow(out.logits(), targets, sample.mask());
                return MaskedCrossEntropy.mean(out.logits(), targets, sample.mask())
                        .add(policy.teacherLoss(perWindow, sample));
            };
            assertSameGradients(List.of(student, teacher), loss);
        }
    }

    private static void assertSameGradients(List<Block> blocks, Supplier<NDArray> loss) {
        Map<String, float[]> calm = gradients(blocks, loss, false);
        Map<String, float[]> disturbed = gradients(blocks, loss, true);
        for (Map.Entry<String, float[]> e : calm.entrySet()) {
            assertArrayEquals(e.getValue(), disturbed.get(e.getKey()), 1e-6f, "gradient of " + e.getKey());
        }
    }

    /** Gradients of every trainable parameter of {@code blocks} after one backward; all are zeroed after reading. */
    private static Map<String, float[]> gradients(List<Block> blocks, Supplier<NDArray> loss, boolean disturb) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDScope scope = new NDScope()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.get();
                if (disturb) {
                    churnNativeMemory();
                }
                collector.backward(value);
            }
            for (int b = 0; b < blocks.size(); b++) {
                for (Map.Entry<String, Parameter> e : ParameterNames.canonical(blocks.get(b)).entrySet()) {
                    if (e.getValue().requiresGradient()) {
                        NDArray g = e.getValue().getArray().getGradient();
                        out.put(b + ":" + e.getKey(), g.toFloatArray());
                        g.subi(g);
                    }
                }
            }
        }
        return out;
    }

    /** Lets the collector free unreachable direct buffers, then reuses native memory filled with NaN. */
    private static void churnNativeMemory() {
        List<ByteBuffer> junk = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4 + 4 * (i % 8));
                while (b.remaining() >= 4) {
                    b.putFloat(Float.NaN);
                }
                junk.add(b);
            }
        }
        junk.clear();
    }
}
