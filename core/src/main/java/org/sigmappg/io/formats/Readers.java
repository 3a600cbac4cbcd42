package org.sigmappg.io.formats;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.sigmappg.io.RecordingReader;
import org.sigmappg.io.edf.EdfReader;
import org.sigmappg.io.text.DelimitedTextReader;
import org.sigmappg.io.wfdb.WfdbReader;

/**
 * The recording formats the workbench reads, and which one handles a file: the one place that knows every reader, so
 * that the readers depend on {@code io}'s shared types and nothing in {@code io} depends on them.
 */
public final class Readers {
    private static final List<RecordingReader> ALL = List.of(new WfdbReader(), new EdfReader(), new DelimitedTextReader());

    private Readers() {
    }

    public static List<RecordingReader> all() {
        return ALL;
    }

    /** The reader for this file, judged by name and first bytes, if any reads it. */
    public static Optional<RecordingReader> forFile(Path file) {
        return ALL.stream().filter(r -> r.accepts(file)).findFirst();
    }
}
