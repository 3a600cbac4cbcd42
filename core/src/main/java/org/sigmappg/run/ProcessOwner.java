package org.sigmappg.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which process writes what: {@code pid@host} in the marker file of a folder being written and in the rows of running
 * runs, and whether that process still lives. Crash recovery removes only what no living process may still write.
 */
public final class ProcessOwner {
    /** The marker file saying which process is writing a folder. */
    public static final String FILE = "OWNER";

    private ProcessOwner() {
    }

    /** {@code pid@host} of this process, written into markers and run rows. */
    public static String owner() {
        return ProcessHandle.current().pid() + "@" + hostName();
    }

    /** This machine's host name, or "localhost" where it cannot be found. */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Whether the process named by {@code pid@host} is alive; processes on other hosts count as alive. */
    public static boolean alive(String ownerText) {
        int at = ownerText.indexOf('@');
        if (at <= 0) {
            return false;
        }
        String host = ownerText.substring(at + 1).trim();
        if (!host.equals(hostName())) {
            return true;
        }
        try {
            long pid = Long.parseLong(ownerText.substring(0, at).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Writes the marker saying this process is writing {@code folder}: renamed into place, so no reader sees it
     * half-written, and not forced to disk, so the moment between creating the folder and marking it stays short
     * (after a power cut no writer is alive anyway).
     */
    public static void markOwned(Path folder) throws IOException {
        Path tmp = folder.resolve("." + FILE + "." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(tmp, owner(), StandardCharsets.UTF_8);
        FileTools.ownerOnly(tmp);
        FileTools.moveAtomically(tmp, folder.resolve(FILE));
    }
}
