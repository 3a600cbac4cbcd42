package org.sigmappg.io;

import java.io.IOException;
import java.nio.file.Path;

/** Reads one recording format. Implementations are stateless and thread-safe. */
public interface RecordingReader {
    /** Short format name for messages and the catalogue ("WFDB", "CSV", "EDF"). */
    String format();

    /** Whether this reader handles the file, judged from its name and, if needed, its first bytes. */
    boolean accepts(Path file);

    /**
     * Reads the whole record. Never returns partial data: any problem is a {@link ReadException}
     * naming the file, the place and the problem.
     */
    Recording read(Path file, ReadOptions options) throws IOException;
}
