package org.sigmappg.app.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.data.Catalogue;

class TaskLabelsTest {
    @TempDir
    Path dir;

    @Test
    void windowLabelsOfTheSampleSet() throws Exception {
        List<TaskLabels.Entry> entries = TaskLabels.load(new Catalogue(TestWorkspaces.withSample(dir)));
        assertEquals(List.of("AF", "HR", "QUALITY", "RR", "SpO2"), TaskLabels.names(entries));
        TaskLabels.Entry spo2 = entries.stream().filter(e -> e.label().equals("SpO2")).findFirst().orElseThrow();
        assertEquals("sample", spo2.dataset());
        assertEquals("window", spo2.level());
        assertEquals(120, spo2.count(), "every window of the 12 ten-minute records");
        assertTrue(entries.stream().noneMatch(TaskLabels.Entry::categorical));
    }
}
