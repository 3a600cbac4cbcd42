package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.Catalogue;
import org.sigmappg.run.Workspace;

/** Built-in tasks apply to a dataset of any layout whose labels carry the task's label at its level. */
class TaskCatalogueTest {
    @TempDir
    Path tmp;

    @Test
    void aBuiltInTaskAppliesToAnyDatasetWithItsLabel() throws Exception {
        // A study of its own layout with 1 Hz SpO2 and HR label files beside the recordings.
        Workspace ws = EvalTestData.workspace(tmp, 3, 40, 20, "finger-clip-study");
        Catalogue catalogue = new Catalogue(ws);
        TaskDefinition spo2 = TaskCatalogue.builtIn().resolve("SpO2", EvalTestData.DATASET, catalogue);
        assertEquals(EvalTestData.DATASET, spo2.dataset());
        assertEquals(LabelSource.WINDOW, spo2.source());
        assertEquals("SpO2", spo2.label());
        // SBP is a subject label there too: the PPG-BP task (subject level) applies.
        TaskDefinition sbp = TaskCatalogue.builtIn().resolve("SBP", EvalTestData.DATASET, catalogue);
        assertEquals(LabelSource.SUBJECT, sbp.source());
        // DBP is not: refused naming the label it needs.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TaskCatalogue.builtIn().resolve("DBP", EvalTestData.DATASET, catalogue));
        assertTrue(e.getMessage().contains("needs the subject label 'DBP'"), e.getMessage());
    }
}
