package org.sigmappg.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * A folder holding one SQLite catalogue ({@code workspace.db}: datasets, records, windows, runs) and the
 * files it points to ({@code cache/} pre-processed windows, {@code runs/} checkpoints and reports).
 *
 * <p>Several processes may use one workspace at once (the workbench and a command line): the database
 * runs in WAL mode, write transactions take the write lock up front and are retried with back-off, so
 * "database is locked" never reaches a user. Opening a workspace also tidies what a killed process
 * left: unfinished imports are removed and runs whose process is gone are marked INTERRUPTED.
 */
public final class Workspace {
    public static final String DB_FILE = "workspace.db";
    /** Marker inside a cache folder that is still being written, holding the writer's {@code pid@host}. */
    public static final String OWNER_FILE = "OWNER";

    private static final int BUSY_TIMEOUT_MS = 15_000;
    private static final int MAX_RETRIES = 12;
    /** How long a new import folder without its owner marker is left alone: far longer than writing the marker takes. */
    private static final java.time.Duration UNMARKED_GRACE = java.time.Duration.ofSeconds(30);

    private final Path dir;
    private final Path db;
    private final String url;

    private Workspace(Path dir) {
        this.dir = dir;
        this.db = dir.resolve(DB_FILE);
        this.url = "jdbc:sqlite:" + db;
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

    /** Opens (creating if needed) the workspace in {@code dir}, migrating its schema and tidying up. */
    public static Workspace open(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IOException(abs + " is a file, not a workspace folder");
        }
        FileTools.createOwnerOnlyDirectories(abs);
        FileTools.createOwnerOnlyDirectories(abs.resolve("cache"));
        FileTools.createOwnerOnlyDirectories(abs.resolve("runs"));
        Workspace ws = new Workspace(abs);
        if (!Files.exists(ws.db)) {
            try {
                Files.createFile(ws.db);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // Another process created it first; fine.
            }
        }
        FileTools.ownerOnly(ws.db);
        ws.migrate();
        ws.recover();
        return ws;
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

    /** A new connection with the workspace's settings; the caller closes it. */
    public Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config.createConnection(url);
    }

