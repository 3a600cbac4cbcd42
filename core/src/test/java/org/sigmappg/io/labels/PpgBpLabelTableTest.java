package org.sigmappg.io.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sigmappg.SharedData;
import org.sigmappg.io.ReadException;

/**
 * The PPG-BP label workbook from the shared data (skipped when absent). Expected values were read
 * independently from the sheet XML, without POI, by
 * {@code python3 core/src/test/resources/labels/xlsx_rows.py "../shared/data/ppg_bp/PPG-BP dataset.xlsx"}
 * (standard library only: unzips the workbook, resolves the shared strings, prints the cells of
 * sheet1.xml by row). It printed: header in row 2; 219 data rows (3 to 221), 219 distinct subject_ID;
 * row 3 = subject 2, Female, 45, 152, 63, 161, 89, 97, 27.268005540166204, Stage 2 hypertension;
 * row 100 = subject 138, ..., 149, 71, 67, Stage 1 hypertension, cerebrovascular disease in column N;
 * row 221 = subject 419, Male, 24, ..., 108, 68, 65, Normal; Hypertension counts Prehypertension 85,
 * Normal 80, Stage 1 hypertension 34, Stage 2 hypertension 20; SBP 80-182, DBP 42-107, HR 52-106.
 */
class PpgBpLabelTableTest {
    private static final String SBP = "Systolic Blood Pressure(mmHg)";
    private static final String DBP = "Diastolic Blood Pressure(mmHg)";
    private static final String HR = "Heart Rate(b/m)";

    private LabelTable read() throws IOException {
        Path file = SharedData.require("ppg_bp/PPG-BP dataset.xlsx");
        return new LabelTableReader().optRequiredColumns(SBP, DBP, HR, "Hypertension").read(file);
    }

    @Test
    void findsTheHeaderUnderTheTitleAndAllSubjects() throws IOException {
        LabelTable t = read();
        assertEquals("cardiovascular dataset", t.sheet());
        assertEquals(2, t.headerRow());
        assertEquals("subject_ID", t.idColumn().written());
        assertEquals(14, t.columns().size());
        assertEquals(219, t.size());
        assertEquals("2", t.subjects().get(0));
        assertEquals("419", t.subjects().get(218));
        assertEquals("mmHg", t.column("Systolic Blood Pressure").unit());
        assertEquals("heart_rate_b_m", t.column(HR).key());
    }

    @Test
    void rowsHoldTheValuesTheSheetXmlHolds() throws IOException {
        LabelTable t = read();
        LabelTable.Row first = t.row("2").orElseThrow();
        assertEquals(3, first.rowNumber());
        assertEquals("Female", first.text("Sex"));
        assertEquals(45.0, first.number("Age"));
        assertEquals(161.0, first.number(SBP));
        assertEquals(89.0, first.number("Diastolic Blood Pressure"));
        assertEquals(97.0, first.number("heart rate"));
        assertEquals(27.268005540166204, first.number("BMI"));
        assertEquals("Stage 2 hypertension", first.text("Hypertension"));
        assertEquals("", first.text("Diabetes"));
        LabelTable.Row middle = t.row("138").orElseThrow();
        assertEquals(100, middle.rowNumber());
        assertEquals(149.0, middle.number(SBP));
        assertEquals(71.0, middle.number(DBP));
        assertEquals(67.0, middle.number(HR));
        assertEquals("Stage 1 hypertension", middle.text("Hypertension"));
        assertEquals("cerebrovascular disease", middle.text("cerebrovascular disease"));
        LabelTable.Row last = t.row("419").orElseThrow();
        assertEquals("Male", last.text("Sex"));
        assertEquals(108.0, last.number(SBP));
        assertEquals(68.0, last.number(DBP));
        assertEquals(65.0, last.number(HR));
        assertEquals("Normal", last.text("Hypertension"));
        Map<String, Integer> classes = new HashMap<>();
        for (LabelTable.Row r : t.rows()) {
            classes.merge(r.text("Hypertension"), 1, Integer::sum);
        }
        assertEquals(Map.of("Prehypertension", 85, "Normal", 80, "Stage 1 hypertension", 34, "Stage 2 hypertension", 20), classes);
    }

    @Test
    void allBloodPressuresAndHeartRatesArePlausible() throws IOException {
        LabelTable t = read();
        assertEquals(0, PhysiologicalRanges.DEFAULT.check(t).size());
        double[] sbp = t.numbers(SBP);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : sbp) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(80.0, min);
        assertEquals(182.0, max);
    }

    @Test
    void anAbsentColumnIsRefusedNamingFileSheetAndHeaderRow() {
        Path file = SharedData.require("ppg_bp/PPG-BP dataset.xlsx");
        ReadException e = assertThrows(ReadException.class, () -> new LabelTableReader().optRequiredColumns("SpO2").read(file));
        assertEquals("sheet 'cardiovascular dataset', row 2", e.location());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.problem().contains("'subject_ID'") && e.problem().contains("'Hypertension'"), e.getMessage());
    }
}
