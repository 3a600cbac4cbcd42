package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * The workspace under the faults of issue 14, through the real command line: a listing of a folder that is not
 * a workspace, or of a workspace whose catalogue went missing, empty or damaged, removes nothing and names the
 * way back, which {@code workspace restore} takes; a workspace that may not be written (by its permissions, as a
 * read-only mount, on a full disk) is listed and inspected but never written nor made writable; a dataset a run
 * trains on, or whose folder may not be changed, is not deleted; and the loser of two same-name imports is told so.
 */
class WorkspaceSafetyTest {
    private static final Set<PosixFilePermission> WRITE = EnumSet.of(PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static int cases;
    private static int handled;
    private static int filesLost;

    @TempDir
    Path tmp;
    private final Mounts mounts = new Mounts();

    @AfterEach
    void unmount() throws Exception {
        mounts.close();
    }

    /** Every regular file under {@code root} by path relative to it, with its size. */
    private static Map<String, Long> files(Path root) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.size(p));
            }
        }
        return out;
    }

    /** Counts a case, and the files that were there before it and are gone after. */
    private static void tally(Map<String, Long> before, Map<String, Long> after) {
        cases++;
        long lost = before.keySet().stream().filter(k -> !after.containsKey(k)).count();
        filesLost += (int) lost;
        handled += lost == 0 ? 1 : 0;
    }

    private Path smallWorkspace(String name) throws IOException {
        Path src = tmp.resolve("src-" + name);
        for (int i = 0; i < 3; i++) {
            Recordings.pulseCsv(src.resolve("s" + i + ".csv"), 50, 60);
        }
        Path ws = tmp.resolve("ws-" + name);
        Cli.Result r = Cli.run("import", src.toString(), "--name", name, "--window-seconds", "10", "--workspace", ws.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        return ws;
    }

    /** Makes every backup look older than the interval between backups, as if minutes had passed. */
    private static void ageBackups(Path ws) throws IOException {
        try (Stream<Path> s = Files.list(ws.resolve("backups"))) {
            for (Path b : s.toList()) {
                Files.setLastModifiedTime(b, FileTime.from(Instant.now().minus(Duration.ofMinutes(10))));
            }
        }
    }

    private static Path newestBackup(Path ws) throws IOException {
        try (Stream<Path> s = Files.list(ws.resolve("backups"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("catalogue-")).max(Path::compareTo).orElseThrow();
        }
    }

    @Test
    void aListingOfAFolderThatIsNotAWorkspaceRemovesNothing() throws Exception {
        // The reproduction: mkdir -p P/runs/exp1 P/cache/dl; echo r > P/runs/exp1/results.txt; touch -d '2 hours ago' ...
        Path p = tmp.resolve("P");
        Path exp1 = Files.createDirectories(p.resolve("runs").resolve("exp1"));
        Path results = Files.writeString(exp1.resolve("results.txt"), "r\n");
        Path dl = Files.createDirectories(p.resolve("cache").resolve("dl"));
        FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        for (Path x : List.of(exp1, results, dl)) {
            Files.setLastModifiedTime(x, twoHoursAgo);
        }
        Map<String, Long> before = files(p);
        String refusal = p + " is not a SIGMA-PPG workspace (it holds files the workbench did not write); choose an empty folder or an "
                + "existing workspace";
        Path src = Recordings.pulseCsv(tmp.resolve("src").resolve("a.csv"), 50, 60).getParent();
        for (String[] args : List.of(new String[] {"datasets"}, new String[] {"import", src.toString(), "--name", "x"})) {
            List<String> command = new ArrayList<>(List.of(args));
            command.addAll(List.of("--workspace", p.toString(), "--json"));
            Cli.Result r = Cli.run(command.toArray(String[]::new));
            assertEquals(1, r.code(), r.out());
            Cli.assertPlain(r.error());
            assertEquals(refusal, r.error());
        }
        assertEquals("r\n", Files.readString(results));
        assertTrue(Files.isDirectory(dl));
        assertFalse(Files.exists(p.resolve(Workspace.DB_FILE)), "no catalogue was made in someone else's folder");
        assertEquals(before, files(p));
        tally(before, files(p));
    }

    @Test
    void aWorkspaceWhoseCatalogueIsMissingEmptyOrDamagedKeepsEveryFileAndIsRestored() throws Exception {
        Path ws = tmp.resolve("ws");
        Cli.Result imported = Cli.run("import", TestWorkspaces.sampleData().toString(), "--name", "sample", "--workspace", ws.toString(), "--json");
        assertEquals(0, imported.code(), imported.err());
        int runs = imported.json().getAsJsonArray("runs").size();
        assertTrue(runs > 0, "the sample set enters its bundled runs: " + imported.out());
        // A later command, once the interval has passed, backs up the runs the import entered after its first backup.
        ageBackups(ws);
        assertEquals(List.of("sample"), Cli.listDatasets(ws));
        Path backup = newestBackup(ws);
        Path db = ws.resolve(Workspace.DB_FILE);
        Map<String, Long> before = files(ws);
        String wayBack = "nothing in the workspace was changed or removed; restore its latest good backup (" + backup
                + ") with: sigma-ppg workspace restore --workspace " + ws;

        Files.move(db, tmp.resolve("moved-away.db"));
        before.remove(Workspace.DB_FILE);
        Cli.Result missing = Cli.run("datasets", "--workspace", ws.toString(), "--json");
        assertEquals(1, missing.code(), missing.out());
        Cli.assertPlain(missing.error());
        assertEquals("the catalogue " + db + " of this workspace is missing; " + wayBack, missing.error());
        assertFalse(Files.exists(db));
        assertEquals(before, files(ws));
        tally(before, files(ws));

        Files.createFile(db);
        Cli.Result empty = Cli.run("datasets", "--workspace", ws.toString(), "--json");
        assertEquals(1, empty.code(), empty.out());
        assertEquals("the catalogue " + db + " of this workspace is empty (0 bytes); " + wayBack, empty.error());
        before.put(Workspace.DB_FILE, 0L);
        assertEquals(before, files(ws));
        tally(before, files(ws));

        JsonObject restored = restore(ws, backup);
        assertEquals(0, restored.getAsJsonArray("set_aside").size(), "the backup names every folder");
        assertEquals(List.of("sample"), Cli.listDatasets(ws));
        assertEquals(runs, new RunStore(Workspace.open(ws)).list().size(), "and every run");

        // The damage: 64 KB of random bytes in the middle of the catalogue. Import and training used to go on.
        damage(db);
        byte[] damaged = Files.readAllBytes(db);
        Map<String, Long> beforeDamage = files(ws);
        Path src = Recordings.pulseCsv(tmp.resolve("src").resolve("a.csv"), 50, 60).getParent();
        List<String[]> commands = List.of(new String[] {"import", src.toString(), "--name", "more"},
                new String[] {"train-tokenizer", "--dataset", "sample", "--epochs", "1"}, new String[] {"datasets"});
        for (String[] args : commands) {
            List<String> command = new ArrayList<>(List.of(args));
            command.addAll(List.of("--workspace", ws.toString(), "--json"));
            Cli.Result r = Cli.run(command.toArray(String[]::new));
            assertEquals(1, r.code(), args[0] + ": " + r.out());
            Cli.assertPlain(r.error());
            assertEquals("the catalogue " + db + " is damaged (it fails SQLite's integrity check); " + wayBack, r.error());
            assertEquals(beforeDamage, files(ws));
            tally(beforeDamage, files(ws));
        }
        JsonObject again = restore(ws, backup);
        assertArrayEquals(damaged, Files.readAllBytes(Path.of(again.get("damaged_kept_as").getAsString())), "the damaged catalogue is kept");
        List<String> listed = Cli.assertWhole(ws).stream().map(d -> d.name()).toList();
        assertEquals(List.of("sample"), listed);
        assertEquals(runs, new RunStore(Workspace.open(ws)).list().size());
    }

    private static JsonObject restore(Path ws, Path backup) {
        Cli.Result r = Cli.run("workspace", "restore", "--workspace", ws.toString(), "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(backup.toString(), r.json().get("restored_from").getAsString());
        return r.json();
    }

    /** Writes 64 KB of random bytes into the middle of the file. */
    private static void damage(Path file) throws IOException {
        byte[] noise = new byte[64 << 10];
        new Random(14).nextBytes(noise);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(Math.max(4096, f.length() / 2 - noise.length / 2));
            f.write(noise);
        }
    }

    @Test
    void aWorkspaceMadeReadOnlyIsListedButNeitherWrittenNorMadeWritable() throws Exception {
        Path ws = smallWorkspace("small");
        Map<Path, String> modes = new TreeMap<>();
        try (Stream<Path> all = Files.walk(ws)) {
            for (Path p : all.toList()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                perms.removeAll(WRITE);
                Files.setPosixFilePermissions(p, perms);
                modes.put(p, PosixFilePermissions.toString(perms));
            }
        }
        try {
            Map<String, Long> before = files(ws);
            // As this user, then (for root, who could write anyway) as a process the system holds to the permissions.
            assertReadOnly(ws, args -> {
                Cli.Result r = Cli.run(args);
                return new ChildJvm.Finished(r.code(), r.out(), r.err(), 0);
            });
            List<String> wrapper = Files.isWritable(ws) ? AcceptedInputTest.withoutReadOverride() : null;
            if (wrapper != null) {
                assertReadOnly(ws, args -> {
                    try {
                        return ChildJvm.start(tmp.resolve("logs"), wrapper, List.of(), args).await(120);
                    } catch (IOException | InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
            }
            for (Map.Entry<Path, String> e : modes.entrySet()) {
                assertEquals(e.getValue(), PosixFilePermissions.toString(Files.getPosixFilePermissions(e.getKey())),
                        e.getKey() + " keeps the permissions its owner gave it");
            }
            assertEquals(before, files(ws), "nothing was written into the workspace, not even a -wal or -shm beside the catalogue");
            tally(before, files(ws));
            Figures.report("a workspace made read-only (chmod -R a-w) listed and inspected, import and delete refused, no permission "
                    + "changed" + (wrapper == null ? "" : "; also as root without the capability that bypasses permissions (setpriv)"));
        } finally {
            for (Path p : modes.keySet()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                perms.add(PosixFilePermission.OWNER_WRITE);
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    @Test
    void aReadOnlyMediumIsListedButNotWritten() throws Exception {
        Path ws = smallWorkspace("small");
        Path view = mounts.readOnlyView(ws, tmp.resolve("read-only-view"));
        Map<String, Long> before = files(ws);
        assertReadOnly(view, args -> {
            Cli.Result r = Cli.run(args);
            return new ChildJvm.Finished(r.code(), r.out(), r.err(), 0);
        });
        assertEquals(before, files(ws));
        tally(before, files(ws));
        Figures.report("a workspace on a read-only mount listed and inspected, import and delete refused");
    }

    /** Listing and inspecting {@code shown} work; an import and a deletion are refused because it is read-only. */
    private void assertReadOnly(Path shown, Function<String[], ChildJvm.Finished> cli) throws IOException {
        ChildJvm.Finished list = cli.apply(new String[] {"datasets", "--workspace", shown.toString(), "--json"});
        assertEquals(0, list.code(), list.err());
        assertEquals("small", list.json().getAsJsonArray("datasets").get(0).getAsJsonObject().get("dataset").getAsString());
        ChildJvm.Finished inspect = cli.apply(new String[] {"inspect", "small", "s1", "--workspace", shown.toString(), "--json"});
        assertEquals(0, inspect.code(), inspect.err());
        Path src = Recordings.pulseCsv(tmp.resolve("src-more").resolve("a.csv"), 50, 60).getParent();
        String refusal = "the workspace " + shown + " is read-only, so nothing was changed";
        for (String[] args : List.of(new String[] {"import", src.toString(), "--name", "more", "--workspace", shown.toString(), "--json"},
                new String[] {"datasets", "--delete", "small", "--workspace", shown.toString(), "--json"})) {
            ChildJvm.Finished r = cli.apply(args);
            assertEquals(1, r.code(), args[0] + ": " + r.out());
            String error = r.json().get("error").getAsString();
            Cli.assertPlain(error);
            assertEquals(refusal, error);
        }
    }

    @Test
    void aFullDiskStillListsAndInspects() throws Exception {
        Path disk = mounts.smallDisk(tmp.resolve("disk"), 4 << 20);
        Path src = tmp.resolve("src");
        for (int i = 0; i < 3; i++) {
            Recordings.pulseCsv(src.resolve("s" + i + ".csv"), 50, 60);
        }
        Path ws = disk.resolve("ws");
        assertEquals(0, Cli.run("import", src.toString(), "--name", "small", "--window-seconds", "10", "--workspace", ws.toString()).code());
        Path filler = disk.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] block = new byte[64 << 10];
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // The disk is full now.
        }
        Map<String, Long> before = files(ws);
        Cli.Result list = Cli.run("datasets", "--workspace", ws.toString(), "--json");
        assertEquals(0, list.code(), list.err());
        assertEquals(List.of("small"), Cli.listDatasets(ws));
        Cli.Result inspect = Cli.run("inspect", "small", "s1", "--workspace", ws.toString(), "--json");
        assertEquals(0, inspect.code(), inspect.err());
        Cli.Result more = Cli.run("import", src.toString(), "--name", "more", "--workspace", ws.toString(), "--json");
        assertEquals(1, more.code(), more.out());
        Cli.assertPlain(more.error());
        assertEquals("the disk holding the workspace " + ws + " is full, so nothing was changed; free some space", more.error());
        tally(before, files(ws));
        Files.delete(filler);
        assertEquals(0, Cli.run("import", src.toString(), "--name", "more", "--workspace", ws.toString()).code(),
                "with space again the workspace is written as before");
        assertEquals(List.of("more", "small"), Cli.listDatasets(ws));
        Figures.report("a full disk: the workspace listed and inspected, an import refused in one line");
    }

    @Test
    void aDatasetThatARunTrainsOnIsNotDeleted() throws Exception {
        Path ws = smallWorkspace("small");
        RunStore runs = new RunStore(Workspace.open(ws));
        RunInfo run = runs.create(new RunStore.NewRun("tokenizer", "tok", "small", null, "{}", 0L, null, null, "cpu", "test"));
        // This JVM plays the training process: the run row names it, and it is alive.
        runs.markRunning(run.id());
        Map<String, Long> before = files(ws);
        Cli.Result r = Cli.run("datasets", "--delete", "small", "--workspace", ws.toString(), "--json");
        assertEquals(1, r.code(), r.out());
        Cli.assertPlain(r.error());
        assertEquals("dataset small is in use by run " + run.id() + ", which is training now; nothing was deleted; wait for the run to end "
                + "(or stop it), then delete the dataset", r.error());
        assertEquals(List.of("small"), Cli.listDatasets(ws));
        tally(before, files(ws));
        runs.finish(run.id(), RunStatus.FINISHED, "done", null);
        Cli.Result deleted = Cli.run("datasets", "--delete", "small", "--workspace", ws.toString(), "--json");
        assertEquals(0, deleted.code(), deleted.err());
        assertEquals("small", deleted.json().get("deleted").getAsString());
        assertEquals(List.of(), Cli.listDatasets(ws));
        Cli.assertWhole(ws);
    }

    @Test
    void aDeletionThatCannotRemoveEveryFileDeletesNothing() throws Exception {
        Path ws = smallWorkspace("small");
        Path signals;
        try (Stream<Path> s = Files.list(ws.resolve("cache"))) {
            signals = s.findFirst().orElseThrow().resolve("signals");
        }
        Files.setPosixFilePermissions(signals, PosixFilePermissions.fromString("r-x------"));
        // As this user, then (for root, who could delete anyway) as a process the system holds to the permissions.
        List<String> wrapper = Files.isWritable(signals) ? AcceptedInputTest.withoutReadOverride() : null;
        try {
            Map<String, Long> before = files(ws);
            List<List<String>> how = new ArrayList<>();
            how.add(null);
            if (wrapper != null) {
                how.add(wrapper);
            }
            for (List<String> w : how) {
                ChildJvm.Finished r;
                String[] args = {"datasets", "--delete", "small", "--workspace", ws.toString(), "--json"};
                if (w == null) {
                    Cli.Result in = Cli.run(args);
                    r = new ChildJvm.Finished(in.code(), in.out(), in.err(), 0);
                } else {
                    r = ChildJvm.start(tmp.resolve("logs"), w, List.of(), args).await(120);
                }
                assertEquals(1, r.code(), r.out());
                String error = r.json().get("error").getAsString();
                Cli.assertPlain(error);
                assertEquals("cannot delete " + signals.getParent() + ": " + signals + " is read-only; nothing was deleted", error);
                assertEquals(List.of("small"), Cli.listDatasets(ws), "the row is there");
                assertEquals(before, files(ws), "and every file");
                tally(before, files(ws));
            }
        } finally {
            Files.setPosixFilePermissions(signals, PosixFilePermissions.fromString("rwx------"));
        }
        Cli.assertWhole(ws);
    }

    @Test
    void theLoserOfTwoSameNameImportsAtOnceIsToldTheNameIsTaken() throws Exception {
        Path src = tmp.resolve("src");
        for (int i = 0; i < 8; i++) {
            Recordings.pulseCsv(src.resolve(String.format(Locale.ROOT, "s%02d.csv", i)), 125, 300);
        }
        Path ws = tmp.resolve("ws");
        assertEquals(0, Cli.run("datasets", "--workspace", ws.toString()).code(), "the workspace exists before the race");
        String[] args = {"import", src.toString(), "--name", "same", "--window-seconds", "30", "--workspace", ws.toString(), "--json"};
        ChildJvm a = ChildJvm.start(tmp.resolve("logs"), List.of(), args);
        ChildJvm b = ChildJvm.start(tmp.resolve("logs"), List.of(), args);
        List<ChildJvm.Finished> done = List.of(a.await(300), b.await(300));
        List<ChildJvm.Finished> lost = done.stream().filter(f -> f.code() != 0).toList();
        assertEquals(1, lost.size(), "one wins: " + done);
        String error = lost.get(0).json().get("error").getAsString();
        Cli.assertPlain(error);
        assertEquals("a dataset named 'same' already exists; choose another --name or add --replace", error);
        assertEquals(List.of("same"), Cli.assertWhole(ws).stream().map(d -> d.name()).toList());
        cases++;
        handled++;
    }

    @AfterAll
    static void figures() {
        Figures.report(String.format(Locale.ROOT, "workspace faults: %d cases (a foreign folder, a catalogue missing, empty or damaged "
                + "under three commands, read-only by permissions, as a mount and by a full disk, deletion during training and of a "
                + "read-only folder, same-name imports) refused or served read-only as designed in %d; files lost %d",
                cases, handled, filesLost));
    }
}
