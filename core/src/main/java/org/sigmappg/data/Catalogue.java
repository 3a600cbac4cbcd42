package org.sigmappg.data;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.Workspace;
import org.sigmappg.signal.PreprocessParams;
import org.sigmappg.signal.WindowLevels;

/** Reads the dataset catalogue of a workspace: datasets, subjects, records, windows and labels ({@link CatalogueWriter} writes it). */
public final class Catalogue {
    private static final Gson GSON = new Gson();

    private final Workspace workspace;

    public Catalogue(Workspace workspace) {
        this.workspace = workspace;
    }

    public Workspace workspace() {
        return workspace;
    }

    public List<DatasetInfo> datasets() throws IOException {
        return workspace.read(c -> {
            List<DatasetInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM datasets ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(dataset(rs));
                }
            }
            return out;
        });
    }

    public Optional<DatasetInfo> dataset(String name) throws IOException {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM datasets WHERE name=?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(dataset(rs)) : Optional.<DatasetInfo>empty();
                }
            }
        });
    }

    /** The dataset, or an exception listing the ones that exist. */
    public DatasetInfo requireDataset(String name) throws IOException {
        Optional<DatasetInfo> d = dataset(name);
        if (d.isPresent()) {
            return d.get();
        }
        throw noSuchDataset(name, datasets().stream().map(DatasetInfo::name).toList());
    }

    private IOException noSuchDataset(String name, List<String> names) {
        return new IOException("no dataset named '" + name + "' in workspace " + workspace.directory()
                + (names.isEmpty() ? " (it has none yet; import one with: import PATH --name NAME)" : "; datasets: " + String.join(", ", names)));
    }

    private static DatasetInfo dataset(ResultSet rs) throws SQLException {
        List<DatasetInfo.SkippedFile> skipped = GSON.fromJson(rs.getString("skipped"),
                new TypeToken<List<DatasetInfo.SkippedFile>>() { }.getType());
        List<String> warnings = GSON.fromJson(rs.getString("warnings"), new TypeToken<List<String>>() { }.getType());
        ImportRecipe recipe = ImportRecipe.fromJson(rs.getString("recipe"));
        String channels = rs.getString("channels");
        // Imported before several channels were kept: one, as its recipe named it.
        List<String> names = channels != null ? GSON.fromJson(channels, new TypeToken<List<String>>() { }.getType())
                : List.of(recipe.chosenChannels().size() == 1 ? recipe.chosenChannels().get(0) : ImportTask.UNNAMED_CHANNEL);
        return new DatasetInfo(rs.getLong("id"), rs.getString("name"), rs.getString("source"), rs.getString("layout"),
                rs.getString("created"), rs.getInt("records"), rs.getInt("subjects"), rs.getInt("windows"),
                rs.getInt("dropped_windows"), skipped, warnings, rs.getString("cache_dir"), rs.getString("manifest_hash"),
                rs.getInt("patch_samples"), rs.getDouble("fs"), recipe, rs.getString("preprocess"), names);
    }

    /** Opens the dataset's window cache. */
    public WindowCache openCache(DatasetInfo d) throws IOException {
        return WindowCache.open(workspace.cacheDirectory().resolve(d.cacheDir()));
    }

    public List<RecordInfo> records(long datasetId) throws IOException {
        return workspace.read(c -> {
            List<RecordInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT r.*, s.name AS subject FROM records r JOIN subjects s ON s.id = r.subject_id WHERE r.dataset_id=? ORDER BY r.idx")) {
                ps.setLong(1, datasetId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(record(rs));
                    }
                }
            }
            return out;
        });
    }

    public Optional<RecordInfo> record(long datasetId, String recordName) throws IOException {
        return workspace.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT r.*, s.name AS subject FROM records r JOIN subjects s ON s.id = r.subject_id WHERE r.dataset_id=? AND r.name=?")) {
                ps.setLong(1, datasetId);
                ps.setString(2, recordName);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(record(rs)) : Optional.<RecordInfo>empty();
                }
            }
        });
    }

    /**
     * The record {@code text} names: its exact name, else the one record whose name or source path (without its
     * extension) ends with {@code /text}, so {@code left/s01} finds {@code raw/left/s01}.
     *
     * @throws IllegalArgumentException when none or several match, naming the candidates
     */
    public RecordInfo findRecord(DatasetInfo dataset, String text) throws IOException {
        Optional<RecordInfo> exact = record(dataset.id(), text);
        if (exact.isPresent()) {
            return exact.get();
        }
        String suffix = "/" + text.replace('\\', '/');
        List<RecordInfo> matches = new ArrayList<>();
        for (RecordInfo r : records(dataset.id())) {
            String source = r.source().replace('\\', '/');
            int dot = source.lastIndexOf('.');
            String stem = dot > source.lastIndexOf('/') ? source.substring(0, dot) : source;
            if (("/" + r.name()).endsWith(suffix) || ("/" + stem).endsWith(suffix) || ("/" + source).endsWith(suffix)) {
                matches.add(r);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("dataset " + dataset.name() + " has no record '" + text + "' (by name or by the end of its path); "
                    + "list them with: inspect " + dataset.name());
        }
        List<String> names = matches.stream().limit(12).map(r -> r.name() + " (" + r.source() + ")").toList();
        throw new IllegalArgumentException("'" + text + "' matches " + matches.size() + " records of " + dataset.name() + ": "
                + String.join(", ", names) + (matches.size() > 12 ? ", ..." : "") + "; give more of the path");
    }

    private static RecordInfo record(ResultSet rs) throws SQLException {
        List<String> channels = GSON.fromJson(rs.getString("channels"), new TypeToken<List<String>>() { }.getType());
        Map<String, String> ann = GSON.fromJson(rs.getString("annotations"), new TypeToken<LinkedHashMap<String, String>>() { }.getType());
        List<String> warnings = GSON.fromJson(rs.getString("warnings"), new TypeToken<List<String>>() { }.getType());
        String keptJson = rs.getString("kept_channels");
        List<RecordInfo.KeptChannel> kept = keptJson != null
                ? GSON.fromJson(keptJson, new TypeToken<List<RecordInfo.KeptChannel>>() { }.getType())
                : List.of(new RecordInfo.KeptChannel(rs.getString("channel"), "", rs.getDouble("fs"), rs.getLong("samples"),
                        rs.getLong("missing_samples"), rs.getLong("flat_samples"), rs.getLong("clipped_samples")));
        return new RecordInfo(rs.getLong("id"), rs.getLong("dataset_id"), rs.getString("subject"), rs.getInt("idx"),
                rs.getString("name"), rs.getString("source"), rs.getString("format"), rs.getString("channel"), channels,
                rs.getDouble("fs"), rs.getLong("samples"), rs.getString("start"), rs.getLong("missing_samples"),
                rs.getLong("flat_samples"), rs.getLong("clipped_samples"), rs.getInt("windows"), ann, warnings, kept,
                rs.getString("content_hash"));
    }

    /** Windows of one record, in time order. */
    public List<WindowInfo> windowsOfRecord(long recordId) throws IOException {
        return windows("WHERE w.record_id=? ORDER BY w.idx", recordId);
    }

    /** Every window of a dataset, in import order. */
    public List<WindowInfo> windowsOfDataset(long datasetId) throws IOException {
        return windows("WHERE w.dataset_id=? ORDER BY w.id", datasetId);
    }

    private List<WindowInfo> windows(String where, long key) throws IOException {
        return workspace.read(c -> {
            List<WindowInfo> out = new ArrayList<>();
            // Per dataset: its channel count and full window length, read once.
            Map<Long, int[]> shapes = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT w.*, s.name AS subject, d.channels AS dataset_channels, d.preprocess AS dataset_preprocess FROM windows w "
                            + "JOIN records r ON r.id = w.record_id JOIN subjects s ON s.id = r.subject_id "
                            + "JOIN datasets d ON d.id = w.dataset_id " + where)) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int[] shape = shapes.get(rs.getLong("dataset_id"));
                        if (shape == null) {
                            String channels = rs.getString("dataset_channels");
                            PreprocessParams p = GSON.fromJson(rs.getString("dataset_preprocess"), PreprocessParams.class);
                            shape = new int[] {channels == null ? 1 : GSON.fromJson(channels, List.class).size(), p.windows().windowSamples()};
                            shapes.put(rs.getLong("dataset_id"), shape);
                        }
                        out.add(new WindowInfo(rs.getLong("id"), rs.getLong("record_id"), rs.getString("subject"),
                                rs.getInt("idx"), rs.getLong("start_sample"), rs.getInt("valid_samples"),
                                rs.getInt("patches"), rs.getLong("sample_offset"), rs.getLong("patch_offset"),
                                rs.getDouble("missing"), rs.getDouble("flat"), rs.getDouble("clipped"),
                                rs.getDouble("prior_mean"), 0, shape[0], shape[1]));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The DC level and AC amplitude of every window of a dataset in raw units, per kept channel: window id to one
     * {@link WindowLevels} per channel, in the cache's order. Empty for a dataset imported before they were kept.
     */
    public Map<Long, WindowLevels[]> windowLevels(DatasetInfo d) throws IOException {
        return workspace.read(c -> {
            Map<Long, WindowLevels[]> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT l.window_id, l.channel, l.dc, l.ac FROM window_levels l JOIN windows w ON w.id = l.window_id WHERE w.dataset_id=?")) {
                ps.setLong(1, d.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        WindowLevels[] levels = out.computeIfAbsent(rs.getLong(1), k -> new WindowLevels[d.channels().size()]);
                        levels[rs.getInt(2)] = new WindowLevels(nullable(rs, 3), nullable(rs, 4));
                    }
                }
            }
            return out;
        });
    }

    /** A REAL column that may be NULL (SQLite stores NaN as NULL), as NaN. */
    private static double nullable(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    /** Windows dropped during pre-processing for one record, with their reasons. */
    public List<String> droppedWindows(long recordId) throws IOException {
        return workspace.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT start_sample, samples, reason FROM dropped_windows WHERE record_id=? ORDER BY start_sample")) {
                ps.setLong(1, recordId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add("samples " + rs.getLong(1) + "+" + rs.getLong(2) + ": " + rs.getString(3));
                    }
                }
            }
            return out;
        });
    }

    /** Label values per window of a dataset: window id to label name to value (time-aligned labels). */
    public Map<Long, Map<String, Double>> windowLabels(long datasetId) throws IOException {
        return workspace.read(c -> {
            Map<Long, Map<String, Double>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT l.window_id, l.name, l.value FROM window_labels l JOIN windows w ON w.id = l.window_id WHERE w.dataset_id=?")) {
                ps.setLong(1, datasetId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getDouble(3));
                    }
                }
            }
            return out;
        });
    }

    /** A label of a subject or record: a number, or a text for categorical labels, and a flag if implausible. */
    public record LabelValue(String name, Double value, String text, String flag) {
    }

    /** Per-subject labels of a dataset: subject name to labels. */
    public Map<String, Map<String, LabelValue>> subjectLabels(long datasetId) throws IOException {
        return workspace.read(c -> labels(c,
                "SELECT s.name, l.name, l.value, l.text, l.flag FROM subject_labels l JOIN subjects s ON s.id = l.subject_id WHERE s.dataset_id=?",
                datasetId));
    }

    /** Per-record labels of a dataset: record name to labels. */
    public Map<String, Map<String, LabelValue>> recordLabels(long datasetId) throws IOException {
        return workspace.read(c -> labels(c,
                "SELECT r.name, l.name, l.value, l.text, l.flag FROM record_labels l JOIN records r ON r.id = l.record_id WHERE r.dataset_id=?",
                datasetId));
    }

    private static Map<String, Map<String, LabelValue>> labels(Connection c, String sql, long datasetId) throws SQLException {
        Map<String, Map<String, LabelValue>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double v = rs.getDouble(3);
                    Double value = rs.wasNull() ? null : v;
                    out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .put(rs.getString(2), new LabelValue(rs.getString(2), value, rs.getString(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** Label series stored with a record (e.g. 1 Hz SpO2), times in seconds from the record start. */
    public List<LabelSeries> labelSeries(long recordId) throws IOException {
        return workspace.read(c -> {
            List<LabelSeries> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, unit, times, vals FROM label_series WHERE record_id=? ORDER BY name")) {
                ps.setLong(1, recordId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new LabelSeries(rs.getString(1), rs.getString(2), doubles(rs.getBytes(3)), doubles(rs.getBytes(4))));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Removes a dataset, its rows and its cache folder; refused while a run trains on it. The folder is set aside
     * ({@link Workspace#setAside}) before the row's deletion commits, in the same transaction that finds the row,
     * and removed after: a failure leaves the dataset whole, and a kill leaves what the next opening settles.
     *
     * @return the dataset removed
     */
    public DatasetInfo deleteDataset(String name) throws IOException {
        workspace.requireWritable();
        AtomicReference<Path> folder = new AtomicReference<>();
        AtomicReference<Path> aside = new AtomicReference<>();
        DatasetInfo removed;
        try {
            removed = workspace.write(c -> {
                DatasetInfo d;
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM datasets WHERE name=?")) {
                    ps.setString(1, name);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw noSuchDataset(name, names(c));
                        }
                        d = dataset(rs);
                    }
                }
                List<String> running = runningOn(c, name);
                if (!running.isEmpty()) {
                    throw new IllegalStateException("dataset " + name + " is in use by run " + String.join(", ", running)
                            + ", which is training now; nothing was deleted; wait for the run to end (or stop it), then delete the dataset");
                }
                folder.set(workspace.cacheDirectory().resolve(d.cacheDir()));
                aside.set(workspace.setAside(folder.get()));
                CatalogueWriter.delete(c, d.name());
                return d;
            });
        } catch (IOException | RuntimeException e) {
            if (aside.get() != null && stillNames(name, folder.get())) {
                workspace.putBack(folder.get());
            }
            throw e;
        }
        FileTools.deleteTree(aside.get());
        return removed;
    }

    /** Whether the catalogue still names {@code folder} as the dataset's cache; unknown counts as no (an opening settles it). */
    private boolean stillNames(String name, Path folder) {
        try {
            return dataset(name).filter(d -> folder.endsWith(d.cacheDir())).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> names(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM datasets ORDER BY name"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The runs training on the dataset now. */
    private static List<String> runningOn(Connection c, String dataset) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM runs WHERE dataset=? AND status='RUNNING' ORDER BY id")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    static byte[] bytes(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return b.array();
    }

    static double[] doubles(byte[] bytes) {
        double[] out = new double[bytes.length / Double.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
        return out;
    }
}
