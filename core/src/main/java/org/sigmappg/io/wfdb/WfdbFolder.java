package org.sigmappg.io.wfdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.sigmappg.io.ReadException;

/** Finds the WFDB records in a folder tree, leaving out the headers that are only parts of another record. */
public final class WfdbFolder {
    private WfdbFolder() {
    }

    /**
     * The signal files that the headers among {@code files} name, as absolute normalised paths: files that
     * belong to a record and are no recordings of their own, whatever their names (MIMIC-IV, for one, stores
     * a record's signals in files named apart from its header). Headers that cannot be parsed name none.
     */
    public static Set<Path> signalFiles(Collection<Path> files) {
        Set<Path> named = new HashSet<>();
        for (Path file : files) {
            if (!isHeader(file)) {
                continue;
            }
            try {
                for (WfdbHeader.Signal s : WfdbHeader.read(file).signals()) {
                    if (s.hasData()) {
                        named.add(file.toAbsolutePath().resolveSibling(s.fileName()).normalize());
                    }
                }
            } catch (ReadException e) {
                // Reading the header as a record reports its problem; here it only names no signal files.
            }
        }
        return named;
    }

    /**
     * The multi-segment master headers in the folder of {@code header} that name it as one of their
     * segments, sorted by path; headers that cannot be parsed are passed over.
     */
    static List<Path> mastersNaming(Path header) throws IOException {
        Path wanted = header.toAbsolutePath().normalize();
        List<Path> masters = new ArrayList<>();
        try (Stream<Path> files = Files.list(wanted.getParent())) {
            for (Path file : files.filter(WfdbFolder::isHeader).filter(Files::isRegularFile).sorted().toList()) {
                try {
                    if (WfdbHeader.read(file).segments().stream()
                            .anyMatch(s -> file.resolveSibling(s.name() + ".hea").normalize().equals(wanted))) {
                        masters.add(file);
                    }
                } catch (ReadException e) {
                    // Not a master header this layout could belong to; reading that file reports its own problem.
                }
            }
        }
        return masters;
    }

    private static boolean isHeader(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".hea");
    }

    /**
     * The header files under {@code dir} (and its sub-folders) that are records in their own right,
     * sorted by path: see {@link #recordHeaders(Collection)}.
     */
    public static List<Path> recordHeaders(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return recordHeaders(files.filter(Files::isRegularFile).toList());
        }
    }

    /**
     * The header files among {@code files} that are records in their own right, sorted by path: not layout
     * headers, and not segments of a multi-segment master header in the same folder. A header that cannot be
     * parsed is listed, and so is a multi-segment header that another names as its segment (or that names
     * itself), so that reading it reports the problem instead of the record silently vanishing.
     */
    public static List<Path> recordHeaders(Collection<Path> files) {
        Map<Path, List<Path>> byFolder = files.stream()
                .filter(WfdbFolder::isHeader)
                .collect(Collectors.groupingBy(p -> p.toAbsolutePath().getParent(), TreeMap::new, Collectors.toList()));
        List<Path> records = new ArrayList<>();
        for (List<Path> headers : byFolder.values()) {
            Set<Path> parts = new HashSet<>();
            Set<Path> masters = new HashSet<>();
            List<Path> candidates = new ArrayList<>();
            for (Path file : headers) {
                WfdbHeader header;
                try {
                    header = WfdbHeader.read(file);
                } catch (ReadException e) {
                    candidates.add(file);
                    continue;
                }
                if (header.isLayout()) {
                    continue;
                }
                if (header.isMultiSegment()) {
                    masters.add(file.normalize());
                }
                for (WfdbHeader.Segment segment : header.segments()) {
                    parts.add(file.resolveSibling(segment.name() + ".hea").normalize());
                }
                candidates.add(file);
            }
            for (Path file : candidates) {
                Path normal = file.normalize();
                if (!parts.contains(normal) || masters.contains(normal)) {
                    records.add(file);
                }
            }
        }
        records.sort(null);
        return records;
    }
}
