package org.sigmappg.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.synth.SyntheticPpg;

/**
 * The tasks a user can pick by name: the built-in ones for PPG-BP (SBP, DBP, HR, hypertension,
 * hypertension-stages) and for the bundled sample set (HR, RR, SpO2, AF, quality), plus any from a
 * user's task file, which take precedence. A built-in task also applies to a dataset of another layout given by name
 * when its labels carry the task's label at the task's level (a device export's window label SpO2 gets the SpO2 task). A name may exist for several layouts (HR): the dataset, given
 * or the only one of a matching layout in the workspace, decides.
 */
public final class TaskCatalogue {
    /** Layout name the importer gives PPG-BP. */
    public static final String PPG_BP = "ppg-bp";
    /** Layout name the importer gives the bundled sample set. */
    public static final String SAMPLE = "sample";

    private final List<TaskDefinition> tasks;

    private TaskCatalogue(List<TaskDefinition> tasks) {
        this.tasks = List.copyOf(tasks);
    }

    /** The built-in tasks only. */
    public static TaskCatalogue builtIn() {
        return new TaskCatalogue(builtInTasks());
    }

    /** The built-in tasks and those of {@code taskFile} (null for none). */
    public static TaskCatalogue withFile(Path taskFile) throws IOException {
        List<TaskDefinition> all = new ArrayList<>();
        if (taskFile != null) {
            all.addAll(TaskDefinition.readFile(taskFile));
        }
        all.addAll(builtInTasks());
        return new TaskCatalogue(all);
    }

    public List<TaskDefinition> tasks() {
        return tasks;
    }

    static List<TaskDefinition> builtInTasks() {
        List<TaskDefinition> t = new ArrayList<>();
        t.add(TaskDefinition.regression("SBP", "PPG-BP systolic blood pressure per subject", PPG_BP, "SBP", LabelSource.SUBJECT, "mmHg"));
        t.add(TaskDefinition.regression("DBP", "PPG-BP diastolic blood pressure per subject", PPG_BP, "DBP", LabelSource.SUBJECT, "mmHg"));
        t.add(TaskDefinition.regression("HR", "PPG-BP heart rate per subject (measured at the BP visit)", PPG_BP, "HR", LabelSource.SUBJECT,
                "bpm"));
        t.add(TaskDefinition.classification("hypertension", "PPG-BP hypertension: Stage 1 or Stage 2 vs normal or prehypertension",
                PPG_BP, "Hypertension", LabelSource.SUBJECT, List.of(
                        ClassRule.ofValues("normotensive", "Normal", "Prehypertension"),
                        ClassRule.ofValues("hypertensive", "Stage 1 hypertension", "Stage 2 hypertension"))));
        t.add(TaskDefinition.classification("hypertension-stages", "PPG-BP blood-pressure stage (4 classes)", PPG_BP, "Hypertension",
                LabelSource.SUBJECT, List.of(
                        ClassRule.ofValues("normal", "Normal"),
                        ClassRule.ofValues("prehypertension", "Prehypertension"),
                        ClassRule.ofValues("stage 1", "Stage 1 hypertension"),
                        ClassRule.ofValues("stage 2", "Stage 2 hypertension"))));
        t.add(TaskDefinition.regression("HR", "Sample set heart rate, window mean of the 1 Hz label", SAMPLE, SyntheticPpg.HR,
                LabelSource.WINDOW, "bpm"));
        t.add(TaskDefinition.regression("RR", "Sample set breathing rate, window mean of the 1 Hz label", SAMPLE, SyntheticPpg.RR,
                LabelSource.WINDOW, "breaths/min"));
        t.add(TaskDefinition.regression("SpO2", "Sample set SpO2, window mean of the 1 Hz label", SAMPLE, SyntheticPpg.SPO2,
                LabelSource.WINDOW, "%"));
        t.add(TaskDefinition.classification("AF", "Sample set atrial fibrillation: at least half of the window's seconds in AF", SAMPLE,
                SyntheticPpg.AF, LabelSource.WINDOW, List.of(
                        ClassRule.ofRange("sinus", null, 0.5),
                        ClassRule.ofRange("AF", 0.5, null))));
        t.add(TaskDefinition.classification("quality", "Sample set signal quality: window mean of the 0/1/2 label, rounded", SAMPLE,
                SyntheticPpg.QUALITY, LabelSource.WINDOW, List.of(
                        ClassRule.ofRange("unusable", null, 0.5),
                        ClassRule.ofRange("acceptable", 0.5, 1.5),
                        ClassRule.ofRange("good", 1.5, null))));
        return t;
    }

