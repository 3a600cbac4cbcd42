package org.sigmappg.data;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sigmappg.io.Channel;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.PpgChannels;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.Recording;
import org.sigmappg.io.labels.LabelFile;
import org.sigmappg.io.labels.PhysiologicalRanges;
import org.sigmappg.run.FileTools;
import org.sigmappg.signal.DroppedWindow;
import org.sigmappg.signal.PatchPriors;
import org.sigmappg.signal.PreprocessParams;
import org.sigmappg.signal.PreprocessResult;
import org.sigmappg.signal.Preprocessor;
import org.sigmappg.signal.Window;
import org.sigmappg.signal.WindowLevels;

/**
 * The import of one record, a pure function of the record and the plan: read it, pre-process its kept channels and
 * return its windows, levels and catalogue row ({@link ImportedRecord}), touching no workspace. The single-machine
 * import, the shards of {@code import --shard} and the Spark executors all call it, so all give the same windows.
 */
public final class RecordImport {
    private static final Gson GSON = new Gson();

    private final ImportPlan plan;
    private final Preprocessor preprocessor;

    /**
     * What a process elsewhere needs to plan the same import and process any of its records, as text, so it travels to a
     * shard or an executor: the folder, the resolved recipe and the pre-processing parameters, and the plan's fingerprint
     * ({@link #fingerprint}) to check that it listed the same records.
     */
    public record Spec(String source, String recipeJson, String paramsJson, boolean followLinks, String fingerprint)
            implements Serializable {
    }

    private RecordImport(ImportPlan plan, Preprocessor preprocessor) {
        this.plan = plan;
        this.preprocessor = preprocessor;
    }

    /** The spec of an import whose plan is {@code plan}. */
    public static Spec spec(ImportPlan plan, PreprocessParams params, boolean followLinks) {
        return new Spec(plan.folder().root().toString(), plan.recipe().toJson(), GSON.toJson(params), followLinks, fingerprint(plan));
    }

    /**
     * Plans the import the spec describes again, here, and checks it lists the same records; records are then processed
     * one at a time (the caller runs several side by side).
     */
    public static RecordImport open(Spec spec) throws IOException {
        ImportRecipe recipe = ImportRecipe.fromJson(spec.recipeJson());
        ImportPlan plan = ImportPlanner.plan(Path.of(spec.source()), recipe, spec.followLinks());
        if (!fingerprint(plan).equals(spec.fingerprint())) {
            throw new IOException(spec.source() + ": the folder no longer lists the records the import planned (files were added, "
                    + "removed or renamed meanwhile); start the import again");
        }
        return new RecordImport(plan, new Preprocessor(GSON.fromJson(spec.paramsJson(), PreprocessParams.class), null));
    }

    /** The records of the plan. */
    public int records() {
        return plan.sources().size();
    }

    /** Reads and pre-processes record {@code index} of the plan. */
    public ImportedRecord process(int index) throws IOException {
        return process(index, plan, preprocessor);
    }

