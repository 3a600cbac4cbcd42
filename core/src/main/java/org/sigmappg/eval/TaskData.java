package org.sigmappg.eval;

import com.google.gson.Gson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.signal.PreprocessParams;

/**
 * The labelled windows of a task on its dataset: every window whose label is present, plausible and
 * maps to a class, with its subject, record and target (the value, or the class index). Windows left out
 * are counted by reason: label missing (absent, NaN, or dropped as physiologically implausible when the
 * label series was aligned), label flagged at import, or label value matching no class of the task.
 */
public final class TaskData {
    private static final Gson GSON = new Gson();
    private static final int LISTED_VALUES = 10;

    /** One labelled window. */
    public record Item(WindowInfo window, String record, double target) {
    }

    /**
     * Windows left out and why.
     *
     * @param unmappedValues up to ten distinct label values that matched no class
     */
    public record Exclusions(int missing, int flagged, int unmapped, List<String> unmappedValues) {
        public int total() {
            return missing + flagged + unmapped;
        }
    }

    private final TaskDefinition task;
    private final DatasetInfo dataset;
    private final List<Item> items;
    private final Exclusions exclusions;
    private final int datasetWindows;

    private TaskData(TaskDefinition task, DatasetInfo dataset, List<Item> items, Exclusions exclusions, int datasetWindows) {
        this.task = task;
        this.dataset = dataset;
        this.items = List.copyOf(items);
        this.exclusions = exclusions;
        this.datasetWindows = datasetWindows;
    }

    /** Loads the task's labelled windows from its dataset ({@link TaskDefinition#dataset()} must be set). */
    public static TaskData load(Catalogue catalogue, TaskDefinition task) throws IOException {
        if (task.dataset() == null) {
            throw new IllegalArgumentException("task " + task.name() + " has no dataset; resolve it first or give --dataset NAME");
        }
        DatasetInfo d = catalogue.requireDataset(task.dataset());
        checkWindowLength(task, d);
        List<WindowInfo> windows = catalogue.windowsOfDataset(d.id());
        Map<Long, String> recordNames = new HashMap<>();
        for (RecordInfo r : catalogue.records(d.id())) {
            recordNames.put(r.id(), r.name());
        }
        Map<Long, Map<String, Double>> windowLabels = task.source() == LabelSource.WINDOW ? catalogue.windowLabels(d.id()) : Map.of();
        Map<String, Map<String, Catalogue.LabelValue>> keyed = switch (task.source()) {
            case SUBJECT -> catalogue.subjectLabels(d.id());
            case RECORD -> catalogue.recordLabels(d.id());
            case WINDOW -> Map.of();
        };
        checkLabelExists(task, d, windowLabels, keyed);
        List<Item> items = new ArrayList<>();
        int missing = 0;
        int flagged = 0;
        int unmapped = 0;
        TreeSet<String> unmappedValues = new TreeSet<>();
        for (WindowInfo w : windows) {
            String record = recordNames.get(w.recordId());
            String text = null;
            Double value;
            if (task.source() == LabelSource.WINDOW) {
                value = windowLabels.getOrDefault(w.id(), Map.of()).get(task.label());
            } else {
                String key = task.source() == LabelSource.SUBJECT ? w.subject() : record;
                Catalogue.LabelValue lv = keyed.getOrDefault(key, Map.of()).get(task.label());
                if (lv != null && lv.flag() != null && !lv.flag().isBlank()) {
                    flagged++;
                    continue;
                }
                value = lv == null ? null : lv.value();
                text = lv == null ? null : lv.text();
            }
            if ((value == null || Double.isNaN(value)) && (text == null || text.isBlank())) {
                missing++;
                continue;
            }
            double target;
            if (task.isClassification()) {
                int c = task.classOf(text, value);
                if (c < 0) {
                    unmapped++;
                    if (unmappedValues.size() < LISTED_VALUES) {
                        unmappedValues.add(text != null ? text : String.valueOf(value));
                    }
                    continue;
                }
                target = c;
            } else {
                Double number = value != null && Double.isFinite(value) ? value : parse(text);
                if (number == null) {
                    unmapped++;
                    if (unmappedValues.size() < LISTED_VALUES) {
                        unmappedValues.add(text);
                    }
                    continue;
                }
                target = number;
            }
            items.add(new Item(w, record, target));
        }
        return new TaskData(task, d, items, new Exclusions(missing, flagged, unmapped, new ArrayList<>(unmappedValues)), windows.size());
    }

