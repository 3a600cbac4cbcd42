package org.sigmappg.io;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * What the user (or a dataset adapter) tells a reader that the file cannot say itself.
 *
 * @param fs sampling rate in Hz for files without one (bare number columns); null to infer or refuse
 * @param channels comma-separated channel names to keep, or null for all
 * @param columnNames names for the columns of a header-less text file, or null for defaults
 * @param timeColumn name or index of a time column in a text file, or null to detect it
 * @param timeUnit unit of a numeric time column: "s", "ms", or null to detect it
 * @param charset charset of text files
 */
public record ReadOptions(Double fs, String channels, String columnNames, String timeColumn, String timeUnit,
                          Charset charset) {
    public static final ReadOptions DEFAULT = new ReadOptions(null, null, null, null, null, StandardCharsets.UTF_8);

    public ReadOptions {
        charset = charset == null ? StandardCharsets.UTF_8 : charset;
        if (fs != null && !(fs > 0 && Double.isFinite(fs))) {
            throw new IllegalArgumentException("sampling rate must be a positive number of Hz, got " + fs);
        }
    }

    public ReadOptions withFs(Double newFs) {
        return new ReadOptions(newFs, channels, columnNames, timeColumn, timeUnit, charset);
    }

    public ReadOptions withChannels(String newChannels) {
        return new ReadOptions(fs, newChannels, columnNames, timeColumn, timeUnit, charset);
    }

    public ReadOptions withColumnNames(String names) {
        return new ReadOptions(fs, channels, names, timeColumn, timeUnit, charset);
    }
}
