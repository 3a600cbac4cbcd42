package org.sigmappg.io;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What the user (or a dataset adapter) tells a reader that the file cannot say itself.
 *
 * @param fs sampling rate in Hz for files without one (bare number columns); null to infer or refuse
 * @param channels comma-separated channel names to keep, or null for all
 * @param columnNames names for the columns of a header-less text file, or null for defaults
 * @param timeColumn name or index of a time column in a text file, or null to detect it
 * @param timeUnit unit of a numeric time column: "s", "ms", or null to detect it
 * @param charset charset of text files
 * @param folder the folder that the files a recording names (WFDB signal files and segments) must sit in;
 *               null for the recording's own folder
 */
public record ReadOptions(Double fs, String channels, String columnNames, String timeColumn, String timeUnit,
                          Charset charset, SourceFolder folder) {
    public static final ReadOptions DEFAULT = new ReadOptions(null, null, null, null, null, StandardCharsets.UTF_8);

    public ReadOptions {
        charset = charset == null ? StandardCharsets.UTF_8 : charset;
        if (fs != null && !(fs > 0 && Double.isFinite(fs))) {
            throw new IllegalArgumentException("sampling rate must be a positive number of Hz, got " + fs);
        }
    }

    /** Options for files read on their own: what they name must sit in their own folder. */
    public ReadOptions(Double fs, String channels, String columnNames, String timeColumn, String timeUnit, Charset charset) {
        this(fs, channels, columnNames, timeColumn, timeUnit, charset, null);
    }

    public ReadOptions withFs(Double newFs) {
        return new ReadOptions(newFs, channels, columnNames, timeColumn, timeUnit, charset, folder);
    }

    public ReadOptions withChannels(String newChannels) {
        return new ReadOptions(fs, newChannels, columnNames, timeColumn, timeUnit, charset, folder);
    }

    public ReadOptions withColumnNames(String names) {
        return new ReadOptions(fs, channels, names, timeColumn, timeUnit, charset, folder);
    }

    public ReadOptions withFolder(SourceFolder newFolder) {
        return new ReadOptions(fs, channels, columnNames, timeColumn, timeUnit, charset, newFolder);
    }

    /** The folder that {@code file} and what it names must sit in: {@link #folder()}, or else the file's own folder. */
    public SourceFolder folderOf(Path file) throws IOException {
        return folder != null ? folder : SourceFolder.strict(file.toAbsolutePath().getParent());
    }
}
