package org.sigmappg.data;

import java.util.List;

/**
 * What an import produced: counts, skipped files with reasons, warnings, and the ids of trained runs that
 * came with the dataset (the sample set's bundled models).
 *
 * @param channels the PPG channels kept per window ({@link DatasetInfo#channels()})
 * @param channelChoice which channel a bare import picked, in a sentence; null when the channels were named
 */
public record ImportResult(String dataset, String layout, int records, int subjects, int windows, int droppedWindows,
                           List<DatasetInfo.SkippedFile> skipped, List<String> warnings, String manifestHash,
                           double seconds, List<String> runs, List<String> channels, String channelChoice) {
    public ImportResult withRuns(List<String> newRuns) {
        return new ImportResult(dataset, layout, records, subjects, windows, droppedWindows, skipped, warnings, manifestHash,
                seconds, newRuns, channels, channelChoice);
    }
}
