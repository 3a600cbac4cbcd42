package org.sigmappg.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * Rotating copies of a workspace's catalogue in {@code backups/}, and the restore of the latest good one. A
 * copy is taken with SQLite's online backup (a consistent snapshot while other processes go on writing) after
 * a write or at an opening that finds the catalogue changed, at most once every {@link #INTERVAL} across all
 * processes, only of a catalogue that holds something, and kept only if it passes SQLite's quick check; the
 * newest {@link #KEPT} are kept. A failed backup never fails the work that was saved.
 */
public final class CatalogueBackups {
    public static final String FOLDER = "backups";
    static final Duration INTERVAL = Duration.ofMinutes(5);
    static final int KEPT = 3;
    private static final String PREFIX = "catalogue-";
    private static final String SUFFIX = ".db";
    private static final Duration STALE_TEMPORARY = Duration.ofHours(1);
    /** Sortable by name, and free of characters some file systems refuse. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Path workspace;
    private final Path folder;
    /** {@link System#nanoTime} before which this process does not look at the backups again; 0 until it first has. */
    private long quietUntil;
    private boolean looked;

    CatalogueBackups(Path workspace) {
        this.workspace = workspace;
        this.folder = workspace.resolve(FOLDER);
    }

    /** The backups, newest first. */
    public List<Path> list() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, PREFIX + "*" + SUFFIX)) {
            ds.forEach(out::add);
        }
        out.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        return out;
    }

    /** The newest backup that passes SQLite's integrity check. */
    public Optional<Path> latestGood() {
        try {
            for (Path b : list()) {
                if (passes(b, "integrity_check")) {
                    return Optional.of(b);
                }
            }
        } catch (IOException e) {
            // An unreadable backups folder offers nothing to restore.
        }
        return Optional.empty();
    }

    void afterWrite(Workspace ws) {
        maybeTake(ws, false);
    }

    /** At an opening: backs up what an earlier process wrote after the newest backup, once the interval has passed. */
    void afterOpen(Workspace ws) {
        maybeTake(ws, true);
    }

    /** Backs up now, whatever the interval (before a schema upgrade). */
    void takeNow(Workspace ws) {
        try {
            take(ws);
        } catch (IOException | SQLException | RuntimeException e) {
            // A safety net that could not be laid must not stop the work it was meant to guard.
        }
    }

    private synchronized void maybeTake(Workspace ws, boolean onlyIfChanged) {
        long now = System.nanoTime();
        if (looked && now - quietUntil < 0) {
            return;
        }
        try {
            Optional<Instant> newest = newestTime();
            Instant wall = Instant.now();
            if (newest.isPresent() && wall.isBefore(newest.get().plus(INTERVAL))) {
                quietUntil = now + Duration.between(wall, newest.get().plus(INTERVAL)).toNanos();
                looked = true;
                return;
            }
            if ((onlyIfChanged && newest.isPresent() && !changedSince(newest.get())) || !take(ws)) {
                // Nothing new, or nothing at all, to keep: the next write looks again.
                return;
            }
        } catch (IOException | SQLException | RuntimeException e) {
            // As in takeNow; and not tried again for an interval, so a full disk does not cost a copy per write.
        }
        quietUntil = now + INTERVAL.toNanos();
        looked = true;
    }

    private Optional<Instant> newestTime() throws IOException {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(Files.getLastModifiedTime(all.get(0)).toInstant());
    }

    private boolean changedSince(Instant time) throws IOException {
        for (String name : List.of(Workspace.DB_FILE, Workspace.DB_FILE + "-wal")) {
            Path p = workspace.resolve(name);
            if (Files.exists(p) && Files.getLastModifiedTime(p).toInstant().isAfter(time)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies the catalogue into a new backup, checks the copy and prunes the oldest.
     *
     * @return false if the catalogue holds neither a dataset nor a run, so there was nothing worth copying
     */
    private boolean take(Workspace ws) throws IOException, SQLException {
        FileTools.createOwnerOnlyDirectories(folder);
        removeStaleTemporaries();
        // Created here, owner-only and empty, so that SQLite fills a file nobody else may read.
        Path tmp = Files.createTempFile(folder, "." + PREFIX, ".tmp");
        try {
            try (Connection c = ws.connect()) {
                if (!holdsSomething(c)) {
                    return false;
                }
                ((SQLiteConnection) c).getDatabase().backup("main", tmp.toString(), null);
            }
            try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + tmp); Statement s = c.createStatement()) {
                // A backup is one self-contained file: no write-ahead log beside it.
                s.execute("PRAGMA journal_mode=DELETE");
            }
            if (!passes(tmp, "quick_check")) {
                return true;
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            FileTools.moveAtomically(tmp, folder.resolve(PREFIX + STAMP.format(Instant.now()) + SUFFIX));
            FileTools.fsyncDirectory(folder);
            List<Path> all = list();
            for (Path old : all.subList(Math.min(KEPT, all.size()), all.size())) {
                Files.deleteIfExists(old);
            }
            return true;
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(Path.of(tmp + "-journal"));
        }
    }

    private static boolean holdsSomething(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT EXISTS(SELECT 1 FROM datasets) OR EXISTS(SELECT 1 FROM runs)")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Removes the temporary copies of backups a killed process left (those of a live one are younger). */
    private void removeStaleTemporaries() throws IOException {
        Instant before = Instant.now().minus(STALE_TEMPORARY);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "." + PREFIX + "*")) {
            for (Path p : ds) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Whether the SQLite file passes {@code PRAGMA check}; read as immutable, so nothing is written beside it. */
    static boolean passes(Path file, String check) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file.toUri() + "?immutable=1");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + check)) {
            return rs.next() && "ok".equals(rs.getString(1));
        } catch (SQLException e) {
            return false;
        }
    }

    /** What a restore did. */
    public record Restored(Path backup, Path damagedKeptAs, List<Path> setAside) {
    }

    /**
     * Puts the latest good backup in place of a damaged, empty or missing catalogue, atomically (a rename over
     * it): the old catalogue and its log are kept in {@code backups/} as {@code damaged-*}, never deleted, and the
     * folders this workspace made after the backup (which the restored catalogue does not name, so the next
     * opening would remove them) are moved into {@code backups/unlisted-*}. A healthy catalogue is not replaced.
     */
    public static Restored restore(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Path db = abs.resolve(Workspace.DB_FILE);
        if (!Files.isDirectory(abs)) {
            throw new IOException("there is no workspace at " + abs);
        }
        try {
            Workspace.open(abs);
            throw new IOException("the catalogue " + db + " is not damaged (it passes SQLite's check), so it was not replaced; "
                    + "its backups are in " + abs.resolve(FOLDER));
        } catch (DamagedCatalogueException expected) {
            // The case a restore is for.
        }
        Optional<String> readOnly = Workspace.whyReadOnly(abs);
        if (readOnly.isPresent()) {
            throw new IOException(readOnly.get());
        }
        CatalogueBackups backups = new CatalogueBackups(abs);
        Path backup = backups.latestGood().orElseThrow(() -> new IOException("no backup of the catalogue in " + backups.folder
                + " passes its integrity check, so nothing was restored"));
        String stamp = STAMP.format(Instant.now());
        Path tmp = abs.resolve("." + Workspace.DB_FILE + "." + stamp + ".restore.tmp");
        Path keptAs = null;
        try {
            Files.copy(backup, tmp);
            FileTools.ownerOnly(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            if (Files.exists(db)) {
                keptAs = backups.folder.resolve("damaged-" + stamp + SUFFIX);
                Files.copy(db, keptAs);
            }
            // The old log belongs to the old catalogue: beside the restored one SQLite would replay it.
            for (String suffix : List.of("-wal", "-shm", "-journal")) {
                Path side = Path.of(db + suffix);
                if (Files.exists(side)) {
                    FileTools.moveAtomically(side, backups.folder.resolve("damaged-" + stamp + SUFFIX + suffix));
                }
            }
            FileTools.moveAtomically(tmp, db);
            FileTools.fsyncDirectory(abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
        List<Path> setAside = setAsideUnlisted(abs, db, backups.folder.resolve("unlisted-" + stamp));
        Workspace.open(abs);
        return new Restored(backup, keptAs, setAside);
    }

    private static List<Path> setAsideUnlisted(Path abs, Path db, Path target) throws IOException {
        WorkspaceRecovery.Listed listed;
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + db)) {
            listed = WorkspaceRecovery.Listed.read(c);
        } catch (SQLException e) {
            throw new IOException("the restored catalogue " + db + " cannot be read: " + e.getMessage(), e);
        }
        Optional<String> id = Workspace.readId(abs);
        List<Path> moved = new ArrayList<>();
        if (id.isEmpty()) {
            return moved;
        }
        for (String sub : List.of("cache", "runs")) {
            Path parent = abs.resolve(sub);
            if (!Files.isDirectory(parent)) {
                continue;
            }
            List<Path> unlisted = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    boolean named = sub.equals("cache") ? listed.cacheFolders().contains(name) : listed.runs().contains(name);
                    // Names starting with a dot are unfinished imports and deletions, which the opening settles.
                    if (!named && !name.startsWith(".") && Workspace.carriesMarker(p, id.get())) {
                        unlisted.add(p);
                    }
                }
            }
            for (Path p : unlisted) {
                Path to = target.resolve(sub).resolve(p.getFileName().toString());
                FileTools.createOwnerOnlyDirectories(to.getParent());
                FileTools.moveAtomically(p, to);
                moved.add(to);
            }
        }
        return moved;
    }

    /** {@code dir} as a shell reads it back: quoted when it holds a space or a shell character. */
    static String quoted(Path dir) {
        String s = dir.toString();
        return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
