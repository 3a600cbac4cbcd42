package org.sigmappg.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sigmappg.io.CsvTools;
import org.sigmappg.run.FileTools;

/**
 * The row ids of a per-window export ({@code BASE.ids.csv}): one line per window, in the catalogue's window order, with
 * the subject, record, window id and index, and how many of the window's samples are signal (the rest, up to the row's
 * length, is padding). {@code embed} and {@code export-windows} write the same file for the same dataset, so their rows
 * line up.
 */
public final class WindowIds {
    /** The header line of the file. */
    public static final String HEADER = "row,subject,record,window_id,window_index,valid_samples";

    private WindowIds() {
    }

    /** Writes the ids of {@code windows} (of {@code dataset}) atomically. */
    public static void write(Path file, Catalogue catalogue, DatasetInfo dataset, List<WindowInfo> windows) throws IOException {
        Map<Long, String> records = new HashMap<>();
        for (RecordInfo r : catalogue.records(dataset.id())) {
            records.put(r.id(), r.name());
        }
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < windows.size(); i++) {
            WindowInfo w = windows.get(i);
            sb.append(i).append(',').append(CsvTools.field(w.subject())).append(',').append(CsvTools.field(records.get(w.recordId()))).append(',')
                    .append(w.id()).append(',').append(w.index()).append(',').append(w.validSamples()).append('\n');
        }
        FileTools.writeStringAtomically(file, sb.toString());
    }
}
