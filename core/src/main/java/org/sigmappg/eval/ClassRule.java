package org.sigmappg.eval;

import java.util.List;
import java.util.Locale;

/**
 * One class of a classification task and the label values that belong to it: either a list of text
 * values (compared case-insensitively, e.g. "Stage 1 hypertension"), or a numeric interval
 * [{@code min}, {@code max}) where a missing bound is open (e.g. AF: window mean of the 0/1 AF label
 * >= 0.5).
 *
 * @param name the class name reports show
 * @param values text values of the class; null or empty for a numeric rule
 * @param min inclusive lower bound of a numeric rule, or null
 * @param max exclusive upper bound of a numeric rule, or null
 */
public record ClassRule(String name, List<String> values, Double min, Double max) {
    public ClassRule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("every class needs a name");
        }
        values = values == null ? List.of() : List.copyOf(values);
        boolean numeric = min != null || max != null;
        if (values.isEmpty() == !numeric) {
            throw new IllegalArgumentException("class '" + name + "' must give either text \"values\" or a numeric \"min\"/\"max\", not "
                    + (numeric ? "both" : "neither"));
        }
        if (min != null && max != null && !(min < max)) {
            throw new IllegalArgumentException("class '" + name + "': min " + min + " must be below max " + max);
        }
    }

    /** A class of text values. */
    public static ClassRule ofValues(String name, String... values) {
        return new ClassRule(name, List.of(values), null, null);
    }

    /** A class of numbers in [min, max); null for an open bound. */
    public static ClassRule ofRange(String name, Double min, Double max) {
        return new ClassRule(name, List.of(), min, max);
    }

    public boolean isNumeric() {
        return values.isEmpty();
    }

    boolean matches(String text) {
        if (text == null) {
            return false;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (String v : values) {
            if (v.trim().toLowerCase(Locale.ROOT).equals(t)) {
                return true;
            }
        }
        return false;
    }

    boolean matches(double value) {
        return (min == null || value >= min) && (max == null || value < max);
    }

    /** "Stage 1 hypertension, Stage 2 hypertension" or "[0.5, inf)". */
    public String describe() {
        if (!isNumeric()) {
            return String.join(", ", values);
        }
        return "[" + (min == null ? "-inf" : fmt(min)) + ", " + (max == null ? "inf" : fmt(max)) + ")";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
