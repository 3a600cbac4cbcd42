package org.sigmappg.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tidies what killed processes left in a workspace whose catalogue passed its check: folders under
 * {@code cache/} and {@code runs/} that no row names and deletions that stopped half-way (the runs whose process is
 * gone are {@link RunStore#markInterruptedRuns}'s). A folder is removed only when it carries this workspace's marker
 * (the workbench wrote it there when it created the folder) and no living process writes it; the one
 * exception is an unfinished {@code .import-*} folder that holds nothing but a marker being written. Folders
 * of a workspace written before markers existed are marked when the catalogue names them, and a folder no
 * one can prove is ours is never touched.
 */
final class WorkspaceRecovery {
    /** Prefix of a folder set aside for deletion, renamed back if the row that names it was never deleted. */
    static final String DELETING = ".delete-";
    private static final String UNFINISHED = ".import-";
    /** How long a new folder without its owner marker is left alone: far longer than writing the marker takes. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final Workspace workspace;

    WorkspaceRecovery(Workspace workspace) {
        this.workspace = workspace;
    }

    /** The folder names the catalogue holds: cache folders of datasets and ids of runs. */
    record Listed(Set<String> cacheFolders, Set<String> runs) {
        static Listed read(Connection c) throws SQLException {
            return new Listed(names(c, "SELECT cache_dir FROM datasets"), names(c, "SELECT id FROM runs"));
        }

        private static Set<String> names(Connection c, String sql) throws SQLException {
            Set<String> names = new HashSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }

    /** A folder and the owner marker it held when it was listed. */
    private record Candidate(Path folder, Optional<String> owner) {
    }

    void run() throws IOException {
        // Owner markers are read before the catalogue: a writer removes its marker only after committing its row.
        List<Candidate> cache = candidates(workspace.cacheDirectory());
        List<Candidate> runs = candidates(workspace.runsDirectory());
        Listed listed = workspace.read(Listed::read);
        adopt(workspace.cacheDirectory(), listed.cacheFolders());
        adopt(workspace.runsDirectory(), listed.runs());
        tidy(cache, listed.cacheFolders());
        tidy(runs, listed.runs());
    }

    private static List<Candidate> candidates(Path parent) throws IOException {
        List<Candidate> out = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
            for (Path p : ds) {
                out.add(new Candidate(p, readOwner(p)));
            }
        }
        return out;
    }

    /** Marks the folders the healthy catalogue names, so that they can be tidied once no row names them. */
    private void adopt(Path parent, Set<String> names) {
        for (String name : names) {
            Path folder = parent.resolve(name);
            if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) && !workspace.isOurs(folder)) {
                try {
                    workspace.writeMarker(folder);
                } catch (IOException e) {
                    // Unmarked, the folder is only ever kept: safe, and tried again at the next opening.
                }
            }
        }
    }

    private void tidy(List<Candidate> candidates, Set<String> listed) throws IOException {
        for (Candidate k : candidates) {
            Path folder = k.folder();
            String name = folder.getFileName().toString();
            if (k.owner().isPresent() && ProcessOwner.alive(k.owner().get())) {
                continue;
            }
            if (name.startsWith(DELETING)) {
                settleDeletion(workspace, folder, listed);
            } else if (listed.contains(name)) {
                if (k.owner().isPresent()) {
                    Files.deleteIfExists(folder.resolve(ProcessOwner.FILE));
                }
            } else if (workspace.isOurs(folder) ? k.owner().isPresent() || !isRecent(folder)
                    : name.startsWith(UNFINISHED) && holdsAtMostAMarker(folder) && !isRecent(folder)) {
                FileTools.deleteTree(folder);
            }
        }
    }

    /**
     * Finishes a deletion that stopped: the folder goes back under its name if the catalogue still names it (the
     * row's deletion was never committed), else it is removed.
     */
    static void settleDeletion(Workspace workspace, Path folder, Set<String> listed) throws IOException {
        String original = folder.getFileName().toString().substring(DELETING.length());
        Path back = folder.resolveSibling(original);
        if (listed.contains(original)) {
            if (!Files.exists(back, LinkOption.NOFOLLOW_LINKS)) {
                FileTools.moveAtomically(folder, back);
                Files.deleteIfExists(back.resolve(ProcessOwner.FILE));
            }
        } else if (workspace.isOurs(folder)) {
            FileTools.deleteTree(folder);
        }
    }

    /** A folder a creation killed before its marker was whole: empty, or holding the marker alone. */
    private static boolean holdsAtMostAMarker(Path folder) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                if (!p.getFileName().toString().equals(Workspace.FOLDER_MARKER)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRecent(Path folder) {
        try {
            Instant modified = Files.getLastModifiedTime(folder).toInstant();
            return modified.isAfter(Instant.now().minus(GRACE));
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<String> readOwner(Path folder) {
        try {
            Path marker = folder.resolve(ProcessOwner.FILE);
            return Files.exists(marker) ? Optional.of(Files.readString(marker, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
