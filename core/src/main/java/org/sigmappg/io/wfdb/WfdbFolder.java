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
                .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".hea"))
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
