package org.sigmappg.app.signal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowCache;
import org.sigmappg.io.Channel;
import org.sigmappg.io.LabelSeries;

/**
 * Everything the signal explorer shows of one record, read once from the workspace on a background thread:
 * the raw PPG channel at its own rate, the filtered signal at the model rate, the patches with their priors
 * and flags, the label series, the labels of the record and of its subject, and the other PPG channels kept.
 *
 * @param raw the PPG channel as recorded (NaN where samples were missing)
 * @param filtered band-passed signal at {@code filteredFs}
 * @param rawCounts missing, flat and clipped sample counts of the raw channel
 * @param recordLabels labels stored for the record itself (e.g. from a WFDB header)
 * @param subjectLabels labels of the record's subject (e.g. SBP, DBP, Hypertension, Age, Sex)
 * @param keptChannels the record's other PPG channels kept beside {@code channel} (an oximeter's infrared beside its
 *        red), raw at their own rates as the cache holds them; empty for a dataset of one PPG channel
 */
public record RecordSignals(String dataset, String record, String subject, String channel, float[] raw, double rawFs,
                            float[] filtered, double filteredFs, PatchTrack patches, List<LabelSeries> labels,
                            RawCounts rawCounts, Map<String, Catalogue.LabelValue> recordLabels,
                            Map<String, Catalogue.LabelValue> subjectLabels, List<Channel> keptChannels) {
    public RecordSignals {
        labels = List.copyOf(labels);
        keptChannels = List.copyOf(keptChannels);
        recordLabels = Collections.unmodifiableMap(new LinkedHashMap<>(recordLabels));
        subjectLabels = Collections.unmodifiableMap(new LinkedHashMap<>(subjectLabels));
    }

    /** Sample counts of the raw channel that QC flagged. */
    public record RawCounts(long missing, long flat, long clipped) {
    }

    /** Reads one record of a dataset from the catalogue and the dataset cache. */
    public static RecordSignals load(Catalogue catalogue, DatasetInfo dataset, RecordInfo record) throws IOException {
        WindowCache cache = catalogue.openCache(dataset);
        PatchTrack patches = PatchTrack.fromCache(catalogue.windowsOfRecord(record.id()), cache, dataset.fs(), dataset.patchSamples());
        List<Channel> kept = new ArrayList<>();
        for (int c = 1; c < record.keptChannels().size(); c++) {
            RecordInfo.KeptChannel k = record.keptChannels().get(c);
            kept.add(new Channel(k.name(), k.unit(), k.fs(), cache.signal(record.rawSignalFile(c))));
        }
        return new RecordSignals(dataset.name(), record.name(), record.subject(), record.channel(),
                cache.signal(record.rawSignalFile()), record.fs(), cache.signal(record.filteredSignalFile()), dataset.fs(),
                patches, catalogue.labelSeries(record.id()),
                new RawCounts(record.missingSamples(), record.flatSamples(), record.clippedSamples()),
                catalogue.recordLabels(dataset.id()).getOrDefault(record.name(), Map.of()),
                catalogue.subjectLabels(dataset.id()).getOrDefault(record.subject(), Map.of()), kept);
    }

    /** Length of the record in seconds (the longer of its two signals). */
    public double durationSeconds() {
        return Math.max(raw.length / rawFs, filtered.length / filteredFs);
    }
}
