package org.sigmappg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema versioning, owner-only permissions, the refusal of what is not a workspace or has lost its catalogue,
 * read-only workspaces, and the tidying of what killed processes left (only of folders the workspace made).
 */
class WorkspaceTest {
    private static final FileTime HOUR_AGO = FileTime.from(Instant.now().minusSeconds(3600));

    @TempDir
    Path tmp;

    @Test
    void newWorkspaceIsAtTheLatestSchemaAndPrivate() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        assertEquals(Schema.latestVersion(), ws.schemaVersion());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.directory())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.directory().resolve(Workspace.DB_FILE))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.directory().resolve(Workspace.WORKSPACE_MARKER))));
        // Opening again applies no migration twice.
        assertEquals(Schema.latestVersion(), Workspace.open(tmp.resolve("ws")).schemaVersion());
    }

    @Test
    void aWorkspaceFromANewerVersionIsRefusedUntouched() throws Exception {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        ws.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA user_version = 999");
            }
            return null;
        });
        IOException e = assertThrows(IOException.class, () -> Workspace.open(tmp.resolve("ws")));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void abandonedImportsAndOrphanCachesAreRemovedButLiveOnesKept() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        Path deadImport = ws.createFolder(ws.cacheDirectory().resolve(".import-dead"));
        Files.writeString(deadImport.resolve(ProcessOwner.FILE), "999999999@" + ProcessOwner.hostName());
        Path orphan = ws.createFolder(ws.cacheDirectory().resolve("ds-orphan"));
        Files.writeString(orphan.resolve("windows.f32"), "x");
        Files.setLastModifiedTime(orphan, HOUR_AGO);
        Path live = ws.createFolder(ws.cacheDirectory().resolve(".import-live"));
        ProcessOwner.markOwned(live);
        Path foreign = Files.createDirectories(ws.cacheDirectory().resolve("ds-foreign"));
        Files.writeString(foreign.resolve("windows.f32"), "the user's");
        Files.setLastModifiedTime(foreign, HOUR_AGO);
        Path file = Files.writeString(ws.cacheDirectory().resolve("notes.txt"), "the user's");
        Workspace.open(ws.directory());
        assertFalse(Files.exists(deadImport));
        assertFalse(Files.exists(orphan));
        assertTrue(Files.exists(live), "an import in progress in a live process is left alone");
        assertTrue(Files.exists(foreign.resolve("windows.f32")), "a folder without the workspace's marker is never removed");
        assertTrue(Files.exists(file), "nor is a file");
    }

    @Test
    void aNewImportFolderWithoutItsMarkerYetIsLeftAloneUntilItIsOld() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        Path unmarked = Files.createDirectories(ws.cacheDirectory().resolve(".import-unmarked"));
        Path torn = Files.createDirectories(ws.cacheDirectory().resolve(".import-torn"));
        Files.writeString(torn.resolve(Workspace.FOLDER_MARKER), "");
        Path full = Files.createDirectories(ws.cacheDirectory().resolve(".import-full"));
        Files.writeString(full.resolve("data.bin"), "not ours to judge");
        Workspace.open(ws.directory());
        assertTrue(Files.exists(unmarked), "another process may be between creating the folder and writing its marker");
        for (Path p : new Path[] {unmarked, torn, full}) {
            Files.setLastModifiedTime(p, HOUR_AGO);
        }
        Workspace.open(ws.directory());
        assertFalse(Files.exists(unmarked), "an hour without a marker: its writer died before writing it");
        assertFalse(Files.exists(torn), "an hour with a torn marker: its writer died while writing it");
        assertTrue(Files.exists(full.resolve("data.bin")), "a folder holding more than a marker needs a whole marker to be removed");
    }

    @Test
    void runFoldersWithoutARunAreRemovedUnlessSomeoneMayStillWriteThem() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        RunStore runs = new RunStore(ws);
        RunInfo run = runs.create(new RunStore.NewRun("probe", "probe", null, null, "{}", 0L, null, null, "cpu", "test"));
        Path kept = runs.runDirectory(run.id());
        Path orphan = ws.createFolder(ws.runsDirectory().resolve("tok-0042"));
        Files.setLastModifiedTime(orphan, HOUR_AGO);
        Path deadBundle = ws.createFolder(ws.runsDirectory().resolve(".import-tok-0043"));
        Files.writeString(deadBundle.resolve(ProcessOwner.FILE), "999999999@" + ProcessOwner.hostName());
        Path liveBundle = ws.createFolder(ws.runsDirectory().resolve(".import-tok-0044"));
        ProcessOwner.markOwned(liveBundle);
        Files.setLastModifiedTime(liveBundle, HOUR_AGO);
        Path justCreated = ws.createFolder(ws.runsDirectory().resolve("tok-0045"));
        Path users = Files.createDirectories(ws.runsDirectory().resolve("exp1"));
        Files.writeString(users.resolve("results.txt"), "r");
        Files.setLastModifiedTime(users, HOUR_AGO);
        Workspace.open(ws.directory());
        assertTrue(Files.exists(kept), "the folder of a run");
        assertFalse(Files.exists(orphan), "an old folder of ours without a run");
        assertFalse(Files.exists(deadBundle), "a bundle import whose process died");
        assertTrue(Files.exists(liveBundle), "a bundle import in a live process");
        assertTrue(Files.exists(justCreated), "a folder whose run row another process may be about to see");
        assertTrue(Files.exists(users.resolve("results.txt")), "a folder the workbench did not make");
    }

    @Test
    void aFolderMarkedByAnotherWorkspaceIsNotOurs() throws IOException {
        Workspace other = Workspace.open(tmp.resolve("other"));
        Path copied = other.createFolder(other.runsDirectory().resolve("tok-0007"));
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        Path moved = Files.move(copied, ws.runsDirectory().resolve("tok-0007"));
        Files.setLastModifiedTime(moved, HOUR_AGO);
        Workspace.open(ws.directory());
        assertTrue(Files.exists(moved), "copied in from another workspace: its marker names that one");
    }

    @Test
    void aWorkspaceFromBeforeMarkersKeepsEverythingAndMarksWhatItsCatalogueNames() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        RunStore runs = new RunStore(ws);
        RunInfo run = runs.create(new RunStore.NewRun("probe", "probe", null, null, "{}", 0L, null, null, "cpu", "test"));
        // As an older version left it: no root marker, no folder markers.
        Files.delete(ws.directory().resolve(Workspace.WORKSPACE_MARKER));
        Path listed = Files.createDirectories(ws.runsDirectory().resolve(run.id()));
        Path unlisted = Files.createDirectories(ws.runsDirectory().resolve("tok-0099"));
        Files.writeString(unlisted.resolve("tokenizer.ckpt"), "weights");
        Files.setLastModifiedTime(unlisted, HOUR_AGO);
        Workspace again = Workspace.open(ws.directory());
        assertTrue(Files.exists(unlisted.resolve("tokenizer.ckpt")), "unprovable, so kept");
        assertTrue(again.isOurs(listed), "the catalogue names it: marked as the workspace's");
        assertFalse(again.isOurs(unlisted));
        again.write(c -> c.createStatement().executeUpdate("DELETE FROM runs WHERE id='" + run.id() + "'"));
        Files.setLastModifiedTime(listed, HOUR_AGO);
        Workspace.open(ws.directory());
        assertFalse(Files.exists(listed), "once marked, a folder whose row is gone is tidied");
    }

    @Test
    void aNewRunNeverTakesOverAFolderItDidNotMake() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        Path left = Files.createDirectories(ws.runsDirectory().resolve("probe-0001"));
        Path pointer = Files.writeString(left.resolve("checkpoint.json"), "{\"run\": \"probe-0001\"}");
        RunStore runs = new RunStore(ws);
        RunInfo run = runs.create(new RunStore.NewRun("probe", "probe", null, null, "{}", 0L, null, null, "cpu", "test"));
        assertEquals("probe-0002", run.id(), "the folder's checkpoint would be taken for the new run's own");
        assertTrue(ws.isOurs(runs.runDirectory(run.id())));
        assertTrue(Files.exists(pointer));
    }

    @Test
    void aCreationKilledBeforeItsSchemaOpensAsANewWorkspace() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(dir.resolve("cache"));
        Files.createDirectories(dir.resolve("runs"));
        Files.createFile(dir.resolve(Workspace.DB_FILE));
        assertEquals(Schema.latestVersion(), Workspace.open(dir).schemaVersion());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(Schema.latestVersion(), Workspace.open(empty).schemaVersion(), "an empty folder becomes a workspace");
        assertEquals(Schema.latestVersion(), Workspace.open(tmp.resolve("missing")).schemaVersion(), "so does a missing one");
    }

    @Test
    void aMissingOrEmptyCatalogueIsRefusedAndNothingRemovedOrCreated() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        RunStore runs = new RunStore(ws);
        RunInfo run = runs.create(new RunStore.NewRun("probe", "probe", null, null, "{}", 0L, null, null, "cpu", "test"));
        Path checkpoint = Files.writeString(runs.runDirectory(run.id()).resolve("tokenizer.ckpt"), "weights");
        Path db = ws.directory().resolve(Workspace.DB_FILE);
        Files.move(db, tmp.resolve("moved-away.db"));
        DamagedCatalogueException missing = assertThrows(DamagedCatalogueException.class, () -> Workspace.open(ws.directory()));
        assertTrue(missing.getMessage().startsWith("the catalogue " + db + " of this workspace is missing; nothing in the workspace "
                + "was changed or removed"), missing.getMessage());
        assertFalse(Files.exists(db), "no new, empty catalogue was made in its place");
        Files.createFile(db);
        DamagedCatalogueException empty = assertThrows(DamagedCatalogueException.class, () -> Workspace.open(ws.directory()));
        assertTrue(empty.getMessage().contains("is empty (0 bytes)"), empty.getMessage());
        assertTrue(Files.exists(checkpoint));
    }

    @Test
    void aFolderOfSomeoneElsesFilesIsRefusedUntouched() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("photos"));
        Path photo = Files.writeString(dir.resolve("a.jpg"), "jpeg");
        IOException e = assertThrows(IOException.class, () -> Workspace.open(dir));
        assertEquals(dir + " is not a SIGMA-PPG workspace (it holds files the workbench did not write); choose an empty folder "
                + "or an existing workspace", e.getMessage());
        assertTrue(Files.exists(photo));
        assertFalse(Files.exists(dir.resolve(Workspace.DB_FILE)));
        assertFalse(Files.exists(dir.resolve("cache")));
    }

    @Test
    void aReadOnlyWorkspaceIsReadButNeverWrittenNorMadeWritable() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        RunStore runs = new RunStore(ws);
        RunInfo run = runs.create(new RunStore.NewRun("probe", "probe", null, null, "{}", 0L, null, null, "cpu", "test"));
        List<Path> all;
        try (Stream<Path> s = Files.walk(ws.directory())) {
            all = s.toList();
        }
        for (Path p : all) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-x------" : "r--------"));
        }
        try {
            Workspace ro = Workspace.open(ws.directory());
            assertEquals(List.of(run.id()), new RunStore(ro).list().stream().map(RunInfo::id).toList(), "reading works");
            IOException refused = assertThrows(IOException.class, () -> new RunStore(ro).create(
                    new RunStore.NewRun("probe", "probe", null, null, "{}", 0L, null, null, "cpu", "test")));
            assertEquals("the workspace " + ws.directory() + " is read-only, so nothing was changed", refused.getMessage());
            for (Path p : all) {
                assertEquals(Files.isDirectory(p) ? "r-x------" : "r--------",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p + " keeps the permissions it was given");
            }
            try (Stream<Path> s = Files.walk(ws.directory())) {
                assertEquals(all.size(), s.count(), "nothing was written beside the catalogue (no -wal, no -shm)");
            }
        } finally {
            for (Path p : all) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
            }
        }
    }

    @Test
    void aDeletionThatStoppedIsUndoneOrFinishedByWhatTheCatalogueSays() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        RunStore runs = new RunStore(ws);
        RunInfo run = runs.create(new RunStore.NewRun("probe", "probe", null, null, "{}", 0L, null, null, "cpu", "test"));
        Path listed = runs.runDirectory(run.id());
        Files.writeString(listed.resolve("tokenizer.ckpt"), "weights");
        Path gone = ws.createFolder(ws.runsDirectory().resolve("tok-0050"));
        // Killed after setting both aside: the first row was never deleted, the second was.
        Path listedAside = ws.setAside(listed);
        Path goneAside = ws.setAside(gone);
        Files.writeString(listedAside.resolve(ProcessOwner.FILE), "999999999@" + ProcessOwner.hostName());
        Files.writeString(goneAside.resolve(ProcessOwner.FILE), "999999999@" + ProcessOwner.hostName());
        Workspace.open(ws.directory());
        assertTrue(Files.exists(listed.resolve("tokenizer.ckpt")), "renamed back: its row is there");
        assertFalse(Files.exists(listed.resolve(ProcessOwner.FILE)));
        assertFalse(Files.exists(listedAside));
        assertFalse(Files.exists(goneAside), "removed: its row is gone");
    }

    @Test
    void runsOfDeadProcessesBecomeInterrupted() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        ws.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO runs(id, kind, status, params, params_hash, code_version, created, pid, host) VALUES (?,?,?,?,?,?,?,?,?)")) {
                ps.setString(1, "tok-0001");
                ps.setString(2, "tokenizer");
                ps.setString(3, "RUNNING");
                ps.setString(4, "{}");
                ps.setString(5, "h");
                ps.setString(6, "test");
                ps.setString(7, "now");
                ps.setLong(8, 999_999_999L);
                ps.setString(9, ProcessOwner.hostName());
                ps.executeUpdate();
            }
            return null;
        });
        Path runDir = Files.createDirectories(ws.runsDirectory().resolve("tok-0001"));
        Path torn = Files.writeString(runDir.resolve(".tokenizer.ckpt.123.tmp"), "half a checkpoint");
        Path kept = Files.writeString(runDir.resolve("tokenizer.ckpt"), "the last whole checkpoint");
        Workspace again = Workspace.open(ws.directory());
        assertFalse(Files.exists(torn), "the temporary file of a write the dead process did not finish is removed");
        assertTrue(Files.exists(kept));
        String status = again.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT status FROM runs WHERE id='tok-0001'")) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
        assertEquals("INTERRUPTED", status);
    }
}
