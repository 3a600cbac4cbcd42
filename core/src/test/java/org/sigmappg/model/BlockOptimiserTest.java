package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockOptimiserTest {

    @Test
    void learningRateWarmsUpLinearlyThenFollowsACosine() {
        OptimiserParams p = new OptimiserParams(1e-3, 1e-5, 0.9, 0.99, 1e-8, 0, 0.1, 1, 8, 1);
        assertEquals(1e-4, BlockOptimiser.scheduledLearningRate(p, 1, 100), 1e-12);
        assertEquals(1e-3, BlockOptimiser.scheduledLearningRate(p, 10, 100), 1e-12);
        assertEquals(1e-5 + (1e-3 - 1e-5) * 0.5, BlockOptimiser.scheduledLearningRate(p, 55, 100), 1e-12);
        assertEquals(1e-5, BlockOptimiser.scheduledLearningRate(p, 100, 100), 1e-12);
        assertEquals(10, p.totalSteps(73), "epochs x ceil(73 / 8)");
    }

    @Test
    void clippingScalesTheGlobalNormToTheLimit() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter a = Parameter.builder().setName("a").setType(Parameter.Type.WEIGHT)
                    .optArray(manager.create(new float[] {1, 2})).build();
            Parameter b = Parameter.builder().setName("b").setType(Parameter.Type.WEIGHT)
                    .optArray(manager.create(new float[] {3})).build();
            a.getArray().setRequiresGradient(true);
            b.getArray().setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                // Gradients (3, 4) and (12): global norm 13.
                collector.backward(a.getArray().mul(manager.create(new float[] {3, 4})).sum()
                        .add(b.getArray().mul(12).sum()));
            }
            assertEquals(13, BlockOptimiser.clipGradientNorm(List.of(a, b), 0), 1e-5);
            assertEquals(13, BlockOptimiser.clipGradientNorm(List.of(a, b), 1.0), 1e-5);
            assertEquals(1.0, BlockOptimiser.clipGradientNorm(List.of(a, b), 0), 1e-5);
            assertEquals(4f / 13, a.getArray().getGradient().getFloat(1), 1e-6);
        }
    }

    @Test
    void weightDecayGoesToWeightMatricesOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StudentBlock student = new StudentBlock(ModelTestData.tinyStudent());
            student.initialize(manager);
            Map<String, Parameter> p = ParameterNames.canonical(student);
            assertTrue(BlockOptimiser.isDecayed("blocks.0.attn.qkv.weight", p.get("blocks.0.attn.qkv.weight")));
            assertTrue(BlockOptimiser.isDecayed("patch_embed.conv1.weight", p.get("patch_embed.conv1.weight")));
            for (String name : new String[] {"time_embed", "cls_token", "mask_token", "blocks.0.attn.qkv.bias",
                "blocks.0.norm1.weight", "patch_embed.norm1.weight"}) {
                assertFalse(BlockOptimiser.isDecayed(name, p.get(name)), name);
            }
        }
    }
}
