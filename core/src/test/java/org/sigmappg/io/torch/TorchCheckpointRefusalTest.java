package org.sigmappg.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files that are not checkpoints, or are damaged, hostile or of an older or other format, each refused
 * with one plain line naming the file and what it is; and a checkpoint re-zipped with compression, which
 * torch.load accepts too, read to the same values.
 */
class TorchCheckpointRefusalTest {
    @TempDir
    Path dir;

    private static String refusal(Path file) {
        return TorchFixtures.refusal(file, () -> TorchCheckpoint.read(file));
    }

    private static void assertContains(String message, String part) {
        assertTrue(message.contains(part), message);
    }

    /** malicious.pth holds an object whose pickle calls os.system (posix.system on Linux): refused, never run. */
    @Test
    void aPickleThatRunsACommandIsRefusedAndNothingRuns() throws IOException {
        Path file = TorchFixtures.copy(dir, "malicious.pth");
        String message = refusal(file);
        assertContains(message, "the pickle names posix.system, which runs code or reaches the system;");
        assertFalse(Files.exists(Path.of("sigma-ppg-pwned.txt")));
        assertFalse(Files.exists(dir.resolve("sigma-ppg-pwned.txt")));
    }

    @Test
    void legacyFilesAreRefusedWithTheWayToResaveThem() throws IOException {
        Path file = TorchFixtures.copy(dir, "legacy.pth");
        assertEquals(file + ": is a legacy (pre-1.6) PyTorch file; re-save it with"
                + " torch.save(..., _use_new_zipfile_serialization=True)", refusal(file));
    }

    @Test
    void torchScriptArchivesAreRefused() throws IOException {
        Path file = TorchFixtures.copy(dir, "torchscript.pt");
        assertEquals(file + ": is a TorchScript archive (torch.jit.save), not a checkpoint; save the model's state_dict()"
                + " with torch.save instead", refusal(file));
    }

