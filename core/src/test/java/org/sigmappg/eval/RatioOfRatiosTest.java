package org.sigmappg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.signal.WindowLevels;

/** The ratio-of-ratios comparator: its calibration line against a least-squares fit computed by hand, and its refusals. */
class RatioOfRatiosTest {
    private static final MethodSpec RED_IR = MethodSpec.parse("ratio-of-ratios:RED/IR");
    private static final TaskDefinition SPO2 = TaskDefinition.regression("SpO2", "oxygen saturation", null, "SpO2", LabelSource.WINDOW, "%");

    @Test
    void theCalibrationLineIsTheLeastSquaresFitOfTheTrainingWindowsWithARatio() {
        // Rows 0-4 train, row 5 is a test window whose value the fit must not see. Row 4 has no ratio.
        double[][] r = {{0.50}, {0.60}, {0.70}, {0.80}, {Double.NaN}, {0.20}};
        double[] y = {97.6, 95.1, 92.4, 90.2, 80.0, 50.0};
        RatioOfRatios.Line line = RatioOfRatios.fit(r, y, new int[] {0, 1, 2, 3, 4});
        // By hand: mean R 0.65, mean SpO2 93.825; deviations R -0.15 -0.05 0.05 0.15, SpO2 3.775 1.275 -1.425 -3.625;
        // Sxy = -0.56625 - 0.06375 - 0.07125 - 0.54375 = -1.245, Sxx = 0.05: b = -24.9, a = 93.825 + 24.9 x 0.65 = 110.01.
        assertEquals(-24.9, line.b(), 1e-9);
        assertEquals(110.01, line.a(), 1e-9);
        assertEquals(4, line.used());
        assertEquals(110.01 - 24.9 * 0.9, line.predict(0.9), 1e-9);
        // A window without a ratio gets the mean of all five training windows, as trivial would: 455.3 / 5.
        assertEquals(91.06, line.mean(), 1e-9);
        assertEquals(91.06, line.predict(Double.NaN), 1e-9);
    }

    @Test
    void fewerThanTwoRatiosOrOneRatioGiveAFlatLine() {
        double[] y = {90, 94, 98};
        RatioOfRatios.Line one = RatioOfRatios.fit(new double[][] {{0.5}, {Double.NaN}, {Double.NaN}}, y, new int[] {0, 1, 2});
        assertEquals(0, one.b());
        assertEquals(94, one.predict(0.7), 1e-12);
        RatioOfRatios.Line same = RatioOfRatios.fit(new double[][] {{0.5}, {0.5}, {0.5}}, y, new int[] {0, 1, 2});
        assertEquals(0, same.b());
        assertEquals(94, same.predict(0.5), 1e-12);
    }

    @Test
    void ratiosComeFromTheNamedChannelsLevelsInTheDatasetsOrder() {
        DatasetInfo d = dataset(List.of("IR", "RED"));
        // Window 7: RED AC/DC = 10/1000 = 0.01, IR AC/DC = 40/2000 = 0.02: R = 0.5. Window 8: IR's DC is 0, no ratio.
        Map<Long, WindowLevels[]> levels = Map.of(
                7L, new WindowLevels[] {new WindowLevels(2000, 40), new WindowLevels(1000, 10)},
                8L, new WindowLevels[] {new WindowLevels(0, 40), new WindowLevels(1000, 10)});
        double[][] r = RatioOfRatios.ratios(RED_IR, d, List.of(window(7), window(8), window(9)), levels);
        assertEquals(0.5, r[0][0], 1e-12);
        assertTrue(Double.isNaN(r[1][0]));
        assertTrue(Double.isNaN(r[2][0]), "a window without stored levels has no ratio");
    }

    @Test
    void itIsRefusedWhereItCannotRunSayingWhatWouldLetItRun() {
        Map<Long, WindowLevels[]> some = Map.of(1L, new WindowLevels[] {WindowLevels.UNKNOWN, WindowLevels.UNKNOWN});
        IllegalArgumentException pleth = assertThrows(IllegalArgumentException.class,
                () -> RatioOfRatios.check(RED_IR, SPO2, dataset(List.of("PLETH")), some));
        assertEquals("ratio-of-ratios:RED/IR needs the PPG channels RED and IR, but dataset d keeps PLETH; import the recordings with "
                + "--channel RED,IR (or the recipe's \"channels\")", pleth.getMessage());
        IllegalArgumentException old = assertThrows(IllegalArgumentException.class,
                () -> RatioOfRatios.check(RED_IR, SPO2, dataset(List.of("RED", "IR")), Map.of()));
        assertEquals("dataset d was imported before the channels' DC levels and AC amplitudes were kept, so ratio-of-ratios:RED/IR has "
                + "nothing to divide; import it again", old.getMessage());
        TaskDefinition af = TaskDefinition.classification("AF", "atrial fibrillation", null, "AF", LabelSource.WINDOW,
                List.of(ClassRule.ofRange("sinus", null, 0.5), ClassRule.ofRange("AF", 0.5, null)));
        assertEquals("ratio-of-ratios:RED/IR predicts a number through a calibration line; task AF is a classification task",
                assertThrows(IllegalArgumentException.class, () -> RatioOfRatios.check(RED_IR, af, dataset(List.of("RED", "IR")), some))
                        .getMessage());
    }

    @Test
    void theMethodNamesTwoDifferentChannels() {
        assertEquals("ratio-of-ratios:RED/IR", RED_IR.name());
        assertEquals(List.of("RED", "IR"), MethodSpec.parse("ratio-of-ratios: RED / IR ").channels());
        assertEquals("method ratio-of-ratios needs two PPG channels, the numerator's and the denominator's: ratio-of-ratios:A/B "
                + "(e.g. ratio-of-ratios:RED/IR)", assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("ratio-of-ratios"))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("ratio-of-ratios:RED"));
        assertEquals("ratio-of-ratios:RED/red divides a channel by itself; name two channels, like ratio-of-ratios:RED/IR",
                assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse("ratio-of-ratios:RED/red")).getMessage());
    }

    private static DatasetInfo dataset(List<String> channels) {
        return new DatasetInfo(1, "d", "/data", "recipe", "", 1, 1, 3, 0, List.of(), List.of(), "ds-1", "hash", 50, 50, null, null, channels);
    }

    private static WindowInfo window(long id) {
        return new WindowInfo(id, 1, "s1", (int) id, 0, 1500, 30, 0, 0, 0, 0, 0, 0, 0, 2, 1500);
    }
}
