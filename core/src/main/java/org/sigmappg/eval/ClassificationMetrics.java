package org.sigmappg.eval;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Classification figures of class probabilities against reference classes. AUROC is the Mann-Whitney
 * statistic with mid-ranks for tied scores (a tie counts one half); AUPRC is average precision,
 * {@code sum_k (R_k - R_{k-1}) P_k} over the distinct score thresholds from high to low (tied scores enter
 * together), as scikit-learn's {@code average_precision_score}. The predicted class is the most
 * probable one (ties to the lower class index). Binary tasks score the positive class (index 1); with
 * more classes AUROC and AUPRC are macro averages one-vs-rest over the classes that occur in the
 * reference with both positives and negatives, F1 is the macro average over the classes occurring in the
 * reference or the predictions (scikit-learn's {@code average='macro'}), and balanced accuracy is the
 * mean recall over the classes that occur in the reference. Figures that would be 0/0 or rest on one
 * class (AUROC, AUPRC, F1 and balanced accuracy without both classes) are NaN, so that bootstrap
 * resamples lacking a class are left out instead of counted as 0 or 1.
 */
public final class ClassificationMetrics {
    private ClassificationMetrics() {
    }

    /** Every classification figure over {@code units}; the probabilities also rank the units. */
    public static Map<Metric, Double> all(int[] reference, double[][] probabilities, int classes, int[] units) {
        return all(reference, probabilities, probabilities, classes, units);
    }

    /**
     * Every classification figure over {@code units}: the predicted class from {@code probabilities}, AUROC
     * and AUPRC from how {@code scores} rank the units (the same array for every method that ranks units).
     */
    public static Map<Metric, Double> all(int[] reference, double[][] probabilities, double[][] scores, int classes, int[] units) {
        int n = units.length;
        int[] truth = new int[n];
        int[] predicted = new int[n];
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            truth[i] = reference[units[i]];
            p[i] = scores[units[i]];
            predicted[i] = argmax(probabilities[units[i]]);
        }
        Map<Metric, Double> out = new EnumMap<>(Metric.class);
        if (classes == 2) {
            boolean[] positive = new boolean[n];
            double[] score = new double[n];
            for (int i = 0; i < n; i++) {
                positive[i] = truth[i] == 1;
                score[i] = p[i][1];
            }
            out.put(Metric.AUROC, auroc(positive, score));
            out.put(Metric.AUPRC, averagePrecision(positive, score));
            out.put(Metric.F1, f1(truth, predicted, 1));
        } else {
            double aurocSum = 0;
            double apSum = 0;
            int scored = 0;
            for (int c = 0; c < classes; c++) {
                boolean[] positive = new boolean[n];
                double[] score = new double[n];
                int pos = 0;
                for (int i = 0; i < n; i++) {
                    positive[i] = truth[i] == c;
                    score[i] = p[i][c];
                    pos += positive[i] ? 1 : 0;
                }
                if (pos > 0 && pos < n) {
                    aurocSum += auroc(positive, score);
                    apSum += averagePrecision(positive, score);
                    scored++;
                }
            }
            out.put(Metric.AUROC, scored == 0 ? Double.NaN : aurocSum / scored);
            out.put(Metric.AUPRC, scored == 0 ? Double.NaN : apSum / scored);
            out.put(Metric.F1, macroF1(truth, predicted, classes));
        }
        out.put(Metric.BALANCED_ACCURACY, balancedAccuracy(truth, predicted, classes));
        out.put(Metric.ACCURACY, accuracy(truth, predicted));
        return out;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Rank-based AUROC with mid-ranks for ties; NaN without both positives and negatives. */
    public static double auroc(boolean[] positive, double[] score) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        double rankSumPositive = 0;
        long nPos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPositive += midRank;
                    nPos++;
                }
            }
            i = j + 1;
        }
        long nNeg = n - nPos;
        if (nPos == 0 || nNeg == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - nPos * (nPos + 1) / 2.0) / ((double) nPos * nNeg);
    }

    /**
     * The ROC curve: false- and true-positive rates at every distinct score threshold from high to low,
     * starting at (0, 0) and ending at (1, 1); tied scores move both rates at once.
     *
     * @return {fpr, tpr}, or empty arrays without both positives and negatives
     */
    public static double[][] rocCurve(boolean[] positive, double[] score) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        long totalPositive = 0;
        for (boolean b : positive) {
            totalPositive += b ? 1 : 0;
        }
        long totalNegative = n - totalPositive;
        if (totalPositive == 0 || totalNegative == 0) {
            return new double[][] {{}, {}};
        }
        java.util.List<double[]> points = new java.util.ArrayList<>();
        points.add(new double[] {0, 0});
        long tp = 0;
        long fp = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && score[order[j]] == score[order[i]]) {
                if (positive[order[j]]) {
                    tp++;
                } else {
                    fp++;
                }
                j++;
            }
            points.add(new double[] {(double) fp / totalNegative, (double) tp / totalPositive});
            i = j;
        }
        double[][] out = new double[2][points.size()];
        for (int k = 0; k < points.size(); k++) {
            out[0][k] = points.get(k)[0];
            out[1][k] = points.get(k)[1];
        }
        return out;
    }

    /** Average precision over distinct thresholds (tied scores enter together); NaN without positives. */
    public static double averagePrecision(boolean[] positive, double[] score) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        long totalPositive = 0;
        for (boolean b : positive) {
            totalPositive += b ? 1 : 0;
        }
        if (totalPositive == 0) {
            return Double.NaN;
        }
        double ap = 0;
        double previousRecall = 0;
        long tp = 0;
        long fp = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && score[order[j]] == score[order[i]]) {
                if (positive[order[j]]) {
                    tp++;
                } else {
                    fp++;
                }
                j++;
            }
            double recall = (double) tp / totalPositive;
            double precision = (double) tp / (tp + fp);
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
            i = j;
        }
        return ap;
    }

    /**
     * F1 of class {@code positiveClass}: 2 TP / (2 TP + FP + FN); 0 when the class occurs but is never
     * predicted correctly, undefined (NaN) when it neither occurs nor is predicted (0/0, e.g. a bootstrap
     * resample without positives, which must not count as a zero).
     */
    public static double f1(int[] truth, int[] predicted, int positiveClass) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean t = truth[i] == positiveClass;
            boolean p = predicted[i] == positiveClass;
            if (t && p) {
                tp++;
            } else if (p) {
                fp++;
            } else if (t) {
                fn++;
            }
        }
        if (tp + fp + fn == 0) {
            return Double.NaN;
        }
        return 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /** Macro F1 over the classes in the reference or the predictions; NaN with fewer than two reference classes. */
    static double macroF1(int[] truth, int[] predicted, int classes) {
        boolean[] occurs = new boolean[classes];
        boolean[] inTruth = new boolean[classes];
        for (int i = 0; i < truth.length; i++) {
            occurs[truth[i]] = true;
            inTruth[truth[i]] = true;
            occurs[predicted[i]] = true;
        }
        int truthClasses = 0;
        for (boolean b : inTruth) {
            truthClasses += b ? 1 : 0;
        }
        if (truthClasses < 2) {
            return Double.NaN;
        }
        double sum = 0;
        int count = 0;
        for (int c = 0; c < classes; c++) {
            if (occurs[c]) {
                sum += f1(truth, predicted, c);
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /**
     * Mean of the per-class recalls over the classes present in {@code truth}; undefined (NaN) with fewer
     * than two classes present, where it would be a single class's recall.
     */
    public static double balancedAccuracy(int[] truth, int[] predicted, int classes) {
        long[] total = new long[classes];
        long[] hit = new long[classes];
        for (int i = 0; i < truth.length; i++) {
            total[truth[i]]++;
            if (predicted[i] == truth[i]) {
                hit[truth[i]]++;
            }
        }
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (total[c] > 0) {
                sum += (double) hit[c] / total[c];
                present++;
            }
        }
        return present < 2 ? Double.NaN : sum / present;
    }

    public static double accuracy(int[] truth, int[] predicted) {
        long hit = 0;
        for (int i = 0; i < truth.length; i++) {
            hit += truth[i] == predicted[i] ? 1 : 0;
        }
        return truth.length == 0 ? Double.NaN : (double) hit / truth.length;
    }
}
