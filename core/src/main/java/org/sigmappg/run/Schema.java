package org.sigmappg.run;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The workspace database schema as an ordered list of migrations. {@code PRAGMA user_version} holds the
 * number of migrations applied; a workspace written by a newer version is refused, never altered.
 */
final class Schema {
    private Schema() {
    }

    /** Migration {@code i} brings a database from version {@code i} to {@code i + 1}. Append only. */
    static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    """
                    CREATE TABLE datasets(
                      id INTEGER PRIMARY KEY,
                      name TEXT NOT NULL UNIQUE,
                      source TEXT NOT NULL,
                      layout TEXT NOT NULL,
                      recipe TEXT NOT NULL,
                      preprocess TEXT NOT NULL,
                      created TEXT NOT NULL,
                      records INTEGER NOT NULL,
                      subjects INTEGER NOT NULL,
                      windows INTEGER NOT NULL,
                      dropped_windows INTEGER NOT NULL,
                      skipped TEXT NOT NULL,
                      warnings TEXT NOT NULL,
                      cache_dir TEXT NOT NULL,
                      manifest_hash TEXT NOT NULL,
                      patch_samples INTEGER NOT NULL,
                      fs REAL NOT NULL)
                    """,
                    """
                    CREATE TABLE subjects(
                      id INTEGER PRIMARY KEY,
                      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                      name TEXT NOT NULL,
                      UNIQUE(dataset_id, name))
                    """,
                    """
                    CREATE TABLE subject_labels(
                      subject_id INTEGER NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
                      name TEXT NOT NULL,
                      value REAL,
                      text TEXT,
                      flag TEXT,
                      PRIMARY KEY(subject_id, name))
                    """,
                    """
                    CREATE TABLE records(
                      id INTEGER PRIMARY KEY,
                      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                      subject_id INTEGER NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
                      idx INTEGER NOT NULL,
                      name TEXT NOT NULL,
                      source TEXT NOT NULL,
                      format TEXT NOT NULL,
                      channel TEXT NOT NULL,
                      channels TEXT NOT NULL,
                      fs REAL NOT NULL,
                      samples INTEGER NOT NULL,
                      start TEXT,
                      missing_samples INTEGER NOT NULL,
                      flat_samples INTEGER NOT NULL,
                      clipped_samples INTEGER NOT NULL,
                      windows INTEGER NOT NULL,
                      annotations TEXT NOT NULL,
                      warnings TEXT NOT NULL,
                      UNIQUE(dataset_id, name))
                    """,
                    """
                    CREATE TABLE record_labels(
                      record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
                      name TEXT NOT NULL,
                      value REAL,
                      text TEXT,
                      flag TEXT,
                      PRIMARY KEY(record_id, name))
                    """,
                    """
                    CREATE TABLE label_series(
                      record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
                      name TEXT NOT NULL,
                      unit TEXT NOT NULL,
                      times BLOB NOT NULL,
                      vals BLOB NOT NULL,
                      flagged INTEGER NOT NULL,
                      PRIMARY KEY(record_id, name))
                    """,
                    """
                    CREATE TABLE windows(
                      id INTEGER PRIMARY KEY,
                      dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                      record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
                      idx INTEGER NOT NULL,
                      start_sample INTEGER NOT NULL,
                      valid_samples INTEGER NOT NULL,
                      patches INTEGER NOT NULL,
                      sample_offset INTEGER NOT NULL,
                      patch_offset INTEGER NOT NULL,
                      missing REAL NOT NULL,
                      flat REAL NOT NULL,
                      clipped REAL NOT NULL,
                      prior_mean REAL NOT NULL)
                    """,
                    "CREATE INDEX windows_by_dataset ON windows(dataset_id, id)",
                    "CREATE INDEX windows_by_record ON windows(record_id, idx)",
                    """
                    CREATE TABLE window_labels(
                      window_id INTEGER NOT NULL REFERENCES windows(id) ON DELETE CASCADE,
                      name TEXT NOT NULL,
                      value REAL NOT NULL,
                      PRIMARY KEY(window_id, name))
                    """,
                    """
                    CREATE TABLE dropped_windows(
                      record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
                      start_sample INTEGER NOT NULL,
                      samples INTEGER NOT NULL,
                      reason TEXT NOT NULL)
                    """,
                    """
                    CREATE TABLE runs(
                      id TEXT PRIMARY KEY,
                      kind TEXT NOT NULL,
                      dataset TEXT,
                      parent TEXT,
                      status TEXT NOT NULL,
                      params TEXT NOT NULL,
                      params_hash TEXT NOT NULL,
                      seed INTEGER,
                      dataset_hash TEXT,
                      code_version TEXT NOT NULL,
                      engine TEXT,
                      device TEXT,
                      command TEXT,
                      created TEXT NOT NULL,
                      started TEXT,
                      ended TEXT,
                      pid INTEGER,
                      host TEXT,
                      heartbeat TEXT,
                      message TEXT,
                      summary TEXT)
                    """,
                    """
                    CREATE TABLE run_metrics(
                      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                      step INTEGER NOT NULL,
                      epoch INTEGER NOT NULL,
                      name TEXT NOT NULL,
                      value REAL NOT NULL,
                      time TEXT NOT NULL,
                      PRIMARY KEY(run_id, name, step))
                    """,
                    """
                    CREATE TABLE artifacts(
                      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                      name TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      path TEXT NOT NULL,
                      sha256 TEXT NOT NULL,
                      bytes INTEGER NOT NULL,
                      created TEXT NOT NULL,
                      PRIMARY KEY(run_id, name))
                    """),
            // The run log: when each run was created, started, stopped and resumed, so that its time spent running
            // leaves out the time it sat cancelled. Runs recorded before are given the events their row still shows.
            List.of(
                    """
                    CREATE TABLE run_events(
                      id INTEGER PRIMARY KEY,
                      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                      time TEXT NOT NULL,
                      event TEXT NOT NULL,
                      message TEXT)
                    """,
                    "CREATE INDEX run_events_by_run ON run_events(run_id, id)",
                    """
                    INSERT INTO run_events(run_id, time, event, message)
                      SELECT run_id, time, event, message FROM (
                        SELECT id AS run_id, created AS time, 'created' AS event, NULL AS message, 0 AS phase FROM runs
                        UNION ALL SELECT id, started, 'started', NULL, 1 FROM runs WHERE started IS NOT NULL
                        UNION ALL SELECT id, ended, lower(status), message, 2 FROM runs
                          WHERE ended IS NOT NULL AND status NOT IN ('QUEUED', 'RUNNING'))
                      ORDER BY run_id, phase
                    """),
            // Several PPG channels per record, what min-max scaling throws away, and the recordings' identity.
            List.of(
                    // The PPG channels kept, as asked (JSON list of names); NULL: imported with one, named per record.
                    "ALTER TABLE datasets ADD COLUMN channels TEXT",
                    // The record's PPG channels in the file, in the cache's order (JSON list); NULL: its one `channel`.
                    "ALTER TABLE records ADD COLUMN kept_channels TEXT",
                    // SHA-256 of the recording's decoded channels, whatever was kept of it; NULL: imported before.
                    "ALTER TABLE records ADD COLUMN content_hash TEXT",
                    """
                    CREATE TABLE window_levels(
                      window_id INTEGER NOT NULL REFERENCES windows(id) ON DELETE CASCADE,
                      channel INTEGER NOT NULL,
                      dc REAL,
                      ac REAL,
                      PRIMARY KEY(window_id, channel))
                    """));

    static int latestVersion() {
        return MIGRATIONS.size();
    }

    /** The schema version of the database {@code c} is connected to. */
    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * Brings the database of the workspace {@code dir} up to the latest version in the caller's write transaction. Its
     * version is read again here: another process may have migrated it, or a newer version written it, since it was opened.
     */
    static void migrate(Connection c, Path dir) throws SQLException, IOException {
        int current = version(c);
        if (current > latestVersion()) {
            throw newer(dir, current);
        }
        try (Statement s = c.createStatement()) {
            for (int v = current; v < latestVersion(); v++) {
                for (String sql : MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
            }
            s.execute("PRAGMA user_version = " + latestVersion());
        }
    }

    /** The refusal of a workspace that a newer version wrote: it is never altered. */
    static IOException newer(Path dir, int version) {
        return new IOException("workspace " + dir + " was written by a newer SIGMA-PPG (schema " + version
                + ", this version knows " + latestVersion() + "); update the workbench or use another --workspace");
    }
}
