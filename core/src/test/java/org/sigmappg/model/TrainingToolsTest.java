package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingToolsTest {

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
