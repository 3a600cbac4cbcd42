package org.sigmappg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import picocli.CommandLine;

/** The headless command line: exit codes, one-line errors, JSON keys that scripts rely on, help everywhere. */
class CliTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
        JsonObject json() {
            return JsonParser.parseString(out).getAsJsonObject();
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SigmaPpgCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    static Path repoRoot() {
        String configured = System.getProperty("sigmappg.repo.root");
        return configured != null ? Path.of(configured) : Path.of("..").toAbsolutePath().normalize();
    }

    @Test
    void everyCommandHasHelp() {
        List<String> checked = new ArrayList<>();
        collectHelp(SigmaPpgCli.commandLine(), new ArrayList<>(), checked);
        assertTrue(checked.size() >= 6, checked.toString());
    }

    private static void collectHelp(CommandLine cl, List<String> path, List<String> checked) {
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            List<String> args = new ArrayList<>(path);
            args.add(e.getKey());
            List<String> withHelp = new ArrayList<>(args);
            withHelp.add("--help");
            Result r = run(withHelp.toArray(String[]::new));
            assertEquals(0, r.code(), "help of " + args);
            assertTrue(r.out().contains("Usage:"), "help of " + args + ": " + r.out());
            checked.add(String.join(" ", args));
            collectHelp(e.getValue(), args, checked);
        }
    }

    @Test
    void importsTheSampleSetAndPrintsTheDocumentedJsonKeys() throws Exception {
        Path ws = tmp.resolve("ws");
        Result r = run("import", repoRoot().resolve("sample-data").toString(), "--name", "sample", "--workspace", ws.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject j = r.json();
        assertEquals("sample", j.get("dataset").getAsString());
        assertEquals(12, j.get("records").getAsInt());
        assertEquals(12, j.get("subjects").getAsInt());
        assertEquals(120, j.get("windows").getAsInt());
        assertTrue(j.get("skipped").getAsJsonArray().isEmpty());

        Result list = run("datasets", "--workspace", ws.toString(), "--json");
        assertEquals(0, list.code());
        assertEquals("sample", list.json().getAsJsonArray("datasets").get(0).getAsJsonObject().get("dataset").getAsString());

        Result inspect = run("inspect", "sample", "S08", "--window", "0", "--workspace", ws.toString(), "--json");
        assertEquals(0, inspect.code(), inspect.err());
        assertEquals(60, inspect.json().getAsJsonArray("patches").size());
        Result text = run("inspect", "sample", "S08", "--workspace", ws.toString());
        assertTrue(text.out().contains("clipped"), text.out());
    }

    /**
     * On the bundled runs: a run against itself reproduces its own summary's two losses (the same evaluation), a
     * random-masking student keeps its own random-mask loss under any run's masks (the random draws do not depend
     * on the other policy), and a tokenizer run is refused in one line.
     */
    @Test
    void crossMasksReproducesARunsOwnSummaryAndMeasuresAnotherStudent() throws Exception {
        Path ws = tmp.resolve("ws");
        assertEquals(0, run("import", repoRoot().resolve("sample-data").toString(), "--name", "sample", "--workspace",
                ws.toString()).code());
        JsonObject own = summary(ws, "pre-0001");
        Result self = run("cross-masks", "--student", "pre-0001", "--masks", "pre-0001", "--workspace", ws.toString(), "--json");
        assertEquals(0, self.code(), self.err());
        assertEquals(own.get("lossTeacherMasks").getAsDouble(), self.json().get("loss_masks").getAsDouble(), 1e-4);
        assertEquals(own.get("lossRandomMasks").getAsDouble(), self.json().get("loss_random_masks").getAsDouble(), 1e-4);
        assertEquals(own.get("priorMasked").getAsDouble(), self.json().get("prior_masked").getAsDouble(), 1e-4);
        assertEquals("adversarial", self.json().get("masking").getAsString());

        JsonObject randomOwn = summary(ws, "pre-0002");
        Result cross = run("cross-masks", "--student", "pre-0002", "--masks", "pre-0001", "--workspace", ws.toString(), "--json");
        assertEquals(0, cross.code(), cross.err());
        JsonObject j = cross.json();
        assertEquals(randomOwn.get("lossRandomMasks").getAsDouble(), j.get("loss_random_masks").getAsDouble(), 1e-4);
        // The adversarial run's masks, not the random run's own: their prior bias comes with them.
        assertEquals(own.get("priorMasked").getAsDouble(), j.get("prior_masked").getAsDouble(), 1e-4);
        assertEquals(randomOwn.get("heldOutWindows").getAsInt(), j.get("held_out_windows").getAsInt());

        Result text = run("cross-masks", "--student", "pre-0002", "--masks", "pre-0001", "--workspace", ws.toString());
        assertTrue(text.out().contains("under the adversarial masks of pre-0001"), text.out());
        Result wrong = run("cross-masks", "--student", "tok-0001", "--masks", "pre-0001", "--workspace", ws.toString());
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("tok-0001 is a tokenizer run, not a pre-training run"), wrong.err());
    }

    private static JsonObject summary(Path ws, String runId) throws Exception {
        return JsonParser.parseString(new RunStore(Workspace.open(ws)).require(runId).summary()).getAsJsonObject();
    }

    @Test
    void failuresExitNonZeroWithOneLineAndJsonError() throws Exception {
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "1\n2\n3\n");
        Result r = run("import", bad.toString(), "--name", "b", "--workspace", tmp.resolve("ws").toString(), "--json");
        assertEquals(1, r.code());
        String error = r.json().get("error").getAsString();
        assertTrue(error.contains("bad.csv") && error.contains("--fs"), error);
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());

        Result missing = run("inspect", "nope", "--workspace", tmp.resolve("ws").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("error: no dataset named 'nope'"), missing.err());

        Result usage = run("import");
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("PATH"), usage.err());
    }

    @Test
    void benchGuiWithoutADisplaySaysSoInOneLine() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux"), "a display is there");
        // The tests run JavaFX on Monocle; the command must judge the display as a desktop launch would.
        String platform = System.getProperty("glass.platform");
        System.clearProperty("glass.platform");
        try {
            Result r = run("bench", "gui", "--hours", "0.1");
            assertEquals(1, r.code());
            assertTrue(r.err().startsWith("error: bench gui needs a window: there is no display"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        } finally {
            if (platform != null) {
                System.setProperty("glass.platform", platform);
            }
        }
    }

    /** A 2-D float32 .npy file as rows. */
    static float[][] npy(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        int length = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        String header = new String(b, 10, length, java.nio.charset.StandardCharsets.US_ASCII);
        String shape = header.substring(header.indexOf("'shape': (") + 10, header.indexOf(')', header.indexOf("'shape'")));
        String[] dims = shape.split(",\\s*");
        int rows = Integer.parseInt(dims[0].strip());
        int cols = Integer.parseInt(dims[1].strip());
        ByteBuffer data = ByteBuffer.wrap(b, 10 + length, rows * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
        float[][] out = new float[rows][cols];
        for (float[] row : out) {
            for (int j = 0; j < cols; j++) {
                row[j] = data.getFloat();
            }
        }
        return out;
    }
}
