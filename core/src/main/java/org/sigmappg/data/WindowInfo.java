package org.sigmappg.data;

/**
 * One pre-processed window: where it lies in its record (at the dataset rate) and in the cache, and its QC.
 *
 * <p>A dataset of several PPG channels keeps each window's channels one after another in the cache, each
 * {@code patches * patchSamples} samples and {@code patches} patches long: the catalogue's row describes the first
 * channel, and {@link #onChannel} the others, under the same id.
 *
 * @param startSample first sample in the record's resampled signal
 * @param validSamples samples of signal; the rest up to {@code patches * patchSamples} is padding
 * @param sampleOffset float offset of its samples in the cache's {@code windows.f32}
 * @param patchOffset index of its first patch in the cache's per-patch files
 * @param missing fraction of missing samples, likewise {@code flat} and {@code clipped} (the largest over the channels)
 * @param priorMean mean prior score P over the first channel's valid patches
 * @param channel which of the dataset's PPG channels the offsets point at (0 for the catalogue's row)
 * @param channels how many PPG channels the dataset keeps per window
 * @param windowSamples the dataset's full window length in samples, which a record's tail may fall short of
 */
public record WindowInfo(long id, long recordId, String subject, int index, long startSample, int validSamples,
                         int patches, long sampleOffset, long patchOffset, double missing, double flat, double clipped,
                         double priorMean, int channel, int channels, int windowSamples) {
    /** The share of a full window that this window covers (1 for a full window). */
    public double fraction() {
        return (double) validSamples / windowSamples;
    }

    /** Whether the window is shorter than the dataset's window length (a record's tail, or a record shorter than a window). */
    public boolean partial() {
        return validSamples < windowSamples;
    }

    /** The same window on PPG channel {@code c} of the dataset: the same id, offsets at that channel's samples and patches. */
    public WindowInfo onChannel(int c, int patchSamples) {
        if (c < 0 || c >= channels) {
            throw new IllegalArgumentException("window " + id + " has " + channels + " channel(s), not a channel " + (c + 1));
        }
        int shift = c - channel;
        return new WindowInfo(id, recordId, subject, index, startSample, validSamples, patches,
                sampleOffset + (long) shift * patches * patchSamples, patchOffset + (long) shift * patches, missing, flat, clipped,
                priorMean, c, channels, windowSamples);
    }
}
