package org.sigmappg.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.sigmappg.io.labels.PhysiologicalRanges;

/**
 * The labels a record carries in its own file: a WFDB header's comments. Each comment line is a record label named
 * {@code comment.1}, {@code comment.2}, ... (the PhysioNet/CinC 2015 alarm records write the alarm type on the first and
 * "True alarm" or "False alarm" on the second: a classification task over {@code comment.2}), and a {@code key: value}
 * comment also gives a label named by its lower-cased key (MIMIC's {@code age: 70}). Numbers are stored as numbers and
 * checked against the physiological ranges; anything else as text.
 */
public final class RecordLabels {
    private RecordLabels() {
    }

    /** The record labels of a record read in {@code format} with these annotations; none for formats without header comments. */
    public static Map<String, Catalogue.LabelValue> of(String format, Map<String, String> annotations) {
        Map<String, Catalogue.LabelValue> out = new LinkedHashMap<>();
        if (!"WFDB".equalsIgnoreCase(format)) {
            return out;
        }
        for (Map.Entry<String, String> a : annotations.entrySet()) {
            String key = a.getKey();
            if (key.equals("base_time") || key.equals("base_date")) {
                continue;
            }
            out.put(key, value(key, a.getValue()));
        }
        return out;
    }

    private static Catalogue.LabelValue value(String name, String text) {
        Double number = parse(text);
        if (number == null) {
            return new Catalogue.LabelValue(name, null, text, null);
        }
        Optional<PhysiologicalRanges.Range> range = PhysiologicalRanges.DEFAULT.find(name);
        String flag = range.isPresent() && !range.get().contains(number)
                ? "outside the plausible range " + range.get().min() + "-" + range.get().max() + " " + range.get().unit() : null;
        return new Catalogue.LabelValue(name, number, null, flag);
    }

    private static Double parse(String text) {
        try {
            double v = Double.parseDouble(text.strip());
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
