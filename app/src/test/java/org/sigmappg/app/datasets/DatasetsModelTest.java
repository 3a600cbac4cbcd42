package org.sigmappg.app.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.data.Catalogue;

class DatasetsModelTest {
    @TempDir
    static Path dir;
    static DatasetsModel.Detail detail;

    @BeforeAll
    static void load() throws Exception {
        Catalogue c = new Catalogue(TestWorkspaces.withSample(dir));
        detail = DatasetsModel.load(c, c.requireDataset("sample"));
    }

    @Test
    void recordsAndSubjectsOfTheSampleSet() {
        assertEquals(12, detail.records().size());
        assertEquals(12, detail.subjects().size());
        assertEquals("S01", detail.records().get(0).info().name());
        assertEquals(List.of("AF", "HR", "QUALITY", "RR", "SpO2"), detail.windowLabelNames().stream().sorted().toList());
        DatasetsModel.RecordRow s08 = detail.records().get(7);
        assertEquals("S08", s08.info().name());
        assertTrue(s08.hasQcIssues());
        assertEquals((2413 + 831) / 38400.0, s08.flaggedFraction(), 1e-12);
        double hr = s08.windowLabels().get("HR");
        assertTrue(hr > 70 && hr < 90, "mean HR of S08 over its windows: " + hr);
        assertEquals(10, detail.subjects().get(7).windows());
        assertEquals(600, detail.subjects().get(7).seconds(), 1e-9);
    }

    @Test
    void everyWordOfTheFilterMustMatch() {
        assertEquals(9, count("s0", false), "S01 to S09");
        assertEquals(1, count("S08", false));
        assertEquals(12, count("  ", false));
        assertEquals(12, count("edf pleth", false));
        assertEquals(0, count("edf wfdb", false));
        assertEquals(2, count("", true), "S08 and S09 have flat and clipped samples");
        assertEquals(1, count("s09", true));
    }

    private static long count(String filter, boolean qcOnly) {
        return detail.records().stream().filter(r -> DatasetsModel.matches(r, filter, qcOnly)).count();
    }

    @Test
    void subjectFilterLooksAtLabelValues() {
        DatasetsModel.SubjectRow row = new DatasetsModel.SubjectRow("104", 3, 3, 6.3,
                Map.of("Hypertension", new Catalogue.LabelValue("Hypertension", null, "Stage 1 hypertension", null),
                        "SBP", new Catalogue.LabelValue("SBP", 141.0, null, null)), false);
        assertTrue(DatasetsModel.matches(row, "stage 1", false));
        assertTrue(DatasetsModel.matches(row, "141", false));
        assertTrue(!DatasetsModel.matches(row, "normal", false));
        assertTrue(!DatasetsModel.matches(row, "", true));
    }

    @Test
    void numbersReadWell() {
        assertEquals("73", DatasetsModel.number(73.0));
        assertEquals("27", DatasetsModel.number(26.99));
        assertEquals("19.2", DatasetsModel.number(19.2233));
        assertEquals("", DatasetsModel.number(Double.NaN));
        assertEquals("Female", DatasetsModel.labelText(new Catalogue.LabelValue("Sex", null, "Female", null)));
    }
}
