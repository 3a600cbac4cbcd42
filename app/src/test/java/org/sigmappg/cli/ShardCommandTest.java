package org.sigmappg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import --shard I/N} and {@code embed --shard I/N}, merged, give what the commands give in one process: the same
 * windows bit for bit, manifest hash and skipped report, and the same embedding rows in the same order; a missing,
 * doubled or foreign shard is refused in one line.
 */
class ShardCommandTest {
    @TempDir
    static Path tmp;
    static Path source;

    /** Five sample subjects, one truncated recording (a read failure) and one that is no recording (a listing problem). */
    @BeforeAll
    static void folder() throws Exception {
        Path sample = CliTest.repoRoot().resolve("sample-data");
        source = tmp.resolve("src");
        Path rec = Files.createDirectories(source.resolve("recordings"));
        for (String s : List.of("S01", "S02", "S06", "S08", "S10")) {
            Files.copy(sample.resolve("recordings/" + s + ".edf"), rec.resolve(s + ".edf"));
            Files.copy(sample.resolve("recordings/" + s + "_labels.csv"), rec.resolve(s + "_labels.csv"));
        }
        byte[] edf = Files.readAllBytes(sample.resolve("recordings/S03.edf"));
        Files.write(rec.resolve("S03.edf"), Arrays.copyOf(edf, edf.length / 2));
        Files.copy(sample.resolve("recordings/S03_labels.csv"), rec.resolve("S03_labels.csv"));
        Files.writeString(rec.resolve("S99.edf"), "not an EDF file");
        Files.copy(sample.resolve("sigma-ppg-dataset.json"), source.resolve("sigma-ppg-dataset.json"));
        try (Stream<Path> runs = Files.walk(sample.resolve("sigma-ppg-runs"))) {
            for (Path p : runs.toList()) {
                Path to = source.resolve(sample.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    @Test
    void shardedImportAndEmbedEqualTheWholeCommands() throws Exception {
        String one = tmp.resolve("one").toString();
        String merged = tmp.resolve("merged").toString();
        String[] options = {"--name", "d", "--skip-bad", "--channel", "PLETH,RED", "--hop-seconds", "30"};
        JsonObject whole = ok(one, "import", concat(source.toString(), options));
        List<String> shards = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path dir = tmp.resolve("shard" + i);
            JsonObject s = ok(null, "import", concat(source.toString(), options, "--shard", i + "/3", "--shard-out", dir.toString()));
            assertEquals(i + "/3", s.get("shard").getAsString());
            shards.add(dir.toString());
        }
        JsonObject fromShards = ok(merged, "import", concat(source.toString(), options, "--merge-shards", shards.get(2), shards.get(0),
                shards.get(1)));
        assertEquals(5, whole.get("records").getAsInt());
        for (String field : List.of("records", "subjects", "windows", "dropped_windows", "channels", "skipped", "warnings", "manifest_hash")) {
            assertEquals(whole.get(field), fromShards.get(field), field);
        }
        assertEquals(2, whole.getAsJsonArray("skipped").size(), "the truncated and the foreign file: " + whole.get("skipped"));
        assertEquals(whole.get("runs").getAsJsonArray().size(), fromShards.get("runs").getAsJsonArray().size(), "the bundled runs came too");

        ok(one, "export-windows", "d", "--out", tmp.resolve("w-one").toString());
        ok(merged, "export-windows", "d", "--out", tmp.resolve("w-merged").toString());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("w-one.npy")), Files.readAllBytes(tmp.resolve("w-merged.npy")), "windows bit for bit");
        assertEquals(Files.readAllLines(tmp.resolve("w-one.ids.csv")), Files.readAllLines(tmp.resolve("w-merged.ids.csv")));

        ok(one, "embed", "--run", "pre-0001", "--dataset", "d", "--out", tmp.resolve("e-one").toString());
        for (int i = 1; i <= 2; i++) {
            ok(one, "embed", "--run", "pre-0001", "--dataset", "d", "--shard", i + "/2", "--shard-out", tmp.resolve("es" + i).toString());
        }
        assertEquals("shard 2/2 is missing; give every shard's folder", refused(one, "embed", "--run", "pre-0001", "--dataset", "d",
                "--out", tmp.resolve("e-none").toString(), "--merge-shards", tmp.resolve("es1").toString()));
        assertFalse(Files.exists(tmp.resolve("e-none.npy")), "a refused merge writes nothing");
        ok(one, "embed", "--run", "pre-0001", "--dataset", "d", "--out", tmp.resolve("e-merged").toString(), "--merge-shards",
                tmp.resolve("es2").toString(), tmp.resolve("es1").toString());
        assertEquals(Files.readAllLines(tmp.resolve("e-one.ids.csv")), Files.readAllLines(tmp.resolve("e-merged.ids.csv")), "same rows, same order");
        float[][] a = CliTest.npy(tmp.resolve("e-one.npy"));
        float[][] b = CliTest.npy(tmp.resolve("e-merged.npy"));
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                assertEquals(a[i][j], b[i][j], 1e-5, "row " + i + ", column " + j);
            }
        }
        JsonObject pa = com.google.gson.JsonParser.parseString(Files.readString(tmp.resolve("e-one.json"))).getAsJsonObject();
        JsonObject pb = com.google.gson.JsonParser.parseString(Files.readString(tmp.resolve("e-merged.json"))).getAsJsonObject();
        for (String field : List.of("run", "checkpointSha256", "dataset", "datasetHash", "windows", "width", "channels")) {
            assertEquals(pa.get(field), pb.get(field), "provenance " + field);
        }
    }

    @Test
    void missingDoubledAndForeignShardsAreRefusedInOneLine() throws Exception {
        String[] options = {"--name", "r", "--skip-bad"};
        List<String> dirs = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Path dir = tmp.resolve("r-shard" + i);
            ok(null, "import", concat(source.toString(), options, "--shard", i + "/2", "--shard-out", dir.toString()));
            dirs.add(dir.toString());
        }
        Path foreign = tmp.resolve("r-foreign");
        ok(null, "import", concat(source.toString(), options, "--window-seconds", "30", "--shard", "2/2", "--shard-out", foreign.toString()));
        String ws = tmp.resolve("refusals").toString();
        assertEquals("shard 2/2 is missing; give every shard's folder",
                refused(ws, "import", concat(source.toString(), options, "--merge-shards", dirs.get(0))));
        assertEquals(dirs.get(0) + " and " + dirs.get(0) + " are both shard 1/2; give each shard once",
                refused(ws, "import", concat(source.toString(), options, "--merge-shards", dirs.get(0), dirs.get(0), dirs.get(1))));
        assertTrue(refused(ws, "import", concat(source.toString(), options, "--merge-shards", dirs.get(0), foreign.toString()))
                .startsWith(foreign + ": shard 2/2 was made from another import"));
        assertTrue(refused(ws, "import", concat(source.toString(), options, "--merge-shards", dirs.get(0), source.toString()))
                .startsWith(source + " is not a finished import shard"));
        assertEquals("--shard '2of3' is not I/N: give this shard's number and the number of shards, like --shard 3/16",
                refused(ws, "import", concat(source.toString(), options, "--shard", "2of3", "--shard-out", dirs.get(0))));
        assertEquals("--shard 4/3 names no shard: give I/N with 1 <= I <= N, like --shard 3/16",
                refused(ws, "import", concat(source.toString(), options, "--shard", "4/3", "--shard-out", dirs.get(0))));
        assertEquals(0, ok(ws, "datasets").getAsJsonArray("datasets").size(), "nothing was entered");
    }

    private static String[] concat(String first, String[] middle, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(middle));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private static JsonObject ok(String ws, String command, String... args) {
        CliTest.Result r = CliTest.run(command(ws, command, args));
        assertEquals(0, r.code(), command + " " + String.join(" ", args) + ": " + r.err() + r.out());
        return r.json();
    }

    private static String refused(String ws, String command, String... args) {
        CliTest.Result r = CliTest.run(command(ws, command, args));
        assertNotEquals(0, r.code(), String.join(" ", args));
        String error = r.json().get("error").getAsString();
        assertEquals(1, error.strip().lines().count(), error);
        assertFalse(error.contains("Exception"), error);
        return error;
    }

    private static String[] command(String ws, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(args));
        if (ws != null) {
            all.addAll(List.of("--workspace", ws));
        }
        all.add("--json");
        return all.toArray(String[]::new);
    }
}
