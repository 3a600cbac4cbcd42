package org.sigmappg.data;

import com.google.gson.Gson;
import java.util.List;
import org.sigmappg.signal.PreprocessParams;

/**
 * A dataset as the catalogue lists it.
 *
 * @param skipped files left out by an import with --skip-bad, with the reason
 * @param warnings things a user should know (rates adjusted, labels out of physiological range, ...)
 * @param cacheDir the cache folder's name under the workspace's {@code cache/}
 * @param manifestHash the content hash of the cache (provenance of every run trained on it)
 * @param patchSamples samples per patch at {@code fs}
 * @param fs the rate windows are stored at (50 Hz by default)
 * @param channels the PPG channels kept per window, in the cache's order, as the import asked for them (a bare
 *        import keeps one: its name when every record's was the same, else "PPG")
 */
public record DatasetInfo(long id, String name, String source, String layout, String created, int records, int subjects,
                          int windows, int droppedWindows, List<SkippedFile> skipped, List<String> warnings,
                          String cacheDir, String manifestHash, int patchSamples, double fs, ImportRecipe recipe,
                          String preprocessJson, List<String> channels) {
    private static final Gson GSON = new Gson();

    public DatasetInfo {
        skipped = List.copyOf(skipped);
        warnings = List.copyOf(warnings);
        channels = List.copyOf(channels);
    }

    /** The pre-processing the dataset was imported with. */
    public PreprocessParams preprocess() {
        return GSON.fromJson(preprocessJson, PreprocessParams.class);
    }

    /** The index of the PPG channel named {@code name} (ignoring case), or -1. */
    public int channelIndex(String name) {
        for (int i = 0; i < channels.size(); i++) {
            if (channels.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A file an import left out, and why. */
    public record SkippedFile(String path, String reason) {
    }
}
