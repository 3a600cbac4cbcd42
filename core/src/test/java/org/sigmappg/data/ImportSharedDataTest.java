package org.sigmappg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.SharedData;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;

/** Every recording in ../shared/data imports with the documented counts, rates and labels. */
class ImportSharedDataTest {
    @TempDir
    Path tmp;

    private ImportResult importIt(Workspace ws, ImportRequest request) throws IOException {
        return new ImportTask(ws, request).run(ProgressMonitor.NONE);
    }

    @Test
    void ppgBpImportsWithoutOptionsWithSubjectsAndLabels() throws IOException {
        Path src = SharedData.require("ppg_bp");
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        ImportResult r = importIt(ws, ImportRequest.of(src, "ppgbp"));
        assertEquals("ppg-bp", r.layout());
        assertEquals(657, r.records());
        assertEquals(219, r.subjects());
        // Every 2.1 s segment is one window of 3 patches (2 whole, 1 padded); 231_1/231_2 hold 4.2 s (5 patches).
        assertEquals(657, r.windows());
        assertTrue(r.skipped().isEmpty(), r.skipped().toString());

        Catalogue cat = new Catalogue(ws);
        DatasetInfo d = cat.requireDataset("ppgbp");
        RecordInfo seg = cat.record(d.id(), "2_1").orElseThrow();
        assertEquals("2", seg.subject());
        assertEquals(1000.0, seg.fs());
        assertEquals(2100, seg.samples());
        assertEquals(4200, cat.record(d.id(), "231_1").orElseThrow().samples());
        List<WindowInfo> w = cat.windowsOfRecord(seg.id());
        assertEquals(1, w.size());
        assertEquals(3, w.get(0).patches());
        assertEquals(105, w.get(0).validSamples());
        assertEquals(5, cat.windowsOfRecord(cat.record(d.id(), "231_1").orElseThrow().id()).get(0).patches());

        // Values from "PPG-BP dataset.xlsx" row 3 (subject 2), read from the sheet XML with unzip.
        Map<String, Catalogue.LabelValue> s2 = cat.subjectLabels(d.id()).get("2");
        assertEquals(161.0, s2.get("SBP").value());
        assertEquals(89.0, s2.get("DBP").value());
        assertEquals(97.0, s2.get("HR").value());
        assertEquals("Stage 2 hypertension", s2.get("Hypertension").text());
        assertEquals(219, cat.subjectLabels(d.id()).size());

        // The raw file's first value, checked with: head -c 40 ../shared/data/ppg_bp/0_subject/2_1.txt
        try (WindowCache cache = cat.openCache(d)) {
            float[] raw = cache.signal(seg.rawSignalFile());
            assertEquals(2100, raw.length);
            float[] win = cache.samples(w.get(0).sampleOffset(), 150);
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (int i = 0; i < 105; i++) {
                min = Math.min(min, win[i]);
                max = Math.max(max, win[i]);
            }
            assertEquals(0f, min, 1e-6f);
            assertEquals(1f, max, 1e-6f);
            for (int i = 105; i < 150; i++) {
                assertEquals(0f, win[i], "padding after the valid samples");
            }
        }
    }

    @Test
    void wfdbFolderImportsEveryTopLevelRecord() throws IOException {
        Path src = SharedData.require("physionet_wfdb_samples");
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        ImportResult r = importIt(ws, ImportRequest.of(src, "wfdb"));
        assertEquals("wfdb", r.layout());
        assertEquals(5, r.records(), "a103l, v102s, 041s (2 segments), 3269321_0001, 3269321_0002");
        assertEquals(4, r.subjects(), "the two MIMIC segments 3269321_000N are one subject");
        Catalogue cat = new Catalogue(ws);
        DatasetInfo d = cat.requireDataset("wfdb");
        RecordInfo a103l = cat.record(d.id(), "a103l").orElseThrow();
        assertEquals("PLETH", a103l.channel());
        assertEquals(250.0, a103l.fs());
        assertEquals(82500, a103l.samples());
        assertEquals("Asystole", a103l.annotations().get("comment.1"));
        // 330 s at 50 Hz: one full 240 s window and a 90 s tail window.
        assertEquals(2, cat.windowsOfRecord(a103l.id()).size());
        RecordInfo v102s = cat.record(d.id(), "v102s").orElseThrow();
        assertTrue(v102s.clippedSamples() > 1000, "v102s PLETH sits at the ADC limits: " + v102s.clippedSamples());
        RecordInfo s041 = cat.record(d.id(), "041s").orElseThrow();
        assertEquals(2000, s041.samples());
        assertEquals(125.0, s041.fs());
    }

    @Test
    void bidmcAndNeurokitCsvImportWithoutOptions() throws IOException {
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        ImportResult bidmc = importIt(ws, ImportRequest.of(SharedData.require("bidmc_sample"), "bidmc"));
        assertEquals("bidmc", bidmc.layout());
        assertEquals(1, bidmc.records());
        Catalogue cat = new Catalogue(ws);
        RecordInfo b = cat.records(cat.requireDataset("bidmc").id()).get(0);
        assertEquals("01", b.subject());
        assertEquals("PLETH", b.channel());
        assertEquals(125.0, b.fs(), 1e-9);
        assertEquals(60001, b.samples());
        assertEquals(2, b.windows(), "480 s: two full 240 s windows; the 8 ms tail is shorter than a patch");

        ImportResult nk = importIt(ws, ImportRequest.of(SharedData.require("neurokit_bio_resting"), "neurokit"));
        assertEquals("neurokit", nk.layout());
        RecordInfo n = cat.records(cat.requireDataset("neurokit").id()).get(0);
        assertEquals("PPG", n.channel());
        assertEquals(100.0, n.fs());
        assertEquals(30000, n.samples());
        assertEquals(2, n.windows(), "300 s: one 240 s window and a 60 s tail");
    }

    @Test
    void heartpyFilesImportWithTheirRates() throws IOException {
        Path dir = SharedData.require("heartpy_examples");
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        Catalogue cat = new Catalogue(ws);

        importIt(ws, ImportRequest.of(dir.resolve("data.csv"), "hp-data").withFs(100.0));
        RecordInfo data = cat.records(cat.requireDataset("hp-data").id()).get(0);
        assertEquals(2483, data.samples());
        assertEquals(1, data.windows());

        importIt(ws, ImportRequest.of(dir.resolve("ring_data.csv"), "hp-ring").withFs(32.0));
        RecordInfo ring = cat.records(cat.requireDataset("hp-ring").id()).get(0);
        assertEquals(91987, ring.samples());
        assertEquals(3465, ring.missingSamples(), "the blank rows are sensor drop-outs");

        importIt(ws, ImportRequest.of(dir.resolve("data2.csv"), "hp-timer"));
        RecordInfo timer = cat.records(cat.requireDataset("hp-timer").id()).get(0);
        assertTrue(timer.fs() > 110 && timer.fs() < 125, "rate from the ms timer: " + timer.fs());

        importIt(ws, ImportRequest.of(dir.resolve("data3.csv"), "hp-datetime"));
        RecordInfo dt = cat.records(cat.requireDataset("hp-datetime").id()).get(0);
        assertEquals(100.0, dt.fs(), 1.0);
        assertTrue(dt.start() != null, "ISO timestamps give the start time");
    }
}
