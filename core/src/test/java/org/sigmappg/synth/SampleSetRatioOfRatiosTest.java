package org.sigmappg.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportTask;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;
import org.sigmappg.signal.WindowLevels;

/**
 * The sample set carries its saturation as an oximeter sees it: the ratio of ratios computed from the DC levels and AC
 * amplitudes that the import keeps for its RED and IR channels gives back the generator's R = (110 - SpO2) / 25
 * ({@link SyntheticPpgParams#ratioOfRatios}) of each window's mean SpO2 label.
 */
class SampleSetRatioOfRatiosTest {
    /** Subjects with neither motion nor desaturations within a window: their R is read almost exactly. */
    private static final Set<String> STEADY = Set.of("S01", "S02", "S03", "S04", "S05", "S06", "S07", "S11");

    @TempDir
    Path tmp;

    @Test
    void theStoredLevelsGiveBackTheGeneratorsRatioOfRatios() throws Exception {
        SampleSet.write(tmp.resolve("sample"));
        Workspace ws = Workspace.open(tmp.resolve("ws"));
        new ImportTask(ws, ImportRequest.of(tmp.resolve("sample"), "oximeter").withChannel("RED,IR")).run(ProgressMonitor.NONE);
        Catalogue catalogue = new Catalogue(ws);
        DatasetInfo d = catalogue.requireDataset("oximeter");
        assertEquals(List.of("RED", "IR"), d.channels());
        Map<Long, WindowLevels[]> levels = catalogue.windowLevels(d);
        Map<Long, Map<String, Double>> labels = catalogue.windowLabels(d.id());
        List<double[]> pairs = new ArrayList<>();
        for (WindowInfo w : catalogue.windowsOfDataset(d.id())) {
            WindowLevels[] l = levels.get(w.id());
            double measured = l[0].perfusionIndex() / l[1].perfusionIndex();
            double generated = SyntheticPpgParams.ratioOfRatios(labels.get(w.id()).get(SyntheticPpg.SPO2));
            if (STEADY.contains(w.subject())) {
                assertEquals(generated, measured, 0.015, w.subject() + " window " + w.index());
            }
            pairs.add(new double[] {generated, measured});
        }
        assertEquals(120, pairs.size());
        // Over every window, motion-laden and desaturating subjects included: R follows the saturation closely.
        double r = pearson(pairs);
        assertTrue(r > 0.95, "Pearson r " + r);
    }

    private static double pearson(List<double[]> pairs) {
        double mx = pairs.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = pairs.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] p : pairs) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
            syy += (p[1] - my) * (p[1] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
