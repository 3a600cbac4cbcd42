package org.sigmappg.app.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.app.charts.TimeFormat;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowCache;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.run.Workspace;

class SignalExplorerModelTest {
    @TempDir
    static Path dir;
    static Catalogue catalogue;
    static DatasetInfo sample;

    @BeforeAll
    static void importSample() throws Exception {
        Workspace ws = TestWorkspaces.withSample(dir);
        catalogue = new Catalogue(ws);
        sample = catalogue.requireDataset("sample");
    }

    private static RecordSignals load(String record) throws Exception {
        RecordInfo r = catalogue.record(sample.id(), record).orElseThrow();
        return RecordSignals.load(catalogue, sample, r);
    }

    @Test
    void loadsBothSignalsThePatchesAndTheLabels() throws Exception {
        RecordSignals s = load("S08");
        assertEquals(600 * 64, s.raw().length);
        assertEquals(64, s.rawFs(), 0);
        assertEquals(600 * 50, s.filtered().length);
        assertEquals(600, s.patches().size());
        assertEquals(10, s.patches().windows().size());
        assertTrue(s.patches().count(PatchTrack.Qc.FLAT) > 0 && s.patches().count(PatchTrack.Qc.CLIPPED) > 0);
        assertEquals(java.util.List.of("AF", "HR", "QUALITY", "RR", "SpO2"), s.labels().stream().map(l -> l.name()).toList());
        assertEquals(2413, s.rawCounts().flat());
    }