    /** A SHA-256 over the plan's folder, recipe and records (path, name, subject, label file), in order. */
    public static String fingerprint(ImportPlan plan) {
        MessageDigest md = FileTools.sha256Digest();
        update(md, plan.root().toString());
        update(md, plan.recipe().toJson());
        for (RecordSource s : plan.sources()) {
            update(md, s.relativePath());
            update(md, s.recordName());
            update(md, s.subject());
            update(md, String.valueOf(s.labelFile()));
            update(md, Double.toString(s.labelOffset()));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        md.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        md.update((byte) ':');
        md.update(bytes);
    }

    /** The skipped-file entry of a record that could not be read, as the import report lists it. */
    static DatasetInfo.SkippedFile skipped(ImportPlan plan, ReadException e) {
        return new DatasetInfo.SkippedFile(ImportPlanner.relative(plan.root(), e.file() != null ? e.file() : plan.root()),
                e.location() != null ? e.location() + ": " + e.problem() : e.problem());
    }

    /** Reads and pre-processes one record; any problem becomes a ReadException naming the file. */
    public static ImportedRecord process(int index, ImportPlan plan, Preprocessor preprocessor) throws IOException {
        RecordSource source = plan.sources().get(index);
        ImportRecipe recipe = plan.recipe();
        Recording rec = source.reader().read(source.file(), source.options());
        List<Channel> ppg = chooseChannels(source, rec, recipe.chosenChannels());
        Channel channel = ppg.get(0);
        List<PreprocessResult> results;
        try {
            results = ppg.size() == 1 ? List.of(preprocessor.process(channel)) : preprocessor.processTogether(ppg);
        } catch (IllegalArgumentException e) {
            throw new ReadException(source.file(), null, e.getMessage());
        }
        PreprocessResult result = results.get(0);
        if (result.windows().isEmpty() && result.dropped().stream().allMatch(d -> d.reason() == DroppedWindow.Reason.SHORTER_THAN_PATCH)) {
            double patchSeconds = result.params().windows().patchSamples() / result.params().targetRateHz();
            throw new ReadException(source.file(), "channel " + channel.name(), String.format(Locale.ROOT,
                    "the record is %.3f s long, shorter than one %.0f s patch; there is nothing to learn from it",
                    channel.durationSeconds(), patchSeconds));
        }
        List<Window[]> windows = new ArrayList<>();
        List<DroppedWindow> dropped = new ArrayList<>();
        alignWindows(results, windows, dropped);
        List<String> warnings = new ArrayList<>();
        for (String w : rec.warnings()) {
            warnings.add(source.relativePath() + ": " + w);
        }
        for (PreprocessResult r : results) {
            for (String w : r.warnings()) {
                warnings.add(source.relativePath() + ": " + w);
            }
        }
        if (windows.isEmpty()) {
            warnings.add(source.relativePath() + ": every window was dropped (" + dropped.get(0).detail() + ")");
        }
        List<LabelSeries> labels = new ArrayList<>(rec.labels());
        if (source.labelFile() != null) {
            ImportRecipe.LabelFiles spec = recipe.labelFiles();
            if (spec.countsFromRecordingStart() && rec.start() == null) {
                throw new ReadException(source.file(), null, "the recipe's label times count from the recording's start"
                        + " (origin recording-start), but this recording has no start time of its own (EDF and WFDB headers"
                        + " give one, CSV files only in a date-time column); count them from the first row (origin first-row),"
                        + " with an offset if the devices did not start together");
            }
            LabelFile file = spec.reader(source.labelOffset()).read(source.labelFile(), spec.readOptions(source.options()), rec.start());
            labels.addAll(file.series());
            if (file.statusRows() > 0) {
                warnings.add(source.relativePath() + ": " + ImportPlanner.relative(plan.root(), source.labelFile()) + ": "
                        + file.statusSummary());
            }
        }
        Map<String, Integer> flagged = new LinkedHashMap<>();
        List<LabelSeries> kept = new ArrayList<>();
        for (LabelSeries ls : labels) {
            if (ls.size() > 0) {
                checkLabelSeries(source, ls, channel.durationSeconds(), flagged, warnings);
                kept.add(ls);
            }
        }
        List<String> channels = new ArrayList<>();
        for (Channel c : rec.channels()) {
            channels.add(c.name() + " (" + trim(c.fs()) + " Hz" + (c.unit().isEmpty() ? "" : ", " + c.unit()) + ")");
        }
        return imported(index, source, rec, channels, ppg, results, windows, dropped, kept, flagged, warnings);
    }

    /**
     * The record's PPG channels: those named, in that order, or the one picked by its name. A name the record lacks is
     * refused with the channels it has.
     */
    private static List<Channel> chooseChannels(RecordSource source, Recording rec, List<String> names) throws ReadException {
        List<Channel> out = new ArrayList<>();
        for (String wanted : names.isEmpty() ? java.util.Collections.<String>singletonList(null) : names) {
            Optional<Channel> ppg = PpgChannels.choose(rec, wanted);
            if (ppg.isEmpty()) {
                List<String> all = rec.channels().stream().map(Channel::name).toList();
                throw new ReadException(source.file(), null, (wanted != null ? "no channel named " + MessageTools.quote(wanted)
                        : "no PPG channel found by name") + "; channels are " + MessageTools.list(all)
                        + "; choose with --channel NAME, or keep several with --channel NAME,NAME");
            }
            out.add(ppg.get());
        }
        return out;
    }

    /**
     * The windows every channel kept, aligned by their start (the channels were windowed over the same span), and the
     * stretches any channel dropped: a window is kept only when it is kept in all of them. With several channels a
     * drop's reason names its channel.
     */
    private static void alignWindows(List<PreprocessResult> results, List<Window[]> windows, List<DroppedWindow> dropped) {
        Map<Integer, Window[]> byStart = new java.util.TreeMap<>();
        Map<Integer, DroppedWindow> drops = new java.util.TreeMap<>();
        for (int c = 0; c < results.size(); c++) {
            PreprocessResult r = results.get(c);
            for (Window w : r.windows()) {
                byStart.computeIfAbsent(w.start(), k -> new Window[results.size()])[c] = w;
            }
            for (DroppedWindow d : r.dropped()) {
                drops.putIfAbsent(d.start(), results.size() == 1 ? d
                        : new DroppedWindow(d.start(), d.length(), d.reason(), r.channel() + ": " + d.detail()));
            }
        }
        for (Map.Entry<Integer, Window[]> e : byStart.entrySet()) {
            if (!drops.containsKey(e.getKey())) {
                windows.add(e.getValue());
            }
        }
        dropped.addAll(drops.values());
    }

    /** Refuses labels that miss the recording entirely; warns about partial cover and implausible values. */
    private static void checkLabelSeries(RecordSource source, LabelSeries ls, double duration, Map<String, Integer> flagged,
                                         List<String> warnings) throws ReadException {
        double first = ls.times()[0];
        double last = ls.times()[ls.size() - 1];
        if (last < 0 || first > duration) {
            throw new ReadException(source.labelFile() != null ? source.labelFile() : source.file(), "label " + ls.name(),
                    String.format(Locale.ROOT, "the label times (%.1f to %.1f s) do not overlap the recording (0 to %.1f s)", first, last, duration));
        }
        if (first > 1.0 || last < duration - 2.0) {
            warnings.add(String.format(Locale.ROOT, "%s: label %s covers %.1f-%.1f s of a %.1f s recording; windows outside it have no %s",
                    source.relativePath(), ls.name(), Math.max(0, first), Math.min(duration, last), duration, ls.name()));
        }
        List<PhysiologicalRanges.OutOfRange> bad = PhysiologicalRanges.DEFAULT.check(ls);
        if (!bad.isEmpty()) {
            flagged.put(ls.name(), bad.size());
            warnings.add(source.relativePath() + ": " + bad.size() + " " + ls.name() + " value(s) implausible, e.g. "
                    + bad.get(0).message() + "; flagged and left out of window labels");
        }
    }

    static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }

