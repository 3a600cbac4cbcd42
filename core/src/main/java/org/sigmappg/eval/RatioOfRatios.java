package org.sigmappg.eval;

import java.util.List;
import java.util.Map;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.signal.WindowLevels;

/**
 * The pulse oximeter's comparator, {@code ratio-of-ratios:A/B}: per window the ratio of ratios R = (AC / DC of channel
 * A) / (AC / DC of channel B) from the levels the import kept ({@link WindowLevels}), and per fold the calibration
 * line {@code value = a + b R} fitted by least squares on the training subjects' windows, as an oximeter's maker fits
 * SpO2 = a + b R on a desaturation study. A window without a ratio (no pulse, or a DC of 0) gets the training windows'
 * mean, as trivial would.
 */
final class RatioOfRatios {
    private RatioOfRatios() {
    }

    /**
     * The calibration line of one fold.
     *
     * @param a intercept
     * @param b slope per unit of R
     * @param mean the training windows' mean value, for windows without a ratio
     * @param used training windows with a ratio that the line was fitted on
     */
    record Line(double a, double b, double mean, int used) {
        double predict(double r) {
            return Double.isFinite(r) ? a + b * r : mean;
        }
    }

    /** Refuses a method that cannot run on the task's dataset, saying what would let it run. */
    static void check(MethodSpec m, TaskDefinition task, DatasetInfo d, Map<Long, WindowLevels[]> levels) {
        if (task.isClassification()) {
            throw new IllegalArgumentException(m.name() + " predicts a number through a calibration line; task " + task.name()
                    + " is a classification task");
        }
        for (String channel : m.channels()) {
            if (d.channelIndex(channel) < 0) {
                throw new IllegalArgumentException(m.name() + " needs the PPG channels " + String.join(" and ", m.channels())
                        + ", but dataset " + d.name() + " keeps " + String.join(", ", d.channels()) + "; import the recordings with "
                        + "--channel " + String.join(",", m.channels()) + " (or the recipe's \"channels\")");
            }
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("dataset " + d.name() + " was imported before the channels' DC levels and AC amplitudes "
                    + "were kept, so " + m.name() + " has nothing to divide; import it again");
        }
    }

    /** R of every window, as a one-column matrix (NaN where either perfusion index is undefined). */
    static double[][] ratios(MethodSpec m, DatasetInfo d, List<WindowInfo> windows, Map<Long, WindowLevels[]> levels) {
        int a = d.channelIndex(m.channels().get(0));
        int b = d.channelIndex(m.channels().get(1));
        double[][] out = new double[windows.size()][1];
        for (int i = 0; i < windows.size(); i++) {
            WindowLevels[] l = levels.get(windows.get(i).id());
            double r = l == null || l[a] == null || l[b] == null ? Double.NaN : l[a].perfusionIndex() / l[b].perfusionIndex();
            out[i][0] = Double.isFinite(r) ? r : Double.NaN;
        }
        return out;
    }

    /**
     * The least-squares line through the training windows {@code rows} that have a ratio: b = Sxy / Sxx and
     * a = mean(y) - b mean(x); a flat line at the mean when fewer than two windows have one or they all have the same.
     */
    static Line fit(double[][] r, double[] target, int[] rows) {
        double sumY = 0;
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int row : rows) {
            sumY += target[row];
            if (Double.isFinite(r[row][0])) {
                sx += r[row][0];
                sy += target[row];
                n++;
            }
        }
        double mean = sumY / rows.length;
        if (n < 2) {
            return new Line(mean, 0, mean, n);
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0;
        double sxy = 0;
        for (int row : rows) {
            double x = r[row][0];
            if (Double.isFinite(x)) {
                sxx += (x - mx) * (x - mx);
                sxy += (x - mx) * (target[row] - my);
            }
        }
        if (!(sxx > 0)) {
            return new Line(my, 0, mean, n);
        }
        double b = sxy / sxx;
        return new Line(my - b * mx, b, mean, n);
    }
}
