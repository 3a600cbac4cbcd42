package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingToolsTest {

    @Test
    void learningRateWarmsUpLinearlyThenFollowsACosine() {
        OptimiserParams p = new OptimiserParams(1e-3, 1e-5, 0.9, 0.99, 1e-8, 0, 0.1, 1, 8, 1);
        assertEquals(1e-4, TrainingTools.learningRate(p, 1, 100), 1e-12);
        assertEquals(1e-3, TrainingTools.learningRate(p, 10, 100), 1e-12);
        assertEquals(1e-5 + (1e-3 - 1e-5) * 0.5, TrainingTools.learningRate(p, 55, 100), 1e-12);
        assertEquals(1e-5, TrainingTools.learningRate(p, 100, 100), 1e-12);
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
            assertEquals(13, TrainingTools.clipGradientNorm(List.of(a, b), 0), 1e-5);
            assertEquals(13, TrainingTools.clipGradientNorm(List.of(a, b), 1.0), 1e-5);
            assertEquals(1.0, TrainingTools.clipGradientNorm(List.of(a, b), 0), 1e-5);
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

    @Test
    void augmentationIsReproducibleAndWithinItsBounds() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ConsistencyAugmentation augmentation = TokenizerParams.tiny().augmentation();
            NDArray ones = manager.ones(new Shape(200, 4, 50));
            float[] a = augmentation.apply(ones, new Random(3)).toFloatArray();
            float[] b = augmentation.apply(ones, new Random(3)).toFloatArray();
            assertTrue(java.util.Arrays.equals(a, b), "same seed, same view");
            NDArray noiseFree = new ConsistencyAugmentation(0.9, 1.1, 0).apply(ones, new Random(4));
            float[] scales = noiseFree.get(":, 0, 0").toFloatArray();
            for (float s : scales) {
                assertTrue(s >= 0.9f && s <= 1.1f, "scale " + s);
            }
            NDArray perWindow = noiseFree.reshape(200, 200);
            assertEquals(0f, perWindow.max(new int[] {1}).sub(perWindow.min(new int[] {1})).max().getFloat(),
                    "one scale per window");
            NDArray unscaled = new ConsistencyAugmentation(1, 1, 0.05).apply(ones, new Random(5)).sub(1);
            double sigma = Math.sqrt(unscaled.square().mean().getFloat());
            assertEquals(0.05, sigma, 0.001, "per-sample noise sigma");
        }
    }

    @Test
    void deviceChoiceExplainsAMissingGpu() {
        assertEquals(Device.cpu(), DeviceChoice.parse("CPU").device());
        String description = DeviceChoice.describeEngine(Device.cpu());
        assertTrue(description.startsWith("PyTorch 2.7.1 (DJL 0.36.0) on CPU"), description);
        assertTrue(description.matches(".*, \\d+ intra-op threads"), description);
        if (Engine.getInstance().getGpuCount() == 0) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeviceChoice.GPU.device());
            assertTrue(e.getMessage().contains("PYTORCH_FLAVOR=cu128") && e.getMessage().contains("pytorch-native-cpu"),
                    e.getMessage());
        } else {
            assertEquals(Device.gpu(0), DeviceChoice.GPU.device());
        }
        assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("tpu"));
        assertTrue(DeviceChoice.configureThreads() >= 1);
    }
}