    private static Double parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            double v = Double.parseDouble(text.trim());
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void checkWindowLength(TaskDefinition task, DatasetInfo d) {
        if (task.windowSeconds() == null || d.preprocessJson() == null) {
            return;
        }
        PreprocessParams p = GSON.fromJson(d.preprocessJson(), PreprocessParams.class);
        double seconds = p.windows().windowPatches() * p.windows().patchSamples() / p.targetRateHz();
        if (Math.abs(seconds - task.windowSeconds()) > 0.5 / p.targetRateHz()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "task %s expects %.1f s windows but dataset %s was imported with %.1f s windows; re-import it with "
                            + "--window-seconds %.1f or remove windowSeconds from the task", task.name(), task.windowSeconds(), d.name(),
                    seconds, task.windowSeconds()));
        }
    }

    private static void checkLabelExists(TaskDefinition task, DatasetInfo d, Map<Long, Map<String, Double>> windowLabels,
                                         Map<String, Map<String, Catalogue.LabelValue>> keyed) {
        TreeSet<String> names = new TreeSet<>();
        if (task.source() == LabelSource.WINDOW) {
            windowLabels.values().forEach(m -> names.addAll(m.keySet()));
        } else {
            keyed.values().forEach(m -> names.addAll(m.keySet()));
        }
        if (!names.contains(task.label())) {
            throw new IllegalArgumentException("dataset " + d.name() + " has no " + task.source().label() + " label '" + task.label()
                    + "' for task " + task.name() + (names.isEmpty() ? "; it has no " + task.source().label() + " labels at all"
                    : "; its " + task.source().label() + " labels are: " + String.join(", ", names)));
        }
    }

    public TaskDefinition task() {
        return task;
    }

    public DatasetInfo dataset() {
        return dataset;
    }

    public List<Item> items() {
        return items;
    }

    public Exclusions exclusions() {
        return exclusions;
    }

    /** Windows of the dataset before any were left out. */
    public int datasetWindows() {
        return datasetWindows;
    }

    public List<WindowInfo> windows() {
        return items.stream().map(Item::window).toList();
    }

    /** The subject of every labelled window, in order. */
    public List<String> windowSubjects() {
        return items.stream().map(i -> i.window().subject()).toList();
    }

    public double[] targets() {
        return items.stream().mapToDouble(Item::target).toArray();
    }

    /** Distinct subjects with at least one labelled window, sorted. */
    public List<String> subjects() {
        return new ArrayList<>(new TreeSet<>(windowSubjects()));
    }

    /**
     * Each subject's stratum for stratified folds: the rarest class (fewest labelled windows in the whole
     * task) among its windows, so that the few subjects who carry a rare class (AF episodes, unusable
     * signal) are spread over the folds instead of landing in one; for a label per subject this is simply
     * its class. Null for regression.
     */
    public Map<String, Integer> subjectStrata() {
        if (!task.isClassification()) {
            return null;
        }
        int[] total = classCounts();
        Map<String, boolean[]> has = new TreeMap<>();
        for (Item i : items) {
            has.computeIfAbsent(i.window().subject(), k -> new boolean[task.classCount()])[(int) i.target()] = true;
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, boolean[]> e : has.entrySet()) {
            int rarest = -1;
            for (int c = 0; c < total.length; c++) {
                if (e.getValue()[c] && (rarest < 0 || total[c] < total[rarest])) {
                    rarest = c;
                }
            }
            out.put(e.getKey(), rarest);
        }
        return out;
    }

    /** Number of labelled windows per class (classification) in class order. */
    public int[] classCounts() {
        int[] out = new int[task.classCount()];
        for (Item i : items) {
            out[(int) i.target()]++;
        }
        return out;
    }

    /** Sorted window durations in seconds (signal only, padding excluded). */
    public List<Double> windowSeconds() {
        List<Double> out = new ArrayList<>();
        for (Item i : items) {
            out.add(i.window().validSamples() / dataset.fs());
        }
        Collections.sort(out);
        return out;
    }
}
