package org.sigmappg.data;

/**
 * One pre-processed window: where it lies in its record (at the dataset rate) and in the cache, and its QC.
 *
 * @param startSample first sample in the record's resampled signal
 * @param validSamples samples of signal; the rest up to {@code patches * patchSamples} is padding
 * @param sampleOffset float offset of its samples in the cache's {@code windows.f32}
 * @param patchOffset index of its first patch in the cache's per-patch files
 * @param missing fraction of missing samples, likewise {@code flat} and {@code clipped}
 * @param priorMean mean prior score P over its valid patches
 */
public record WindowInfo(long id, long recordId, String subject, int index, long startSample, int validSamples,
                         int patches, long sampleOffset, long patchOffset, double missing, double flat, double clipped,
                         double priorMean) {
}
