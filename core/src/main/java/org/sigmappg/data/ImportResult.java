package org.sigmappg.data;

import java.util.List;

/** What an import produced: counts, skipped files with reasons, and warnings. */
public record ImportResult(String dataset, String layout, int records, int subjects, int windows, int droppedWindows,
                           List<DatasetInfo.SkippedFile> skipped, List<String> warnings, String manifestHash,
                           double seconds) {
}
