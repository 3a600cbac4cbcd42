package org.sigmappg.data;

import com.google.gson.Gson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.signal.DroppedWindow;
import org.sigmappg.signal.PreprocessParams;

/**
 * Writes a dataset's rows into the catalogue that {@link Catalogue} reads: the dataset, its subjects and their labels,
 * its records with their labels, label series and dropped stretches, and its windows with their labels and levels. The
 * one place that inserts these tables; the caller runs it inside the workspace's write transaction.
 */
final class CatalogueWriter {
    private static final Gson GSON = new Gson();

    private CatalogueWriter() {
    }

    /**
     * The dataset row.
     *
     * @param source the imported file or folder, absolute
     * @param cacheDir the name of its window cache folder in the workspace's cache
     */
    record DatasetRow(String name, String source, ImportRecipe recipe, PreprocessParams params, int records, int subjects, int windows,
                      int droppedWindows, List<DatasetInfo.SkippedFile> skipped, List<String> warnings, String cacheDir,
                      String manifestHash, List<String> channels) {
    }

    /**
     * A record as committed: its place in the dataset and where each of its windows starts in the cache.
     *
     * @param index the record's index in the dataset (its signal files' number)
     * @param sampleOffsets per window, the float offset of its first sample in {@code windows.f32}
     * @param patchOffsets per window, the offset of its first patch in {@code patches.f32}
     */
    record RecordRow(int index, ImportedRecord record, long[] sampleOffsets, long[] patchOffsets) {
    }

