package org.sigmappg.data;

import java.util.List;
import java.util.Map;

/**
 * One imported record: where it came from, its channels, its QC counts and how many windows it gave.
 *
 * @param index position of the record in its dataset (also names its stored signals)
 * @param channel the channel used as PPG
 * @param channels every channel the file had, as "name (fs Hz, unit)"
 * @param fs sampling rate of the PPG channel in the file
 * @param samples samples of the PPG channel in the file
 * @param start wall-clock start, ISO-8601, or null
 */
public record RecordInfo(long id, long datasetId, String subject, int index, String name, String source, String format,
                         String channel, List<String> channels, double fs, long samples, String start,
                         long missingSamples, long flatSamples, long clippedSamples, int windows,
                         Map<String, String> annotations, List<String> warnings) {
    public double durationSeconds() {
        return samples / fs;
    }

    /** File name of the stored raw PPG channel in the dataset cache. */
    public String rawSignalFile() {
        return "r" + index + ".raw.f32";
    }

    /** File name of the stored filtered, resampled signal in the dataset cache. */
    public String filteredSignalFile() {
        return "r" + index + ".f50.f32";
    }
}
