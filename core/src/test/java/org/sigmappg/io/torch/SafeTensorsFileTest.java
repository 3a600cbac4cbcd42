package org.sigmappg.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Safetensors reading against a file of hand-computed bytes and one written by the safetensors library,
 * writing against the byte layout the format specifies, and the refusals of inconsistent headers.
 */
class SafeTensorsFileTest {
    @TempDir
    Path dir;

    /** hand.safetensors: laid out byte by byte in make_torch_fixtures.py (write_hand_safetensors). */
    @Test
    void readsHandComputedBytes() throws IOException {
        SafeTensorsFile f = SafeTensorsFile.read(TorchFixtures.copy(dir, "hand.safetensors"));
        assertEquals(List.of("a", "b", "c", "d"), new ArrayList<>(f.tensors().keySet()));
        assertEquals(Map.of("format", "pt", "note", "hand"), f.metadata());
        TorchTensor a = f.tensors().get("a");
        assertEquals(TorchDType.FLOAT32, a.dtype());
        assertArrayEquals(new long[] {2}, a.shape());
        assertArrayEquals(new float[] {1.25f, -0.5f}, a.floats());
        TorchTensor b = f.tensors().get("b");
        assertEquals(TorchDType.INT64, b.dtype());
        assertArrayEquals(new long[] {1, 1}, b.shape());
        assertArrayEquals(new long[] {-7}, b.longs());
        assertEquals(TorchDType.FLOAT16, f.tensors().get("c").dtype());
        assertArrayEquals(new float[] {1f, -2f}, f.tensors().get("c").floats());
        TorchTensor d = f.tensors().get("d");
        assertEquals(TorchDType.BFLOAT16, d.dtype());
        assertEquals(0, d.rank());
        assertArrayEquals(new float[] {1.5f}, d.floats());
    }

    /** official.safetensors: written by safetensors 0.8.0's save_file (values in make_torch_fixtures.py). */
    @Test
    void readsTheLibrarysOwnFile() throws IOException {
        SafeTensorsFile f = SafeTensorsFile.read(TorchFixtures.copy(dir, "official.safetensors"));
        assertEquals(Map.of("format", "pt"), f.metadata());
        assertArrayEquals(new long[] {3, 2}, f.tensors().get("weight").shape());
        assertArrayEquals(new float[] {-0.5f, -0.25f, 0f, 0.25f, 0.5f, 0.75f}, f.tensors().get("weight").floats());
        assertArrayEquals(new long[] {4, -5}, f.tensors().get("count").longs());
        assertArrayEquals(new float[] {0.5f, -1f}, f.tensors().get("half").floats());
    }

    /**
     * The writer's bytes against the format's layout worked out by hand: u64 header length, the JSON header
     * (metadata first, tensors by name, offsets back to back) padded with spaces to a multiple of 8, then the
     * values little-endian. The map's order does not matter.
     */
    @Test
    void writesTheSpecifiedLayoutWhateverTheOrder() throws IOException {
        Map<String, TorchTensor> tensors = new LinkedHashMap<>();
        tensors.put("b", TorchTensor.ofLongs(new long[] {1}, new long[] {3}));
        tensors.put("a", TorchTensor.ofFloats(new long[] {2}, new float[] {1.25f, -0.5f}));
        Path one = dir.resolve("one.safetensors");
        new SafeTensorsFile(tensors, Map.of("format", "pt")).write(one);

        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
        assertEquals(139, header.length()); // padded with 5 spaces to 144
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(144).array());
        expected.writeBytes((header + "     ").getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(new byte[] {0, 0, (byte) 0xA0, 0x3F, 0, 0, 0, (byte) 0xBF}); // 1.25f = 0x3FA00000, -0.5f = 0xBF000000
        expected.writeBytes(new byte[] {3, 0, 0, 0, 0, 0, 0, 0});
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(one));

