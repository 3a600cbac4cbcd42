package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.run.FileTools;

class ModelCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void tokenizerRoundTripGivesBitIdenticalCodes() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            TokenizerParams params = ModelTestData.tinyTokenizer().withReconstruction(
                    TokenizerParams.ReconstructionLoss.MSE, true);
            TokenizerBlock tokenizer = new TokenizerBlock(params);
            tokenizer.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray patches = ModelTestData.windows(manager, 3, 10, 12);
            NDArray counts = PaddingTools.counts(manager, 10, 6, 9);
            // Move the codebook state away from its initial values so that the EMA buffers matter.
            tokenizer.quantizer().initialiseFromKMeans(tokenizer.kmeansSamples(ps, patches, counts), 2, new Random(1));
            NDList before = tokenizer.forward(ps, new NDList(patches, counts), false);
            Path file = dir.resolve("tokenizer.ckpt");
            ModelCheckpoint.save(file, tokenizer, Map.of("run", "42"));

            TokenizerBlock loaded = new TokenizerBlock(params);
            ModelCheckpoint.Header header = ModelCheckpoint.load(file, loaded, manager);
            assertEquals("tokenizer", header.kind());
            assertEquals("42", header.metadata().get("run"));
            assertEquals(params, TokenizerParams.fromJson(header.params()));
            NDList after = loaded.forward(new ParameterStore(manager, false), new NDList(patches, counts), false);
            assertEquals(5, after.size(), "z, zq, indices, amplitude, phase");
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i).toByteArray(), after.get(i).toByteArray(), "output " + i);
            }
            assertArrayEquals(tokenizer.quantizer().clusterSizes(), loaded.quantizer().clusterSizes(), 0f);
            assertTrue(loaded.quantizer().isInitialised());
        }
    }

    @Test
    void studentRoundTripGivesBitIdenticalOutputsAndStaysTrainable() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            StudentParams params = ModelTestData.tinyStudent();
            StudentBlock student = new StudentBlock(params);
            student.initialize(manager);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray patches = ModelTestData.windows(manager, 2, 9, 13);
            NDArray counts = PaddingTools.counts(manager, 9, 4);
            NDArray mask = ModelTestData.prior(manager, 2, 9, 1).gt(0.5f).toType(ai.djl.ndarray.types.DataType.FLOAT32,
                    false);
            StudentOutput before = student.forward(ps, patches, counts, mask, false);
            Path file = dir.resolve("student.ckpt");
            ModelCheckpoint.save(file, student, Map.of());

            StudentBlock loaded = new StudentBlock(params);
            loaded.initialize(manager);
            ModelCheckpoint.load(file, loaded, manager);
            StudentOutput after = loaded.forward(new ParameterStore(manager, false), patches, counts, mask, false);
            assertArrayEquals(before.logits().toByteArray(), after.logits().toByteArray());
            assertArrayEquals(before.logits().argMax(2).toLongArray(), after.logits().argMax(2).toLongArray());
            assertArrayEquals(before.pooled().toByteArray(), after.pooled().toByteArray());
            for (Parameter p : loaded.getParameters().values()) {
                assertTrue(p.getArray().hasGradient(), "a loaded parameter keeps requiring gradients");
            }
        }
    }

    @Test
    void loadingIntoAnotherArchitectureNamesBoth() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            StudentParams params = ModelTestData.tinyStudent();
            StudentBlock student = new StudentBlock(params);
            student.initialize(manager);
            Path file = dir.resolve("student.ckpt");
            ModelCheckpoint.save(file, student, Map.of());

            StudentParams wider = params.withCodebookSize(32);
            ArchitectureMismatchException e = assertThrows(ArchitectureMismatchException.class,
                    () -> ModelCheckpoint.load(file, new StudentBlock(wider), manager));
            assertTrue(e.getMessage().contains(params.architecture()), e.getMessage());
            assertTrue(e.getMessage().contains(wider.architecture()), e.getMessage());
            assertTrue(e.getMessage().contains("codebookSize: 16 in the checkpoint, 32 in the model"), e.getMessage());

            ArchitectureMismatchException kind = assertThrows(ArchitectureMismatchException.class,
                    () -> ModelCheckpoint.load(file, new TeacherBlock(params), manager));
            assertTrue(kind.getMessage().contains("holds a student") && kind.getMessage().contains("is a teacher"),
                    kind.getMessage());

            Path junk = dir.resolve("junk.ckpt");
            Files.writeString(junk, "not a model");
            IOException notCheckpoint = assertThrows(IOException.class, () -> ModelCheckpoint.verify(junk));
            assertTrue(notCheckpoint.getMessage().contains("is not a SIGMA-PPG model checkpoint"));
        }
    }

    /** A saved tiny student and what its file holds. */
    private record Saved(Path file, StudentBlock block, byte[] bytes) {
    }

    private Saved savedStudent(NDManager manager, String fileName) throws IOException {
        StudentBlock student = new StudentBlock(ModelTestData.tinyStudent());
        student.initialize(manager);
        Path file = dir.resolve(fileName);
        ModelCheckpoint.save(file, student, Map.of("run", "pre-0001", "step", "7"));
        return new Saved(file, student, Files.readAllBytes(file));
    }

    /** The file's bytes with {@code count} bytes from {@code at} replaced by others. */
    private static byte[] garbled(byte[] bytes, int at, int count) {
        byte[] out = bytes.clone();
        for (int i = at; i < at + count; i++) {
            out[i] = (byte) (out[i] ^ 0x5a);
        }
        return out;
    }

    private static void assertOneLine(String message) {
        assertEquals(1, message.lines().count(), message);
        assertFalse(message.matches("(?s).*\\b\\w+(Exception|Error)\\b.*"), "no Java class name: " + message);
    }

    @Test
    void theTrailerHoldsTheLengthAndCrc32cOfEverythingBeforeIt() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            byte[] bytes = savedStudent(manager, "student.ckpt").bytes();
            int before = bytes.length - 20;
            assertEquals("SPPG-END", new String(bytes, bytes.length - 8, 8, StandardCharsets.US_ASCII));
            ByteBuffer trailer = ByteBuffer.wrap(bytes, before, 12);
            assertEquals(before, trailer.getLong(), "the trailer counts the bytes before it");
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, before);
            assertEquals((int) crc.getValue(), trailer.getInt(), "CRC32C of the bytes before the trailer");
            int magic = ByteBuffer.wrap(bytes).getInt();
            assertEquals(2, ByteBuffer.wrap(bytes, 4 + magic, 4).getInt(), "format 2");
        }
    }

    @Test
    void garbageInTheMiddleIsRefusedBeforeAnyParameterChanges() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Saved saved = savedStudent(manager, "student.ckpt");
            StudentBlock other = new StudentBlock(ModelTestData.tinyStudent());
            other.initialize(manager);
            List<byte[]> before = other.getParameters().values().stream().map(p -> p.getArray().toByteArray()).toList();
            Files.write(saved.file(), garbled(saved.bytes(), saved.bytes().length / 2, 64));
            IOException e = assertThrows(IOException.class, () -> ModelCheckpoint.load(saved.file(), other, manager));
            assertEquals("checkpoint " + saved.file() + " is damaged (its bytes do not match the checksum written at its end); "
                    + "resume the run from its previous checkpoint or train again", e.getMessage());
            List<byte[]> after = other.getParameters().values().stream().map(p -> p.getArray().toByteArray()).toList();
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "parameter " + i + " untouched");
            }
        }
    }

    @Test
    void damageInTheHeaderIsRefusedInTheSameWords() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Saved saved = savedStudent(manager, "student.ckpt");
            // The metadata JSON ({"run":"pre-0001",...}) sits just before the parameters.
            int at = new String(saved.bytes(), StandardCharsets.ISO_8859_1).indexOf("{\"run\"");
            Files.write(saved.file(), garbled(saved.bytes(), at, 3));
            IOException e = assertThrows(IOException.class, () -> ModelCheckpoint.verify(saved.file(), "runs/pre-0001/s.ckpt", null));
            assertTrue(e.getMessage().startsWith("checkpoint runs/pre-0001/s.ckpt is damaged (its bytes do not match the checksum"),
                    e.getMessage());
        }
    }

    @Test
    void aTruncatedCheckpointSaysSoWithItsSize() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Saved saved = savedStudent(manager, "student.ckpt");
            int length = saved.bytes().length;
            StudentBlock block = new StudentBlock(ModelTestData.tinyStudent());
            for (int cut : new int[] {0, 10, 40, 200, length / 2, length - 21, length - 1}) {
                Files.write(saved.file(), Arrays.copyOf(saved.bytes(), cut));
                IOException e = assertThrows(IOException.class, () -> ModelCheckpoint.load(saved.file(), block, manager), "cut at " + cut);
                assertTrue(e.getMessage().startsWith("checkpoint " + saved.file() + " is truncated (" + cut + " bytes; "), e.getMessage());
                assertOneLine(e.getMessage());
            }
            Files.write(saved.file(), Arrays.copyOf(saved.bytes(), length / 2));
            IOException recorded = assertThrows(IOException.class, () -> ModelCheckpoint.verify(saved.file(), "runs/pre-0001/s.ckpt",
                    new ModelCheckpoint.Recorded(FileTools.sha256(saved.file()), length)));
            assertEquals("checkpoint runs/pre-0001/s.ckpt is truncated (" + (length / 2) + " bytes; " + length + " were recorded when it "
                    + "was written); resume the run from its previous checkpoint or train again", recorded.getMessage());
        }
    }

    @Test
    void theRecordedSha256MustMatch() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Saved saved = savedStudent(manager, "student.ckpt");
            String sha = FileTools.sha256(saved.file());
            ModelCheckpoint.Verified v = ModelCheckpoint.verify(saved.file(), "runs/pre-0001/s.ckpt",
                    new ModelCheckpoint.Recorded(sha, saved.bytes().length));
            assertEquals(sha, v.sha256());
            assertEquals("pre-0001", v.header().metadata().get("run"));
            assertEquals(2, v.header().formatVersion());

            String other = sha.substring(1) + (sha.charAt(0) == '0' ? '1' : '0');
            IOException e = assertThrows(IOException.class, () -> ModelCheckpoint.verify(saved.file(), "runs/pre-0001/s.ckpt",
                    new ModelCheckpoint.Recorded(other, saved.bytes().length)));
            assertEquals("checkpoint runs/pre-0001/s.ckpt is damaged (its SHA-256 does not match the one recorded when it was "
                    + "written); resume the run from its previous checkpoint or train again", e.getMessage());
        }
    }

    /** The same checkpoint as format 1 wrote it: version 1 and no trailer. */
    private static byte[] asFormatOne(byte[] formatTwo) {
        byte[] out = Arrays.copyOf(formatTwo, formatTwo.length - 20);
        int magic = ByteBuffer.wrap(out).getInt();
        ByteBuffer.wrap(out, 4 + magic, 4).putInt(1);
        return out;
    }

    @Test
    void aFormatOneCheckpointLoadsOnlyAgainstItsRecordedSha256() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Saved saved = savedStudent(manager, "student.ckpt");
            Path old = dir.resolve("old.ckpt");
            Files.write(old, asFormatOne(saved.bytes()));
            ModelCheckpoint.Recorded recorded = new ModelCheckpoint.Recorded(FileTools.sha256(old), Files.size(old));

            StudentBlock loaded = new StudentBlock(ModelTestData.tinyStudent());
            ModelCheckpoint.Header h = ModelCheckpoint.load(ModelCheckpoint.verify(old, "runs/pre-0001/old.ckpt", recorded), loaded, manager);
            assertEquals(1, h.formatVersion());
            assertEquals("7", h.metadata().get("step"));
            List<Parameter> want = List.copyOf(saved.block().getParameters().values());
            List<Parameter> got = List.copyOf(loaded.getParameters().values());
            for (int i = 0; i < want.size(); i++) {
                assertArrayEquals(want.get(i).getArray().toByteArray(), got.get(i).getArray().toByteArray(), want.get(i).getName());
            }

            IOException unverifiable = assertThrows(IOException.class, () -> ModelCheckpoint.verify(old, "runs/pre-0001/old.ckpt", null));
            assertEquals("checkpoint runs/pre-0001/old.ckpt was written by an earlier version (format 1, without a checksum) and no "
                    + "SHA-256 was recorded for it, so it cannot be verified; train again", unverifiable.getMessage());

            Files.write(old, garbled(Files.readAllBytes(old), (int) recorded.bytes() / 2, 8));
            IOException damaged = assertThrows(IOException.class, () -> ModelCheckpoint.verify(old, "runs/pre-0001/old.ckpt", recorded));
            assertTrue(damaged.getMessage().startsWith("checkpoint runs/pre-0001/old.ckpt is damaged (its SHA-256 does not match"),
                    damaged.getMessage());
        }
    }

    @Test
    void aLaterFormatIsRefusedByNumber() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Saved saved = savedStudent(manager, "student.ckpt");
            byte[] bytes = saved.bytes().clone();
            int magic = ByteBuffer.wrap(bytes).getInt();
            ByteBuffer.wrap(bytes, 4 + magic, 4).putInt(3);
            Files.write(saved.file(), bytes);
            IOException e = assertThrows(IOException.class, () -> ModelCheckpoint.verify(saved.file()));
            assertTrue(e.getMessage().contains("is in format 3, which this build does not read (it reads formats 1 and 2)"), e.getMessage());
        }
    }

    @Test
    void trainingSettingsDoNotChangeTheArchitecture() {
        StudentParams params = StudentParams.base();
        StudentParams otherTraining = params.withOptimiser(params.optimiser().withLearningRate(1e-3))
                .withMasking(params.masking().withStrategy(MaskingParams.Strategy.RANDOM));
        assertEquals(params.architecture(), otherTraining.architecture());
        assertEquals(params, StudentParams.fromJson(params.toJson()));
        TokenizerParams tokenizer = TokenizerParams.pro();
        assertEquals(tokenizer.architecture(), tokenizer.withOptimiser(tokenizer.optimiser().withEpochs(3))
                .architecture());
        assertTrue(!tokenizer.architecture().equals(TokenizerParams.base().architecture()));
    }
}
