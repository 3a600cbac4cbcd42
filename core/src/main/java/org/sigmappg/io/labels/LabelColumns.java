package org.sigmappg.io.labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One label taken from a label file: its name, the columns that measure it (one per device when several
 * devices measured it at once, e.g. three oximeters' "SpO2 A", "SpO2 B", "SpO2 C"), how the valid values of
 * a row are combined into one, and what the devices write when they have no value (monitors write 0).
 *
 * @param name the label's name in tasks ("SpO2")
 * @param columns the columns' headings, matched as written or ignoring case, spacing and a bracketed unit
 * @param combine how the valid values of one row are combined
 * @param missingNumbers numbers that mean "no value"
 * @param missingTexts texts that mean "no value" ("---", "Probe off"), compared ignoring case
 */
public record LabelColumns(String name, List<String> columns, Combine combine, List<Double> missingNumbers,
                           List<String> missingTexts) {
    /** How the valid values of one row are made one label value. */
    public enum Combine {
        MEAN,
        MEDIAN
    }

    public LabelColumns {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("label " + name + " needs at least one column");
        }
        combine = combine == null ? Combine.MEAN : combine;
        missingNumbers = missingNumbers == null ? List.of() : List.copyOf(missingNumbers);
        List<String> texts = new ArrayList<>();
        for (String t : missingTexts == null ? List.<String>of() : missingTexts) {
            texts.add(t.strip().toLowerCase(Locale.ROOT));
        }
        missingTexts = List.copyOf(texts);
    }

    /** A label read from one column as it is. */
    public static LabelColumns of(String name, String column) {
        return new LabelColumns(name, List.of(column), Combine.MEAN, List.of(), List.of());
    }

    /** Whether {@code value} is one of the numbers that mean no value. */
    boolean isMissing(double value) {
        for (double m : missingNumbers) {
            if (m == value) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} is one of the texts that mean no value. */
    boolean isMissing(String text) {
        return missingTexts.contains(text.strip().toLowerCase(Locale.ROOT));
    }

    /** The combination of the first {@code n} values (all valid); NaN when there are none. */
    double combine(double[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        if (combine == Combine.MEAN) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[i];
            }
            return sum / n;
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
