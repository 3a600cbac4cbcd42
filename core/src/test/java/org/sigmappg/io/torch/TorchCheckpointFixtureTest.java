package org.sigmappg.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reader against checkpoints that PyTorch 1.13 saved (protocol 2, torch.save's default, and protocol 5),
 * value by value against what torch.load gave back for the same files (expected.json).
 */
class TorchCheckpointFixtureTest {
    @TempDir
    Path dir;

    /** The tensor at a path of keys ("model/conv.weight", "optimizer/state/0/exp_avg"), as expected.json names them. */
    private static Object at(Object root, String path) {
        Object value = root;
        for (String key : path.split("/")) {
            Map<?, ?> map = (Map<?, ?>) value;
            value = map.containsKey(key) ? map.get(key) : map.get(Long.parseLong(key));
        }
        return value;
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint.pth", "checkpoint-protocol5.pth"})
    void everyTensorEqualsWhatTorchLoads(String name) throws IOException {
        TorchCheckpoint checkpoint = TorchCheckpoint.read(TorchFixtures.copy(dir, name));
        JsonObject expected = TorchFixtures.expected().getAsJsonObject(name).getAsJsonObject("tensors");
        assertEquals(36, expected.size());
        for (Map.Entry<String, JsonElement> e : expected.entrySet()) {
            JsonObject want = e.getValue().getAsJsonObject();
            TorchTensor t = assertInstanceOf(TorchTensor.class, at(checkpoint.root(), e.getKey()), e.getKey());
            assertEquals(want.get("dtype").getAsString(), t.dtype().torchName(), e.getKey());
            long[] shape = new long[want.getAsJsonArray("shape").size()];
            Arrays.setAll(shape, i -> want.getAsJsonArray("shape").get(i).getAsLong());
            assertArrayEquals(shape, t.shape(), e.getKey());
            JsonArray values = want.getAsJsonArray("values");
            assertEquals(values.size(), t.numel(), e.getKey());
            if (t.dtype() == TorchDType.INT64) {
                long[] got = t.longs();
                for (int i = 0; i < got.length; i++) {
                    assertEquals(values.get(i).getAsLong(), got[i], e.getKey() + "[" + i + "]");
                }
            } else {
                float[] got = t.floats();
                for (int i = 0; i < got.length; i++) {
                    // Bit for bit: -0.0 against 0.0, and NaN against NaN, must match too.
                    assertEquals(Float.floatToIntBits(TorchFixtures.floatOf(values.get(i))), Float.floatToIntBits(got[i]),
                            e.getKey() + "[" + i + "] = " + got[i]);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint.pth", "checkpoint-protocol5.pth"})
    void stateDictIsFoundUnderModelInTorchsOrder(String name) throws IOException {
        TorchCheckpoint checkpoint = TorchCheckpoint.read(TorchFixtures.copy(dir, name));
        StateDict state = checkpoint.stateDict();
        assertEquals("checkpoint['model']", state.location());
        List<String> torchOrder = new ArrayList<>();
        for (String path : TorchFixtures.expected().getAsJsonObject(name).getAsJsonObject("tensors").keySet()) {
            if (path.startsWith("model/")) {
                torchOrder.add(path.substring("model/".length()));
            }
        }
        assertEquals(torchOrder, new ArrayList<>(state.tensors().keySet()));
        assertEquals(Map.of(), state.skipped());
        assertEquals(name.replace(".pth", ""), checkpoint.archiveName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint.pth", "checkpoint-protocol5.pth"})
    void argsReadAsPythonPrintsThem(String name) throws IOException {
        TorchCheckpoint checkpoint = TorchCheckpoint.read(TorchFixtures.copy(dir, name));
        String repr = TorchFixtures.expected().getAsJsonObject(name).get("args_repr").getAsString();
        assertEquals(repr, checkpoint.argsText().orElseThrow());
        PickledObject args = (PickledObject) ((Map<?, ?>) checkpoint.root()).get("args");
        assertEquals("argparse.Namespace", args.type().qualifiedName());
        assertEquals(1.5e-4, args.attributes().get("lr"));
        assertEquals(List.of(2L, 4L), args.attributes().get("layers"));
    }

    /**
     * A module registered twice (as the reference's patch_embed_conv inside patch_embed_seq) gives one tensor
     * under both names; views of one storage read the storage once but are separate tensors.
     */
    @ParameterizedTest
    @ValueSource(strings = {"checkpoint.pth", "checkpoint-protocol5.pth"})
    void sharedStoragesAreReadOnce(String name) throws IOException {
        Map<String, TorchTensor> t = TorchCheckpoint.read(TorchFixtures.copy(dir, name)).stateDict().tensors();
        assertSame(t.get("conv.weight"), t.get("seq.0.weight"));
        assertSame(t.get("proj.bias"), t.get("seq.1.bias"));
        assertNotSame(t.get("view.first"), t.get("view.second"));
        // base[2:5] and base[4:8] overlap at base[4].
        assertEquals(t.get("view.first").floats()[2], t.get("view.second").floats()[0]);
        assertEquals(t.get("view.first").floats()[2], t.get("view.stepped").floats()[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint.pth", "checkpoint-protocol5.pth"})
    void plainDataKeepsPythonsValues(String name) throws IOException {
        Map<?, ?> root = (Map<?, ?>) TorchCheckpoint.read(TorchFixtures.copy(dir, name)).root();
        assertEquals(List.of("model", "args", "optimizer", "epoch", "param", "scalars", "objects"), new ArrayList<>(root.keySet()));
        assertEquals(7L, root.get("epoch"));
        Map<?, ?> s = (Map<?, ?>) root.get("scalars");
        assertEquals(BigInteger.TWO.pow(70), s.get("big"));
        assertEquals(-(1L << 40), s.get("negative"));
        assertEquals(-0.125, s.get("float"));
        assertArrayEquals(new byte[] {0, (byte) 0xFF, 'a', 'b'}, (byte[]) s.get("bytes"));
        assertArrayEquals(new byte[0], (byte[]) s.get("empty_bytes"));
        assertEquals(Set.of(1L, 2L, 3L), s.get("set"));
        assertEquals(List.of(1L, "two", 3.0), s.get("tuple"));
        assertEquals("π ≈ 3.14 ✓", s.get("unicode"));
        Map<?, ?> nested = (Map<?, ?>) s.get("nested");
        assertEquals("int key", nested.get(7L));
        assertEquals("tuple key", nested.get(List.of(1L, 2L)));
        assertEquals("{'a': [1, {'b': None}], 7: 'int key', (1, 2): 'tuple key'}", TorchCheckpoint.toText(nested));
        assertEquals("(5,)", TorchCheckpoint.toText(s.get("single")));

        Map<?, ?> optimizer = (Map<?, ?>) root.get("optimizer");
        Map<?, ?> group = (Map<?, ?>) ((List<?>) optimizer.get("param_groups")).get(0);
        assertEquals(1e-3, group.get("lr"));
        assertEquals(List.of(0.9, 0.999), group.get("betas"));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), group.get("params"));
        assertEquals(Set.of(0L, 1L, 2L, 3L), ((Map<?, ?>) optimizer.get("state")).keySet());
    }

    /** Classes the reader does not build stay inert placeholders with their class name and data. */
    @ParameterizedTest
    @ValueSource(strings = {"checkpoint.pth", "checkpoint-protocol5.pth"})
    void otherClassesBecomePlaceholders(String name) throws IOException {
        Map<?, ?> objects = (Map<?, ?>) ((Map<?, ?>) TorchCheckpoint.read(TorchFixtures.copy(dir, name)).root()).get("objects");
        PickledObject config = (PickledObject) objects.get("config");
        assertEquals(new PickledGlobal("__main__", "Config"), config.type());
        assertEquals(Map.of("depth", 2L, "name", "tiny"), config.attributes());
        assertEquals("Config(depth=2, name='tiny')", config.toString());

        PickledObject scalar = (PickledObject) objects.get("np_scalar");
        assertEquals("numpy.core.multiarray.scalar", scalar.type().qualifiedName());
        assertEquals("numpy.dtype", ((PickledObject) scalar.arguments().get(0)).type().qualifiedName());
        // np.float64(2.5) is its 8 little-endian bytes.
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 4, 64}, (byte[]) scalar.arguments().get(1));

        PickledObject array = (PickledObject) objects.get("np_array");
        String builder = name.contains("protocol5") ? "numpy.core.numeric._frombuffer" : "numpy.core.multiarray._reconstruct";
        assertEquals(builder, array.type().qualifiedName());
        assertFalse(TorchCheckpoint.toText(array).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint.pth", "checkpoint-protocol5.pth"})
    void parameterIsATensor(String name) throws IOException {
        Object param = ((Map<?, ?>) TorchCheckpoint.read(TorchFixtures.copy(dir, name)).root()).get("param");
        assertArrayEquals(new float[] {0.5f, -1.5f}, assertInstanceOf(TorchTensor.class, param).floats());
        assertTrue(((TorchTensor) param).hasData());
    }
}
