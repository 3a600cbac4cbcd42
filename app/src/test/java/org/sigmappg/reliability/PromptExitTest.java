package org.sigmappg.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that waits on Ctrl-C for its work to save its state must release that wait when the work ends: otherwise the
 * JVM's exit waits out the whole grace period (export-windows ended two minutes after it had written its files).
 */
class PromptExitTest {
    @TempDir
    Path tmp;

    @Test
    void exportWindowsEndsAsSoonAsItsFilesAreWritten() throws Exception {
        Path ws = tmp.resolve("ws");
        StringBuilder csv = new StringBuilder("time,ppg\n");
        for (int i = 0; i < 50 * 120; i++) {
            double t = i / 50.0;
            csv.append(String.format(Locale.ROOT, "%.2f,%.4f%n", t, Math.sin(2 * Math.PI * 1.2 * t) + 0.3 * Math.sin(2 * Math.PI * 2.4 * t)));
        }
        Path recording = Recordings.write(tmp.resolve("in/rec.csv"), csv.toString());
        ChildJvm.Finished imported = ChildJvm.run(tmp.resolve("logs"), "import", recording.getParent().toString(), "--name", "sample",
                "--window-seconds", "30", "--workspace", ws.toString());
        assertEquals(0, imported.code(), imported.err());
        ChildJvm.Finished exported = ChildJvm.start(tmp.resolve("logs"), List.of(), "export-windows", "sample", "--out",
                tmp.resolve("w").toString(), "--workspace", ws.toString()).await(60);
        assertEquals(0, exported.code(), exported.err());
        assertTrue(Files.isRegularFile(tmp.resolve("w.npy")));
        assertTrue(exported.seconds() < 60, "ended after " + exported.seconds() + " s");
    }
}
