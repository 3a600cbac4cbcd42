package org.sigmappg.app.runs;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.train.ImportedWeightsParams;
import org.sigmappg.train.WeightImportTask;

/**
 * One line of the Runs table, without JavaFX: the run with its size preset, when it started, how long it ran
 * (so far), and its headline figure: the held-out index consistency rate of a tokenizer, the held-out masked
 * accuracy of a pre-training run, taken from its summary when it has ended and from its latest epoch while it runs;
 * an evaluation's first figure per method; imported weights' file and architecture.
 */
public record RunRow(RunInfo info, String size, String started, String duration, String headline) {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    public String id() {
        return info.id();
    }

    public String status() {
        return info.status().name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param metrics the run's metrics, or null (they are only read for a run still training)
     * @param now the time a running run's duration is counted to
     */
    public static RunRow of(RunInfo info, Map<String, List<RunStore.Metric>> metrics, Instant now, ZoneId zone) {
        return new RunRow(info, size(info.params()), when(info.started(), zone), duration(info, now), headline(info, metrics));
    }

    static String size(String paramsJson) {
        JsonObject o = object(paramsJson);
        JsonElement s = o == null ? null : o.get("size");
        return s != null && s.isJsonPrimitive() ? s.getAsString() : "";
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

    /** An ISO instant as local date and time ({@code 2026-11-24 06:42}), or empty when there is none. */
    public static String when(String iso, ZoneId zone) {
        Instant t = instant(iso);
        return t == null ? "" : WHEN.format(t.atZone(zone));
    }

    private static Instant instant(String iso) {
        if (iso == null || iso.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String duration(RunInfo info, Instant now) {
        Instant start = instant(info.started());
        if (start == null) {
            return "";
        }
        Instant end = instant(info.ended());
        if (end == null) {
            end = info.status() == RunStatus.RUNNING ? now : null;
        }
        return end == null ? "" : words(Duration.between(start, end));
    }

    /** A duration in words: {@code 12 s}, {@code 4 min 05 s}, {@code 1 h 03 min}. */
    static String words(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    static String headline(RunInfo info, Map<String, List<RunStore.Metric>> metrics) {
        JsonObject summary = object(info.summary());
        return switch (info.kind()) {
            case "tokenizer" -> {
                double icr = summary != null ? number(summary, "icr") : metrics == null ? Double.NaN : RunCurves.last(metrics, "icr");
                double unused = summary != null ? number(summary, "unusedCodes") : metrics == null ? Double.NaN : RunCurves.last(metrics, "unused_codes");
                yield Double.isNaN(icr) ? "" : String.format(Locale.ROOT, "ICR %.3f \u00b7 unused codes %.0f %%", icr, 100 * unused);
            }
            case "pretrain" -> {
                double acc = summary != null ? number(summary, "maskedAccuracy") : metrics == null ? Double.NaN : RunCurves.last(metrics, "masked_accuracy");
                double chance = summary != null ? number(summary, "chanceAccuracy") : Double.NaN;
                yield Double.isNaN(acc) ? "" : String.format(Locale.ROOT, "masked accuracy %.3f", acc)
                        + (Double.isNaN(chance) ? "" : String.format(Locale.ROOT, " (chance %.3f)", chance));
            }
            case "evaluate", "finetune" -> summary == null ? "" : evaluation(info.summary());
            case WeightImportTask.KIND -> imported(info.params(), summary);
            default -> "";
        };
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
            org.sigmappg.eval.EvaluationResult r = new com.google.gson.Gson().fromJson(summaryJson, org.sigmappg.eval.EvaluationResult.class);
            if (r == null || r.rows() == null || r.rows().isEmpty()) {
                return "";
            }
            String level = r.levels().get(0);
            String metric = r.rows().get(0).metric();
            StringBuilder sb = new StringBuilder(r.task().name() + " " + org.sigmappg.eval.Metric.ofKey(metric).label() + ":");
            String sep = " ";
            for (org.sigmappg.eval.EvaluationResult.MetricRow row : r.rows()) {
                if (row.level().equals(level) && row.metric().equals(metric)) {
                    sb.append(sep).append(row.method()).append(' ')
                            .append(row.value() == null ? "undefined" : org.sigmappg.eval.Metric.ofKey(metric).format(row.value()));
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
