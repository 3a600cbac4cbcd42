package org.sigmappg.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            IOException notCheckpoint = assertThrows(IOException.class, () -> ModelCheckpoint.readHeader(junk));
            assertTrue(notCheckpoint.getMessage().contains("is not a SIGMA-PPG model checkpoint"));
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
