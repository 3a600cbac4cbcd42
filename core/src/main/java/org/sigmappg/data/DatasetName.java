package org.sigmappg.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The name an import gives a dataset when none is asked for, the same on the command line and in the workbench's
 * import form: the source's file name without its extension (a folder's whole name), each character a dataset name
 * cannot hold made {@code _}, case kept, leading non-alphanumerics dropped, at most 64 characters.
 */
public final class DatasetName {
    /** What a source whose name keeps no usable character is called. */
    public static final String FALLBACK = "dataset";

    private static final int MAX_LENGTH = 64;

    private DatasetName() {
    }

    /** The name proposed for {@code source} (a file or a folder; a relative path is taken from the working folder). */
    public static String suggest(Path source) {
        Path abs = source.toAbsolutePath().normalize();
        String n = abs.getFileName() == null ? FALLBACK : abs.getFileName().toString();
        int dot = n.lastIndexOf('.');
        // A folder's dots are part of its name ("PPG-BP 2018.v2"); only a file's last one starts an extension.
        if (dot > 0 && !Files.isDirectory(abs)) {
            n = n.substring(0, dot);
        }
        n = n.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[^A-Za-z0-9]+", "");
        return n.isEmpty() ? FALLBACK : n.length() > MAX_LENGTH ? n.substring(0, MAX_LENGTH) : n;
    }
}
