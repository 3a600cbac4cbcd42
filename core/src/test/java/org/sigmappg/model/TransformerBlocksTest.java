package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class TransformerBlocksTest {

    @Test
    void temporalConvOutputLengthFollowsPyTorchsFormula() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TemporalConvParams conv = TemporalConvParams.reference();
            assertEquals(7, conv.outputLength(50));
            assertEquals(56, conv.features(50));
            ParameterStore ps = new ParameterStore(manager, false);
            for (int samples : new int[] {1, 8, 25, 50, 64, 100}) {
                // Independent check: run the three convolutions as plain ops and read the length.
                NDArray x = manager.ones(new Shape(1, 1, samples));
                NDArray h = Conv1d.conv1d(x, manager.ones(new Shape(8, 1, 15)), null, new Shape(8), new Shape(7)).head();
                for (int i = 0; i < 2; i++) {
                    h = Conv1d.conv1d(h, manager.ones(new Shape(8, 8, 3)), null, new Shape(1), new Shape(1)).head();
                }
                assertEquals(h.getShape().get(2), conv.outputLength(samples), samples + " samples");
                TemporalConvBlock block = new TemporalConvBlock(conv, samples, 16);
                block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, samples));
                NDArray out = block.forward(ps, new NDList(manager.randomUniform(0, 1, new Shape(2, 3, samples))), false)
                        .head();
                assertEquals(new Shape(2, 3, 16), out.getShape());
            }
            assertThrows(IllegalArgumentException.class,
                    () -> new TemporalConvParams(8, 15, 8, 0, 3, 1, 4, 1e-5, null).outputLength(10));
        }
    }

    @Test
    void windowLevelGroupNormTakesItsStatisticsOverTheValidPatchesOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StudentParams perPatch = ModelTestData.tinyStudent();
            StudentParams perWindow = new StudentParams(perPatch.version(), perPatch.patchSamples(), perPatch.maxPatches(),
                    perPatch.temporalConv().withNormScope(TemporalConvParams.NormScope.WINDOW), perPatch.transformer(),
                    perPatch.codebookSize(), perPatch.optimiser(), perPatch.masking(), perPatch.teacher());
            StudentBlock student = new StudentBlock(perWindow);
            student.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray patches = ModelTestData.windows(manager, 2, 8, 11);
            NDArray tokens = student.features(ps, patches, PaddingTools.counts(manager, 8, 5), false);
            // The second window's 5 valid patches alone, unpadded: what the reference is given for a short record.
            NDArray alone = student.features(ps, patches.get(new NDIndex("1:2, 0:5, :")), PaddingTools.counts(manager, 5), false);
            assertArrayEquals(alone.toFloatArray(), tokens.get(new NDIndex("1:2, 0:5, :")).toFloatArray(), 1e-5f);

            // Statistics over the window: changing one valid patch changes the embedding of the others (per-patch
            // statistics would not); changing a padding patch changes nothing.
            NDArray changedValid = patches.duplicate();
            changedValid.set(new NDIndex("1, 4, :"), manager.ones(new Shape(50)).mul(3f));
            NDArray viaPatchEmbed = student.features(ps, changedValid, PaddingTools.counts(manager, 8, 5), false);
            assertTrue(viaPatchEmbed.get(new NDIndex("1, 0, :")).sub(tokens.get(new NDIndex("1, 0, :"))).abs().max().getFloat() > 1e-3,
                    "window-level statistics must couple the patches of a window");
            NDArray changedPadding = patches.duplicate();
            changedPadding.set(new NDIndex("1, 6, :"), manager.ones(new Shape(50)).mul(3f));
            NDArray padded = student.features(ps, changedPadding, PaddingTools.counts(manager, 8, 5), false);
            assertArrayEquals(tokens.get(new NDIndex("1, 0:5, :")).toFloatArray(), padded.get(new NDIndex("1, 0:5, :")).toFloatArray(), 1e-6f);

            // One patch per window: the window's statistics are the patch's own, so both scopes agree.
            StudentBlock same = new StudentBlock(perPatch);
            same.initialize(manager);
            for (var e : ParameterNames.canonical(student).entrySet()) {
                ParameterNames.canonical(same).get(e.getKey()).getArray().set(e.getValue().getArray().toFloatArray());
            }
            NDArray one = patches.get(new NDIndex(":, 0:1, :"));
            assertArrayEquals(same.features(ps, one, PaddingTools.counts(manager, 1, 1), false).toFloatArray(),
                    student.features(ps, one, PaddingTools.counts(manager, 1, 1), false).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void paddingPatchesNeverChangeValidOutputs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StudentParams params = ModelTestData.tinyStudent();
            StudentBlock student = new StudentBlock(params);
            student.initialize(manager);
            TokenizerBlock tokenizer = new TokenizerBlock(ModelTestData.tinyTokenizer());
            tokenizer.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray patches = ModelTestData.windows(manager, 2, 8, 3);
            NDArray changed = patches.duplicate();
            changed.set(new NDIndex("1, 5:, :"), manager.randomUniform(0, 1, new Shape(3, 50)));
            NDArray mask = manager.zeros(new Shape(2, 8));
            mask.set(new NDIndex("1, 1"), 1f);
            NDArray padded = PaddingTools.counts(manager, 8, 5);

            StudentOutput a = student.forward(ps, patches, padded, mask, false);
            StudentOutput b = student.forward(ps, changed, padded, mask, false);
            assertArrayEquals(valid(a.tokens(), 5), valid(b.tokens(), 5), 1e-6f);
            assertArrayEquals(a.classToken().toFloatArray(), b.classToken().toFloatArray(), 1e-6f);
            assertArrayEquals(a.pooled().toFloatArray(), b.pooled().toFloatArray(), 1e-6f);
            assertArrayEquals(tokenizer.embed(ps, patches, padded).get("1, :5").toFloatArray(),
                    tokenizer.embed(ps, changed, padded).get("1, :5").toFloatArray(), 1e-6f);
            assertArrayEquals(tokenizer.encode(ps, patches, padded).get("1, :5").toLongArray(),
                    tokenizer.encode(ps, changed, padded).get("1, :5").toLongArray());

            // Control: when those patches are valid, the same change reaches the other positions.
            NDArray full = PaddingTools.counts(manager, 8, 8);
            StudentOutput c = student.forward(ps, patches, full, mask, false);
            StudentOutput d = student.forward(ps, changed, full, mask, false);
            float[] before = valid(c.tokens(), 5);
            float[] after = valid(d.tokens(), 5);
            double largest = 0;
            for (int i = 0; i < before.length; i++) {
                largest = Math.max(largest, Math.abs(before[i] - after[i]));
            }
            assertTrue(largest > 1e-4, "attention to the changed patches moves valid outputs by " + largest);
        }
    }

    private static float[] valid(NDArray tokens, int count) {
        return tokens.get(new NDIndex("1, :{}, :", count)).toFloatArray();
    }

    @Test
    void dropPathRisesLinearlyAndActsOnlyInTraining() {
        TransformerParams params = TransformerParams.of(16, 3, 2).withRegularisation(0, 0, 0.5);
        assertArrayEquals(new double[] {0, 0.25, 0.5},
                new double[] {params.dropPathRate(0), params.dropPathRate(1), params.dropPathRate(2)}, 1e-12);
        try (NDManager manager = NDManager.newBaseManager()) {
            TransformerStackBlock stack = new TransformerStackBlock(params);
            Shape x = new Shape(64, 4, 16);
            stack.initialize(manager, DataType.FLOAT32, x, new Shape(64, 4));
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray input = manager.randomNormal(x);
            NDArray keys = manager.ones(new Shape(64, 4));
            float[] eval1 = stack.forward(ps, new NDList(input, keys), false).head().toFloatArray();
            float[] eval2 = stack.forward(ps, new NDList(input, keys), false).head().toFloatArray();
            assertArrayEquals(eval1, eval2, 0f);
            float[] train = stack.forward(ps, new NDList(input, keys), true).head().toFloatArray();
            assertFalse(java.util.Arrays.equals(eval1, train), "drop-path changes training outputs");

            TransformerStackBlock plain = new TransformerStackBlock(TransformerParams.of(16, 3, 2));
            plain.initialize(manager, DataType.FLOAT32, x, new Shape(64, 4));
            assertArrayEquals(plain.forward(ps, new NDList(input, keys), false).head().toFloatArray(),
                    plain.forward(ps, new NDList(input, keys), true).head().toFloatArray(), 0f,
                    "without drop-path and dropout, training and inference agree");
        }
    }

    /**
     * The reference's Mlp drops out after fc2 only (the line after the activation is commented out): in training,
     * every output element is then either 0 or its inference value / (1 - rate). A second dropout inside would give
     * other values.
     */
    @Test
    void mlpDropoutActsAfterTheSecondLayerOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MlpBlock mlp = new MlpBlock(64, 8, MlpBlock.Nonlinearity.GELU, 0.5);
            Shape x = new Shape(32, 4, 8);
            mlp.initialize(manager, DataType.FLOAT32, x);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray input = manager.randomNormal(x);
            float[] inference = mlp.forward(ps, new NDList(input), false).head().toFloatArray();
            float[] training = mlp.forward(ps, new NDList(input), true).head().toFloatArray();
            int dropped = 0;
            for (int i = 0; i < inference.length; i++) {
                if (training[i] == 0) {
                    dropped++;
                } else {
                    assertEquals(2 * inference[i], training[i], 1e-5 * (1 + Math.abs(inference[i])), "element " + i);
                }
            }
            assertTrue(dropped > inference.length / 4 && dropped < 3 * inference.length / 4, dropped + " of " + inference.length);
        }
    }

    @Test
    void qkNormAndQkvBiasSwitchTheirParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            TransformerParams pro = new TransformerParams(24, 1, 4, 4.0, false, true, 0, 0, 0, 1e-6);
            TransformerStackBlock stack = new TransformerStackBlock(pro);
            stack.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 24), new Shape(1, 3));
            var names = ParameterNames.canonical(stack).keySet();
            assertTrue(names.contains("0.attn.q_norm.weight") && names.contains("0.attn.k_norm.bias"), names.toString());
            assertFalse(names.contains("0.attn.qkv.bias"), names.toString());
            assertEquals(new Shape(6), ParameterNames.canonical(stack).get("0.attn.q_norm.weight").getArray().getShape());
            assertTrue(names.contains("norm.weight"));
        }
    }
}
