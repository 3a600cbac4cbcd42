package org.sigmappg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotating backups of the catalogue: when they are taken, how many are kept, and the restore of a damaged catalogue. */
class CatalogueBackupsTest {
    @TempDir
    Path tmp;

    private static RunInfo newRun(Workspace ws) throws IOException {
        return new RunStore(ws).create(new RunStore.NewRun("probe", "probe", null, null, "{}", 0L, null, null, "cpu", "test"));
    }

    /** Makes every backup look older than the interval, as if minutes had passed. */
    private static void ageBackups(Workspace ws) throws IOException {
        for (Path b : new CatalogueBackups(ws.directory()).list()) {
            Files.setLastModifiedTime(b, FileTime.from(Files.getLastModifiedTime(b).toInstant()
                    .minus(CatalogueBackups.INTERVAL).minusSeconds(1)));
        }
    }

    /** Writes 64 KB of random bytes into the middle of the file, as the damage did. */
    static void damage(Path db) throws IOException {
        byte[] noise = new byte[64 << 10];
        new Random(14).nextBytes(noise);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(Math.max(4096, f.length() / 2 - noise.length / 2));
            f.write(noise);
        }
    }

    @Test
    void aBackupFollowsTheFirstWriteAndAtMostOnePerIntervalAfter() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        CatalogueBackups backups = new CatalogueBackups(ws.directory());
        assertEquals(List.of(), backups.list(), "an empty catalogue is not worth a backup");
        newRun(ws);
        assertEquals(1, backups.list().size(), "the first write that gives it content is backed up");
        newRun(ws);
        assertEquals(1, Workspace.open(ws.directory()) != null ? backups.list().size() : -1, "not again within the interval");
        for (int i = 0; i < 5; i++) {
            ageBackups(ws);
            newRun(Workspace.open(ws.directory()));
        }
        assertEquals(CatalogueBackups.KEPT, backups.list().size(), "the oldest are pruned");
        Path newest = backups.list().get(0);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(newest)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(newest.getParent())));
        assertFalse(Files.exists(Path.of(newest + "-wal")), "a backup is one file");
        assertTrue(CatalogueBackups.passes(newest, "integrity_check"));
    }

    @Test
    void anOpeningBacksUpWhatAnEarlierProcessWroteOnceTheIntervalHasPassed() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        newRun(ws);
        CatalogueBackups backups = new CatalogueBackups(ws.directory());
        Path first = backups.list().get(0);
        newRun(ws);
        ageBackups(ws);
        Workspace.open(ws.directory());
        assertEquals(2, backups.list().size(), "the second run came after the backup");
        ageBackups(ws);
        Files.setLastModifiedTime(ws.catalogueFile(), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Workspace.open(ws.directory());
        assertEquals(2, backups.list().size(), "nothing changed since the newest: no new copy");
        assertTrue(backups.list().contains(first));
    }

    @Test
    void aDamagedCatalogueIsRefusedNamingTheBackupAndRestoredFromIt() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        RunInfo run = newRun(ws);
        for (int step = 0; step < 30; step++) {
            java.util.Map<String, Double> values = new java.util.HashMap<>();
            for (int k = 0; k < 100; k++) {
                values.put("metric" + k, step * 100.0 + k);
            }
            new RunStore(ws).logMetrics(run.id(), 0, step, values);
        }
        ageBackups(ws);
        // An opening after the interval backs up what was written since the first backup.
        Workspace.open(ws.directory());
        Path backup = new CatalogueBackups(ws.directory()).list().get(0);
        damage(ws.catalogueFile());
        DamagedCatalogueException e = assertThrows(DamagedCatalogueException.class, () -> Workspace.open(ws.directory()));
        assertEquals("the catalogue " + ws.catalogueFile() + " is damaged (it fails SQLite's integrity check); nothing in the "
                + "workspace was changed or removed; restore its latest good backup (" + backup + ") with: sigma-ppg workspace "
                + "restore --workspace " + ws.directory(), e.getMessage());
        assertEquals(backup, e.backup().orElseThrow());

        byte[] damaged = Files.readAllBytes(ws.catalogueFile());
        CatalogueBackups.Restored r = CatalogueBackups.restore(ws.directory());
        assertEquals(backup, r.backup());
        assertTrue(java.util.Arrays.equals(damaged, Files.readAllBytes(r.damagedKeptAs())), "the damaged file is kept as it was");
        Workspace restored = Workspace.open(ws.directory());
        assertEquals(1, new RunStore(restored).list().size());
        assertEquals(30, new RunStore(restored).metrics(run.id()).get("metric7").size());
        IOException healthy = assertThrows(IOException.class, () -> CatalogueBackups.restore(ws.directory()));
        assertTrue(healthy.getMessage().contains("is not damaged"), healthy.getMessage());
    }

    @Test
    void aRestoreSkipsADamagedBackupAndSetsAsideFoldersMadeAfterTheOneItUses() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        RunInfo first = newRun(ws);
        Path firstDir = new RunStore(ws).runDirectory(first.id());
        ageBackups(ws);
        Workspace again = Workspace.open(ws.directory());
        RunInfo second = newRun(again);
        Path secondDir = new RunStore(again).runDirectory(second.id());
        Files.writeString(secondDir.resolve("tokenizer.ckpt"), "weights");
        List<Path> backups = new CatalogueBackups(ws.directory()).list();
        assertEquals(2, backups.size());
        damage(backups.get(0));
        Files.delete(ws.catalogueFile());

        DamagedCatalogueException e = assertThrows(DamagedCatalogueException.class, () -> Workspace.open(ws.directory()));
        assertEquals(backups.get(1), e.backup().orElseThrow(), "the newest backup fails its check: the one before is named");
        CatalogueBackups.Restored r = CatalogueBackups.restore(ws.directory());
        assertEquals(backups.get(1), r.backup());
        assertEquals(null, r.damagedKeptAs(), "there was no catalogue to keep");
        assertEquals(1, r.setAside().size(), r.setAside().toString());
        assertEquals("weights", Files.readString(r.setAside().get(0).resolve("tokenizer.ckpt")), "the run made after the backup is kept aside");
        assertTrue(Files.exists(firstDir));
        assertFalse(Files.exists(secondDir));
        assertEquals(List.of(first.id()), new RunStore(Workspace.open(ws.directory())).list().stream().map(RunInfo::id).toList());
    }
}
