package org.sigmappg.data;

import java.util.List;
import java.util.Map;

/**
 * One imported record: where it came from, its channels, its QC counts and how many windows it gave.
 *
 * @param index position of the record in its dataset (also names its stored signals)
 * @param channel the channel used as PPG (the first of {@code keptChannels})
 * @param channels every channel the file had, as "name (fs Hz, unit)"
 * @param fs sampling rate of the PPG channel in the file
 * @param samples samples of the PPG channel in the file
 * @param start wall-clock start, ISO-8601, or null
 * @param keptChannels the PPG channels kept, as the file names them, in the cache's order (the first is {@code channel}
 *        at {@code fs})
 * @param contentHash SHA-256 of the recording's decoded channels (every channel the file had, whichever were kept), or
 *        null for a record imported before it was recorded: two imports of the same recording share it
 */
public record RecordInfo(long id, long datasetId, String subject, int index, String name, String source, String format,
                         String channel, List<String> channels, double fs, long samples, String start,
                         long missingSamples, long flatSamples, long clippedSamples, int windows,
                         Map<String, String> annotations, List<String> warnings, List<KeptChannel> keptChannels,
                         String contentHash) {
    public RecordInfo {
        keptChannels = List.copyOf(keptChannels);
    }

    /**
     * One PPG channel of the record kept in the dataset.
     *
     * @param fs its rate in the file
     * @param samples its samples in the file
     * @param missingSamples its samples that QC found missing, likewise {@code flatSamples} and {@code clippedSamples}
     */
    public record KeptChannel(String name, String unit, double fs, long samples, long missingSamples, long flatSamples,
                              long clippedSamples) {
    }

    public double durationSeconds() {
        return samples / fs;
    }

    /** File name of the stored raw PPG channel in the dataset cache. */
    public String rawSignalFile() {
        return rawSignalFile(0);
    }

    /** File name of the stored filtered, resampled signal in the dataset cache. */
    public String filteredSignalFile() {
        return filteredSignalFile(0);
    }

    /** File name of kept channel {@code c}'s raw samples (the first channel's name is the one a single channel had). */
    public String rawSignalFile(int c) {
        return signalFile(index, c, "raw");
    }

    /** File name of kept channel {@code c}'s filtered, resampled signal. */
    public String filteredSignalFile(int c) {
        return signalFile(index, c, "f50");
    }

    /** The name {@link ImportTask} stores a record's signal under. */
    static String signalFile(int record, int channel, String kind) {
        return "r" + record + (channel == 0 ? "" : ".c" + channel) + "." + kind + ".f32";
    }
}
