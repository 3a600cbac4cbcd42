package org.sigmappg.data;

import java.util.List;

/**
 * A dataset as the catalogue lists it.
 *
 * @param skipped files left out by an import with --skip-bad, with the reason
 * @param warnings things a user should know (rates adjusted, labels out of physiological range, ...)
 * @param cacheDir the cache folder's name under the workspace's {@code cache/}
 * @param manifestHash the content hash of the cache (provenance of every run trained on it)
 * @param patchSamples samples per patch at {@code fs}
 * @param fs the rate windows are stored at (50 Hz by default)
 */
public record DatasetInfo(long id, String name, String source, String layout, String created, int records, int subjects,
                          int windows, int droppedWindows, List<SkippedFile> skipped, List<String> warnings,
                          String cacheDir, String manifestHash, int patchSamples, double fs, ImportRecipe recipe,
                          String preprocessJson) {
    public DatasetInfo {
        skipped = List.copyOf(skipped);
        warnings = List.copyOf(warnings);
    }

    /** A file an import left out, and why. */
    public record SkippedFile(String path, String reason) {
    }
}
