package org.sigmappg.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessOwnerTest {
    @TempDir
    Path tmp;

    @Test
    void aProcessIsAliveOnlyWhileItRunsHereAndAlwaysElsewhere() throws Exception {
        assertTrue(ProcessOwner.alive(ProcessOwner.owner()), "this process");
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        assertFalse(ProcessOwner.alive(ended.pid() + "@" + ProcessOwner.hostName()), "a process that ended");
        assertTrue(ProcessOwner.alive("1@another-host-" + ProcessOwner.hostName()), "another host's cannot be checked, so it may still write");
        assertFalse(ProcessOwner.alive("no-pid"));
        assertFalse(ProcessOwner.alive("x@" + ProcessOwner.hostName()));
    }

    @Test
    void theMarkerNamesThisProcessAndLeavesNoTemporaryFile() throws Exception {
        ProcessOwner.markOwned(tmp);
        assertEquals(ProcessOwner.owner(), Files.readString(tmp.resolve(ProcessOwner.FILE)));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count());
        }
    }
}
