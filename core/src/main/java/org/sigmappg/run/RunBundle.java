package org.sigmappg.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.sigmappg.io.SourceFolder;

/**
 * A finished run packed as a folder that travels between workspaces: {@code run.json} (the run record, its
 * metrics and its artifact list with SHA-256) beside the run's files. The sample set ships its tiny models
 * this way, so the workbench opens with codes and masks to inspect without training first.
 */
public final class RunBundle {
    public static final String RECORD = "run.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private RunBundle() {
    }

    /** What {@code run.json} holds. */
    record Contents(RunInfo run, List<RunStore.Metric> metrics, List<BundledArtifact> artifacts) {
    }

    /** An artifact by its path relative to the bundle folder. */
    record BundledArtifact(String name, String kind, String file, String sha256, long bytes) {
    }

    /**
     * Writes run {@code runId} into {@code target/ID/}: every file of its folder and its record. Only
     * finished runs travel: a running or stopped run's files may be mid-write or incomplete; and only whole
     * ones: every artifact must still match the SHA-256 recorded when it was written.
     */
    public static Path export(Workspace workspace, String runId, Path target) throws IOException {
        RunStore runs = new RunStore(workspace);
        RunInfo run = runs.require(runId);
        if (run.status() != RunStatus.FINISHED) {
            throw new IllegalArgumentException(runId + " is " + run.status() + "; only finished runs can be exported");
        }
        Path source = workspace.runsDirectory().resolve(runId);
        List<BundledArtifact> artifacts = new ArrayList<>();
        for (RunStore.Artifact a : runs.artifacts(runId)) {
            if (!a.path().startsWith(source)) {
                continue;
            }
            String rel = source.relativize(a.path()).toString().replace('\\', '/');
            checkRecorded(workspace, runId, a);
            artifacts.add(new BundledArtifact(a.name(), a.kind(), rel, a.sha256(), a.bytes()));
        }
        Path out = target.resolve(runId);
        if (Files.exists(out)) {
            FileTools.deleteTree(out);
        }
        Files.createDirectories(out);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !Workspace.isBookkeeping(f)).toList()) {
                Path dest = out.resolve(source.relativize(f).toString());
                Files.createDirectories(dest.getParent());
                Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<RunStore.Metric> metrics = new ArrayList<>();
        runs.metrics(runId).values().forEach(metrics::addAll);
        RunInfo portable = new RunInfo(run.id(), run.kind(), run.dataset(), run.parent(), run.status(), run.params(), run.paramsHash(),
                run.seed(), run.datasetHash(), run.codeVersion(), run.engine(), run.device(), run.command(), run.created(),
                run.started(), run.ended(), null, null, run.heartbeat(), run.message(), run.summary());
        FileTools.writeStringAtomically(out.resolve(RECORD), GSON.toJson(new Contents(portable, metrics, artifacts)));
        return out;
    }

    /** Refuses to pass on an artifact that is no longer the file its run recorded. */
    private static void checkRecorded(Workspace workspace, String runId, RunStore.Artifact a) throws IOException {
        String name = workspace.directory().relativize(a.path()).toString().replace('\\', '/');
        if (!Files.isRegularFile(a.path())) {
            throw new IOException(runId + " cannot be exported: its " + a.kind() + " " + name + " is missing");
        }
        if (!FileTools.sha256(a.path()).equals(a.sha256())) {
            throw new IOException(runId + " cannot be exported: its " + a.kind() + " " + name + " is damaged (its SHA-256 does not "
                    + "match the one recorded when it was written)");
        }
    }

    /**
     * Enters the bundled run in {@code workspace} (its files copied into the run folder, checked against their
     * SHA-256), naming {@code dataset} as its dataset and {@code parent} as its parent run. The run keeps its id
     * unless the workspace already has another run of that id; then it gets the next free one. A bundle
     * imported before (same parameters hash and creation time) is not imported twice.
     *
     * @return the run's id in the workspace
     */
    public static String importInto(Workspace workspace, Path bundle, String dataset, String parent) throws IOException {
        Path record = bundle.resolve(RECORD);
        if (!Files.exists(record)) {
            throw new IOException(bundle + " is not a run bundle (no " + RECORD + ")");
        }
        Contents c = GSON.fromJson(Files.readString(record, StandardCharsets.UTF_8), Contents.class);
        // The id names the run's folder in the workspace: a path in it would write (and first delete) elsewhere.
        if (c.run().id() == null || !RUN_ID.matcher(c.run().id()).matches()) {
            throw new IOException(record + ": the run id '" + c.run().id() + "' is not a plain name (letters, digits, '.', '_',"
                    + " '-'); the bundle is refused");
        }
        SourceFolder folder = SourceFolder.strict(bundle);
        RunStore runs = new RunStore(workspace);
        for (RunInfo existing : runs.list()) {
            if (existing.paramsHash().equals(c.run().paramsHash()) && String.valueOf(existing.created()).equals(c.run().created())) {
                return existing.id();
            }
        }
        String id = freeId(runs, c.run().id());
        for (BundledArtifact a : c.artifacts()) {
            Path f = folder.resolve(bundle, a.file(), record, null, "the artifact " + a.name());
            if (!Files.exists(f) || !FileTools.sha256(f).equals(a.sha256())) {
                throw new IOException(bundle + ": " + a.file() + " is missing or damaged (SHA-256 differs from " + RECORD + ")");
            }
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(bundle)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(RECORD) && !Workspace.isBookkeeping(p)).toList();
        }
        for (Path f : files) {
            Optional<String> link = folder.whyNotFollowed(f);
            if (link.isPresent()) {
                throw new IOException(f + ": " + link.get() + "; a run bundle must hold its own files");
            }
        }
        Path dir = workspace.runsDirectory().resolve(id);
        Path tmp = workspace.runsDirectory().resolve(".import-" + id);
        FileTools.deleteTree(tmp);
        workspace.createFolder(tmp);
        ProcessOwner.markOwned(tmp);
        for (Path f : files) {
            Path dest = tmp.resolve(bundle.relativize(f).toString());
            FileTools.createOwnerOnlyDirectories(dest.getParent());
            Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
            FileTools.ownerOnly(dest);
        }
        // Fails rather than replace a folder that holds something: freeId passed over every name in use.
        FileTools.moveAtomically(tmp, dir);
        RunInfo r = c.run();
        try {
            insertRun(workspace, id, dataset, parent, r, c, dir);
        } catch (IOException | RuntimeException e) {
            FileTools.deleteTree(dir);
            throw e;
        }
        Files.deleteIfExists(dir.resolve(ProcessOwner.FILE));
        return id;
    }

    private static void insertRun(Workspace workspace, String id, String dataset, String parent, RunInfo r, Contents c, Path dir)
            throws IOException {
        workspace.write(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("""
                    INSERT INTO runs(id, kind, dataset, parent, status, params, params_hash, seed, dataset_hash, code_version, engine,
                      device, command, created, started, ended, message, summary) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")) {
                Object[] v = {id, r.kind(), dataset, parent, r.status().name(), r.params(), r.paramsHash(), r.seed(),
                        r.datasetHash(), r.codeVersion(), r.engine(), r.device(), r.command(), r.created(), r.started(), r.ended(),
                        r.message(), summaryUnder(r.summary(), r.id(), id)};
                for (int i = 0; i < v.length; i++) {
                    ps.setObject(i + 1, v[i]);
                }
                ps.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO run_metrics(run_id, step, epoch, name, value, time) VALUES (?,?,?,?,?,?)")) {
                for (RunStore.Metric m : c.metrics()) {
                    ps.setString(1, id);
                    ps.setLong(2, m.step());
                    ps.setInt(3, m.epoch());
                    ps.setString(4, m.name());
                    ps.setDouble(5, m.value());
                    ps.setString(6, r.ended() == null ? "" : r.ended());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO artifacts(run_id, name, kind, path, sha256, bytes, created) VALUES (?,?,?,?,?,?,?)")) {
                for (BundledArtifact a : c.artifacts()) {
                    ps.setString(1, id);
                    ps.setString(2, a.name());
                    ps.setString(3, a.kind());
                    ps.setString(4, workspace.directory().relativize(dir.resolve(a.file())).toString());
                    ps.setString(5, a.sha256());
                    ps.setLong(6, a.bytes());
                    ps.setString(7, r.ended() == null ? "" : r.ended());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** The stored summary with its {@code run} field naming the id the run has in this workspace. */
    static String summaryUnder(String summary, String oldId, String newId) {
        if (summary == null || oldId.equals(newId)) {
            return summary;
        }
        try {
            com.google.gson.JsonElement e = com.google.gson.JsonParser.parseString(summary);
            if (e.isJsonObject() && e.getAsJsonObject().has("run") && oldId.equals(e.getAsJsonObject().get("run").getAsString())) {
                e.getAsJsonObject().addProperty("run", newId);
                return new Gson().toJson(e);
            }
        } catch (RuntimeException notJson) {
            // A summary that is not a JSON object is kept as it was.
        }
        return summary;
    }

    /** {@code wanted}, or the next id that neither a run nor a folder of {@code runs/} has. */
    private static String freeId(RunStore runs, String wanted) throws IOException {
        Path folder = runs.workspace().runsDirectory();
        if (runs.get(wanted).isEmpty() && !Files.exists(folder.resolve(wanted))) {
            return wanted;
        }
        int dash = wanted.lastIndexOf('-');
        String prefix = dash > 0 ? wanted.substring(0, dash) : wanted;
        for (int n = 1; ; n++) {
            String candidate = String.format(java.util.Locale.ROOT, "%s-%04d", prefix, n);
            if (runs.get(candidate).isEmpty() && !Files.exists(folder.resolve(candidate))) {
                return candidate;
            }
        }
    }

    /**
     * Imports every bundle in {@code folder} (each a sub-folder with {@code run.json}), parents before
     * children, with parent ids mapped to the ids the parents received.
     *
     * @return bundled id to the id in the workspace
     */
    public static Map<String, String> importAll(Workspace workspace, Path folder, String dataset) throws IOException {
        Map<String, String> ids = new LinkedHashMap<>();
        if (!Files.isDirectory(folder)) {
            return ids;
        }
        List<Contents> parents = new ArrayList<>();
        List<Contents> children = new ArrayList<>();
        Map<String, Path> where = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.sorted().toList()) {
                if (Files.exists(p.resolve(RECORD))) {
                    Contents c = GSON.fromJson(Files.readString(p.resolve(RECORD), StandardCharsets.UTF_8), Contents.class);
                    where.put(c.run().id(), p);
                    (c.run().parent() == null ? parents : children).add(c);
                }
            }
        }
        // Tokenizer runs first: pre-training runs name them as parents.
        for (Contents c : parents) {
            ids.put(c.run().id(), importInto(workspace, where.get(c.run().id()), dataset, null));
        }
        for (Contents c : children) {
            ids.put(c.run().id(), importInto(workspace, where.get(c.run().id()), dataset, ids.getOrDefault(c.run().parent(), c.run().parent())));
        }
        return ids;
    }
}
