package org.sigmappg.io.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.text.ColumnHeader;

/** Per-subject label tables from CSV and from workbooks that the test writes with POI. */
class LabelTableReaderTest {
    private final LabelTableReader reader = new LabelTableReader();

    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void csvWithATitleRowFindsItsHeaderAndSubjectColumn() throws IOException {
        Path file = csv("labels.csv", "Cuff study 2024,,,\n\nsubject,SBP [mmHg],DBP [mmHg],class\n"
                + "s01,120,80,normal\ns02,\"145\",95,stage 1\n\ns03,NA,,normal\n");
        LabelTable t = reader.read(file);
        assertEquals(3, t.headerRow());
        assertEquals("subject", t.idColumn().written());
        assertEquals(List.of("s01", "s02", "s03"), t.subjects());
        assertEquals(145.0, t.row("s02").orElseThrow().number("SBP"));
        assertEquals(95.0, t.row("s02").orElseThrow().number("dbp_mmhg"), "by normalised key");
        assertEquals("stage 1", t.row("s02").orElseThrow().text("class"));
        assertTrue(Double.isNaN(t.row("s03").orElseThrow().number("SBP")), "NA is a missing number");
        assertTrue(Double.isNaN(t.row("s03").orElseThrow().number("DBP")), "an empty cell is a missing number");
        assertEquals(5, t.row("s02").orElseThrow().rowNumber());
        assertEquals(new ColumnHeader("SBP [mmHg]", "SBP", "mmHg", "sbp_mmhg"), t.column("SBP"));
        double[] sbp = t.numbers("SBP");
        assertEquals(3, sbp.length);
        assertEquals(120.0, sbp[0]);
    }

    @Test
    void aRepeatedIdenticalRowIsOneSubjectButConflictingRowsAreRefused() throws IOException {
        LabelTable t = reader.read(csv("dup.csv", "id,hr\n1,60\n2,70\n1,60\n"));
        assertEquals(2, t.size());
        Path conflict = csv("conflict.csv", "id,hr\n1,60\n2,70\n1,65\n");
        ReadException e = assertThrows(ReadException.class, () -> reader.read(conflict));
        assertEquals("line 4", e.location());
        assertTrue(e.getMessage().startsWith(conflict.toString()), e.getMessage());
        assertTrue(e.problem().contains("first in row 2") && e.problem().contains("'hr'"), e.getMessage());
    }

    @Test
    void missingColumnsAndIdsAreRefusedWithWhatIsThere() throws IOException {
        Path file = csv("t.csv", "patient_id,Heart Rate(b/m),Sex\n7,61,F\n");
        LabelTable t = reader.read(file);
        assertEquals("patient_id", t.idColumn().written());
        ReadException missing = assertThrows(ReadException.class, () -> t.column("SBP"));
        assertEquals("line 1", missing.location());
        assertTrue(missing.problem().contains("'patient_id', 'Heart Rate(b/m)', 'Sex'"), missing.getMessage());
        ReadException text = assertThrows(ReadException.class, () -> t.row("7").orElseThrow().number("Sex"));
        assertEquals("line 2", text.location());
        ReadException required = assertThrows(ReadException.class,
                () -> reader.optRequiredColumns("Heart Rate", "SBP").read(file));
        assertTrue(required.problem().startsWith("no column 'SBP'"), required.getMessage());
        ReadException noId = assertThrows(ReadException.class, () -> reader.read(csv("noid.csv", "name,hr\nann,60\n")));
        assertTrue(noId.problem().contains("no subject id column"), noId.getMessage());
        assertEquals("ann", reader.optIdColumn("name").read(csv("named.csv", "name,hr\nann,60\n")).subjects().get(0));
        ReadException blankId = assertThrows(ReadException.class, () -> reader.read(csv("blank.csv", "id,hr\n1,60\n,70\n")));
        assertEquals("line 3", blankId.location());
        ReadException beyond = assertThrows(ReadException.class, () -> reader.read(csv("wide.csv", "id,hr,,\n1,60,,x\n")));
        assertTrue(beyond.problem().contains("'x'"), beyond.getMessage());
        ReadException noHeader = assertThrows(ReadException.class, () -> reader.read(csv("numbers.csv", "1,2\n3,4\n")));
        assertTrue(noHeader.problem().contains("no header row"), noHeader.getMessage());
    }

