package org.sigmappg.eval;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.train.ImportedWeightsParams;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.TokenizerTask;
import org.sigmappg.train.WeightImportTask;

/**
 * One run as a listing shows it, the same in the workbench's Runs table and the {@code runs} command: its size preset,
 * how far it got (epochs of the planned ones, optimiser steps), how long it spent running (not the time it sat
 * cancelled), the device in words, and its headline figure: the held-out index consistency rate of a tokenizer, the
 * held-out masked accuracy of a pre-training run (from its summary once it has ended, from its latest epoch while it
 * runs), an evaluation's first figure per method, imported weights' file and architecture.
 *
 * @param epochsDone epochs with figures logged
 * @param epochsPlanned epochs the run's optimiser asks for, 0 for runs other than tokenizer and pre-training runs
 * @param steps the last optimiser step logged, 0 when none or for runs other than tokenizer and pre-training runs
 * @param device the device in words ({@code CPU}, {@code GPU 0}), empty when not recorded
 */
public record RunOverview(RunInfo info, String size, int epochsDone, int epochsPlanned, long steps, Duration running,
                          String device, String headline) {
    private static final Pattern GPU = Pattern.compile("(?:gpu|cuda)\\(?(\\d*)\\)?", Pattern.CASE_INSENSITIVE);
    private static final Gson GSON = new Gson();

    /**
     * @param log the run's events ({@link RunStore#events(String)}), which give its time spent running
     * @param metrics the run's metrics, or null: only a run still training takes its headline from them
     * @param progress the run's epochs and steps so far ({@link RunStore#progress()}), or null for none
     * @param now the time a running run's stretch is counted to
     */
    public static RunOverview of(RunInfo info, List<RunStore.Event> log, Map<String, List<RunStore.Metric>> metrics,
                                 RunStore.Progress progress, Instant now) {
        // Evaluations log their figures per fold under the step and epoch columns: those are no optimiser steps.
        boolean training = TokenizerTask.KIND.equals(info.kind()) || PretrainTask.KIND.equals(info.kind());
        RunStore.Progress p = training && progress != null ? progress : new RunStore.Progress(0, 0);
        return new RunOverview(info, size(info.params()), p.epochs(), training ? plannedEpochs(info.params()) : 0, p.steps(),
                RunStore.timeRunning(info, log, now), device(info.device()), headline(info, metrics));
    }

    /** Every run of the store, newest first, each read as {@link #of} reads it (metrics only for the runs still training). */
    public static List<RunOverview> list(RunStore store, Instant now) throws IOException {
        List<RunInfo> runs = new ArrayList<>(store.list());
        java.util.Collections.reverse(runs);
        Map<String, List<RunStore.Event>> logs = store.events();
        Map<String, RunStore.Progress> progress = store.progress();
        List<RunOverview> out = new ArrayList<>();
        for (RunInfo r : runs) {
            Map<String, List<RunStore.Metric>> metrics = r.status() == RunStatus.RUNNING ? store.metrics(r.id()) : null;
            out.add(of(r, logs.getOrDefault(r.id(), List.of()), metrics, progress.get(r.id()), now));
        }
        return out;
    }

    public String id() {
        return info.id();
    }

    /** The status in lower case ({@code finished}). */
    public String status() {
        return info.status().name().toLowerCase(Locale.ROOT);
    }

    /** Epochs and steps in words: {@code 3/4 epochs, 48 steps}; {@code 12 steps} without planned epochs; empty before any. */
    public String progressText() {
        String epochs = epochsPlanned > 0 ? epochsDone + "/" + epochsPlanned + " epochs" : "";
        String stepText = steps > 0 ? steps + (steps == 1 ? " step" : " steps") : "";
        return epochs.isEmpty() || stepText.isEmpty() ? epochs + stepText : epochs + ", " + stepText;
    }

    /** The time spent running in words, empty for a run that never started. */
    public String durationText() {
        return info.started() == null ? "" : words(running);
    }

    /** A duration in words: {@code 12 s}, {@code 4 min 05 s}, {@code 1 h 03 min}. */
    public static String words(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    /** A device as the engine names it ({@code cpu()}, {@code gpu(0)}) in words: {@code CPU}, {@code GPU 0}; empty for none. */
    public static String device(String stored) {
        if (stored == null || stored.isBlank()) {
            return "";
        }
        String s = stored.trim();
        if (s.toLowerCase(Locale.ROOT).startsWith("cpu")) {
            return "CPU";
        }
        Matcher m = GPU.matcher(s);
        if (m.matches()) {
            return m.group(1).isEmpty() ? "GPU" : "GPU " + m.group(1);
        }
        return s;
    }

    /** The size preset a run's parameters name ({@code tiny}), or empty. */
    public static String size(String paramsJson) {
        JsonObject o = object(paramsJson);
        JsonElement s = o == null ? null : o.get("size");
        return s != null && s.isJsonPrimitive() ? s.getAsString() : "";
    }

    /** The epochs a training run's optimiser asks for, or 0 for a run without them. */
    public static int plannedEpochs(String paramsJson) {
        JsonObject o = object(paramsJson);
        if (o == null || !(o.get("model") instanceof JsonObject model) || !(model.get("optimiser") instanceof JsonObject optimiser)) {
            return 0;
        }
        double epochs = number(optimiser, "epochs");
        return Double.isNaN(epochs) ? 0 : (int) epochs;
    }

    private static JsonObject object(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonElement e = JsonParser.parseString(json);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The headline figure of a run, or empty when it has none yet; {@code metrics} are read only for a run without a summary. */
    public static String headline(RunInfo info, Map<String, List<RunStore.Metric>> metrics) {
        JsonObject summary = object(info.summary());
        return switch (info.kind()) {
            case TokenizerTask.KIND -> {
                double icr = summary != null ? number(summary, "icr") : last(metrics, "icr");
                double unused = summary != null ? number(summary, "unusedCodes") : last(metrics, "unused_codes");
                yield Double.isNaN(icr) ? "" : String.format(Locale.ROOT, "ICR %.3f", icr)
                        + (Double.isNaN(unused) ? "" : String.format(Locale.ROOT, " \u00b7 unused codes %.0f %%", 100 * unused));
            }
            case PretrainTask.KIND -> {
                double acc = summary != null ? number(summary, "maskedAccuracy") : last(metrics, "masked_accuracy");
                double chance = summary != null ? number(summary, "chanceAccuracy") : Double.NaN;
                yield Double.isNaN(acc) ? "" : String.format(Locale.ROOT, "masked accuracy %.3f", acc)
                        + (Double.isNaN(chance) ? "" : String.format(Locale.ROOT, " (chance %.3f)", chance));
            }
            case EvaluationTask.KIND, EvaluationTask.FINETUNE_KIND -> summary == null ? "" : evaluation(info.summary());
            case WeightImportTask.KIND -> imported(info.params(), summary);
            default -> "";
        };
    }

    private static double last(Map<String, List<RunStore.Metric>> metrics, String name) {
        List<RunStore.Metric> m = metrics == null ? List.of() : metrics.getOrDefault(name, List.of());
        return m.isEmpty() ? Double.NaN : m.get(m.size() - 1).value();
    }

    /** Imported weights: the file and the student it holds, {@code sigma.pth: width 360, 18 blocks, 12 heads, 21,417,600 parameters}. */
    private static String imported(String paramsJson, JsonObject summary) {
        try {
            ImportedWeightsParams p = ImportedWeightsParams.fromJson(paramsJson);
            double parameters = summary == null ? Double.NaN : number(summary, "backbone_parameters");
            return String.format(Locale.ROOT, "%s: width %d, %d blocks, %d heads", p.source(), p.model().transformer().width(),
                    p.model().transformer().depth(), p.model().transformer().heads())
                    + (Double.isNaN(parameters) ? "" : String.format(Locale.ROOT, ", %,d parameters", (long) parameters));
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    /** An evaluation's first figure at its primary level, method by method: {@code HR MAE: trivial 14.82, features 6.93}. */
    private static String evaluation(String summaryJson) {
        try {
            EvaluationResult r = GSON.fromJson(summaryJson, EvaluationResult.class);
            if (r == null || r.rows() == null || r.rows().isEmpty()) {
                return "";
            }
            String level = r.levels().get(0);
            String metric = r.rows().get(0).metric();
            StringBuilder sb = new StringBuilder(r.task().name() + " " + Metric.ofKey(metric).label() + ":");
            String sep = " ";
            for (EvaluationResult.MetricRow row : r.rows()) {
                if (row.level().equals(level) && row.metric().equals(metric)) {
                    sb.append(sep).append(row.method()).append(' ')
                            .append(row.value() == null ? "undefined" : Metric.ofKey(metric).format(row.value()));
                    sep = ", ";
                }
            }
            return sb.toString();
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    private static double number(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive()) {
            return Double.NaN;
        }
        try {
            return e.getAsDouble();
        } catch (NumberFormatException notANumber) {
            return Double.NaN;
        }
    }
}
