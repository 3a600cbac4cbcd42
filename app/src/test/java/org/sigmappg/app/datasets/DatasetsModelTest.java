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
        DatasetsModel.Filter f = DatasetsModel.Filter.of(filter, qcOnly, detail);
        return detail.records().stream().filter(f::matches).count();
    }

    @Test
    void subjectFilterLooksAtLabelValues() {
        DatasetsModel.SubjectRow row = new DatasetsModel.SubjectRow("104", 3, 3, 6.3,
                Map.of("Hypertension", new Catalogue.LabelValue("Hypertension", null, "Stage 1 hypertension", null),
                        "SBP", new Catalogue.LabelValue("SBP", 141.0, null, null)), false);
        DatasetsModel.SubjectRow other = new DatasetsModel.SubjectRow("122", 3, 3, 6.3,
                Map.of("Hypertension", new Catalogue.LabelValue("Hypertension", null, "Stage 2 hypertension", null)), true);
        DatasetsModel.Detail d = new DatasetsModel.Detail(detail.dataset(), List.of(), List.of(row, other), List.of(), List.of(),
                List.of("Hypertension", "SBP"));
        assertTrue(DatasetsModel.Filter.of("stage 1", false, d).matches(row));
        assertTrue(DatasetsModel.Filter.of("141", false, d).matches(row));
        assertTrue(!DatasetsModel.Filter.of("normal", false, d).matches(row));
        assertTrue(!DatasetsModel.Filter.of("", true, d).matches(row));
        assertTrue(DatasetsModel.Filter.of("141 hypertension", false, d).matches(row), "words from different cells");
        DatasetsModel.Filter stage2 = DatasetsModel.Filter.of("Stage  2", false, d);
        assertEquals("stage 2", stage2.phrase(), "text found as it is in a cell is looked for as a phrase");
        assertTrue(stage2.matches(other));
        assertTrue(!stage2.matches(row), "a stage 1 subject is not found by the 2 in another cell");
    }

    @Test
    void recordFilterLooksAtTheSubjectsLabels() {
        DatasetsModel.RecordRow row = new DatasetsModel.RecordRow(detail.records().get(0).info(), Map.of(), Map.of(),
                Map.of("Hypertension", new Catalogue.LabelValue("Hypertension", null, "Stage 2 hypertension", null)));
        DatasetsModel.Detail d = new DatasetsModel.Detail(detail.dataset(), List.of(row), List.of(), List.of(), List.of(), List.of());
        assertTrue(DatasetsModel.Filter.of("stage 2", false, d).matches(row));
        assertTrue(DatasetsModel.Filter.of("S01 stage", false, d).matches(row), "words may come from the record and from its subject");
        assertTrue(!DatasetsModel.Filter.of("normal", false, d).matches(row));
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
