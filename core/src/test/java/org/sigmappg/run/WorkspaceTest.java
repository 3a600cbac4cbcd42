package org.sigmappg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema versioning, owner-only permissions and the tidying of what killed processes left. */
class WorkspaceTest {
    @TempDir
    Path tmp;

    @Test
    void newWorkspaceIsAtTheLatestSchemaAndPrivate() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        assertEquals(Schema.latestVersion(), ws.schemaVersion());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.directory())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.directory().resolve(Workspace.DB_FILE))));
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
        Path deadImport = Files.createDirectories(ws.cacheDirectory().resolve(".import-dead"));
        Files.writeString(deadImport.resolve(Workspace.OWNER_FILE), "999999999@" + Workspace.hostName());
        Path orphan = Files.createDirectories(ws.cacheDirectory().resolve("ds-orphan"));
        Files.writeString(orphan.resolve("windows.f32"), "x");
        Path live = Files.createDirectories(ws.cacheDirectory().resolve(".import-live"));
        Workspace.markOwned(live);
        Workspace.open(ws.directory());
        assertFalse(Files.exists(deadImport));
        assertFalse(Files.exists(orphan));
        assertTrue(Files.exists(live), "an import in progress in a live process is left alone");
    }

    @Test
    void aNewImportFolderWithoutItsMarkerYetIsLeftAloneUntilItIsOld() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        Path unmarked = Files.createDirectories(ws.cacheDirectory().resolve(".import-unmarked"));
        Workspace.open(ws.directory());
        assertTrue(Files.exists(unmarked), "another process may be between creating the folder and writing its marker");
        Files.setLastModifiedTime(unmarked, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600)));
        Workspace.open(ws.directory());
        assertFalse(Files.exists(unmarked), "an hour without a marker: its writer died");
    }

    @Test
    void runFoldersWithoutARunAreRemovedUnlessSomeoneMayStillWriteThem() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        RunStore runs = new RunStore(ws);
        RunInfo run = runs.create(new RunStore.NewRun("probe", "probe", null, null, "{}", 0L, null, null, "cpu", "test"));
        Path kept = runs.runDirectory(run.id());
        java.nio.file.attribute.FileTime hourAgo = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600));
        Path orphan = Files.createDirectories(ws.runsDirectory().resolve("tok-0042"));
        Files.setLastModifiedTime(orphan, hourAgo);
        Path deadBundle = Files.createDirectories(ws.runsDirectory().resolve(".import-tok-0043"));
        Files.writeString(deadBundle.resolve(Workspace.OWNER_FILE), "999999999@" + Workspace.hostName());
        Path liveBundle = Files.createDirectories(ws.runsDirectory().resolve(".import-tok-0044"));
        Workspace.markOwned(liveBundle);
        Files.setLastModifiedTime(liveBundle, hourAgo);
        Path justCreated = Files.createDirectories(ws.runsDirectory().resolve("tok-0045"));
        Workspace.open(ws.directory());
        assertTrue(Files.exists(kept), "the folder of a run");
        assertFalse(Files.exists(orphan), "an old folder without a run");
        assertFalse(Files.exists(deadBundle), "a bundle import whose process died");
        assertTrue(Files.exists(liveBundle), "a bundle import in a live process");
        assertTrue(Files.exists(justCreated), "a folder whose run row another process may be about to see");
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
                ps.setString(9, Workspace.hostName());
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
