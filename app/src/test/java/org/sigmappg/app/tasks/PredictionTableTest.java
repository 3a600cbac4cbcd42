package org.sigmappg.app.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.eval.LabelSource;

/** The stored per-window predictions, read and pooled per subject or record as the evaluation pools them, checked by hand. */
class PredictionTableTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** A window-level regression (HR): S2 with two windows, "S,10" (a quoted name) with three, two methods. */
    private static final String WINDOW_REGRESSION = """
            window_id,subject,record,window_index,fold,target,trivial,features
            1,S2,S2,0,1,60.0,70.0,61.0
            2,S2,S2,1,1,64.0,70.0,66.0
            3,"S,10",r10,0,0,80.0,72.0,83.0
            4,"S,10",r10,1,0,90.0,72.0,86.0
            5,"S,10",r10,2,0,100.0,72.0,98.0
            """;

    @Test
    void aWindowLevelTaskPoolsEachSubjectsWindowsLabelsAndPredictions() throws IOException {
        PredictionTable t = PredictionTable.read(write("p.csv", WINDOW_REGRESSION), List.of("trivial", "features"), List.of());
        assertEquals(5, t.windows());
        List<PredictionTable.Row> rows = t.pooled(LabelSource.WINDOW);
        assertEquals(2, rows.size());
        PredictionTable.Row s2 = rows.get(0);
        assertEquals("S2", s2.subject());
        assertNull(s2.record(), "a subject's row names no record");
        assertEquals(1, s2.fold());
        assertEquals(2, s2.windows());
        // By hand: labels (60 + 64) / 2 = 62; trivial 70; features (61 + 66) / 2 = 63.5.
        assertEquals(62.0, s2.truth(), 1e-12);
        assertEquals(70.0, s2.predictions()[0][0], 1e-12);
        assertEquals(63.5, s2.predictions()[1][0], 1e-12);
        assertEquals(8.0, s2.error(0), 1e-12);
        assertEquals(1.5, s2.error(1), 1e-12);
        PredictionTable.Row s10 = rows.get(1);
        assertEquals("S,10", s10.subject());
        // (80 + 90 + 100) / 3 = 90; features (83 + 86 + 98) / 3 = 89.
        assertEquals(90.0, s10.truth(), 1e-12);
        assertEquals(89.0, s10.predictions()[1][0], 1e-12);
        assertEquals(-1.0, s10.error(1), 1e-12);
        assertEquals(3, s10.judged(), "a window-level task judges each window");
    }

    @Test
    void aSubjectLevelTaskKeepsTheSubjectsLabelAndAveragesItsWindows() throws IOException {
        String csv = """
                window_id,subject,record,window_index,fold,target,trivial,features
                1,7,7_1,0,2,141.0,128.0,130.0
                2,7,7_2,0,2,141.0,128.0,139.0
                3,7,7_3,0,2,141.0,128.0,133.0
                """;
        PredictionTable.Row r = PredictionTable.read(write("p.csv", csv), List.of("trivial", "features"), List.of())
                .pooled(LabelSource.SUBJECT).get(0);
        assertEquals(141.0, r.truth());
        // (130 + 139 + 133) / 3 = 134.
        assertEquals(134.0, r.predictions()[1][0], 1e-12);
        assertEquals(-7.0, r.error(1), 1e-12);
        assertEquals(1, r.judged());
    }

    /** A record-level binary task (an alarm's verdict): two records of one subject, each with its own label. */
    private static final String RECORD_CLASSES = """
            window_id,subject,record,window_index,fold,target,trivial:p_false,trivial:p_true,features:p_false,features:p_true
            1,a,a103l,0,0,true,0.6,0.4,0.2,0.8
            2,a,a103l,1,0,true,0.6,0.4,0.6,0.4
            3,a,a104s,0,0,false,0.6,0.4,0.3,0.7
            """;

    @Test
    void aRecordLevelTaskPoolsPerRecordAndJudgesTheMeanProbabilities() throws IOException {
        PredictionTable t = PredictionTable.read(write("p.csv", RECORD_CLASSES), List.of("trivial", "features"), List.of("false", "true"));
        List<PredictionTable.Row> rows = t.pooled(LabelSource.RECORD);
        assertEquals(List.of("a103l", "a104s"), rows.stream().map(PredictionTable.Row::record).toList());
        PredictionTable.Row r = rows.get(0);
        assertEquals(1, (int) r.truth());
        // features: p(true) = (0.8 + 0.4) / 2 = 0.6 > p(false) = 0.4, so "true", right; trivial 0.4, so "false", wrong.
        assertArrayEquals(new double[] {0.4, 0.6}, r.predictions()[1], 1e-12);
        assertEquals(1, r.predictedClass(1));
        assertArrayEquals(new int[] {1, 0}, r.wrong());
        assertEquals(1, r.judged());
        assertArrayEquals(new int[] {0, 1}, rows.get(1).wrong(), "a104s is false; features says true (0.7)");
    }

    @Test
    void aWindowLevelClassificationCountsEachClassAndTheWindowsClassedWrongly() throws IOException {
        String csv = """
                window_id,subject,record,window_index,fold,target,m:p_sinus,m:p_AF
                1,S07,S07,0,0,sinus,0.9,0.1
                2,S07,S07,1,0,AF,0.7,0.3
                3,S07,S07,2,0,AF,0.2,0.8
                """;
        PredictionTable t = PredictionTable.read(write("p.csv", csv), List.of("m"), List.of("sinus", "AF"));
        PredictionTable.Row r = t.pooled(LabelSource.WINDOW).get(0);
        assertEquals(-1, (int) r.truth(), "windows of both classes");
        assertArrayEquals(new int[] {1, 2}, r.classCounts());
        // Window 2 is AF but m says sinus (0.7): one of three wrong.
        assertArrayEquals(new int[] {1}, r.wrong());
        assertEquals(3, r.judged());
        assertArrayEquals(new double[] {0.6, 0.4}, r.predictions()[0], 1e-12);
        assertEquals("subject,fold,windows,target,windows_sinus,windows_AF,m:p_sinus,m:p_AF,m:predicted,m:wrong\n"
                + "S07,0,3,mixed,1,2," + r.predictions()[0][0] + "," + r.predictions()[0][1] + ",sinus,1\n", t.pooledCsv(LabelSource.WINDOW));
    }

    @Test
    void thePooledCsvHasARowPerSubjectAtFullPrecisionAndTheWindowCsvIsTheStoredFile() throws IOException {
        Path stored = write("p.csv", WINDOW_REGRESSION);
        PredictionTable t = PredictionTable.read(stored, List.of("trivial", "features"), List.of());
        Path pooled = dir.resolve("out/pooled.csv");
        t.writePooled(pooled, LabelSource.WINDOW);
        assertEquals(List.of("subject,fold,windows,target,trivial,trivial:error,features,features:error",
                "S2,1,2,62.0,70.0,8.0,63.5,1.5",
                "\"S,10\",0,3,90.0,72.0,-18.0,89.0,-1.0"), Files.readAllLines(pooled));
        Path windows = dir.resolve("out/windows.csv");
        t.writeWindows(windows);
        assertArrayEquals(Files.readAllBytes(stored), Files.readAllBytes(windows));
        PredictionTable records = PredictionTable.read(write("r.csv", RECORD_CLASSES), List.of("trivial", "features"), List.of("false", "true"));
        assertTrue(records.pooledCsv(LabelSource.RECORD).startsWith("subject,record,fold,windows,target,trivial:p_false,trivial:p_true,"
                + "trivial:predicted,trivial:wrong,features:p_false"), records.pooledCsv(LabelSource.RECORD));
        assertTrue(records.pooledCsv(LabelSource.RECORD).contains("\na,a103l,0,2,true,0.6,0.4,false,1,"), "no class counts for pooled labels");
    }

    @Test
    void aFileThatIsNotTheRunsPredictionsIsRefusedNamingItsLineAndColumn() throws IOException {
        Path other = write("p.csv", WINDOW_REGRESSION.replace(",features\n", ",sigma\n"));
        IOException e = assertThrows(IOException.class, () -> PredictionTable.read(other, List.of("trivial", "features"), List.of()));
        assertEquals(other + " line 1: the columns are window_id,subject,record,window_index,fold,target,trivial,sigma where this run's "
                + "methods give window_id,subject,record,window_index,fold,target,trivial,features", e.getMessage());
        Path text = write("q.csv", WINDOW_REGRESSION.replace("83.0", "high"));
        e = assertThrows(IOException.class, () -> PredictionTable.read(text, List.of("trivial", "features"), List.of()));
        assertEquals(text + " line 4, column 8 (features): 'high' is not a number", e.getMessage());
        Path classes = write("r.csv", RECORD_CLASSES.replace("a104s,0,0,false", "a104s,0,0,maybe"));
        e = assertThrows(IOException.class, () -> PredictionTable.read(classes, List.of("trivial", "features"), List.of("false", "true")));
        assertEquals(classes + " line 4, column 6 (target): 'maybe' is none of this task's classes false, true", e.getMessage());
    }
}