    /** The record as the cache and the catalogue store it: its signals, and each window's arrays and figures. */
    private static ImportedRecord imported(int index, RecordSource source, Recording rec, List<String> channels, List<Channel> ppg,
                                           List<PreprocessResult> results, List<Window[]> aligned, List<DroppedWindow> dropped,
                                           List<LabelSeries> labels, Map<String, Integer> flagged, List<String> warnings) {
        List<RecordInfo.KeptChannel> kept = new ArrayList<>();
        List<float[]> raw = new ArrayList<>();
        List<float[]> filtered = new ArrayList<>();
        for (int c = 0; c < ppg.size(); c++) {
            Channel ch = ppg.get(c);
            raw.add(ch.samples());
            filtered.add(results.get(c).signal());
            PreprocessResult.RawCounts counts = results.get(c).rawCounts();
            kept.add(new RecordInfo.KeptChannel(ch.name(), ch.unit(), ch.fs(), ch.length(), counts.missing(), counts.flat(), counts.clipped()));
        }
        List<ImportedRecord.ImportedWindow> windows = new ArrayList<>();
        double fs = results.get(0).fs();
        for (Window[] perChannel : aligned) {
            int n = perChannel.length;
            float[][] samples = new float[n][];
            float[][] stats = new float[n][];
            byte[][] flags = new byte[n][];
            double missing = 0;
            double flat = 0;
            double clipped = 0;
            List<WindowLevels> levels = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                Window win = perChannel[c];
                samples[c] = win.samples();
                stats[c] = patchStats(win);
                flags[c] = new byte[win.patches()];
                for (int i = 0; i < win.patches(); i++) {
                    flags[c][i] = (byte) win.patchFlags()[i];
                }
                missing = Math.max(missing, win.missingFraction());
                flat = Math.max(flat, win.flatFraction());
                clipped = Math.max(clipped, win.clippedFraction());
                levels.add(win.levels());
            }
            Window first = perChannel[0];
            double t0 = first.start() / fs;
            double t1 = (first.start() + first.validSamples()) / fs;
            windows.add(new ImportedRecord.ImportedWindow(first.start(), first.validSamples(), first.patches(), priorMean(first), missing,
                    flat, clipped, levels, WindowLabels.align(labels, t0, t1), samples, stats, flags));
        }
        return new ImportedRecord(index, source.recordName(), source.subject(), source.file().toString(), source.relativePath(),
                source.reader().format(), kept, channels, rec.start() == null ? null : rec.start().toString(), rec.annotations(),
                rec.contentHash(), warnings, dropped, labels, flagged, raw, filtered, windows);
    }

    /** A window's per-patch statistics as the cache stores them: std, skewness, A, S, P per patch. */
    private static float[] patchStats(Window win) {
        PatchPriors pr = win.priors();
        float[] stats = new float[win.patches() * WindowCache.PATCH_FIELDS];
        for (int i = 0; i < win.patches(); i++) {
            int o = i * WindowCache.PATCH_FIELDS;
            stats[o] = (float) pr.std()[i];
            stats[o + 1] = (float) pr.skewness()[i];
            stats[o + 2] = (float) pr.amplitude()[i];
            stats[o + 3] = (float) pr.morphology()[i];
            stats[o + 4] = (float) pr.prior()[i];
        }
        return stats;
    }

    /** The mean prior score P over a window's valid patches. */
    private static double priorMean(Window win) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < win.patches(); i++) {
            if (win.patchValidSamples(i) > 0 && Double.isFinite(win.priors().prior()[i])) {
                sum += win.priors().prior()[i];
                count++;
            }
        }
        return count > 0 ? sum / count : 0;
    }
}
