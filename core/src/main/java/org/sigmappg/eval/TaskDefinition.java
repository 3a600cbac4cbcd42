package org.sigmappg.eval;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A downstream task: which label of which dataset to predict, as a number or a class, and how label values
 * map to classes. The split unit is always the subject ({@link SubjectFolds}); windows are the dataset's
 * own (as imported). Immutable; read from and written to JSON (a user task file holds one object or a
 * list), e.g.
 * <pre>{@code
 * {"version": 1, "name": "hypertension", "layout": "ppg-bp", "label": "Hypertension", "source": "subject",
 *  "kind": "binary", "classes": [{"name": "normotensive", "values": ["Normal", "Prehypertension"]},
 *                                {"name": "hypertensive", "values": ["Stage 1 hypertension", "Stage 2 hypertension"]}]}
 * }</pre>
 *
 * @param version layout version of this record ({@link #VERSION}; 0, i.e. left out of a file, means the current one)
 * @param name the name a user picks the task by ({@code --task SBP})
 * @param description one line for reports
 * @param layout the dataset layout the task is meant for ({@code ppg-bp}, {@code sample}); null for any
 * @param dataset the dataset to evaluate on, or null to take the workspace's dataset of {@code layout}
 * @param label the label's name in the catalogue ("SBP", "Hypertension", "AF")
 * @param source whether the label is per window, record or subject
 * @param kind regression, binary or multi-class
 * @param unit the label's unit for regression ("mmHg", "bpm"), or null
 * @param classes for classification, the classes in order (binary: the second is the positive class)
 * @param windowSeconds the window length the task expects, checked against the dataset's windowing; null
 *     to take the dataset's windows as imported
 * @param splitUnit always "subject": cross-validation never splits a subject's windows
 */
public record TaskDefinition(int version, String name, String description, String layout, String dataset, String label,
                             LabelSource source, TaskKind kind, String unit, List<ClassRule> classes, Double windowSeconds,
                             String splitUnit) {
    public static final int VERSION = 1;
    public static final String SPLIT_UNIT = "subject";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    public TaskDefinition {
        String what = "task '" + name + "'";
        // A hand-written task file may leave the version out.
        if (version == 0) {
            version = VERSION;
        }
        if (version != VERSION) {
            throw new IllegalArgumentException(what + ": version " + version + " is not readable by this build, which reads version " + VERSION);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("every task needs a \"name\"");
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException(what + " needs a \"label\" (the label's name in the dataset, e.g. \"SBP\")");
        }
        if (source == null) {
            throw new IllegalArgumentException(what + " needs a \"source\": window, record or subject");
        }
        if (kind == null) {
            throw new IllegalArgumentException(what + " needs a \"kind\": regression, binary or multiclass");
        }
        classes = classes == null ? List.of() : List.copyOf(classes);
        if (kind == TaskKind.REGRESSION && !classes.isEmpty()) {
            throw new IllegalArgumentException(what + " is a regression task and must not list classes");
        }
        if (kind == TaskKind.BINARY && classes.size() != 2) {
            throw new IllegalArgumentException(what + " is binary and needs exactly 2 classes (negative first, positive second), not "
                    + classes.size());
        }
        if (kind == TaskKind.MULTICLASS && classes.size() < 3) {
            throw new IllegalArgumentException(what + " is multi-class and needs at least 3 classes (use binary for 2), not " + classes.size());
        }
        if (windowSeconds != null && !(windowSeconds > 0)) {
            throw new IllegalArgumentException(what + ": windowSeconds must be positive or left out");
        }
        if (splitUnit == null) {
            splitUnit = SPLIT_UNIT;
        }
        if (!SPLIT_UNIT.equals(splitUnit.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(what + ": splitUnit must be \"subject\"; splitting by window or record would put one "
                    + "person's data on both sides of a split");
        }
        splitUnit = SPLIT_UNIT;
    }

    /** A regression task. */
    public static TaskDefinition regression(String name, String description, String layout, String label, LabelSource source,
                                            String unit) {
        return new TaskDefinition(VERSION, name, description, layout, null, label, source, TaskKind.REGRESSION, unit, List.of(),
                null, SPLIT_UNIT);
    }

    /** A classification task (binary for two classes, multi-class for more). */
    public static TaskDefinition classification(String name, String description, String layout, String label, LabelSource source,
                                                List<ClassRule> classes) {
        return new TaskDefinition(VERSION, name, description, layout, null, label, source,
                classes.size() == 2 ? TaskKind.BINARY : TaskKind.MULTICLASS, null, classes, null, SPLIT_UNIT);
    }

    public TaskDefinition withDataset(String newDataset) {
        return new TaskDefinition(version, name, description, layout, newDataset, label, source, kind, unit, classes, windowSeconds,
                splitUnit);
    }

    public boolean isClassification() {
        return kind != TaskKind.REGRESSION;
    }

    /** Whether the task is a regression in mmHg, which gets the AAMI and BHS figures of blood-pressure devices. */
    public boolean reportsBloodPressure() {
        return kind == TaskKind.REGRESSION && "mmHg".equalsIgnoreCase(unit == null ? null : unit.trim());
    }

    /** Number of classes (0 for regression). */
    public int classCount() {
        return classes.size();
    }

    /** The class of a label value, or -1 when no class takes it. Numeric rules read the number; text rules the text. */
    public int classOf(String text, Double value) {
        for (int c = 0; c < classes.size(); c++) {
            ClassRule rule = classes.get(c);
            if (rule.isNumeric()) {
                if (value != null && Double.isFinite(value) && rule.matches(value)) {
                    return c;
                }
            } else if (rule.matches(text != null ? text : value == null ? null : plain(value))) {
                return c;
            }
        }
        return -1;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static TaskDefinition fromJson(String json) {
        return GSON.fromJson(json, TaskDefinition.class);
    }

    /** Reads a user task file: one task object, or a list of them. Errors name the file. */
    public static List<TaskDefinition> readFile(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            JsonElement root = JsonParser.parseString(text);
            List<TaskDefinition> out = new ArrayList<>();
            if (root.isJsonArray()) {
                for (JsonElement e : root.getAsJsonArray()) {
                    out.add(GSON.fromJson(e, TaskDefinition.class));
                }
            } else if (root.isJsonObject()) {
                out.add(GSON.fromJson(root, TaskDefinition.class));
            } else {
                throw new IllegalArgumentException("expected a task object or a list of them");
            }
            return out;
        } catch (RuntimeException e) {
            // Gson wraps the record's own validation errors; the innermost message names the problem.
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IOException(file + ": not a valid task definition (" + cause.getMessage() + "); see the example in evaluate --help", e);
        }
    }
}
