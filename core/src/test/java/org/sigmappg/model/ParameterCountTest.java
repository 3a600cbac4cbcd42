package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterCountTest {

    @Test
    void baseAndProStudentsHaveTheReferenceSizes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StudentBlock base = new StudentBlock(StudentParams.base());
            base.initialize(manager);
            StudentBlock pro = new StudentBlock(StudentParams.pro());
            pro.initialize(manager);
            System.out.printf("student base: %,d parameters, %,d without the code head%n", base.parameterCount(),
                    base.backboneParameterCount());
            System.out.printf("student pro: %,d parameters, %,d without the code head%n", pro.parameterCount(),
                    pro.backboneParameterCount());
            assertEquals(5_851_976, base.backboneParameterCount());
            assertEquals(5.8e6, base.backboneParameterCount(), 0.58e6, "base: about 5.8 M (backbone)");
            // The reference pro student without its heads, counted in PyTorch from the reference layout:
            //   cd scripts/reference && python3 -c "import sigma_reference as r; s = r.PretrainingModel(*r.SIZES['pro']).student;
            //     print(sum(p.numel() for n, p in s.named_parameters() if not n.startswith('lm_head')))"   -> 28209312
            // Ours folds the reference's 129 x 360 channel table (pos_embed) into time_embed and cls_token.
            assertEquals(28_209_312 - 129 * 360, pro.backboneParameterCount());
            // Independently: per layer 12 W^2 + 10 W + 4 W / heads (qkv without bias, proj, MLP x4, two LayerNorms, the
            // per-head q and k norms); conv stack 3 x (12 + 24) + 12 x 15 + 2 x 12 x 12 x 3; projection 13 x 12 x W + W;
            // 120 positions; cls and mask 2 W; final norm 2 W.
            long p = 360;
            long proExpected = 18 * (12 * p * p + 10 * p + 4 * p / 12) + 3 * 36 + 180 + 2 * 432 + 157 * p + 120 * p + 2 * p + 2 * p;
            assertEquals(proExpected, pro.backboneParameterCount());
            // Independent count for the base backbone: per layer 12 W^2 + 13 W (qkv with bias, proj, MLP x4,
            // two LayerNorms); conv stack 576; projection 56 W + W; positions 240 W; cls and mask 2 W; final norm 2 W.
            long w = 200;
            long expected = 12 * (12 * w * w + 13 * w) + 576 + 57 * w + 240 * w + 2 * w + 2 * w;
            assertEquals(expected, base.backboneParameterCount());
        }
    }

    @Test
    void studentParameterNamesFollowTheReferenceScheme() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StudentBlock student = new StudentBlock(ModelTestData.tinyStudent());
            student.initialize(manager);
            Map<String, Parameter> names = ParameterNames.canonical(student);
            for (String name : new String[] {"time_embed", "cls_token", "mask_token", "patch_embed.conv1.weight",
                "patch_embed.norm3.bias", "patch_embed.proj.weight", "blocks.0.norm1.weight", "blocks.0.attn.qkv.weight",
                "blocks.0.attn.qkv.bias", "blocks.0.attn.proj.bias", "blocks.0.mlp.fc1.weight", "blocks.0.mlp.fc2.bias",
                "blocks.0.norm2.bias", "blocks.norm.weight", "lm_head.weight", "lm_head.bias"}) {
                assertTrue(names.containsKey(name), name + " missing from " + names.keySet());
            }
            assertEquals(ParameterNames.count(student), names.values().stream()
                    .mapToLong(p -> p.getArray().getShape().size()).sum());
        }
    }

    @Test
    void initialisationIsPyTorchLike() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StudentBlock student = new StudentBlock(StudentParams.base());
            student.initialize(manager);
            Map<String, Parameter> p = ParameterNames.canonical(student);
            NDArray fc1 = p.get("blocks.3.mlp.fc1.weight").getArray();
            assertEquals(0.02, Math.sqrt(fc1.square().mean().getFloat()), 0.001, "linear weights N(0, 0.02)");
            assertEquals(0.02, Math.sqrt(p.get("time_embed").getArray().square().mean().getFloat()), 0.001);
            assertEquals(0f, p.get("blocks.3.mlp.fc1.bias").getArray().abs().sum().getFloat());
            assertEquals(200f, p.get("blocks.3.norm1.weight").getArray().sum().getFloat());
            assertEquals(0f, p.get("blocks.3.norm1.bias").getArray().abs().sum().getFloat());
            NDArray conv = p.get("patch_embed.conv1.weight").getArray();
            float bound = (float) (1 / Math.sqrt(15));
            assertTrue(conv.abs().max().getFloat() <= bound, "conv weights within U(+-1/sqrt(fan_in))");
            assertEquals(8f, p.get("patch_embed.norm1.weight").getArray().sum().getFloat());
        }
    }
}
