package org.sigmappg.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * A folder holding one SQLite catalogue ({@code workspace.db}: datasets, records, windows, runs) and the
 * files it points to ({@code cache/} pre-processed windows, {@code runs/} checkpoints and reports).
 *
 * <p>Several processes may use one workspace at once (the workbench and a command line): the database
 * runs in WAL mode, write transactions take the write lock up front and are retried with back-off, so
 * "database is locked" never reaches a user. Opening a workspace checks its catalogue ({@code PRAGMA
 * quick_check}) and refuses a damaged or missing one, naming the backup that {@link CatalogueBackups#restore}
 * brings back; it refuses a folder holding someone else's files. A healthy workspace is then migrated
 * ({@link Schema#migrate}) and tidied of what a killed process left (see {@link WorkspaceRecovery}: only folders this
 * workspace provably created are removed; {@link RunStore#markInterruptedRuns}: runs whose process is gone). A workspace that cannot be written (read-only folder or medium, or a full disk) opens for
 * reading: its catalogue is read without writing anything and every write is refused in one line.
 */
public final class Workspace {
    public static final String DB_FILE = "workspace.db";
    /** File at the workspace's root holding its random id, which every folder marker repeats. */
    public static final String WORKSPACE_MARKER = ".sigma-ppg-workspace";
    /** Marker written first inside every folder the workbench creates under {@code cache/} and {@code runs/}. */
    public static final String FOLDER_MARKER = ".sigma-ppg-folder";

    private static final int BUSY_TIMEOUT_MS = 15_000;
    private static final int MAX_RETRIES = 12;
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final Set<PosixFilePermission> WRITE_BITS =
            EnumSet.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    /** The folders a workspace holds besides its catalogue; empty ones are what a killed creation leaves. */
    private static final List<String> SUBFOLDERS = List.of("cache", "runs", CatalogueBackups.FOLDER);

    private final Path dir;
    private final Path db;
    private final String url;
    private final String readOnlyReason;
    private final CatalogueBackups backups;
    /** The id in {@link #WORKSPACE_MARKER}; null where a read-only workspace has none yet (then no folder counts as ours). */
    private String id;

    private Workspace(Path dir, String readOnlyReason) {
        this.dir = dir;
        this.db = dir.resolve(DB_FILE);
        this.url = "jdbc:sqlite:" + db;
        this.readOnlyReason = readOnlyReason;
        this.backups = new CatalogueBackups(dir);
    }

    /** The workspace used when none is given: {@code $SIGMA_PPG_WORKSPACE}, else {@code ~/.sigma-ppg/workspace}. */
    public static Path defaultDirectory() {
        String prop = System.getProperty("sigmappg.workspace");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("SIGMA_PPG_WORKSPACE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".sigma-ppg", "workspace");
    }

    /**
     * Opens the workspace in {@code dir}: a missing or empty folder becomes a new workspace; an existing one is
     * checked, migrated and tidied. A folder that is not a workspace, and a workspace whose catalogue is missing
     * or damaged, are refused with nothing changed ({@link DamagedCatalogueException} names the backup).
     */
    public static Workspace open(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        boolean create = isNew(abs);
        String reason = whyReadOnly(abs).orElse(null);
        if (create) {
            if (reason != null) {
                throw new IOException("cannot create a workspace in " + abs + ": the folder is read-only");
            }
            create(abs);
        }
        Workspace ws = new Workspace(abs, reason);
        try {
            ws.prepare();
        } catch (IOException e) {
            if (reason != null || !FileTools.isDiskFull(e)) {
                throw e;
            }
            ws = new Workspace(abs, "the disk holding the workspace " + abs + " is full, so nothing was changed; free some space");
            ws.prepare();
        }
        return ws;
    }

    /**
     * Whether {@code abs} is to be made a workspace: it is missing, or holds nothing but what a creation killed
     * before it finished leaves (an empty catalogue, empty sub-folders). Refuses a folder that is neither that
     * nor a workspace.
     */
    private static boolean isNew(Path abs) throws IOException {
        if (!Files.exists(abs)) {
            return true;
        }
        if (!Files.isDirectory(abs)) {
            throw new IOException(abs + " is a file, not a workspace folder");
        }
        Path db = abs.resolve(DB_FILE);
        if (Files.isRegularFile(db) && Files.size(db) > 0) {
            return false;
        }
        boolean bare = true;
        boolean ours = false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(abs)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.equals(WORKSPACE_MARKER)) {
                    ours = true;
                } else if (SUBFOLDERS.contains(name) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    try (DirectoryStream<Path> inside = Files.newDirectoryStream(p)) {
                        for (Path q : inside) {
                            bare = false;
                            ours |= name.equals(CatalogueBackups.FOLDER) || Files.exists(q.resolve(FOLDER_MARKER));
                        }
                    }
                } else if (name.equals(DB_FILE + "-wal")) {
                    // Only SQLite names a file so, and it writes the catalogue's header before any of its log.
                    bare &= Files.size(p) == 0;
                    ours |= Files.size(p) > 0;
                } else if (!name.equals(DB_FILE) && !name.equals(DB_FILE + "-journal") && !name.equals(DB_FILE + "-shm")) {
                    bare = false;
                }
            }
        }
        if (bare) {
            return true;
        }
        if (ours) {
            throw DamagedCatalogueException.missing(abs, db, new CatalogueBackups(abs).latestGood());
        }
        throw new IOException(abs + " is not a SIGMA-PPG workspace (it holds files the workbench did not write); "
                + "choose an empty folder or an existing workspace");
    }

    private static void create(Path abs) throws IOException {
        try {
            FileTools.createOwnerOnlyDirectories(abs);
            FileTools.createOwnerOnlyDirectories(abs.resolve("cache"));
            FileTools.createOwnerOnlyDirectories(abs.resolve("runs"));
            Path db = abs.resolve(DB_FILE);
            try {
                Files.createFile(db);
                FileTools.ownerOnly(db);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first, or a creation killed before its schema left it empty; fine.
            }
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("cannot create a workspace in " + abs + ": permission denied (" + e.getFile() + ")", e);
        }
    }

    /**
     * Why nothing may be written in the workspace {@code abs}, if so: its folder, catalogue or a sub-folder cannot
     * be written by this process, or nobody may write it (its owner made it read-only, which a process that could
     * write anyway, such as root's, respects too).
     */
    static Optional<String> whyReadOnly(Path abs) {
        for (Path p : List.of(abs, abs.resolve(DB_FILE), abs.resolve("cache"), abs.resolve("runs"))) {
            if (Files.exists(p) && isReadOnly(p)) {
                return Optional.of("the workspace " + abs + " is read-only, so nothing was changed");
            }
        }
        return Optional.empty();
    }

    /** Whether this process may not change {@code p}, or nobody may (see {@link #whyReadOnly}). */
    static boolean isReadOnly(Path p) {
        return !Files.isWritable(p) || madeReadOnly(p);
    }

    private static boolean madeReadOnly(Path p) {
        try {
            return Collections.disjoint(Files.getPosixFilePermissions(p), WRITE_BITS);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    /** Checks the catalogue, migrates it, and (where it may be written) tidies the folders and backs it up. */
    private void prepare() throws IOException {
        checkCatalogue();
        migrate();
        id = readOnlyReason == null ? ensureId() : readId(dir).orElse(null);
        if (readOnlyReason == null) {
            new WorkspaceRecovery(this).run();
            new RunStore(this).markInterruptedRuns();
            backups.afterOpen(this);
        }
    }

    public Path directory() {
        return dir;
    }

    public Path cacheDirectory() {
        return dir.resolve("cache");
    }

    public Path runsDirectory() {
        return dir.resolve("runs");
    }

    /** Path of the catalogue file. */
    public Path catalogueFile() {
        return db;
    }

    /** Why this workspace opened for reading only (read-only folder or medium, full disk), if it did. */
    public Optional<String> readOnlyReason() {
        return Optional.ofNullable(readOnlyReason);
    }

    /** Refuses, in one line saying why, when nothing may be written here. */
    public void requireWritable() throws IOException {
        if (readOnlyReason != null) {
            throw new IOException(readOnlyReason);
        }
    }

    /**
     * A new connection with the workspace's settings; the caller closes it. A read-only workspace's connection
     * writes nothing: with no write-ahead log pending it reads the file as immutable (no lock, no
     * {@code -shm} index to create, which a full disk or a read-only medium cannot hold).
     */
    public Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        if (readOnlyReason != null) {
            config.setReadOnly(true);
            return config.createConnection(logPending() ? url : "jdbc:sqlite:" + db.toUri() + "?immutable=1");
        }
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config.createConnection(url);
    }

    private boolean logPending() {
        try {
            Path wal = dir.resolve(DB_FILE + "-wal");
            return Files.exists(wal) && Files.size(wal) > 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Work done with a connection inside a transaction. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    /**
     * Runs {@code work} in one write transaction, committed at the end or rolled back on any failure;
     * retried with back-off while another process holds the write lock. A read-only workspace refuses.
     */
    public <T> T write(SqlWork<T> work) throws IOException {
        requireWritable();
        T result = withRetry(work, true);
        backups.afterWrite(this);
        return result;
    }

    /** Runs {@code work} on a consistent snapshot; nothing is written. */
    public <T> T read(SqlWork<T> work) throws IOException {
        return withRetry(work, false);
    }

    private <T> T withRetry(SqlWork<T> work, boolean write) throws IOException {
        long backoff = 20;
        for (int attempt = 0; ; attempt++) {
            try (Connection c = connect()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    if (write) {
                        c.commit();
                    } else {
                        c.rollback();
                    }
                    return result;
                } catch (SQLException | IOException | RuntimeException e) {
                    safeRollback(c);
                    throw e;
                }
            } catch (SQLException e) {
                if (isBusy(e) && attempt < MAX_RETRIES) {
                    sleep(backoff + ThreadLocalRandom.current().nextLong(backoff));
                    backoff = Math.min(backoff * 2, 2_000);
                    continue;
                }
                throw translate(e);
            }
        }
    }

    /** The failure in words for people. */
    private IOException translate(SQLException e) {
        if (isBusy(e)) {
            return new IOException("the workspace " + dir + " stayed busy for too long (another program is writing to it); try again", e);
        }
        if (FileTools.isDiskFull(e)) {
            return new IOException("workspace database " + db + ": the disk is full, so the change was not saved; free some space", e);
        }
        if (isDamage(e)) {
            return DamagedCatalogueException.damaged(dir, db, backups.latestGood(), e);
        }
        if (hasCode(e, SQLiteErrorCode.SQLITE_READONLY)) {
            return new IOException("the workspace " + dir + " is read-only, so nothing was changed", e);
        }
        return new IOException("workspace database " + db + ": " + e.getMessage(), e);
    }

    private static void safeRollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The original failure matters more than a failed rollback; closing discards the transaction.
        }
    }

    static boolean isBusy(SQLException e) {
        return hasCode(e, SQLiteErrorCode.SQLITE_BUSY) || hasCode(e, SQLiteErrorCode.SQLITE_LOCKED)
                || (e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY"));
    }

    /** Whether SQLite found the file damaged or not a database at all. */
    static boolean isDamage(SQLException e) {
        return hasCode(e, SQLiteErrorCode.SQLITE_CORRUPT) || hasCode(e, SQLiteErrorCode.SQLITE_NOTADB);
    }

    private static boolean hasCode(SQLException e, SQLiteErrorCode code) {
        return (e.getErrorCode() & 0xff) == code.code;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while waiting for the workspace", e));
        }
    }

    /** The schema version of this workspace's database. */
    public int schemaVersion() throws IOException {
        return read(Schema::version);
    }

    /**
     * Refuses a catalogue that fails SQLite's quick check (it reads every page once: cheap next to an import)
     * or that another program wrote.
     */
    private void checkCatalogue() throws IOException {
        boolean foreign;
        // Outside a transaction: each statement reads without the write lock, so writers elsewhere go on meanwhile.
        try (Connection c = connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                if (!rs.next() || !"ok".equals(rs.getString(1))) {
                    throw DamagedCatalogueException.damaged(dir, db, backups.latestGood(), null);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
                foreign = Schema.version(c) == 0 && rs.next() && rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw translate(e);
        }
        if (foreign) {
            throw new IOException(dir + " is not a SIGMA-PPG workspace (its " + DB_FILE + " was written by another program); "
                    + "choose an empty folder or an existing workspace");
        }
    }

    private void migrate() throws IOException {
        int version = schemaVersion();
        if (version > Schema.latestVersion()) {
            throw Schema.newer(dir, version);
        }
        if (version == Schema.latestVersion()) {
            return;
        }
        if (readOnlyReason != null) {
            throw new IOException(readOnlyReason + "; it was written by an older SIGMA-PPG and must be upgraded once by a "
                    + "process that may write it");
        }
        if (version > 0) {
            backups.takeNow(this);
        }
        withRetry(c -> {
            Schema.migrate(c, dir);
            return null;
        }, true);
    }

    /** The id in the root marker, created where it is missing or unreadable. */
    private String ensureId() throws IOException {
        Optional<String> existing = readId(dir);
        if (existing.isPresent()) {
            return existing.get();
        }
        Path marker = dir.resolve(WORKSPACE_MARKER);
        byte[] random = new byte[16];
        new java.security.SecureRandom().nextBytes(random);
        String fresh = HexFormat.of().formatHex(random);
        if (Files.exists(marker)) {
            // Torn by a kill while it was first written: nothing can name the id it was meant to hold.
            FileTools.writeStringAtomically(marker, fresh + "\n");
        } else {
            try {
                Files.writeString(marker, fresh + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                FileTools.ownerOnly(marker);
            } catch (FileAlreadyExistsException raced) {
                // Another process opening this workspace wrote its id first: that one is the workspace's.
            }
        }
        return readId(dir).orElse(fresh);
    }

    /** The id in the root marker of the workspace {@code dir}, if it holds a whole one. */
    static Optional<String> readId(Path dir) {
        return readMarker(dir.resolve(WORKSPACE_MARKER));
    }

    private static Optional<String> readMarker(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return ID.matcher(text).matches() ? Optional.of(text) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Creates {@code folder} (a new entry of {@code cache/} or {@code runs/}) readable by its owner only, and
     * writes this workspace's marker in it before anything else: recovery removes no folder without it.
     */
    public Path createFolder(Path folder) throws IOException {
        requireWritable();
        Files.createDirectory(folder);
        FileTools.ownerOnly(folder);
        writeMarker(folder);
        return folder;
    }

    /** Marks {@code folder} as created by this workspace. */
    void writeMarker(Path folder) throws IOException {
        Path marker = folder.resolve(FOLDER_MARKER);
        boolean created = !Files.exists(marker);
        Files.writeString(marker, id + "\n", StandardCharsets.UTF_8);
        if (created) {
            FileTools.ownerOnly(marker);
        }
    }

    /** Whether {@code folder} carries this workspace's marker, so that the workbench provably created it. */
    boolean isOurs(Path folder) {
        return id != null && carriesMarker(folder, id);
    }

    static boolean carriesMarker(Path folder, String workspaceId) {
        return readMarker(folder.resolve(FOLDER_MARKER)).filter(workspaceId::equals).isPresent();
    }

    /**
     * First step of deleting {@code folder} (an entry of {@code cache/} or {@code runs/}): checks that every folder
     * in it may be changed, marks it as this process's and renames it to {@code .delete-NAME}, where no reader
     * looks. Until the row naming it is deleted, {@link #putBack} (or an opening, once this process is gone)
     * renames it back; after, removing it finishes the deletion.
     *
     * @return where the folder now is
     */
    public Path setAside(Path folder) throws IOException {
        requireWritable();
        Path aside = folder.resolveSibling(WorkspaceRecovery.DELETING + folder.getFileName());
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return aside;
        }
        try (var all = Files.walk(folder)) {
            for (Path p : all.filter(Files::isDirectory).toList()) {
                if (isReadOnly(p)) {
                    throw new IOException("cannot delete " + folder + ": " + p + " is read-only; nothing was deleted");
                }
            }
        }
        ProcessOwner.markOwned(folder);
        FileTools.moveAtomically(folder, aside);
        return aside;
    }

    /** Undoes {@link #setAside} of {@code folder} after the deletion of its row failed. */
    public void putBack(Path folder) throws IOException {
        Path aside = folder.resolveSibling(WorkspaceRecovery.DELETING + folder.getFileName());
        if (Files.isDirectory(aside, LinkOption.NOFOLLOW_LINKS) && !Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            FileTools.moveAtomically(aside, folder);
        }
        Files.deleteIfExists(folder.resolve(ProcessOwner.FILE));
    }

    /** The files of a workspace folder that are bookkeeping, not content: never copied out of it. */
    public static boolean isBookkeeping(Path file) {
        String name = file.getFileName().toString();
        return name.equals(FOLDER_MARKER) || name.equals(ProcessOwner.FILE);
    }
}