    @Test
    void patchNumbersAreTheStoredOnes() throws Exception {
        RecordSignals s = load("S08");
        RecordInfo r = catalogue.record(sample.id(), "S08").orElseThrow();
        WindowInfo w3 = catalogue.windowsOfRecord(r.id()).get(3);
        float[] stats = catalogue.openCache(sample).patchStats(w3.patchOffset(), w3.patches());
        int i = s.patches().indexAt(180 + 23.5);
        assertEquals(3, s.patches().window(i));
        assertEquals(23, s.patches().patchInWindow(i));
        assertEquals(stats[23 * WindowCache.PATCH_FIELDS + 4], s.patches().prior(i), 0);
        assertEquals(stats[23 * WindowCache.PATCH_FIELDS], s.patches().std(i), 0);
        SignalExplorerModel m = new SignalExplorerModel(s);
        String text = m.readout(180 + 23.5);
        assertTrue(text.startsWith("window 3  patch 23  3:23.0\u20133:24.0"), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "P %.3f", stats[23 * WindowCache.PATCH_FIELDS + 4])), text);
        assertTrue(text.contains("skewness") && text.contains(" A ") && text.contains(" S "), text);
    }

    @Test
    void theWaveformScaleIgnoresFlaggedStretches() throws Exception {
        SignalExplorerModel m = new SignalExplorerModel(load("S08"));
        MinMaxDecimator.Envelope env = m.waveform(1000, null);
        assertTrue(env.size() <= 2000);
        SignalExplorerModel.Range r = m.waveformRange(env, 0);
        // Clipping drives S08 to 0 and to the converter's top; the unflagged pulse wave lives far inside that.
        assertTrue(env.min() <= 1 && env.max() > 200_000, env.min() + " " + env.max());
        assertTrue(r.min() > 50_000 && r.max() < 200_000, r.min() + " " + r.max());
    }

    @Test
    void theLabelScaleIsNeverNarrowerThanATenthOfThePlausibleRange() throws Exception {
        SignalExplorerModel m = new SignalExplorerModel(load("S01"));
        assertEquals("SpO2", m.label());
        assertEquals("%", m.labelUnit("SpO2"));
        MinMaxDecimator.Envelope env = m.labelTrace(800, null).orElseThrow();
        assertEquals(600, env.size(), "one point per second, fewer than two per column");
        SignalExplorerModel.Range r = m.labelRange(env, 0);
        assertTrue(r.max() - r.min() >= 5, "SpO2 plausible range 50-100 %: at least 5 % shown");
        m.setLabel(null);
        assertFalse(m.labelTrace(800, null).isPresent());
    }

    @Test
    void theSubjectsLabelsReadWithTheirUnitsDemographicsFirst() throws Exception {
        RecordSignals s = load("S01");
        Map<String, Catalogue.LabelValue> subject = new LinkedHashMap<>();
        subject.put("DBP", new Catalogue.LabelValue("DBP", 82.0, null, null));
        subject.put("Hypertension", new Catalogue.LabelValue("Hypertension", null, "Stage 1 hypertension", null));
        subject.put("SBP", new Catalogue.LabelValue("SBP", 300.0, null, "outside the plausible range 50.0-260.0 mmHg"));
        subject.put("BMI", new Catalogue.LabelValue("BMI", 27.34, null, null));
        subject.put("Sex", new Catalogue.LabelValue("Sex", null, "Female", null));
        subject.put("Age", new Catalogue.LabelValue("Age", 68.0, null, null));
        RecordSignals withLabels = new RecordSignals(s.dataset(), s.record(), s.subject(), s.channel(), s.raw(), s.rawFs(), s.filtered(),
                s.filteredFs(), s.patches(), s.labels(), s.rawCounts(), Map.of("Alarm", new Catalogue.LabelValue("Alarm", null, "Asystole", null)),
                subject, List.of());
        SignalExplorerModel m = new SignalExplorerModel(withLabels);
        assertEquals(List.of("Sex Female", "Age 68", "BMI 27.3", "DBP 82 mmHg", "Hypertension Stage 1 hypertension", "SBP 300 mmHg"),
                m.subjectLabels().stream().map(SignalExplorerModel.LabelText::text).toList());
        assertEquals("outside the plausible range 50.0-260.0 mmHg", m.subjectLabels().get(5).flag());
        assertEquals(List.of("Alarm Asystole"), m.recordLabels().stream().map(SignalExplorerModel.LabelText::text).toList());
        assertTrue(new SignalExplorerModel(s).subjectLabels().isEmpty(), "the sample set has no subject table");
    }

    @Test
    void aShortRecordReadsInSeconds() throws Exception {
        RecordSignals s = load("S01");
        // The first 2.1 s of S01, as long as a PPG-BP segment.
        RecordSignals shortOne = new RecordSignals(s.dataset(), s.record(), s.subject(), s.channel(), java.util.Arrays.copyOf(s.raw(), 134),
                s.rawFs(), java.util.Arrays.copyOf(s.filtered(), 105), s.filteredFs(), s.patches(), s.labels(), s.rawCounts(), Map.of(), Map.of(),
                List.of());
        SignalExplorerModel m = new SignalExplorerModel(shortOne);
        assertEquals(TimeFormat.Style.SECONDS, m.timeStyle());
        assertEquals("0.0 \u2013 2.1 s of 2.1 s  (2.1 s shown)", m.rangeText());
        assertEquals(TimeFormat.Style.MINUTES, new SignalExplorerModel(s).timeStyle());
    }

    @Test
    void bottomReserveLeavesRoomForTheBand() {
        SignalExplorerModel.Range r = SignalExplorerModel.yRange(0, 1, 0.2, 0);
        double dataBottom = (0 - 0.04 - r.min()) / (r.max() - r.min());
        assertEquals(0.2, dataBottom, 1e-9);
        SignalExplorerModel.Range flat = SignalExplorerModel.yRange(3, 3, 0, 0);
        assertTrue(flat.max() > 3 && flat.min() < 3, "a flat signal still gets a range");
    }

    @Test
    void gridAppearsWhenPatchesAreFarEnoughApart() throws Exception {
        SignalExplorerModel m = new SignalExplorerModel(load("S01"));
        assertFalse(m.patchGridVisible(1000), "600 patches over 1000 pixels");
        m.viewport().set(100, 160);
        assertTrue(m.patchGridVisible(1000));
        assertTrue(m.rangeText().startsWith("1:40 \u2013 2:40 of 10:00"), m.rangeText());
        assertTrue(m.header().contains("PLETH 64 Hz \u2192 50 Hz"), m.header());
    }
}
