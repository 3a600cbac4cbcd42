package org.sigmappg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.PretrainSummary;
import org.sigmappg.train.TokenizerSummary;

/**
 * Held-out figures carry held-out names only when they were measured on held-out windows: with {@code --held-out 0}
 * the tokenizer's ICR and held-out code usage and the student's masked losses and accuracies are left out of the
 * JSON, the run's summary and its per-epoch metrics (not measured on training windows under the same names), and the
 * training figures stay. With windows held out, the new figures are there: held-out code usage and perplexity, and
 * the student's accuracy under the shared random masks next to its loss under them.
 */
class HeldOutFiguresTest {
    private static final List<String> TOKENIZER_HELD_OUT = List.of("icr", "unused_codes_held_out", "perplexity_held_out");
    private static final List<String> STUDENT_HELD_OUT = List.of("masked_accuracy", "chance_accuracy", "loss_teacher_masks",
            "loss_random_masks", "masked_accuracy_random_masks", "accuracy_high_prior", "accuracy_low_prior");

    @TempDir
    static Path tmp;
    static String ws;
    static JsonObject tokenizer;
    static JsonObject tokenizerNothingHeldOut;
    static JsonObject student;
    static JsonObject studentNothingHeldOut;

    @BeforeAll
    static void runs() {
        ws = tmp.resolve("ws").toString();
        ok("import", CliTest.repoRoot().resolve("sample-data").toString(), "--name", "sample");
        List<String> small = List.of("--size", "tiny", "--epochs", "1", "--batch-size", "50", "--seed", "1");
        tokenizer = ok(with(List.of("train-tokenizer", "--dataset", "sample"), small));
        tokenizerNothingHeldOut = ok(with(List.of("train-tokenizer", "--dataset", "sample", "--held-out", "0"), small));
        String tok = tokenizer.get("run").getAsString();
        student = ok(with(List.of("pretrain", "--tokenizer", tok, "--dataset", "sample", "--masking", "random"), small));
        studentNothingHeldOut = ok(with(List.of("pretrain", "--tokenizer", tok, "--dataset", "sample", "--masking", "random",
                "--held-out", "0"), small));
    }

    private static String[] with(List<String> command, List<String> options) {
        List<String> all = new ArrayList<>(command);
        all.addAll(options);
        return all.toArray(String[]::new);
    }

    private static JsonObject ok(String... args) {
        CliTest.Result r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        return r.json();
    }

    private static CliTest.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--workspace", ws, "--json"));
        return CliTest.run(all.toArray(String[]::new));
    }

    private static Map<String, List<RunStore.Metric>> metrics(JsonObject run) throws Exception {
        return new RunStore(Workspace.open(Path.of(ws))).metrics(run.get("run").getAsString());
    }

    @Test
    void aTokenizerWithWindowsHeldOutReportsTheirCodeUsage() throws Exception {
        assertEquals(24, tokenizer.get("held_out_windows").getAsInt());
        for (String key : TOKENIZER_HELD_OUT) {
            assertTrue(tokenizer.has(key), key + " in " + tokenizer);
            assertEquals(1, metrics(tokenizer).get(key).size(), key + " once per epoch");
        }
        assertTrue(tokenizer.get("perplexity_held_out").getAsDouble() >= 1, tokenizer.toString());
    }

    @Test
    void aTokenizerWithNothingHeldOutHasNoHeldOutFigures() throws Exception {
        assertEquals(0, tokenizerNothingHeldOut.get("held_out_windows").getAsInt());
        Map<String, List<RunStore.Metric>> m = metrics(tokenizerNothingHeldOut);
        for (String key : TOKENIZER_HELD_OUT) {
            assertFalse(tokenizerNothingHeldOut.has(key), key + " in " + tokenizerNothingHeldOut);
            assertFalse(m.containsKey(key), key + " logged");
        }
        assertTrue(tokenizerNothingHeldOut.has("unused_codes") && m.containsKey("unused_codes") && m.containsKey("icr_train_batches"),
                "the training figures stay: " + tokenizerNothingHeldOut);
        String summary = new RunStore(Workspace.open(Path.of(ws))).require(tokenizerNothingHeldOut.get("run").getAsString()).summary();
        assertFalse(summary.contains("\"icr\"") || summary.contains("HeldOut"), summary);
    }

    @Test
    void aStudentWithWindowsHeldOutReportsItsAccuracyUnderTheSharedRandomMasks() throws Exception {
        List<String> keys = new ArrayList<>(student.keySet());
        assertEquals(keys.indexOf("loss_random_masks") + 1, keys.indexOf("masked_accuracy_random_masks"), keys.toString());
        double accuracy = student.get("masked_accuracy_random_masks").getAsDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, student.toString());
        assertEquals(accuracy, metrics(student).get("masked_accuracy_random_masks").get(0).value(), 1e-12,
                "the summary is the last epoch's figure");
    }

    @Test
    void aStudentWithNothingHeldOutHasNoHeldOutFiguresAndCannotBeCrossChecked() throws Exception {
        assertEquals(0, studentNothingHeldOut.get("held_out_windows").getAsInt());
        Map<String, List<RunStore.Metric>> m = metrics(studentNothingHeldOut);
        for (String key : STUDENT_HELD_OUT) {
            assertFalse(studentNothingHeldOut.has(key), key + " in " + studentNothingHeldOut);
        }
        for (String key : List.of("masked_loss", "masked_accuracy", "loss_random_masks", "masked_accuracy_random_masks")) {
            assertFalse(m.containsKey(key), key + " logged");
        }
        assertTrue(m.containsKey("student_loss") && m.containsKey("train_masked_accuracy"), "the training figures stay: " + m.keySet());
        String run = studentNothingHeldOut.get("run").getAsString();
        CliTest.Result cross = CliTest.run("cross-masks", "--student", run, "--masks", run, "--workspace", ws);
        assertEquals(1, cross.code(), cross.out());
        assertEquals(1, cross.err().strip().lines().count(), cross.err());
        assertTrue(cross.err().contains("hold no window of dataset sample out"), cross.err());
    }

    @Test
    void theHumanLinesSayWhatWasNotMeasured() {
        StringWriter text = new StringWriter();
        new PretrainCommand().printHuman(new PretrainSummary("pre-0009", "FINISHED", "random", 1, 2, 1000, null, null, null, null, null,
                null, null, null, null, null, 0, "cpu()", 1.0), new PrintWriter(text, true));
        assertTrue(text.toString().contains("no held-out figures") && !text.toString().contains("null"), text.toString());
        StringWriter tokenizerText = new StringWriter();
        new TrainTokenizerCommand().printHuman(new TokenizerSummary("tok-0009", "FINISHED", 1, 2, null, 0.1, 20.0, null, null, 0.5, 0.4,
                0.6, 0.5, 0, 0, "cpu()", 1.0), new PrintWriter(tokenizerText, true));
        assertTrue(tokenizerText.toString().contains("no held-out figures") && !tokenizerText.toString().contains("null"),
                tokenizerText.toString());
    }
}
