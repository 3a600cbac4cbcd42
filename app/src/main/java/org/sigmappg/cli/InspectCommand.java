package org.sigmappg.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowCache;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.MessageTools;
import org.sigmappg.signal.WindowLevels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Shows a dataset's records, a record's windows and QC, or a window's per-patch priors. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Show a dataset's records; with RECORD its windows, QC and labels; with --window N that window's per-patch priors."})
public final class InspectCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset name.")
    String dataset;

    @Parameters(index = "1", paramLabel = "RECORD", arity = "0..1", description = "Record name (see the dataset listing), or the end of its path, e.g. left/s01 for raw/left/s01.")
    String record;

    @Option(names = "--window", paramLabel = "N", description = "Window index within the record: list its patches' priors.")
    Integer window;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Rows to print in text mode (default ${DEFAULT-VALUE}); JSON has all.")
    int limit;

    @Override
    protected Object execute() throws Exception {
        Catalogue catalogue = new Catalogue(common.openWorkspace());
        DatasetInfo d = catalogue.requireDataset(dataset);
        if (record == null) {
            if (window != null) {
                throw new IllegalArgumentException("--window needs a RECORD");
            }
            return datasetView(catalogue, d);
        }
        RecordInfo r = catalogue.findRecord(d, record);
        List<WindowInfo> windows = catalogue.windowsOfRecord(r.id());
        if (window != null) {
            if (window < 0 || window >= windows.size()) {
                throw new IllegalArgumentException("record " + r.name() + " has " + windows.size() + " windows (0.." + (windows.size() - 1) + "), not " + window);
            }
            return windowView(catalogue, d, r, windows.get(window));
        }
        return recordView(catalogue, d, r, windows);
    }

    private Map<String, Object> datasetView(Catalogue catalogue, DatasetInfo d) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", d.name());
        out.put("source", d.source());
        out.put("layout", d.layout());
        out.put("records", d.records());
        out.put("subjects", d.subjects());
        out.put("windows", d.windows());
        out.put("dropped_windows", d.droppedWindows());
        out.put("channels", d.channels());
        out.put("window_seconds", round(d.preprocess().windows().windowSamples() / d.fs()));
        out.put("hop_seconds", round(d.preprocess().windows().hopSamples() / d.fs()));
        out.put("skipped", d.skipped());
        out.put("warnings", d.warnings());
        out.put("manifest_hash", d.manifestHash());
        Map<String, Map<String, Catalogue.LabelValue>> subjectLabels = catalogue.subjectLabels(d.id());
        List<Map<String, Object>> recs = new ArrayList<>();
        for (RecordInfo r : catalogue.records(d.id())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("record", r.name());
            row.put("subject", r.subject());
            row.put("format", r.format());
            row.put("channel", r.channel());
            row.put("fs", r.fs());
            row.put("seconds", round(r.durationSeconds()));
            row.put("windows", r.windows());
            row.put("missing", r.missingSamples());
            row.put("flat", r.flatSamples());
            row.put("clipped", r.clippedSamples());
            Map<String, Catalogue.LabelValue> labels = subjectLabels.get(r.subject());
            if (labels != null) {
                Map<String, Object> lv = new LinkedHashMap<>();
                labels.forEach((k, v) -> lv.put(k, v.value() != null ? v.value() : v.text()));
                row.put("subject_labels", lv);
            }
            recs.add(row);
        }
        out.put("record_list", recs);
        return out;
    }

    private Map<String, Object> recordView(Catalogue catalogue, DatasetInfo d, RecordInfo r, List<WindowInfo> windows) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", d.name());
        out.put("record", r.name());
        out.put("subject", r.subject());
        out.put("source", r.source());
        out.put("format", r.format());
        out.put("channel", r.channel());
        out.put("kept_channels", r.keptChannels());
        out.put("channels", r.channels());
        out.put("content_hash", r.contentHash());
        out.put("fs", r.fs());
        out.put("samples", r.samples());
        out.put("seconds", round(r.durationSeconds()));
        out.put("start", r.start());
        out.put("missing_samples", r.missingSamples());
        out.put("flat_samples", r.flatSamples());
        out.put("clipped_samples", r.clippedSamples());
        out.put("annotations", r.annotations());
        out.put("warnings", r.warnings());
        List<Map<String, Object>> series = new ArrayList<>();
        for (LabelSeries ls : catalogue.labelSeries(r.id())) {
            series.add(Map.of("label", ls.name(), "unit", ls.unit(), "points", ls.size()));
        }
        out.put("label_series", series);
        Map<String, Catalogue.LabelValue> recordLabels = catalogue.recordLabels(d.id()).get(r.name());
        if (recordLabels != null) {
            out.put("record_labels", recordLabels.values());
        }
        Map<Long, Map<String, Double>> wl = catalogue.windowLabels(d.id());
        Map<Long, WindowLevels[]> levels = catalogue.windowLevels(d);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (WindowInfo w : windows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("window", w.index());
            row.put("start_s", round(w.startSample() / d.fs()));
            row.put("seconds", round(w.validSamples() / d.fs()));
            row.put("partial", w.partial());
            row.put("fraction", round(w.fraction()));
            row.put("patches", w.patches());
            row.put("missing", round(w.missing()));
            row.put("flat", round(w.flat()));
            row.put("clipped", round(w.clipped()));
            row.put("prior_mean", round(w.priorMean()));
            row.put("labels", wl.getOrDefault(w.id(), Map.of()));
            WindowLevels[] l = levels.get(w.id());
            if (l != null) {
                List<Map<String, Object>> perChannel = new ArrayList<>();
                for (int c = 0; c < l.length; c++) {
                    Map<String, Object> lc = new LinkedHashMap<>();
                    lc.put("channel", d.channels().get(c));
                    lc.put("dc", l[c] == null ? null : finiteOrNull(l[c].dc()));
                    lc.put("ac", l[c] == null ? null : finiteOrNull(l[c].ac()));
                    perChannel.add(lc);
                }
                row.put("levels", perChannel);
            }
            rows.add(row);
        }
        out.put("windows", rows);
        out.put("dropped_windows", catalogue.droppedWindows(r.id()));
        return out;
    }

    private Map<String, Object> windowView(Catalogue catalogue, DatasetInfo d, RecordInfo r, WindowInfo w) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", d.name());
        out.put("record", r.name());
        out.put("window", w.index());
        out.put("start_s", round(w.startSample() / d.fs()));
        out.put("valid_samples", w.validSamples());
        List<Map<String, Object>> patches = new ArrayList<>();
        try (WindowCache cache = catalogue.openCache(d)) {
            float[] stats = cache.patchStats(w.patchOffset(), w.patches());
            byte[] flags = cache.patchFlags(w.patchOffset(), w.patches());
            for (int p = 0; p < w.patches(); p++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("patch", p);
                row.put("std", round(stats[p * WindowCache.PATCH_FIELDS]));
                row.put("skewness", round(stats[p * WindowCache.PATCH_FIELDS + 1]));
                row.put("A", round(stats[p * WindowCache.PATCH_FIELDS + 2]));
                row.put("S", round(stats[p * WindowCache.PATCH_FIELDS + 3]));
                row.put("P", round(stats[p * WindowCache.PATCH_FIELDS + 4]));
                row.put("qc", flagText(flags[p]));
                patches.add(row);
            }
        }
        out.put("patches", patches);
        return out;
    }

    static String flagText(byte f) {
        List<String> parts = new ArrayList<>();
        if ((f & WindowCache.FLAG_MISSING) != 0) {
            parts.add("missing");
        }
        if ((f & WindowCache.FLAG_FLAT) != 0) {
            parts.add("flat");
        }
        if ((f & WindowCache.FLAG_CLIPPED) != 0) {
            parts.add("clipped");
        }
        if ((f & WindowCache.FLAG_PADDING) != 0) {
            parts.add("padding");
        }
        return parts.isEmpty() ? "ok" : String.join(",", parts);
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** The warnings, those that say the same of several labels told once (a record with six labels gets one line, not six). */
    private static void printWarnings(List<String> warnings, PrintWriter out) {
        for (String w : MessageTools.grouped(warnings)) {
            out.println("warning: " + shown(w));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void printHuman(Object result, PrintWriter out) {
        Map<String, Object> r = (Map<String, Object>) result;
        if (r.containsKey("patches")) {
            out.println("dataset " + shown(r.get("dataset")) + "  record " + shown(r.get("record")) + "  window " + r.get("window")
                    + "  start " + r.get("start_s") + " s");
            out.println(String.format(Locale.ROOT, "%5s %8s %9s %6s %6s %6s  %s", "patch", "std", "skewness", "A", "S", "P", "QC"));
            for (Map<String, Object> p : (List<Map<String, Object>>) r.get("patches")) {
                out.println(String.format(Locale.ROOT, "%5d %8.4f %9.4f %6.3f %6.3f %6.3f  %s", p.get("patch"), p.get("std"),
                        p.get("skewness"), p.get("A"), p.get("S"), p.get("P"), p.get("qc")));
            }
            return;
        }
        if (r.containsKey("record_list")) {
            out.println("dataset " + shown(r.get("dataset")) + " (" + shown(r.get("layout")) + ", " + r.get("records") + " records, "
                    + r.get("subjects") + " subjects, " + r.get("windows") + " windows, " + r.get("dropped_windows") + " dropped)");
            out.println("PPG channel" + (((List<?>) r.get("channels")).size() > 1 ? "s " : " ")
                    + shown(String.join(", ", (List<String>) r.get("channels"))) + "; windows of " + r.get("window_seconds") + " s every "
                    + r.get("hop_seconds") + " s");
            out.println("source " + shown(r.get("source")));
            printWarnings((List<String>) r.get("warnings"), out);
            TextTable table = new TextTable("record", "subject", "format", "channel", ">fs", ">seconds", ">windows", ">missing", ">flat", ">clipped");
            List<Map<String, Object>> recs = (List<Map<String, Object>>) r.get("record_list");
            for (Map<String, Object> row : recs.subList(0, Math.min(limit, recs.size()))) {
                table.add(row.get("record"), row.get("subject"), row.get("format"), row.get("channel"),
                        String.format(Locale.ROOT, "%.2f", (Double) row.get("fs")), String.format(Locale.ROOT, "%.1f", (Double) row.get("seconds")),
                        row.get("windows"), row.get("missing"), row.get("flat"), row.get("clipped"));
            }
            table.print(out);
            if (recs.size() > limit) {
                out.println("... " + (recs.size() - limit) + " more (--limit N, or --json for all)");
            }
            return;
        }
        out.println("record " + shown(r.get("record")) + "  subject " + shown(r.get("subject")) + "  " + shown(r.get("format")) + " "
                + shown(r.get("source")));
        out.println("channel " + shown(r.get("channel")) + " at " + r.get("fs") + " Hz, " + r.get("samples") + " samples (" + r.get("seconds")
                + " s); channels " + shown(r.get("channels")));
        List<RecordInfo.KeptChannel> kept = (List<RecordInfo.KeptChannel>) r.get("kept_channels");
        if (kept.size() > 1) {
            out.println("PPG channels kept side by side: " + shown(String.join(", ", kept.stream().map(RecordInfo.KeptChannel::name).toList())));
        }
        out.println("QC: " + r.get("missing_samples") + " missing, " + r.get("flat_samples") + " flat, " + r.get("clipped_samples") + " clipped samples");
        Map<String, String> ann = (Map<String, String>) r.get("annotations");
        ann.forEach((k, v) -> out.println("  " + shown(k) + ": " + shown(v)));
        printWarnings((List<String>) r.get("warnings"), out);
        for (Map<String, Object> s : (List<Map<String, Object>>) r.get("label_series")) {
            String unit = (String) s.get("unit");
            out.println("label series " + shown(s.get("label")) + (unit.isEmpty() ? "" : " (" + shown(unit) + ")") + ", " + s.get("points") + " points");
        }
        out.println(String.format(Locale.ROOT, "%6s %9s %8s %8s %7s %8s %6s %8s %6s  %s", "window", "start_s", "seconds", "covers", "patches",
                "missing", "flat", "clipped", "prior", "labels"));
        List<Map<String, Object>> rows = (List<Map<String, Object>>) r.get("windows");
        for (Map<String, Object> row : rows.subList(0, Math.min(limit, rows.size()))) {
            // A partial window (a record's tail) says so: its share of a full window.
            String covers = Boolean.TRUE.equals(row.get("partial"))
                    ? String.format(Locale.ROOT, "%.0f %%", 100 * (Double) row.get("fraction")) : "full";
            out.println(String.format(Locale.ROOT, "%6d %9.1f %8.1f %8s %7d %8.3f %6.3f %8.3f %6.3f  %s", row.get("window"), row.get("start_s"),
                    row.get("seconds"), covers, row.get("patches"), row.get("missing"), row.get("flat"), row.get("clipped"),
                    row.get("prior_mean"), shown(row.get("labels"))));
        }
        if (rows.size() > limit) {
            out.println("... " + (rows.size() - limit) + " more windows (--limit N, or --json for all)");
        }
        for (Object dw : (List<?>) r.get("dropped_windows")) {
            out.println("dropped " + shown(dw));
        }
    }
}
