package org.sigmappg.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.model.DeviceChoice;

/** The workbench's settings file: the thread count kept between starts, applied before the engine loads, bad files said in one line. */
class WorkbenchSettingsTest {
    @TempDir
    Path dir;
    private final String threadsBefore = System.getProperty(DeviceChoice.THREADS_PROPERTY);

    @AfterEach
    void restore() {
        if (threadsBefore == null) {
            System.clearProperty(DeviceChoice.THREADS_PROPERTY);
        } else {
            System.setProperty(DeviceChoice.THREADS_PROPERTY, threadsBefore);
        }
    }

    @Test
    void theThreadCountIsKeptAndAppliedAtTheNextStart() throws Exception {
        Path file = dir.resolve("config/sigma-ppg/workbench.properties");
        WorkbenchSettings none = WorkbenchSettings.load(file);
        assertTrue(none.threads().isEmpty());
        assertEquals("every core", none.threadsText());
        none.withThreads(OptionalInt.of(1)).save();
        assertTrue(Files.isRegularFile(file), "the folders are made");

        WorkbenchSettings again = WorkbenchSettings.load(file);
        assertEquals(OptionalInt.of(1), again.threads());
        System.clearProperty(DeviceChoice.THREADS_PROPERTY);
        assertTrue(again.applyThreads().startsWith("the workbench setting"));
        assertEquals("1", System.getProperty(DeviceChoice.THREADS_PROPERTY));
        assertEquals(1, DeviceChoice.configureThreads(), "what the engine is then asked for");
    }

    @Test
    void aThreadCountGivenOnTheCommandLineWins() throws Exception {
        Path file = dir.resolve("workbench.properties");
        WorkbenchSettings.load(file).withThreads(OptionalInt.of(1)).save();
        System.setProperty(DeviceChoice.THREADS_PROPERTY, "3");
        assertEquals("-D" + DeviceChoice.THREADS_PROPERTY + "=3", WorkbenchSettings.load(file).applyThreads());
        assertEquals("3", System.getProperty(DeviceChoice.THREADS_PROPERTY));
    }

    @Test
    void aBadValueIsSaidInOneLineAndTheDefaultKept() throws Exception {
        Path file = Files.writeString(dir.resolve("workbench.properties"), "threads = two\n");
        WorkbenchSettings s = WorkbenchSettings.load(file);
        assertTrue(s.threads().isEmpty());
        String problem = s.fileProblem().orElseThrow();
        assertEquals(file + ": threads = two is not a whole number of at least 1; training uses every core", problem);
        assertFalse(problem.contains("Exception"));
        assertThrows(IllegalArgumentException.class, () -> s.withThreads(OptionalInt.of(0)));
    }

    @Test
    void theFileLivesInTheUsersConfigurationFolderUnlessNamed() {
        String named = System.getProperty(WorkbenchSettings.FILE_PROPERTY);
        try {
            System.clearProperty(WorkbenchSettings.FILE_PROPERTY);
            assertTrue(WorkbenchSettings.defaultFile().endsWith(Path.of("sigma-ppg", "workbench.properties")));
            System.setProperty(WorkbenchSettings.FILE_PROPERTY, dir.resolve("x.properties").toString());
            assertEquals(dir.resolve("x.properties"), WorkbenchSettings.defaultFile());
        } finally {
            if (named == null) {
                System.clearProperty(WorkbenchSettings.FILE_PROPERTY);
            } else {
                System.setProperty(WorkbenchSettings.FILE_PROPERTY, named);
            }
        }
    }
}