        Map<String, TorchTensor> reversed = new LinkedHashMap<>();
        reversed.put("a", tensors.get("a"));
        reversed.put("b", tensors.get("b"));
        Path two = dir.resolve("two.safetensors");
        new SafeTensorsFile(reversed, Map.of("format", "pt")).write(two);
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count()); // no temporary file left behind
        }
    }

    @Test
    void headersArePaddedWithSpacesToEightBytes() throws IOException {
        Path file = dir.resolve("pad.safetensors");
        new SafeTensorsFile(Map.of("x", TorchTensor.ofFloats(new long[] {}, new float[] {2f})), Map.of()).write(file);
        byte[] all = Files.readAllBytes(file);
        String json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}";
        long length = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(56, length); // 53 characters of JSON and 3 spaces
        assertEquals(json + "   ", new String(all, 8, (int) length, StandardCharsets.UTF_8));
        assertEquals(8 + 56 + 4, all.length);
    }

    /** Every tensor of a PyTorch checkpoint's state dict, written and read back (float16 and bfloat16 come back as F32). */
    @Test
    void aCheckpointsStateDictSurvivesTheRoundTrip() throws IOException {
        Map<String, TorchTensor> state = TorchCheckpoint.read(TorchFixtures.copy(dir, "checkpoint.pth")).stateDict().tensors();
        Path file = dir.resolve("state.safetensors");
        new SafeTensorsFile(state, Map.of("format", "pt")).write(file);
        SafeTensorsFile back = SafeTensorsFile.read(file);
        assertEquals(state.keySet().stream().sorted().toList(), new ArrayList<>(back.tensors().keySet()));
        for (Map.Entry<String, TorchTensor> e : state.entrySet()) {
            TorchTensor t = back.tensors().get(e.getKey());
            assertArrayEquals(e.getValue().shape(), t.shape(), e.getKey());
            if (e.getValue().dtype().isFloat()) {
                assertEquals(TorchDType.FLOAT32, t.dtype());
                assertArrayEquals(e.getValue().floats(), t.floats(), e.getKey());
            } else {
                assertEquals(TorchDType.INT64, t.dtype());
                assertArrayEquals(e.getValue().longs(), t.longs(), e.getKey());
            }
        }
    }

    @Test
    void recognisesSafetensorsByTheirFirstBytes() throws IOException {
        assertTrue(SafeTensorsFile.isSafeTensors(TorchFixtures.copy(dir, "hand.safetensors")));
        assertTrue(SafeTensorsFile.isSafeTensors(TorchFixtures.copy(dir, "official.safetensors")));
        assertFalse(SafeTensorsFile.isSafeTensors(TorchFixtures.copy(dir, "checkpoint.pth")));
        assertFalse(SafeTensorsFile.isSafeTensors(Files.writeString(dir.resolve("x.txt"), "{}")));
    }

    @Test
    void refusesToWriteWhatItCannot() {
        TorchTensor unread = TorchTensor.read(TorchDType.FLOAT64, new long[] {1}, null);
        SafeTensorsFile noValues = new SafeTensorsFile(Map.of("w", unread), Map.of());
        assertThrows(IllegalArgumentException.class, () -> noValues.write(dir.resolve("w.safetensors")));
        SafeTensorsFile reserved = new SafeTensorsFile(Map.of("__metadata__", TorchTensor.ofFloats(new long[] {1}, new float[] {1})),
                Map.of());
        assertThrows(IllegalArgumentException.class, () -> reserved.write(dir.resolve("m.safetensors")));
    }

    /** A file of this header (unpadded) and {@code dataBytes} zero bytes of data. */
    private Path file(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        return Files.write(dir.resolve("bad.safetensors"), b.array());
    }

    private static String slot(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{}}|4|header: names 'a' twice",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}|4|tensor 'a': lacks its dtype, shape or data_offsets",
        "{\"__metadata__\":{\"n\":1}}|0|header: metadata 'n' is not a string, as the format requires",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}|4|header: is not the JSON the format requires",
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}|4|header: is not the JSON the format requires (at $.a.shape[0])",
        "{\"a\":1}|0|header: is not the JSON the format requires (at $.a)",
        "[]|0|header: does not start with '{'",
        "{} {}|0|header: is not the JSON the format requires (at $)"})
    void malformedHeadersAreRefused(String header, int dataBytes, String problem) throws IOException {
        Path f = file(header, dataBytes);
        String message = TorchFixtures.refusal(f, () -> SafeTensorsFile.read(f));
        assertTrue(message.startsWith(f + " " + problem), message);
    }

    @Test
    void inconsistentSlotsAreRefused() throws IOException {
        String[][] cases = {
            {"{" + slot("a", "Q9", "[1]", 0, 4) + "}", "4", "tensor 'a': has dtype 'Q9', which is not a safetensors type"},
            {"{" + slot("a", "F64", "[1]", 0, 8) + "}", "8", "tensor 'a': is F64; only F32, F16, BF16 and I64 tensors are read"},
            {"{" + slot("a", "F32", "[2]", 0, 4) + "}", "4", "tensor 'a': has 2 F32 values but a byte range of 4: the header is inconsistent"},
            {"{" + slot("a", "F32", "[-1]", 0, 4) + "}", "4", "tensor 'a': has a negative size in its shape"},
            {"{" + slot("a", "F32", "[1]", 8, 4) + "}", "8", "tensor 'a': has data_offsets that are not a [begin, end] pair"},
            {"{" + slot("a", "F32", "[4611686018427387904,4]", 0, 4) + "}", "4", "tensor 'a': has a shape with more elements than can be counted"},
            {"{" + slot("a", "F32", "[2]", 0, 8) + "," + slot("b", "F32", "[2]", 4, 12) + "}", "12",
                "tensor 'b': overlaps the tensor before it (data_offsets begin at 4, expected 8)"},
            {"{" + slot("a", "F32", "[1]", 0, 4) + "," + slot("b", "F32", "[1]", 8, 12) + "}", "12",
                "tensor 'b': leaves a gap of 4 bytes before it"},
            {"{" + slot("a", "F32", "[2]", 0, 8) + "}", "4", ": has 4 bytes of tensor data but its header accounts for 8: the file is truncated"},
            {"{" + slot("a", "F32", "[2]", 0, 8) + "}", "12", ": has 12 bytes of tensor data but its header accounts for 8: the file is damaged (bytes left over)"},
        };
        for (String[] c : cases) {
            Path f = file(c[0], Integer.parseInt(c[1]));
            String message = TorchFixtures.refusal(f, () -> SafeTensorsFile.read(f));
            assertTrue(message.startsWith(f + (c[2].startsWith(":") ? "" : " ") + c[2]), message);
        }
    }

    @Test
    void damagedFramesAreRefused() throws IOException {
        Path tiny = Files.write(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
        assertEquals(tiny + ": is 3 bytes long, too short for a safetensors file",
                TorchFixtures.refusal(tiny, () -> SafeTensorsFile.read(tiny)));
        Path truncated = TorchFixtures.copy(dir, "official.safetensors");
        byte[] all = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(all, 60));
        String message = TorchFixtures.refusal(truncated, () -> SafeTensorsFile.read(truncated));
        assertTrue(message.contains("bytes, but the file holds 52 after it: it is truncated, or not a safetensors file"), message);
        Path latin = Files.write(dir.resolve("latin.safetensors"), new byte[] {3, 0, 0, 0, 0, 0, 0, 0, '{', (byte) 0xFF, '}'});
        assertEquals(latin + " header: is not UTF-8 text: the file is damaged, or not a safetensors file",
                TorchFixtures.refusal(latin, () -> SafeTensorsFile.read(latin)));
        Path checkpoint = TorchFixtures.copy(dir, "checkpoint.pth");
        assertTrue(TorchFixtures.refusal(checkpoint, () -> SafeTensorsFile.read(checkpoint)).contains("gives a header length of"));
    }
}
