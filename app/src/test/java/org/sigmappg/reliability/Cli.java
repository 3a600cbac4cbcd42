package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.sigmappg.cli.SigmaPpgCli;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.run.ProcessOwner;
import org.sigmappg.run.Workspace;

/** The real command line run in this JVM, and the checks every reliability test makes on a workspace afterwards. */
final class Cli {
    /** A Java exception or error class name, which a message for people must not show. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(java|javax|org|com|ai)\\.[a-z]+\\.|\\b[A-Z]\\w*(Exception|Error)\\b");

    private Cli() {
    }

    /** Exit code and what the command printed on standard output and standard error. */
    record Result(int code, String out, String err) {
        JsonObject json() {
            return JsonParser.parseString(out).getAsJsonObject();
        }

        /** The {@code --json} error text of a failed command. */
        String error() {
            return json().get("error").getAsString();
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SigmaPpgCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Asserts that a message is for people: one line, no stack trace, no Java class names. */
    static void assertPlain(String message) {
        assertFalse(message.isBlank(), "an empty message");
        assertEquals(1, message.strip().lines().count(), "one line: " + message);
        assertFalse(message.contains("\tat ") || message.contains("Caused by"), "a stack trace: " + message);
        assertFalse(CLASS_NAME.matcher(message).find(), "a Java class name: " + message);
    }

    /** The datasets as the command line lists them; the command must succeed. */
    static List<String> listDatasets(Path workspace) {
        Result r = run("datasets", "--workspace", workspace.toString(), "--json");
        assertEquals(0, r.code(), "datasets must list: " + r.err());
        List<String> names = new ArrayList<>();
        JsonArray rows = r.json().getAsJsonArray("datasets");
        rows.forEach(e -> names.add(e.getAsJsonObject().get("dataset").getAsString()));
        return names;
    }

    /** Names of the entries of the workspace's cache folder. */
    /**
     * A kill that lands between an import creating its {@code .import-*} folder and writing the owner marker
     * leaves a folder that opening the workspace rightly keeps for a grace period (another live process may
     * be between those two steps). The killed child is dead here, so such a folder is made older than the
     * grace period: the open in {@link #assertWhole} must then remove it like any other leftover.
     */
    private static void ageUnmarkedImportFolders(Path workspace) throws IOException {
        for (String name : cacheEntries(workspace)) {
            Path folder = workspace.resolve("cache").resolve(name);
            if (name.startsWith(".import-") && !Files.exists(folder.resolve(ProcessOwner.FILE))) {
                Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minus(Duration.ofMinutes(10))));
            }
        }
    }

    static Set<String> cacheEntries(Path workspace) throws IOException {
        Path cache = workspace.resolve("cache");
        if (!Files.isDirectory(cache)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return new HashSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    /**
     * Opens the workspace (which tidies what a killed process left) and checks that it holds only whole
     * datasets: every cache folder belongs to a dataset row, every dataset row has its folder, and every
     * cache file matches the SHA-256 of its manifest.
     */
    static List<DatasetInfo> assertWhole(Path workspace) throws IOException {
        ageUnmarkedImportFolders(workspace);
        Workspace ws = Workspace.open(workspace);
        Catalogue catalogue = new Catalogue(ws);
        List<DatasetInfo> datasets = catalogue.datasets();
        Set<String> referenced = new HashSet<>();
        for (DatasetInfo d : datasets) {
            referenced.add(d.cacheDir());
            try (var cache = catalogue.openCache(d)) {
                assertEquals(List.of(), cache.verify(), "cache files of " + d.name() + " that differ from their manifest");
            }
            assertEquals(d.windows(), catalogue.windowsOfDataset(d.id()).size(), "window rows of " + d.name());
            assertEquals(d.records(), catalogue.records(d.id()).size(), "record rows of " + d.name());
        }
        assertEquals(referenced, cacheEntries(workspace), "cache folders must be exactly those of the datasets");
        assertTrue(Files.isDirectory(workspace.resolve("cache")));
        return datasets;
    }
}
