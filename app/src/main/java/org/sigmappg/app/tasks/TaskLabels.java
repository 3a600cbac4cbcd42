package org.sigmappg.app.tasks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;

/**
 * The labels of a workspace that downstream tasks can predict, read from the catalogue: per dataset and
 * label, whether it is given per subject or per window, how many subjects or windows have a usable value
 * and how many were flagged as implausible. No JavaFX here.
 */
public final class TaskLabels {
    private TaskLabels() {
    }

    /**
     * One label of one dataset.
     *
     * @param level {@code subject} (one value per subject, e.g. SBP) or {@code window} (aligned to each window, e.g. HR)
     * @param count subjects or windows with a usable value
     * @param flagged values left out as physiologically implausible
     * @param categorical whether the values are classes (e.g. hypertension stage) rather than numbers
     */
    public record Entry(String label, String dataset, String level, int count, int flagged, boolean categorical) {
    }

    /** Every label of every dataset, by dataset then label name. */
    public static List<Entry> load(Catalogue catalogue) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (DatasetInfo d : catalogue.datasets()) {
            Map<String, int[]> subjectCounts = new LinkedHashMap<>();
            Map<String, Boolean> categorical = new LinkedHashMap<>();
            for (Map<String, Catalogue.LabelValue> labels : catalogue.subjectLabels(d.id()).values()) {
                for (Catalogue.LabelValue v : labels.values()) {
                    int[] c = subjectCounts.computeIfAbsent(v.name(), k -> new int[2]);
                    c[v.flag() == null ? 0 : 1]++;
                    categorical.merge(v.name(), v.value() == null, Boolean::logicalAnd);
                }
            }
            subjectCounts.forEach((name, c) -> out.add(new Entry(name, d.name(), "subject", c[0], c[1], categorical.get(name))));
            Map<String, Integer> windowCounts = new LinkedHashMap<>();
            for (Map<String, Double> labels : catalogue.windowLabels(d.id()).values()) {
                labels.forEach((name, v) -> {
                    if (v != null && Double.isFinite(v)) {
                        windowCounts.merge(name, 1, Integer::sum);
                    }
                });
            }
            windowCounts.forEach((name, c) -> out.add(new Entry(name, d.name(), "window", c, 0, false)));
        }
        return out;
    }

    /** The distinct label names, sorted, for the navigation tree. */
    public static List<String> names(List<Entry> entries) {
        TreeSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        entries.forEach(e -> names.add(e.label()));
        return List.copyOf(names);
    }
}