    /**
     * The task called {@code name} with its dataset decided: {@code datasetName} when given (and a task of
     * that name for the dataset's layout, or for any layout); otherwise the task's own dataset, or the
     * workspace's only dataset of the task's layout.
     */
    public TaskDefinition resolve(String name, String datasetName, Catalogue catalogue) throws IOException {
        List<TaskDefinition> named = tasks.stream().filter(t -> t.name().equalsIgnoreCase(name)).toList();
        if (named.isEmpty()) {
            throw new IllegalArgumentException("no task named '" + name + "'; built-in tasks: " + describeAll()
                    + "; or define one in a JSON file and pass --task-file FILE");
        }
        if (datasetName != null) {
            DatasetInfo d = catalogue.requireDataset(datasetName);
            for (TaskDefinition t : named) {
                if (t.layout() == null || t.layout().equalsIgnoreCase(d.layout())) {
                    return t.withDataset(d.name());
                }
            }
            // A built-in task applies to any dataset whose labels carry its label's name at its level (a device export's 1 Hz SpO2).
            for (TaskDefinition t : named) {
                if (labelNames(catalogue, d, t.source()).contains(t.label())) {
                    return t.withDataset(d.name());
                }
            }
            throw new IllegalArgumentException("task " + name + " is defined for " + layouts(named) + " datasets and needs the "
                    + named.get(0).source().label() + " label '" + named.get(0).label() + "', which dataset " + d.name()
                    + " does not have; pick another dataset or define the task for it in a --task-file");
        }
        List<TaskDefinition> candidates = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (TaskDefinition t : named) {
            if (t.dataset() != null) {
                candidates.add(t);
                found.add(t.dataset());
                continue;
            }
            for (DatasetInfo d : catalogue.datasets()) {
                if (t.layout() != null && t.layout().equalsIgnoreCase(d.layout())) {
                    candidates.add(t.withDataset(d.name()));
                    found.add(d.name());
                }
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("task " + name + " is defined for " + layouts(named)
                    + " datasets and the workspace has none; import one, or give --dataset NAME");
        }
        throw new IllegalArgumentException("task " + name + " fits several datasets (" + String.join(", ", found)
                + "); choose one with --dataset NAME");
    }

    /** The names of a dataset's labels at one level (window, record or subject). */
    private static java.util.Set<String> labelNames(Catalogue catalogue, DatasetInfo d, LabelSource source) throws IOException {
        java.util.Set<String> names = new java.util.HashSet<>();
        switch (source) {
            case WINDOW -> catalogue.windowLabels(d.id()).values().forEach(m -> names.addAll(m.keySet()));
            case RECORD -> catalogue.recordLabels(d.id()).values().forEach(m -> names.addAll(m.keySet()));
            case SUBJECT -> catalogue.subjectLabels(d.id()).values().forEach(m -> names.addAll(m.keySet()));
        }
        return names;
    }

    private static String layouts(List<TaskDefinition> tasks) {
        List<String> out = new ArrayList<>();
        for (TaskDefinition t : tasks) {
            String l = t.layout() == null ? "any" : t.layout();
            if (!out.contains(l)) {
                out.add(l);
            }
        }
        return String.join(" and ", out);
    }

    private String describeAll() {
        List<String> out = new ArrayList<>();
        for (TaskDefinition t : tasks) {
            out.add(t.name() + " (" + (t.layout() == null ? "any" : t.layout()) + ", " + t.kind().name().toLowerCase(Locale.ROOT) + ")");
        }
        return String.join(", ", out);
    }
}