    private Path workbook(String name) throws IOException {
        Path file = dir.resolve(name);
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            wb.createSheet("notes").createRow(0).createCell(0).setCellValue("see next sheet");
            Sheet s = wb.createSheet("labels");
            s.createRow(0).createCell(0).setCellValue("Blood pressure study");
            Row h = s.createRow(2);
            String[] headings = {"No.", "Subject_ID", "Systolic Blood Pressure(mmHg)", "Visit", "Hypertension", "Mean"};
            for (int c = 0; c < headings.length; c++) {
                h.createCell(c).setCellValue(headings[c]);
            }
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd hh:mm"));
            Object[][] rows = {{1, 101, 118.0, LocalDateTime.of(2024, 1, 2, 9, 30), "Normal"},
                {2, "102", 300.0, LocalDateTime.of(2024, 1, 3, 10, 0), "Stage 2 hypertension"}};
            for (int r = 0; r < rows.length; r++) {
                Row row = s.createRow(3 + r);
                row.createCell(0).setCellValue(((Integer) rows[r][0]).doubleValue());
                if (rows[r][1] instanceof Integer i) {
                    row.createCell(1).setCellValue(i.doubleValue());
                } else {
                    row.createCell(1).setCellValue((String) rows[r][1]);
                }
                row.createCell(2).setCellValue((Double) rows[r][2]);
                row.createCell(3).setCellValue((LocalDateTime) rows[r][3]);
                row.getCell(3).setCellStyle(date);
                row.createCell(4).setCellValue((String) rows[r][4]);
                row.createCell(5).setCellFormula("C" + (4 + r) + "/2");
            }
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            wb.write(out);
        }
        return file;
    }

    @Test
    void workbookSheetsHeaderRowsDatesAndFormulasAreRead() throws IOException {
        Path file = workbook("study.xlsx");
        LabelTable t = reader.optSheet("labels").read(file);
        assertEquals("labels", t.sheet());
        assertEquals(3, t.headerRow());
        assertEquals(List.of("101", "102"), t.subjects(), "numeric ids read as whole numbers, like text ids");
        LabelTable.Row r = t.row("101").orElseThrow();
        assertEquals(118.0, r.number("Systolic Blood Pressure"));
        assertEquals("2024-01-02T09:30", r.text("Visit"));
        assertEquals(59.0, r.number("Mean"), "a formula's cached result");
        assertEquals(3, reader.optSheet("labels").optHeaderRow(3).read(file).headerRow());
        ReadException noSheet = assertThrows(ReadException.class, () -> reader.optSheet("BP").read(file));
        assertTrue(noSheet.problem().contains("'notes', 'labels'"), noSheet.getMessage());
        ReadException firstSheet = assertThrows(ReadException.class, () -> reader.read(file));
        assertTrue(firstSheet.getMessage().contains("sheet 'notes'"), firstSheet.getMessage());
        ReadException missing = assertThrows(ReadException.class, () -> t.column("Diastolic"));
        assertEquals("sheet 'labels', row 3", missing.location());
        List<PhysiologicalRanges.OutOfRange> flagged = PhysiologicalRanges.DEFAULT.check(t);
        assertEquals(1, flagged.size());
        assertEquals("subject 102", flagged.get(0).at());
        assertEquals("SBP", flagged.get(0).range().label());
        assertTrue(flagged.get(0).message().contains("300 mmHg"), flagged.get(0).message());
    }

    @Test
    void aFileThatIsNotAWorkbookIsRefused() throws IOException {
        Path fake = csv("fake.xlsx", "id,hr\n1,2\n");
        ReadException e = assertThrows(ReadException.class, () -> reader.read(fake));
        assertTrue(e.problem().contains("not a readable Excel workbook"), e.getMessage());
    }
}