    /** The cache folder of the dataset named {@code name}, which the caller may delete, or null if there is none. */
    static String cacheDirOf(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT cache_dir FROM datasets WHERE name=?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Deletes the dataset named {@code name} and its rows (the schema cascades). */
    static void delete(Connection c, String name) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM datasets WHERE name=?")) {
            del.setString(1, name);
            del.executeUpdate();
        }
    }

    /** Inserts the dataset and everything under it. */
    static void insert(Connection c, DatasetRow d, Set<String> subjects, Map<String, Map<String, Catalogue.LabelValue>> subjectLabels,
                       List<RecordRow> records) throws SQLException {
        long datasetId;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO datasets(name, source, layout, recipe, preprocess, created, records, subjects, windows,
                  dropped_windows, skipped, warnings, cache_dir, manifest_hash, patch_samples, fs, channels)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, d.name());
            ps.setString(2, d.source());
            ps.setString(3, d.recipe().layout());
            ps.setString(4, d.recipe().toJson());
            ps.setString(5, GSON.toJson(d.params()));
            ps.setString(6, Instant.now().toString());
            ps.setInt(7, d.records());
            ps.setInt(8, d.subjects());
            ps.setInt(9, d.windows());
            ps.setInt(10, d.droppedWindows());
            ps.setString(11, GSON.toJson(d.skipped()));
            ps.setString(12, GSON.toJson(d.warnings()));
            ps.setString(13, d.cacheDir());
            ps.setString(14, d.manifestHash());
            ps.setInt(15, d.params().windows().patchSamples());
            ps.setDouble(16, d.params().targetRateHz());
            ps.setString(17, GSON.toJson(d.channels()));
            ps.executeUpdate();
            datasetId = generatedKey(ps);
        }
        Map<String, Long> subjectIds = insertSubjects(c, datasetId, subjects, subjectLabels);
        insertRecords(c, datasetId, subjectIds, records);
    }

    private static long generatedKey(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no row id returned");
            }
            return keys.getLong(1);
        }
    }

    private static Map<String, Long> insertSubjects(Connection c, long datasetId, Set<String> subjects,
                                                    Map<String, Map<String, Catalogue.LabelValue>> labels) throws SQLException {
        Map<String, Long> ids = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO subjects(dataset_id, name) VALUES (?,?)", Statement.RETURN_GENERATED_KEYS);
             PreparedStatement lp = c.prepareStatement("INSERT INTO subject_labels(subject_id, name, value, text, flag) VALUES (?,?,?,?,?)")) {
            for (String s : subjects) {
                ps.setLong(1, datasetId);
                ps.setString(2, s);
                ps.executeUpdate();
                long id = generatedKey(ps);
                ids.put(s, id);
                for (Catalogue.LabelValue v : labels.getOrDefault(s, Map.of()).values()) {
                    addLabel(lp, id, v);
                }
            }
            lp.executeBatch();
        }
        return ids;
    }

    private static void addLabel(PreparedStatement lp, long ownerId, Catalogue.LabelValue v) throws SQLException {
        lp.setLong(1, ownerId);
        lp.setString(2, v.name());
        if (v.value() != null) {
            lp.setDouble(3, v.value());
        } else {
            lp.setNull(3, Types.REAL);
        }
        lp.setString(4, v.text());
        lp.setString(5, v.flag());
        lp.addBatch();
    }

    private static void insertRecords(Connection c, long datasetId, Map<String, Long> subjectIds, List<RecordRow> rows) throws SQLException {
        try (PreparedStatement rp = c.prepareStatement("""
                INSERT INTO records(dataset_id, subject_id, idx, name, source, format, channel, channels, fs, samples, start,
                  missing_samples, flat_samples, clipped_samples, windows, annotations, warnings, kept_channels, content_hash)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", Statement.RETURN_GENERATED_KEYS);
             PreparedStatement wp = c.prepareStatement("""
                INSERT INTO windows(dataset_id, record_id, idx, start_sample, valid_samples, patches, sample_offset, patch_offset,
                  missing, flat, clipped, prior_mean) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", Statement.RETURN_GENERATED_KEYS);
             PreparedStatement lp = c.prepareStatement("INSERT INTO window_labels(window_id, name, value) VALUES (?,?,?)");
             PreparedStatement vp = c.prepareStatement("INSERT INTO window_levels(window_id, channel, dc, ac) VALUES (?,?,?,?)");
             PreparedStatement dp = c.prepareStatement("INSERT INTO dropped_windows(record_id, start_sample, samples, reason) VALUES (?,?,?,?)");
             PreparedStatement sp = c.prepareStatement("INSERT INTO label_series(record_id, name, unit, times, vals, flagged) VALUES (?,?,?,?,?,?)");
             PreparedStatement rl = c.prepareStatement("INSERT INTO record_labels(record_id, name, value, text, flag) VALUES (?,?,?,?,?)")) {
            for (RecordRow row : rows) {
                ImportedRecord r = row.record();
                rp.setLong(1, datasetId);
                rp.setLong(2, subjectIds.get(r.subject()));
                rp.setInt(3, row.index());
                rp.setString(4, r.recordName());
                rp.setString(5, r.file());
                rp.setString(6, r.format());
                RecordInfo.KeptChannel first = r.kept().get(0);
                rp.setString(7, first.name());
                rp.setString(8, GSON.toJson(r.channels()));
                rp.setDouble(9, first.fs());
                rp.setLong(10, first.samples());
                rp.setString(11, r.start());
                rp.setLong(12, first.missingSamples());
                rp.setLong(13, first.flatSamples());
                rp.setLong(14, first.clippedSamples());
                rp.setInt(15, r.windows().size());
                rp.setString(16, GSON.toJson(r.annotations()));
                rp.setString(17, GSON.toJson(r.warnings()));
                rp.setString(18, GSON.toJson(r.kept()));
                rp.setString(19, r.contentHash());
                rp.executeUpdate();
                long recordId = generatedKey(rp);
                for (Catalogue.LabelValue v : RecordLabels.of(r.format(), r.annotations()).values()) {
                    addLabel(rl, recordId, v);
                }
                for (int i = 0; i < r.windows().size(); i++) {
                    ImportedRecord.ImportedWindow w = r.windows().get(i);
                    wp.setLong(1, datasetId);
                    wp.setLong(2, recordId);
                    wp.setInt(3, i);
                    wp.setLong(4, w.start());
                    wp.setInt(5, w.validSamples());
                    wp.setInt(6, w.patches());
                    wp.setLong(7, row.sampleOffsets()[i]);
                    wp.setLong(8, row.patchOffsets()[i]);
                    wp.setDouble(9, w.missing());
                    wp.setDouble(10, w.flat());
                    wp.setDouble(11, w.clipped());
                    wp.setDouble(12, w.priorMean());
                    wp.executeUpdate();
                    long windowId = generatedKey(wp);
                    for (int ch = 0; ch < w.levels().size(); ch++) {
                        vp.setLong(1, windowId);
                        vp.setInt(2, ch);
                        setNullable(vp, 3, w.levels().get(ch).dc());
                        setNullable(vp, 4, w.levels().get(ch).ac());
                        vp.addBatch();
                    }
                    for (Map.Entry<String, Double> l : w.labels().entrySet()) {
                        lp.setLong(1, windowId);
                        lp.setString(2, l.getKey());
                        lp.setDouble(3, l.getValue());
                        lp.addBatch();
                    }
                }
                for (DroppedWindow d : r.dropped()) {
                    dp.setLong(1, recordId);
                    dp.setLong(2, d.start());
                    dp.setLong(3, d.length());
                    dp.setString(4, d.detail());
                    dp.addBatch();
                }
                for (LabelSeries ls : r.labelSeries()) {
                    sp.setLong(1, recordId);
                    sp.setString(2, ls.name());
                    sp.setString(3, ls.unit());
                    sp.setBytes(4, Catalogue.bytes(ls.times()));
                    sp.setBytes(5, Catalogue.bytes(ls.values()));
                    sp.setInt(6, r.flaggedLabels().getOrDefault(ls.name(), 0));
                    sp.addBatch();
                }
            }
            lp.executeBatch();
            vp.executeBatch();
            dp.executeBatch();
            sp.executeBatch();
            rl.executeBatch();
        }
    }

    /** A REAL that is NULL when not a finite number (SQLite has no NaN). */
    private static void setNullable(PreparedStatement ps, int index, double v) throws SQLException {
        if (Double.isFinite(v)) {
            ps.setDouble(index, v);
        } else {
            ps.setNull(index, Types.REAL);
        }
    }
}
