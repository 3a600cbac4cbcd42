package org.sigmappg.io.text;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column heading as written ({@code "Systolic Blood Pressure(mmHg)"}), split into a name and a unit
 * given in trailing brackets, with a normalised key ({@code systolic_blood_pressure_mmhg}) for lookups
 * that ignore case, spacing and punctuation.
 *
 * @param written the heading exactly as in the file, trimmed
 * @param name the heading without a trailing bracketed unit
 * @param unit the unit from trailing {@code [..]} or {@code (..)}, empty if none
 * @param key {@link #normalise(String)} of the written heading
 */
public record ColumnHeader(String written, String name, String unit, String key) {
    private static final Pattern TRAILING_UNIT = Pattern.compile("^(.*?)\\s*[\\[(]([^\\[\\]()]*)[\\])]\\s*$");

    public static ColumnHeader parse(String written) {
        String text = written.strip();
        Matcher m = TRAILING_UNIT.matcher(text);
        if (m.matches() && !m.group(1).isEmpty()) {
            return new ColumnHeader(text, m.group(1), m.group(2).strip(), normalise(text));
        }
        return new ColumnHeader(text, text, "", normalise(text));
    }

    /** Lower case, every run of characters other than letters and digits turned into one '_', none at the ends. */
    public static String normalise(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "_");
        int from = lower.startsWith("_") ? 1 : 0;
        int to = lower.endsWith("_") && lower.length() > from ? lower.length() - 1 : lower.length();
        return lower.substring(from, Math.max(from, to));
    }

    /** Whether {@code query} names this column: its written heading or its name, compared by normalised key. */
    public boolean matches(String query) {
        String q = normalise(query);
        return !q.isEmpty() && (q.equals(key) || q.equals(normalise(name)));
    }
}
