package org.sigmappg.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The runs of a workspace: their provenance, status, per-epoch metrics and artifacts (files with their
 * SHA-256). A run's files live in {@code runs/ID/} of the workspace.
 */
public final class RunStore {
    private final Workspace workspace;

    public RunStore(Workspace workspace) {
        this.workspace = workspace;
    }

    public Workspace workspace() {
        return workspace;
    }

    /** The folder of a run's checkpoints, reports and artifacts (created on demand, carrying the workspace's marker). */
    public Path runDirectory(String runId) throws IOException {
        Path dir = workspace.runsDirectory().resolve(runId);
        if (!Files.isDirectory(dir)) {
            try {
                workspace.createFolder(dir);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // Another thread of the run created it first.
            }
        }
        return dir;
    }

    /** What a new run records about itself before it starts. */
    public record NewRun(String kind, String prefix, String dataset, String parent, String params, Long seed,
                         String datasetHash, String engine, String device, String command) {
    }

    /** Creates a run row with status QUEUED and a fresh id such as {@code tok-0003}. */
    public RunInfo create(NewRun r) throws IOException {
        String canonical = r.params();
        String hash = FileTools.sha256(canonical);
        String id = workspace.write(c -> {
            int next = 1;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM runs WHERE id LIKE ?")) {
                ps.setString(1, r.prefix() + "-%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String suffix = rs.getString(1).substring(r.prefix().length() + 1);
                        if (suffix.matches("\\d+")) {
                            next = Math.max(next, Integer.parseInt(suffix) + 1);
                        }
                    }
                }
            }
            String newId = String.format(Locale.ROOT, "%s-%04d", r.prefix(), next);
            // A folder that no row names but holds files (someone's own, or one an older version left) is passed over:
            // its files are not this run's. An empty one (a mount point prepared for the run, say) is the run's to use.
            while (occupied(workspace.runsDirectory().resolve(newId))) {
                newId = String.format(Locale.ROOT, "%s-%04d", r.prefix(), ++next);
            }
            String created = Instant.now().toString();
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO runs(id, kind, dataset, parent, status, params, params_hash, seed, dataset_hash, code_version,
                      engine, device, command, created) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")) {
                ps.setString(1, newId);
                ps.setString(2, r.kind());
                ps.setString(3, r.dataset());
                ps.setString(4, r.parent());
                ps.setString(5, RunStatus.QUEUED.name());
                ps.setString(6, canonical);
                ps.setString(7, hash);
                if (r.seed() != null) {
                    ps.setLong(8, r.seed());
                } else {
                    ps.setNull(8, java.sql.Types.INTEGER);
                }
                ps.setString(9, r.datasetHash());
                ps.setString(10, BuildInfo.version());
                ps.setString(11, r.engine());
                ps.setString(12, r.device());
                ps.setString(13, r.command());
                ps.setString(14, created);
                ps.executeUpdate();
            }
            addEvent(c, newId, created, Event.CREATED, null);
            return newId;
        });
        return require(id);
    }

    private static boolean occupied(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
        try (var entries = Files.list(p)) {
            return entries.findAny().isPresent();
        }
    }

    /**
     * Marks the run RUNNING in this process (pid and host recorded, so a dead process can be detected), and logs it as
     * started, or as resumed when it had started before.
     */
    public void markRunning(String id) throws IOException {
        String now = Instant.now().toString();
        boolean found = workspace.write(c -> {
            String started;
            try (PreparedStatement ps = c.prepareStatement("SELECT started FROM runs WHERE id=?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    started = rs.getString(1);
                }
            }
            execute(c, "UPDATE runs SET status='RUNNING', started=COALESCE(started, ?), ended=NULL, pid=?, host=?, heartbeat=?, message=NULL "
                    + "WHERE id=?", now, ProcessHandle.current().pid(), ProcessOwner.hostName(), now, id);
            addEvent(c, id, now, started == null ? Event.STARTED : Event.RESUMED, null);
            return true;
        });
        if (!found) {
            throw noRun(id);
        }
    }

    public void heartbeat(String id, String message) throws IOException {
        update(id, "UPDATE runs SET heartbeat=?, message=? WHERE id=?", Instant.now().toString(), message, id);
    }

    /** Ends the run with a final status, a plain-language message and its summary JSON (may be null), and logs how it ended. */
    public void finish(String id, RunStatus status, String message, String summaryJson) throws IOException {
        String now = Instant.now().toString();
        int n = workspace.write(c -> {
            int rows = execute(c, "UPDATE runs SET status=?, ended=?, message=?, summary=COALESCE(?, summary) WHERE id=?",
                    status.name(), now, message, summaryJson, id);
            if (rows > 0) {
                addEvent(c, id, now, Event.of(status), message);
            }
            return rows;
        });
        if (n == 0) {
            throw noRun(id);
        }
    }

    /** Records the device and engine actually used (they may differ from what was asked). */
    public void setEngine(String id, String engine, String device) throws IOException {
        update(id, "UPDATE runs SET engine=?, device=? WHERE id=?", engine, device, id);
    }

    private void update(String id, String sql, Object... args) throws IOException {
        int n = workspace.write(c -> execute(c, sql, args));
        if (n == 0) {
            throw noRun(id);
        }
    }

    private static int execute(java.sql.Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    private IOException noRun(String id) {
        return new IOException("no run " + id + " in workspace " + workspace.directory());
    }

    /** Appends an entry to a run's log, inside the caller's write. */
    static void addEvent(java.sql.Connection c, String id, String time, String event, String message) throws SQLException {
        execute(c, "INSERT INTO run_events(run_id, time, event, message) VALUES (?,?,?,?)", id, time, event, message);
    }

    /**
     * One entry of a run's log: it was created, started, resumed, or a stretch of running ended, named by the status it
     * left the run in (finished, cancelled, failed, interrupted), with the run's message then.
     */
    public record Event(String time, String name, String message) {
        public static final String CREATED = "created";
        public static final String STARTED = "started";
        public static final String RESUMED = "resumed";

        /** The event of a run ending with {@code status}: its name in lower case. */
        static String of(RunStatus status) {
            return status.name().toLowerCase(Locale.ROOT);
        }

        /** Whether the run began running here. */
        public boolean began() {
            return STARTED.equals(name) || RESUMED.equals(name);
        }

        /** Whether a stretch of running ended here. */
        public boolean stopped() {
            for (RunStatus s : RunStatus.values()) {
                if (s.finished() && of(s).equals(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A run's log, oldest first. */
    public List<Event> events(String id) throws IOException {
        return events(id, "WHERE run_id=?").getOrDefault(id, List.of());
    }

    /** Every run's log, by run id, oldest first. */
    public Map<String, List<Event>> events() throws IOException {
        return events(null, "");
    }

    private Map<String, List<Event>> events(String id, String where) throws IOException {
        return workspace.read(c -> {
            Map<String, List<Event>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, time, event, message FROM run_events " + where + " ORDER BY id")) {
                if (id != null) {
                    ps.setString(1, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Event(rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * How long a run has spent running: each stretch from a start or resume to the event that stopped it, and the
     * current stretch up to {@code now} while it runs, so that time it sat cancelled or queued does not count. A run
     * whose log holds no start (one imported from a bundle) counts from its start to its end. Zero before it starts.
     */
    public static java.time.Duration timeRunning(RunInfo run, List<Event> log, Instant now) {
        java.time.Duration total = java.time.Duration.ZERO;
        Instant open = null;
        boolean anyStart = false;
        for (Event e : log) {
            Instant t = instant(e.time());
            if (e.began() && t != null) {
                open = t;
                anyStart = true;
            } else if (e.stopped() && open != null && t != null) {
                total = total.plus(positive(open, t));
                open = null;
            }
        }
        if (!anyStart) {
            open = instant(run.started());
            if (open != null && run.status() != RunStatus.RUNNING) {
                Instant end = instant(run.ended());
                return end == null ? total : positive(open, end);
            }
        }
        if (open != null && run.status() == RunStatus.RUNNING) {
            total = total.plus(positive(open, now));
        }
        return total;
    }

    private static java.time.Duration positive(Instant from, Instant to) {
        java.time.Duration d = java.time.Duration.between(from, to);
        return d.isNegative() ? java.time.Duration.ZERO : d;
    }

    private static Instant instant(String iso) {
        if (iso == null || iso.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Stores metrics of one step/epoch in one transaction (replacing values logged before for the same step). */
    public void logMetrics(String id, int epoch, long step, Map<String, Double> values) throws IOException {
        String now = Instant.now().toString();
        workspace.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO run_metrics(run_id, step, epoch, name, value, time) VALUES (?,?,?,?,?,?)")) {
                for (Map.Entry<String, Double> e : values.entrySet()) {
                    if (e.getValue() == null) {
                        continue;
                    }
                    ps.setString(1, id);
                    ps.setLong(2, step);
                    ps.setInt(3, epoch);
                    ps.setString(4, e.getKey());
                    ps.setDouble(5, e.getValue());
                    ps.setString(6, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** One logged value. */
    public record Metric(long step, int epoch, String name, double value) {
    }

    /** Every metric of a run, by name, in step order. */
    public Map<String, List<Metric>> metrics(String id) throws IOException {
        return workspace.read(c -> {
            Map<String, List<Metric>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT step, epoch, name, value FROM run_metrics WHERE run_id=? ORDER BY name, step")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(3), k -> new ArrayList<>())
                                .add(new Metric(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getDouble(4)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * How far a run got by its metrics.
     *
     * @param epochs epochs with per-epoch figures logged (per-step figures, named {@code step_...}, do not complete one)
     * @param steps the last optimiser step logged
     */
    public record Progress(int epochs, long steps) {
    }

    /** Every run's progress, by run id (runs without metrics are absent); one aggregate query. */
    public Map<String, Progress> progress() throws IOException {
        return progress(null, "");
    }

    /** One run's progress, or empty before it logged any metric; cheap enough to poll (it reads the run's rows only). */
    public Optional<Progress> progress(String id) throws IOException {
        return Optional.ofNullable(progress(id, "WHERE run_id=?").get(id));
    }

    private Map<String, Progress> progress(String id, String where) throws IOException {
        return workspace.read(c -> {
            Map<String, Progress> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT run_id, MAX(CASE WHEN name NOT LIKE 'step\\_%' ESCAPE '\\' THEN epoch + 1 ELSE 0 END), MAX(step)
                    FROM run_metrics""" + " " + where + " GROUP BY run_id")) {
                if (id != null) {
                    ps.setString(1, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new Progress(rs.getInt(2), rs.getLong(3)));
                    }
                }
            }
            return out;
        });
    }

    /** A file a run produced. */
    public record Artifact(String name, String kind, Path path, String sha256, long bytes, String created) {
    }

    /** Records (or replaces) an artifact; the file must already be complete. */
    public Artifact addArtifact(String id, String name, String kind, Path file) throws IOException {
        Artifact a = new Artifact(name, kind, file.toAbsolutePath(), FileTools.sha256(file), Files.size(file), Instant.now().toString());
        workspace.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO artifacts(run_id, name, kind, path, sha256, bytes, created) VALUES (?,?,?,?,?,?,?)")) {
                ps.setString(1, id);
                ps.setString(2, name);
                ps.setString(3, kind);
                ps.setString(4, relativeToWorkspace(a.path()));
                ps.setString(5, a.sha256());
                ps.setLong(6, a.bytes());
                ps.setString(7, a.created());
                ps.executeUpdate();
            }
            return null;
        });
        return a;
    }

    private String relativeToWorkspace(Path p) {
        Path ws = workspace.directory();
        return p.startsWith(ws) ? ws.relativize(p).toString() : p.toString();
    }

    public List<Artifact> artifacts(String id) throws IOException {
        return workspace.read(c -> {
            List<Artifact> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, kind, path, sha256, bytes, created FROM artifacts WHERE run_id=? ORDER BY name")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Artifact(rs.getString(1), rs.getString(2), workspace.directory().resolve(rs.getString(3)),
                                rs.getString(4), rs.getLong(5), rs.getString(6)));
                    }
                }
            }
            return out;
        });
    }

    public Optional<Artifact> artifact(String id, String name) throws IOException {
        return artifacts(id).stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public Optional<RunInfo> get(String id) throws IOException {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM runs WHERE id=?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(run(rs)) : Optional.<RunInfo>empty();
                }
            }
        });
    }

    /** The run, or an exception listing the runs that exist. */
    public RunInfo require(String id) throws IOException {
        Optional<RunInfo> r = get(id);
        if (r.isPresent()) {
            return r.get();
        }
        List<String> ids = list().stream().map(RunInfo::id).toList();
        throw new IOException("no run " + id + " in workspace " + workspace.directory()
                + (ids.isEmpty() ? " (it has no runs yet)" : "; runs: " + String.join(", ", ids.subList(Math.max(0, ids.size() - 12), ids.size()))));
    }

    /** All runs, oldest first. */
    public List<RunInfo> list() throws IOException {
        return workspace.read(c -> {
            List<RunInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM runs ORDER BY created, id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(run(rs));
                }
            }
            return out;
        });
    }

    private static RunInfo run(ResultSet rs) throws SQLException {
        return new RunInfo(rs.getString("id"), rs.getString("kind"), rs.getString("dataset"), rs.getString("parent"),
                RunStatus.valueOf(rs.getString("status")), rs.getString("params"), rs.getString("params_hash"),
                nullableLong(rs, "seed"), rs.getString("dataset_hash"), rs.getString("code_version"), rs.getString("engine"),
                rs.getString("device"), rs.getString("command"), rs.getString("created"), rs.getString("started"),
                rs.getString("ended"), nullableLong(rs, "pid"), rs.getString("host"), rs.getString("heartbeat"),
                rs.getString("message"), rs.getString("summary"));
    }

    private static Long nullableLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    /** Removes a run's rows and files. */
    public void delete(String id) throws IOException {
        workspace.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM runs WHERE id=?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            return null;
        });
        FileTools.deleteTree(workspace.runsDirectory().resolve(id));
    }

    /** A RUNNING run's row and the process it names. */
    private record RunningRun(String id, long pid, String host, String lastSeen) {
    }

    /**
     * Marks INTERRUPTED the RUNNING runs whose process is gone (killed or crashed), and removes the temporary files their
     * atomic writes left. Run by a workspace opening for writing, after its folders are tidied.
     */
    void markInterruptedRuns() throws IOException {
        List<RunningRun> dead = workspace.read(c -> {
            List<RunningRun> runs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, pid, host, COALESCE(heartbeat, started) FROM runs WHERE status='RUNNING'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RunningRun r = new RunningRun(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4));
                    if (!ProcessOwner.alive(r.pid() + "@" + r.host())) {
                        runs.add(r);
                    }
                }
            }
            return runs;
        });
        if (dead.isEmpty()) {
            // Nothing to write: a listing on a full disk must not need to.
            return;
        }
        workspace.write(c -> {
            // The process is part of the condition: a run resumed since the read names its new, living one.
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE runs SET status='INTERRUPTED', ended=?, message=? WHERE id=? AND status='RUNNING' AND pid=? AND host=?")) {
                for (RunningRun r : dead) {
                    String message = "the process running it stopped without finishing (killed or crashed); resume it with --resume " + r.id();
                    up.setString(1, Instant.now().toString());
                    up.setString(2, message);
                    up.setString(3, r.id());
                    up.setLong(4, r.pid());
                    up.setString(5, r.host());
                    if (up.executeUpdate() > 0) {
                        // It was last seen alive at its last heartbeat: its time running ends there, not when this process noticed.
                        addEvent(c, r.id(), r.lastSeen() != null ? r.lastSeen() : Instant.now().toString(), Event.of(RunStatus.INTERRUPTED), message);
                    }
                }
            }
            return null;
        });
        for (RunningRun r : dead) {
            removeTemporaryFiles(workspace.runsDirectory().resolve(r.id()));
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
