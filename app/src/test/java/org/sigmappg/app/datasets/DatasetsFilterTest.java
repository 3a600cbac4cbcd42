package org.sigmappg.app.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.data.Catalogue;

/** The records and subjects filter on the real PPG-BP data, whose labels belong to subjects. */
class DatasetsFilterTest {
    @TempDir
    static Path dir;
    static DatasetsModel.Detail detail;

    @BeforeAll
    static void load() throws Exception {
        Catalogue c = new Catalogue(TestWorkspaces.withPpgBp(dir));
        detail = DatasetsModel.load(c, c.requireDataset("ppgbp"));
    }

    @Test
    void aSubjectLabelFindsTheSubjectsRecordsToo() {
        DatasetsModel.Filter filter = DatasetsModel.Filter.of("Stage 2", false, detail);
        Set<String> subjects = detail.subjects().stream().filter(filter::matches).map(DatasetsModel.SubjectRow::subject).collect(Collectors.toSet());
        List<DatasetsModel.RecordRow> records = detail.records().stream().filter(filter::matches).toList();
        Set<String> stage2 = detail.subjects().stream().filter(s -> DatasetsModel.labelText(s.labels().get("Hypertension")).startsWith("Stage 2"))
                .map(DatasetsModel.SubjectRow::subject).collect(Collectors.toSet());
        assertTrue(stage2.size() > 10, "PPG-BP has stage 2 hypertensives: " + stage2.size());
        assertEquals(stage2, subjects, "the subjects found are the stage 2 hypertensives, not stage 1 ones with a 2 in another cell");
        assertEquals(subjects, records.stream().map(r -> r.info().subject()).collect(Collectors.toSet()),
                "the records found are exactly those of the subjects found");
        long expected = detail.records().stream().filter(r -> subjects.contains(r.info().subject())).count();
        assertEquals(expected, records.size(), "every record of those subjects");
        assertTrue(records.stream().allMatch(r -> DatasetsModel.labelText(r.subjectLabels().get("Hypertension")).contains("Stage 2")));
    }

    @Test
    void theRecordsTableShowsTheSubjectsLabels() {
        assertTrue(detail.recordLabelNames().isEmpty(), "PPG-BP records carry no labels of their own");
        assertTrue(detail.subjectLabelsOfRecords().containsAll(List.of("SBP", "DBP", "Hypertension", "Age", "Sex")),
                detail.subjectLabelsOfRecords().toString());
        DatasetsModel.RecordRow first = detail.records().get(0);
        assertEquals(detail.subjects().get(0).labels(), first.subjectLabels(), "a record carries its subject's labels");
    }
}