    /** Work done with a connection inside a transaction. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    /**
     * Runs {@code work} in one write transaction, committed at the end or rolled back on any failure;
     * retried with back-off while another process holds the write lock.
     */
    public <T> T write(SqlWork<T> work) throws IOException {
        return withRetry(work, true);
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
                if (isBusy(e)) {
                    throw new IOException("the workspace " + dir + " stayed busy for too long (another program is writing to it); try again", e);
                }
                if (FileTools.isDiskFull(e)) {
                    throw new IOException("workspace database " + db + ": the disk is full, so the change was not saved; free some space", e);
                }
                throw new IOException("workspace database " + db + ": " + e.getMessage(), e);
            }
        }
    }

    private static void safeRollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The original failure matters more than a failed rollback; closing discards the transaction.
        }
    }

    static boolean isBusy(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code
                || (e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY"));
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
        return read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    private void migrate() throws IOException {
        write(c -> {
            int version;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > Schema.latestVersion()) {
                throw new IOException("workspace " + dir + " was written by a newer SIGMA-PPG (schema " + version
                        + ", this version knows " + Schema.latestVersion() + "); update the workbench or use another --workspace");
            }
            try (Statement s = c.createStatement()) {
                for (int v = version; v < Schema.latestVersion(); v++) {
                    for (String sql : Schema.MIGRATIONS.get(v)) {
                        s.execute(sql);
                    }
                }
                s.execute("PRAGMA user_version = " + Schema.latestVersion());
            }
            return null;
        });
    }

    /** {@code pid@host} of this process, written into markers and run rows. */
    public static String owner() {
        return ProcessHandle.current().pid() + "@" + hostName();
    }

    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Whether the process named by {@code pid@host} is alive; processes on other hosts count as alive. */
    public static boolean ownerAlive(String ownerText) {
        int at = ownerText.indexOf('@');
        if (at <= 0) {
            return false;
        }
        String host = ownerText.substring(at + 1).trim();
        if (!host.equals(hostName())) {
            return true;
        }
        try {
            long pid = Long.parseLong(ownerText.substring(0, at).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Writes the marker saying this process is writing {@code folder}: renamed into place, so no reader sees it
     * half-written, and not forced to disk, so the moment between creating the folder and marking it stays short
     * (after a power cut no writer is alive anyway).
     */
    public static void markOwned(Path folder) throws IOException {
        Path tmp = folder.resolve("." + OWNER_FILE + "." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(tmp, owner(), StandardCharsets.UTF_8);
        FileTools.ownerOnly(tmp);
        FileTools.moveAtomically(tmp, folder.resolve(OWNER_FILE));
    }

    /** Removes what killed processes left behind; safe while other live processes work. */
    private void recover() throws IOException {
        removeAbandonedCacheFolders();
        removeAbandonedRunFolders();
        markInterruptedRuns();
    }

    /** Removes run folders without a run row (a killed bundle import or deletion) and unfinished bundle imports. */
    private void removeAbandonedRunFolders() throws IOException {
        // The ids are read before the folders are listed: a run created in between has a folder too new to remove.
        Set<String> ids = read(c -> {
            Set<String> names = new HashSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM runs")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(runsDirectory(), Files::isDirectory)) {
            for (Path p : ds) {
                candidates.add(p);
            }
        }
        for (Path p : candidates) {
            String name = p.getFileName().toString();
            if ((name.startsWith(".import-") || !ids.contains(name)) && !mayBeInProgress(p)) {
                FileTools.deleteTree(p);
            }
        }
    }

    /** Whether another process may still be writing {@code folder}: its marked owner lives, or it is too new to be marked yet. */
    private static boolean mayBeInProgress(Path folder) {
        Optional<String> ownerText = readOwner(folder);
        return ownerText.isPresent() ? ownerAlive(ownerText.get()) : isRecent(folder);
    }

    private void removeAbandonedCacheFolders() throws IOException {
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(cacheDirectory())) {
            for (Path p : ds) {
                candidates.add(p);
            }
        }
        for (Path p : candidates) {
            Optional<String> ownerText = readOwner(p);
            if (ownerText.isPresent() && ownerAlive(ownerText.get())) {
                continue;
            }
            String name = p.getFileName().toString();
            boolean unfinished = name.startsWith(".import-");
            if (unfinished && ownerText.isEmpty() && isRecent(p)) {
                // A writer creates its folder, then its marker: another process may be between the two.
                continue;
            }
            // The owner marker is checked before the catalogue: a writer removes it only after committing.
            if (unfinished || !referencedCacheFolders().contains(name)) {
                FileTools.deleteTree(p);
            } else if (ownerText.isPresent()) {
                Files.deleteIfExists(p.resolve(OWNER_FILE));
            }
        }
    }

    private static boolean isRecent(Path folder) {
        try {
            Instant modified = Files.getLastModifiedTime(folder).toInstant();
            return modified.isAfter(Instant.now().minus(UNMARKED_GRACE));
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<String> readOwner(Path folder) {
        try {
            Path marker = folder.resolve(OWNER_FILE);
            return Files.exists(marker) ? Optional.of(Files.readString(marker, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Set<String> referencedCacheFolders() throws IOException {
        return read(c -> {
            Set<String> names = new HashSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT cache_dir FROM datasets")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    private void markInterruptedRuns() throws IOException {
        List<String> interrupted = write(c -> {
            List<String> dead = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, pid, host FROM runs WHERE status='RUNNING'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String ownerText = rs.getLong(2) + "@" + rs.getString(3);
                    if (!ownerAlive(ownerText)) {
                        dead.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE runs SET status='INTERRUPTED', ended=?, message=? WHERE id=? AND status='RUNNING'")) {
                for (String id : dead) {
                    up.setString(1, Instant.now().toString());
                    up.setString(2, "the process running it stopped without finishing (killed or crashed); resume it with --resume " + id);
                    up.setString(3, id);
                    up.executeUpdate();
                }
            }
            return dead;
        });
        for (String id : interrupted) {
            removeTemporaryFiles(runsDirectory().resolve(id));
        }
    }

    /** Deletes the temporary files of atomic writes (see {@link FileTools#writeAtomically}) that a killed process left. */
    private static void removeTemporaryFiles(Path runDir) throws IOException {
        if (!Files.isDirectory(runDir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(runDir, FileTools.TEMPORARY_GLOB)) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
    }
}