    @Test
    void otherFilesAreNamed() throws IOException {
        assertContains(refusal(TorchFixtures.copy(dir, "hand.safetensors")), "is a safetensors file, not a PyTorch checkpoint");
        Path empty = Files.write(dir.resolve("empty.pth"), new byte[0]);
        assertEquals(empty + ": is empty", refusal(empty));
        Path text = Files.writeString(dir.resolve("notes.pth"), "just some text\n");
        assertContains(refusal(text), "is not a PyTorch checkpoint: it is neither a zip archive");
        Path pickle = Files.write(dir.resolve("bare.pkl"), new byte[] {(byte) 0x80, 2, '}', '.'});
        assertContains(refusal(pickle), "is a bare Python pickle, not a checkpoint written by torch.save");
        Path missing = dir.resolve("missing.pth");
        assertEquals(missing + ": file not found", refusal(missing));
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100, 5000, -22, -1})
    void truncatedFilesAreRefused(int cut) throws IOException {
        Path file = TorchFixtures.copy(dir, "checkpoint.pth");
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, cut > 0 ? cut : all.length + cut));
        assertContains(refusal(file), "is a zip archive without its closing directory: the file is truncated or damaged");
    }

    /** One flipped bit inside a storage (conv.weight's 24 bytes), found by its content. */
    @Test
    void aDamagedStorageIsCaughtByItsChecksum() throws IOException {
        Path file = TorchFixtures.copy(dir, "checkpoint.pth");
        byte[] all = Files.readAllBytes(file);
        byte[] storage;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            storage = zip.getInputStream(zip.getEntry("checkpoint/data/0")).readAllBytes();
        }
        int at = indexOf(all, storage);
        all[at + 5] ^= 0x10;
        Files.write(file, all);
        assertEquals(file + ": entry checkpoint/data/0 is damaged (its checksum does not match); download or copy the file again",
                refusal(file));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void aDeflatedCopyReadsTheSameValues() throws IOException {
        Path stored = TorchFixtures.copy(dir, "checkpoint.pth");
        Path deflated = dir.resolve("deflated.pth");
        try (ZipFile in = new ZipFile(stored.toFile()); OutputStream os = Files.newOutputStream(deflated);
             ZipOutputStream out = new ZipOutputStream(os)) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Map<String, TorchTensor> a = TorchCheckpoint.read(stored).stateDict().tensors();
        Map<String, TorchTensor> b = TorchCheckpoint.read(deflated).stateDict().tensors();
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            TorchTensor x = a.get(name);
            TorchTensor y = b.get(name);
            assertArrayEquals(x.shape(), y.shape(), name);
            if (x.dtype().isFloat()) {
                assertArrayEquals(x.floats(), y.floats(), name);
            } else {
                assertArrayEquals(x.longs(), y.longs(), name);
            }
        }
    }

    /** The first central-directory record's field at {@code offset}, set to a 16-bit {@code value}. */
    private static void patchDirectory(Path file, int offset, int value) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int at = indexOf(all, new byte[] {'P', 'K', 1, 2});
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putShort(at + offset, (short) value);
        Files.write(file, all);
    }

    @Test
    void unknownCompressionAndEncryptionAreRefused() throws IOException {
        Path file = TorchFixtures.copy(dir, "checkpoint.pth");
        patchDirectory(file, 10, 12);
        assertEquals(file + ": entry checkpoint/data.pkl is compressed with zip method 12; only stored and deflated entries are read",
                refusal(file));
        Path other = dir.resolve("encrypted.pth");
        Files.copy(TorchFixtures.copy(dir, "checkpoint-protocol5.pth"), other);
        patchDirectory(other, 8, 1);
        assertContains(refusal(other), "is encrypted; a checkpoint is never encrypted");
    }

    /**
     * torch.save always adds the zip64 directory records; with the classic end record's fields set to their
     * "see zip64" values the reader must find the directory through them, as it must for files over 4 GB.
     */
    @Test
    void theZip64DirectoryIsFollowed() throws IOException {
        Path file = TorchFixtures.copy(dir, "checkpoint.pth");
        Map<String, TorchTensor> before = TorchCheckpoint.read(file).stateDict().tensors();
        byte[] all = Files.readAllBytes(file);
        ByteBuffer end = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int at = all.length - 22;
        assertEquals(0x06054b50, end.getInt(at));
        end.putShort(at + 8, (short) 0xFFFF).putShort(at + 10, (short) 0xFFFF).putInt(at + 12, -1).putInt(at + 16, -1);
        Files.write(file, all);
        Map<String, TorchTensor> after = TorchCheckpoint.read(file).stateDict().tensors();
        assertEquals(before.keySet(), after.keySet());
        assertArrayEquals(before.get("proj.weight").floats(), after.get("proj.weight").floats());

        end.putInt(at - 20, 0); // the zip64 locator's signature
        Files.write(file, all);
        assertContains(refusal(file), "is a large (zip64) archive whose zip64 directory locator is missing");
    }

    @Test
    void aDirectoryOutsideTheFileIsRefused() throws IOException {
        Path file = TorchFixtures.copy(dir, "checkpoint.pth");
        byte[] all = Files.readAllBytes(file);
        int end = all.length - 22;
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putInt(end + 16, all.length);
        Files.write(file, all);
        assertContains(refusal(file), "has a zip directory that lies outside the file");
    }

    private static HandPickle floatTensor(long numel, long offset, long[] size, long[] stride) {
        return HandPickle.protocol(2).tensor("FloatStorage", "0", numel, offset, size, stride).stop();
    }

    @Test
    void aStorageMissingFromTheArchiveIsRefused() throws IOException {
        Path file = HandPickle.Archive.of(floatTensor(4, 0, new long[] {4}, new long[] {1}).bytes()).write(dir.resolve("a.pth"));
        assertContains(refusal(file), "the pickle refers to storage '0', which the archive does not hold (no entry"
                + " archive/data/0): the file is incomplete or damaged");
    }

    @Test
    void absurdSizesAreRefused() throws IOException {
        Path shortEntry = HandPickle.Archive.of(floatTensor(4, 0, new long[] {4}, new long[] {1}).bytes())
                .floats("0", 1, 2, 3).write(dir.resolve("short.pth"));
        assertContains(refusal(shortEntry), "storage '0' is said to hold 4 float32 values but its entry archive/data/0 holds 12 bytes");

        Path hugeStorage = HandPickle.Archive.of(floatTensor(1L << 62, 0, new long[] {4}, new long[] {1}).bytes())
                .floats("0", 1, 2, 3, 4).write(dir.resolve("huge.pth"));
        assertContains(refusal(hugeStorage), "storage '0' is said to hold 4611686018427387904 float32 values but its entry");

        Path overflow = HandPickle.Archive.of(floatTensor(4, 0, new long[] {1L << 40, 1L << 40}, new long[] {1, 1}).bytes())
                .floats("0", 1, 2, 3, 4).write(dir.resolve("overflow.pth"));
        assertContains(refusal(overflow), "a tensor of shape [1099511627776, 1099511627776] has more elements than can be counted");

        Path beyond = HandPickle.Archive.of(floatTensor(4, 1, new long[] {4}, new long[] {1}).bytes())
                .floats("0", 1, 2, 3, 4).write(dir.resolve("beyond.pth"));
        assertContains(refusal(beyond), "a tensor of shape [4] reaches element 4 of storage '0', which holds 4: the file is damaged");

        Path repeated = HandPickle.Archive.of(floatTensor(4, 0, new long[] {1000}, new long[] {0}).bytes())
                .floats("0", 1, 2, 3, 4).write(dir.resolve("repeated.pth"));
        assertContains(refusal(repeated), "a tensor of shape [1000] has 1000 elements but its storage '0' holds 4");

        Path negative = HandPickle.Archive.of(floatTensor(4, 0, new long[] {2}, new long[] {-1}).bytes())
                .floats("0", 1, 2, 3, 4).write(dir.resolve("negative.pth"));
        assertContains(refusal(negative), "a tensor has a negative size, stride or offset: the pickle is malformed");
    }

    @Test
    void aStridedViewIsCopiedInRowMajorOrder() throws IOException {
        // A 2x2 view (stride 1, 2) of 1.5, -2, 0.25, 8 at offset 0: rows (1.5, 0.25) and (-2, 8).
        Path file = HandPickle.Archive.of(floatTensor(4, 0, new long[] {2, 2}, new long[] {1, 2}).bytes())
                .floats("0", 1.5f, -2f, 0.25f, 8f).write(dir.resolve("t.pth"));
        TorchTensor t = (TorchTensor) TorchCheckpoint.read(file).root();
        assertArrayEquals(new float[] {1.5f, 0.25f, -2f, 8f}, t.floats());
    }

    @Test
    void archiveStructureIsChecked() throws IOException {
        byte[] pickle = floatTensor(1, 0, new long[] {1}, new long[] {1}).bytes();
        Path big = HandPickle.Archive.of(pickle).floats("0", 1).entry("archive/byteorder", bytes("big"))
                .write(dir.resolve("big.pth"));
        assertEquals(big + ": was saved on a big-endian machine; only little-endian checkpoints are read (load and re-save"
                + " it on a little-endian machine)", refusal(big));
        Path little = HandPickle.Archive.of(pickle).floats("0", 1).entry("archive/byteorder", bytes("little"))
                .write(dir.resolve("little.pth"));
        assertArrayEquals(new float[] {1}, ((TorchTensor) TorchCheckpoint.read(little).root()).floats());

        Path noPickle = HandPickle.Archive.of(pickle).without("archive/data.pkl").write(dir.resolve("nopickle.pth"));
        assertContains(refusal(noPickle), "is a zip archive but not a PyTorch checkpoint: it has no data.pkl");
        Path two = HandPickle.Archive.of(pickle).entry("other/data.pkl", pickle).write(dir.resolve("two.pth"));
        assertContains(refusal(two), "holds 2 checkpoints (archive/data.pkl, other/data.pkl); torch.save writes one");
        Path noVersion = HandPickle.Archive.of(pickle).without("archive/version").write(dir.resolve("noversion.pth"));
        assertContains(refusal(noVersion), "has no format version entry");
        Path newer = HandPickle.Archive.of(pickle).without("archive/version").entry("archive/.data/version", bytes("3\n"))
                .floats("0", 4).write(dir.resolve("newer.pth"));
        assertArrayEquals(new float[] {4}, ((TorchTensor) TorchCheckpoint.read(newer).root()).floats());
        Path future = HandPickle.Archive.of(pickle).entry("archive/version", bytes("11\n")).write(dir.resolve("future.pth"));
        assertContains(refusal(future), "archive/version: format version 11 is not one this reader knows (1 to 10)");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aStateDictIsFoundWhereTheReferenceLooks() throws IOException {
        HandPickle bare = HandPickle.protocol(2).emptyDict().string("w")
                .tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1}).setItem()
                .string("epoch").integer(3).setItem().stop();
        Path file = HandPickle.Archive.of(bare.bytes()).floats("0", 2).write(dir.resolve("bare.pth"));
        StateDict state = TorchCheckpoint.read(file).stateDict();
        assertEquals("checkpoint", state.location());
        assertEquals(Map.of("epoch", "int"), state.skipped());
        assertArrayEquals(new float[] {2}, state.tensors().get("w").floats());

        HandPickle wrapped = HandPickle.protocol(2).emptyDict().string("state_dict").emptyDict().string("w")
                .tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1}).setItem().setItem().stop();
        file = HandPickle.Archive.of(wrapped.bytes()).floats("0", 2).write(dir.resolve("wrapped.pth"));
        assertEquals("checkpoint['state_dict']", TorchCheckpoint.read(file).stateDict().location());

        HandPickle module = HandPickle.protocol(2).emptyDict().string("model").global("__main__", "Net").emptyTuple().op(0x81)
                .setItem().stop();
        Path moduleFile = HandPickle.Archive.of(module.bytes()).write(dir.resolve("module.pth"));
        TorchCheckpoint checkpoint = TorchCheckpoint.read(moduleFile);
        assertEquals(moduleFile + ": checkpoint['model'] holds a __main__.Net object, not a state dict (a whole pickled object;"
                + " save its state_dict() instead)", TorchFixtures.refusal(moduleFile, checkpoint::stateDict));

        Path list = HandPickle.Archive.of(HandPickle.protocol(2).emptyList().stop().bytes()).write(dir.resolve("list.pth"));
        TorchCheckpoint listCheckpoint = TorchCheckpoint.read(list);
        assertEquals(list + ": holds a list, not a dict with a state dict", TorchFixtures.refusal(list, listCheckpoint::stateDict));
        assertTrue(listCheckpoint.argsText().isEmpty());
    }
}
