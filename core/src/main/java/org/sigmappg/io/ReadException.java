package org.sigmappg.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file could not be read as a recording: names the file, the place in it and the problem in plain
 * words, so the message can be shown to a user as it is.
 */
public class ReadException extends IOException {
    private final Path file;
    private final String location;
    private final String problem;

    /**
     * @param file the file at fault
     * @param location where in the file ("line 12", "byte 3042", "record 5"), or null if the whole file
     * @param problem what is wrong and, where possible, how to fix it
     */
    public ReadException(Path file, String location, String problem) {
        this(file, location, problem, null);
    }

    public ReadException(Path file, String location, String problem, Throwable cause) {
        super(format(file, location, problem), cause);
        this.file = file;
        this.location = location;
        this.problem = problem;
    }

    private static String format(Path file, String location, String problem) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<input>" : NameTools.printable(file.toString()));
        if (location != null && !location.isEmpty()) {
            sb.append(' ').append(location);
        }
        return sb.append(": ").append(problem).toString();
    }

    public Path file() {
        return file;
    }

    public String location() {
        return location;
    }

    public String problem() {
        return problem;
    }
}
