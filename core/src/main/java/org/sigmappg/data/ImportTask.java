package org.sigmappg.data;

import com.google.gson.Gson;
import com.google.gson.JsonNull;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.sigmappg.io.Channel;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.PpgChannels;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.Recording;
import org.sigmappg.io.labels.LabelFile;
import org.sigmappg.io.labels.LabelTable;
import org.sigmappg.io.labels.LabelTableReader;
import org.sigmappg.io.labels.PhysiologicalRanges;
import org.sigmappg.run.CancelledException;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunBundle;
import org.sigmappg.run.Workspace;
import org.sigmappg.signal.DroppedWindow;
import org.sigmappg.signal.PatchPriors;
import org.sigmappg.signal.PreprocessParams;
import org.sigmappg.signal.PreprocessResult;
import org.sigmappg.signal.Preprocessor;
import org.sigmappg.signal.Window;
import org.sigmappg.signal.WindowLevels;
import org.sigmappg.signal.WindowParams;

/**
 * Imports a file or folder as a dataset, all or nothing: records are read and pre-processed into a
 * private cache folder, which is renamed into place and then entered in the catalogue in one
 * transaction. A failure, a cancel or a kill at any moment leaves no dataset row and no cache behind
 * (the next opening of the workspace removes an abandoned folder).
 */
public final class ImportTask {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Gson GSON = new Gson();
    /** A folder beside the recordings holding trained runs to enter with the dataset (the sample set's tiny models). */
    public static final String RUN_BUNDLES = "sigma-ppg-runs";
    /** The name of a dataset's one PPG channel when records' were picked under different names. */
    public static final String UNNAMED_CHANNEL = "PPG";

    private final Workspace workspace;
    private final ImportRequest request;

    public ImportTask(Workspace workspace, ImportRequest request) {
        this.workspace = workspace;
        this.request = request;
    }

    /** The recipe this request resolves to: the given recipe file or the detected layout, with the options applied. */
    public static ImportRecipe resolveRecipe(ImportRequest request) throws IOException {
        ImportRecipe recipe = request.recipeFile() != null ? ImportRecipe.read(request.recipeFile())
                : ImportPlanner.detect(request.source().toAbsolutePath().normalize(), request.followLinks());
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("fs", request.fs());
        if (request.channel() != null) {
            // A channel given on the command line replaces the recipe's channel or list of channels.
            List<String> names = channelList(request.channel());
            changes.put("channel", names.size() == 1 ? names.get(0) : JsonNull.INSTANCE);
            changes.put("channels", names.size() == 1 ? JsonNull.INSTANCE : names);
        }
        changes.put("subjectPattern", request.subjectPattern());
        changes.put("windowSeconds", request.windowSeconds());
        changes.put("hopSeconds", request.hopSeconds());
        changes.put("minWindowFraction", request.minWindowFraction());
        changes.put("timeUnit", request.timeUnit());
        changes.put("charset", request.charset());
        recipe = recipe.with(changes);
        List<String> chosen = recipe.chosenChannels();
        for (int i = 0; i < chosen.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (PpgChannels.sameName(chosen.get(i), chosen.get(j))) {
                    throw new IllegalArgumentException("the channels to keep name " + MessageTools.quote(chosen.get(j))
                            + (chosen.get(i).equals(chosen.get(j)) ? " twice" : " and " + MessageTools.quote(chosen.get(i))
                            + ", which are the same channel"));
                }
            }
        }
        return recipe;
    }

    /** The channel names of a --channel option: one name, or several separated by commas. */
    private static List<String> channelList(String option) {
        List<String> names = new ArrayList<>();
        for (String part : option.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("--channel " + MessageTools.quote(option) + " has an empty channel name; give one "
                        + "name, or several separated by commas, like --channel RED,IR");
            }
            names.add(part.strip());
        }
        return names;
    }

    /** Pre-processing parameters: the request's or the defaults, with the recipe's window length, hop and smallest share. */
    static PreprocessParams preprocessParams(ImportRequest request, ImportRecipe recipe) {
        PreprocessParams params = request.preprocess() != null ? request.preprocess() : PreprocessParams.defaults();
        WindowParams w = params.windows();
        double rate = params.targetRateHz();
        if (recipe.windowSeconds() != null) {
            double patchSeconds = w.patchSamples() / rate;
            double patches = recipe.windowSeconds() / patchSeconds;
            long whole = Math.round(patches);
            if (whole < 1 || Math.abs(patches - whole) > 1e-9) {
                throw new IllegalArgumentException("window length " + recipe.windowSeconds() + " s is not a whole number of "
                        + patchSeconds + " s patches");
            }
            w = new WindowParams(w.patchSamples(), (int) whole, w.maxMissingFraction(), w.patchFlagFraction());
        }
        int hop = w.hopSamples();
        if (recipe.hopSeconds() != null) {
            double samples = recipe.hopSeconds() * rate;
            long whole = Math.round(samples);
            double windowSeconds = w.windowSamples() / rate;
            if (whole < 1 || Math.abs(samples - whole) > 1e-6) {
                throw new IllegalArgumentException("hop " + recipe.hopSeconds() + " s is not a whole number of samples at "
                        + trim(rate) + " Hz");
            }
            if (whole > w.windowSamples()) {
                throw new IllegalArgumentException("hop " + recipe.hopSeconds() + " s is longer than the " + trim(windowSeconds)
                        + " s window: windows would leave gaps; give a hop of at most " + trim(windowSeconds) + " s");
            }
            hop = (int) whole;
        }
        double minFraction = recipe.minWindowFraction() != null ? recipe.minWindowFraction() : w.minWindowFraction();
        return params.withWindows(w.withHop(hop, minFraction));
    }

    public ImportResult run(ProgressMonitor monitor) throws IOException {
        long t0 = System.nanoTime();
        String name = request.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("dataset name '" + name + "' is not allowed: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        workspace.requireWritable();
        Catalogue catalogue = new Catalogue(workspace);
        if (catalogue.dataset(name).isPresent() && !request.replace()) {
            throw alreadyExists(name);
        }
        ImportRecipe recipe = resolveRecipe(request);
        PreprocessParams params = preprocessParams(request, recipe);
        ImportPlan plan = ImportPlanner.plan(request.source(), recipe, request.followLinks());
        List<DatasetInfo.SkippedFile> skipped = new ArrayList<>();
        List<String> warnings = new ArrayList<>(plan.warnings());
        for (DatasetInfo.SkippedFile p : plan.problems()) {
            if (!request.skipBad()) {
                throw new ReadException(plan.root().resolve(p.path()), null, p.reason()
                        + ImportPlanner.moreProblems(plan.problems().size() - 1) + "; add --skip-bad to import the rest");
            }
            skipped.add(p);
        }
        SubjectLabels subjectLabels = readSubjectTable(plan, warnings);
        Optional<Path> bundles = runBundles(plan, warnings);

        Path tmp = workspace.cacheDirectory().resolve(".import-" + UUID.randomUUID());
        workspace.createFolder(tmp);
        Workspace.markOwned(tmp);
        Path finalDir = null;
        try {
            List<RecordRow> rows = new ArrayList<>();
            try (WindowCache.Writer writer = new WindowCache.Writer(tmp)) {
                processAll(plan, params, writer, rows, skipped, warnings, monitor);
                if (rows.isEmpty()) {
                    throw new ReadException(plan.root(), null, "none of the " + plan.sources().size() + " files could be imported: "
                            + skipped.get(0).path() + ": " + skipped.get(0).reason());
                }
                monitor.begin("saving " + name, -1);
                Map<String, Object> description = new LinkedHashMap<>();
                description.put("name", name);
                description.put("source", plan.root().toString());
                description.put("recipe", recipe);
                description.put("preprocess", params);
                String hash = writer.finish(description);
                finalDir = workspace.cacheDirectory().resolve("ds-" + UUID.randomUUID());
                FileTools.moveAtomically(tmp, finalDir);
                FileTools.fsyncDirectory(workspace.cacheDirectory());
                Committed done = commit(name, plan, recipe, params, rows, subjectLabels, skipped, warnings, hash,
                        finalDir.getFileName().toString(), (System.nanoTime() - t0) / 1e9);
                Files.deleteIfExists(finalDir.resolve(Workspace.OWNER_FILE));
                if (done.replacedCacheDir() != null) {
                    FileTools.deleteTree(workspace.cacheDirectory().resolve(done.replacedCacheDir()));
                }
                if (bundles.isEmpty()) {
                    return done.result();
                }
                Map<String, String> bundled = RunBundle.importAll(workspace, bundles.get(), name);
                return done.result().withRuns(List.copyOf(bundled.values()));
            }
        } catch (IOException | RuntimeException | Error e) {
            FileTools.deleteTree(tmp);
            if (finalDir != null && !isCommitted(name, finalDir)) {
                FileTools.deleteTree(finalDir);
            }
            if (FileTools.isDiskFull(e)) {
                throw new IOException(workspace.directory() + ": the disk is full; the import of " + name
                        + " stopped and nothing of it was kept; free some space or import into another --workspace", e);
            }
            throw e;
        }
    }

    private static IllegalArgumentException alreadyExists(String name) {
        return new IllegalArgumentException("a dataset named '" + name + "' already exists; choose another --name or add --replace");
    }

    private boolean isCommitted(String name, Path dir) {
        try {
            return new Catalogue(workspace).dataset(name).map(d -> d.cacheDir().equals(dir.getFileName().toString())).orElse(false);
        } catch (IOException e) {
            return true;
        }
    }

    /** The folder of bundled runs beside the recordings, unless there is none or it leads out of the imported folder. */
    private static Optional<Path> runBundles(ImportPlan plan, List<String> warnings) {
        Path folder = plan.root().resolve(RUN_BUNDLES);
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        Optional<String> outside = plan.folder().whyOutside(folder);
        if (outside.isPresent()) {
            warnings.add(RUN_BUNDLES + " " + outside.get() + "; its runs were not entered");
            return Optional.empty();
        }
        return Optional.of(folder);
    }

    /** Per-subject labels read from the recipe's table, with implausible values flagged. */
    private record SubjectLabels(Map<String, Map<String, Catalogue.LabelValue>> bySubject) {
    }

    private SubjectLabels readSubjectTable(ImportPlan plan, List<String> warnings) throws IOException {
        ImportRecipe.SubjectTable spec = plan.recipe().subjectTable();
        Map<String, Map<String, Catalogue.LabelValue>> out = new LinkedHashMap<>();
        if (spec == null) {
            return new SubjectLabels(out);
        }
        Path file = plan.folder().resolve(plan.root(), spec.file(), plan.root(), null, "the subject table that the recipe names");
        LabelTableReader reader = new LabelTableReader();
        if (spec.idColumn() != null) {
            reader = reader.optIdColumn(spec.idColumn());
        }
        if (spec.sheet() != null) {
            reader = reader.optSheet(spec.sheet());
        }
        reader = reader.optRequiredColumns(spec.columns().values().toArray(String[]::new));
        LabelTable table = reader.read(file);
        Set<String> subjects = new LinkedHashSet<>();
        plan.sources().forEach(s -> subjects.add(s.subject()));
        int missing = 0;
        int flagged = 0;
        for (String subject : subjects) {
            Optional<LabelTable.Row> row = table.row(subject);
            if (row.isEmpty()) {
                missing++;
                continue;
            }
            Map<String, Catalogue.LabelValue> labels = new LinkedHashMap<>();
            for (Map.Entry<String, String> col : spec.columns().entrySet()) {
                LabelTable.Value v = row.get().value(col.getValue());
                if (v.isEmpty()) {
                    continue;
                }
                String flag = null;
                if (v.numeric()) {
                    Optional<PhysiologicalRanges.Range> range = PhysiologicalRanges.DEFAULT.find(col.getKey());
                    if (range.isPresent() && !range.get().contains(v.number())) {
                        flag = "outside the plausible range " + range.get().min() + "-" + range.get().max() + " " + range.get().unit();
                        flagged++;
                        warnings.add(file.getFileName() + " row " + row.get().rowNumber() + ": subject " + subject + " " + col.getKey()
                                + " = " + v.number() + " is " + flag + "; flagged and left out of tasks");
                    }
                }
                labels.put(col.getKey(), new Catalogue.LabelValue(col.getKey(), v.numeric() ? v.number() : null,
                        v.numeric() ? null : v.text(), flag));
            }
            out.put(subject, labels);
        }
        if (missing > 0) {
            warnings.add(file.getFileName() + ": no row for " + missing + " of " + subjects.size() + " subjects; they have no subject labels");
        }
        return new SubjectLabels(out);
    }

    /** One imported record's rows, kept until the catalogue transaction. */
    private record RecordRow(RecordSource source, int index, String format, List<RecordInfo.KeptChannel> kept, List<String> channels,
                             Instant start, PreprocessResult.RawCounts counts, Map<String, String> annotations, String contentHash,
                             List<String> warnings, List<WindowRow> windows, List<DroppedWindow> dropped,
                             List<LabelSeries> labelSeries, Map<String, Integer> flaggedLabels) {
    }

    /**
     * One window of a record over all its kept channels (the same span in each).
     *
     * @param missing the largest missing share over the channels, likewise {@code flat} and {@code clipped}
     */
    private record WindowRow(int index, Window first, long sampleOffset, long patchOffset, double priorMean, double missing,
                             double flat, double clipped, List<WindowLevels> levels, Map<String, Double> labels) {
    }

    /** A record read and pre-processed, not yet written; only the kept PPG channels' samples are kept. */
    private record Processed(RecordSource source, Instant start, Map<String, String> annotations, List<String> channels,
                             List<Channel> ppg, List<PreprocessResult> results, List<Window[]> windows, List<DroppedWindow> dropped,
                             String contentHash, List<LabelSeries> labels, Map<String, Integer> flaggedLabels, List<String> warnings) {
    }

    private void processAll(ImportPlan plan, PreprocessParams params, WindowCache.Writer writer, List<RecordRow> rows,
                            List<DatasetInfo.SkippedFile> skipped, List<String> warnings, ProgressMonitor monitor) throws IOException {
        List<RecordSource> sources = plan.sources();
        monitor.begin("importing " + request.name(), sources.size());
        int threads = sources.size() > 1 ? Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4)) : 1;
        // One big record is parallelised inside the pre-processor; many records are processed side by side.
        Preprocessor preprocessor = threads > 1 ? new Preprocessor(params, null) : new Preprocessor(params);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "import-" + request.name());
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<Processed>> inFlight = new ArrayDeque<>();
            Iterator<RecordSource> it = sources.iterator();
            while (it.hasNext() || !inFlight.isEmpty()) {
                while (inFlight.size() < threads * 2 && it.hasNext()) {
                    RecordSource next = it.next();
                    inFlight.add(pool.submit(() -> process(next, plan, preprocessor)));
                }
                if (monitor.isCancelled()) {
                    throw new CancelledException("import of " + request.name());
                }
                Processed p;
                try {
                    p = await(inFlight.poll());
                } catch (ReadException e) {
                    if (!request.skipBad()) {
                        throw e;
                    }
                    skipped.add(new DatasetInfo.SkippedFile(ImportPlanner.relative(plan.root(), e.file() != null ? e.file() : plan.root()),
                            e.location() != null ? e.location() + ": " + e.problem() : e.problem()));
                    monitor.worked(1);
                    continue;
                }
                monitor.message(p.source().relativePath());
                rows.add(write(p, rows.size(), writer));
                warnings.addAll(p.warnings());
                monitor.worked(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Processed await(Future<Processed> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("import");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    /** Reads and pre-processes one record; any problem becomes a ReadException naming the file. */
    private static Processed process(RecordSource source, ImportPlan plan, Preprocessor preprocessor) throws IOException {
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
        return new Processed(source, rec.start(), rec.annotations(), channels, ppg, results, windows, dropped, rec.contentHash(), kept,
                flagged, warnings);
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

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private RecordRow write(Processed p, int index, WindowCache.Writer writer) throws IOException {
        List<RecordInfo.KeptChannel> kept = new ArrayList<>();
        for (int c = 0; c < p.ppg().size(); c++) {
            Channel ch = p.ppg().get(c);
            writer.putSignal(RecordInfo.signalFile(index, c, "raw"), ch.samples());
            writer.putSignal(RecordInfo.signalFile(index, c, "f50"), p.results().get(c).signal());
            PreprocessResult.RawCounts counts = p.results().get(c).rawCounts();
            kept.add(new RecordInfo.KeptChannel(ch.name(), ch.unit(), ch.fs(), ch.length(), counts.missing(), counts.flat(), counts.clipped()));
        }
        List<WindowRow> windows = new ArrayList<>();
        double fs = p.results().get(0).fs();
        int w = 0;
        for (Window[] channels : p.windows()) {
            long sampleOffset = writer.sampleOffset();
            long patchOffset = writer.patchOffset();
            double missing = 0;
            double flat = 0;
            double clipped = 0;
            List<WindowLevels> levels = new ArrayList<>();
            for (Window win : channels) {
                append(win, writer);
                missing = Math.max(missing, win.missingFraction());
                flat = Math.max(flat, win.flatFraction());
                clipped = Math.max(clipped, win.clippedFraction());
                levels.add(win.levels());
            }
            Window first = channels[0];
            double t0 = first.start() / fs;
            double t1 = (first.start() + first.validSamples()) / fs;
            windows.add(new WindowRow(w++, first, sampleOffset, patchOffset, priorMean(first), missing, flat, clipped, levels,
                    WindowLabels.align(p.labels(), t0, t1)));
        }
        return new RecordRow(p.source(), index, p.source().reader().format(), kept, p.channels(), p.start(),
                p.results().get(0).rawCounts(), p.annotations(), p.contentHash(), p.warnings(), windows, p.dropped(), p.labels(),
                p.flaggedLabels());
    }

    /** Appends one channel's window: its samples, per-patch statistics and flags. */
    private static void append(Window win, WindowCache.Writer writer) throws IOException {
        PatchPriors pr = win.priors();
        float[] stats = new float[win.patches() * WindowCache.PATCH_FIELDS];
        byte[] flags = new byte[win.patches()];
        for (int i = 0; i < win.patches(); i++) {
            int o = i * WindowCache.PATCH_FIELDS;
            stats[o] = (float) pr.std()[i];
            stats[o + 1] = (float) pr.skewness()[i];
            stats[o + 2] = (float) pr.amplitude()[i];
            stats[o + 3] = (float) pr.morphology()[i];
            stats[o + 4] = (float) pr.prior()[i];
            flags[i] = (byte) win.patchFlags()[i];
        }
        writer.append(win.samples(), stats, flags);
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

    /** What the catalogue transaction did: the result, and the cache folder of the dataset it replaced, if any. */
    private record Committed(ImportResult result, String replacedCacheDir) {
    }

    private Committed commit(String name, ImportPlan plan, ImportRecipe recipe, PreprocessParams params, List<RecordRow> rows,
                             SubjectLabels subjectLabels, List<DatasetInfo.SkippedFile> skipped, List<String> warnings, String hash,
                             String cacheDir, double seconds) throws IOException {
        Set<String> subjects = new LinkedHashSet<>();
        rows.forEach(r -> subjects.add(r.source().subject()));
        int windows = rows.stream().mapToInt(r -> r.windows().size()).sum();
        int dropped = rows.stream().mapToInt(r -> r.dropped().size()).sum();
        double fs = params.targetRateHz();
        List<String> channels = datasetChannels(recipe, rows);
        String replaced = workspace.write(c -> {
            // Asked again under the write lock: another import of the same name may have committed meanwhile.
            String previous = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, cache_dir FROM datasets WHERE name=?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        if (!request.replace()) {
                            throw alreadyExists(name);
                        }
                        previous = rs.getString(2);
                        try (PreparedStatement del = c.prepareStatement("DELETE FROM datasets WHERE id=?")) {
                            del.setLong(1, rs.getLong(1));
                            del.executeUpdate();
                        }
                    }
                }
            }
            long datasetId;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO datasets(name, source, layout, recipe, preprocess, created, records, subjects, windows,
                      dropped_windows, skipped, warnings, cache_dir, manifest_hash, patch_samples, fs, channels)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, name);
                ps.setString(2, request.source().toAbsolutePath().normalize().toString());
                ps.setString(3, recipe.layout());
                ps.setString(4, recipe.toJson());
                ps.setString(5, GSON.toJson(params));
                ps.setString(6, Instant.now().toString());
                ps.setInt(7, rows.size());
                ps.setInt(8, subjects.size());
                ps.setInt(9, windows);
                ps.setInt(10, dropped);
                ps.setString(11, GSON.toJson(skipped));
                ps.setString(12, GSON.toJson(warnings));
                ps.setString(13, cacheDir);
                ps.setString(14, hash);
                ps.setInt(15, params.windows().patchSamples());
                ps.setDouble(16, fs);
                ps.setString(17, GSON.toJson(channels));
                ps.executeUpdate();
                datasetId = generatedKey(ps);
            }
            Map<String, Long> subjectIds = insertSubjects(c, datasetId, subjects, subjectLabels);
            insertRecords(c, datasetId, subjectIds, rows);
            return previous;
        });
        return new Committed(new ImportResult(name, recipe.layout(), rows.size(), subjects.size(), windows, dropped, skipped, warnings,
                hash, seconds, List.of(), channels, channelChoice(recipe, rows)), replaced);
    }

    /**
     * The dataset's PPG channels: those the recipe or --channel named, else the one each record's was picked as when
     * they agree, else {@value #UNNAMED_CHANNEL}.
     */
    private static List<String> datasetChannels(ImportRecipe recipe, List<RecordRow> rows) {
        if (!recipe.chosenChannels().isEmpty()) {
            return recipe.chosenChannels();
        }
        Set<String> picked = new LinkedHashSet<>();
        rows.forEach(r -> picked.add(r.kept().get(0).name()));
        return List.of(picked.size() == 1 ? picked.iterator().next() : UNNAMED_CHANNEL);
    }

    /** What a bare import picked as the PPG channel, in a sentence; null when the channels were named. */
    private static String channelChoice(ImportRecipe recipe, List<RecordRow> rows) {
        if (!recipe.chosenChannels().isEmpty()) {
            return null;
        }
        Map<String, Integer> picked = new LinkedHashMap<>();
        rows.forEach(r -> picked.merge(r.kept().get(0).name(), 1, Integer::sum));
        String which = picked.size() == 1 ? picked.keySet().iterator().next() + (rows.size() > 1 ? " in every record" : "")
                : String.join(", ", picked.entrySet().stream().map(e -> e.getKey() + " in " + e.getValue()
                + (e.getValue() == 1 ? " record" : " records")).toList());
        return "the PPG channel was picked by its name: " + which + "; choose it with --channel NAME, or keep several side by side"
                + " with --channel NAME,NAME";
    }

    private static long generatedKey(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no row id returned");
            }
            return keys.getLong(1);
        }
    }

    private static Map<String, Long> insertSubjects(Connection c, long datasetId, Set<String> subjects, SubjectLabels labels)
            throws SQLException {
        Map<String, Long> ids = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO subjects(dataset_id, name) VALUES (?,?)", Statement.RETURN_GENERATED_KEYS);
             PreparedStatement lp = c.prepareStatement("INSERT INTO subject_labels(subject_id, name, value, text, flag) VALUES (?,?,?,?,?)")) {
            for (String s : subjects) {
                ps.setLong(1, datasetId);
                ps.setString(2, s);
                ps.executeUpdate();
                long id = generatedKey(ps);
                ids.put(s, id);
                for (Catalogue.LabelValue v : labels.bySubject().getOrDefault(s, Map.of()).values()) {
                    lp.setLong(1, id);
                    lp.setString(2, v.name());
                    if (v.value() != null) {
                        lp.setDouble(3, v.value());
                    } else {
                        lp.setNull(3, java.sql.Types.REAL);
                    }
                    lp.setString(4, v.text());
                    lp.setString(5, v.flag());
                    lp.addBatch();
                }
            }
            lp.executeBatch();
        }
        return ids;
    }

    private static void insertRecords(Connection c, long datasetId, Map<String, Long> subjectIds, List<RecordRow> rows) throws SQLException {
        try (PreparedStatement rp = c.prepareStatement("""
                INSERT INTO records(dataset_id, subject_id, idx, name, source, format, channel, channels, fs, samples, start,
                  missing_samples, flat_samples, clipped_samples, windows, annotations, warnings, kept_channels, content_hash)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", Statement.RETURN_GENERATED_KEYS);
             PreparedStatement wp = c.prepareStatement("""
                INSERT INTO windows(dataset_id, record_id, idx, start_sample, valid_samples, patches, sample_offset, patch_offset,
                  missing, flat, clipped, prior_mean) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", Statement.RETURN_GENERATED_KEYS);
             PreparedStatement lp = c.prepareStatement("INSERT INTO window_labels(window_id, name, value) VALUES (?,?,?)");
             PreparedStatement vp = c.prepareStatement("INSERT INTO window_levels(window_id, channel, dc, ac) VALUES (?,?,?,?)");
             PreparedStatement dp = c.prepareStatement("INSERT INTO dropped_windows(record_id, start_sample, samples, reason) VALUES (?,?,?,?)");
             PreparedStatement sp = c.prepareStatement("INSERT INTO label_series(record_id, name, unit, times, vals, flagged) VALUES (?,?,?,?,?,?)");
             PreparedStatement rl = c.prepareStatement("INSERT INTO record_labels(record_id, name, value, text, flag) VALUES (?,?,?,?,?)")) {
            for (RecordRow r : rows) {
                rp.setLong(1, datasetId);
                rp.setLong(2, subjectIds.get(r.source().subject()));
                rp.setInt(3, r.index());
                rp.setString(4, r.source().recordName());
                rp.setString(5, r.source().file().toString());
                rp.setString(6, r.format());
                RecordInfo.KeptChannel first = r.kept().get(0);
                rp.setString(7, first.name());
                rp.setString(8, GSON.toJson(r.channels()));
                rp.setDouble(9, first.fs());
                rp.setLong(10, first.samples());
                rp.setString(11, r.start() == null ? null : r.start().toString());
                rp.setLong(12, r.counts().missing());
                rp.setLong(13, r.counts().flat());
                rp.setLong(14, r.counts().clipped());
                rp.setInt(15, r.windows().size());
                rp.setString(16, GSON.toJson(r.annotations()));
                rp.setString(17, GSON.toJson(r.warnings()));
                rp.setString(18, GSON.toJson(r.kept()));
                rp.setString(19, r.contentHash());
                rp.executeUpdate();
                long recordId = generatedKey(rp);
                for (Catalogue.LabelValue v : RecordLabels.of(r.format(), r.annotations()).values()) {
                    rl.setLong(1, recordId);
                    rl.setString(2, v.name());
                    if (v.value() != null) {
                        rl.setDouble(3, v.value());
                    } else {
                        rl.setNull(3, java.sql.Types.REAL);
                    }
                    rl.setString(4, v.text());
                    rl.setString(5, v.flag());
                    rl.addBatch();
                }
                for (WindowRow w : r.windows()) {
                    Window win = w.first();
                    wp.setLong(1, datasetId);
                    wp.setLong(2, recordId);
                    wp.setInt(3, w.index());
                    wp.setLong(4, win.start());
                    wp.setInt(5, win.validSamples());
                    wp.setInt(6, win.patches());
                    wp.setLong(7, w.sampleOffset());
                    wp.setLong(8, w.patchOffset());
                    wp.setDouble(9, w.missing());
                    wp.setDouble(10, w.flat());
                    wp.setDouble(11, w.clipped());
                    wp.setDouble(12, w.priorMean());
                    wp.executeUpdate();
                    long windowId = generatedKey(wp);
                    for (int ch = 0; ch < w.levels().size(); ch++) {
                        vp.setLong(1, windowId);
                        vp.setInt(2, ch);
                        setNullable(vp, 3, w.levels().get(ch).dc());
                        setNullable(vp, 4, w.levels().get(ch).ac());
                        vp.addBatch();
                    }
                    for (Map.Entry<String, Double> l : w.labels().entrySet()) {
                        lp.setLong(1, windowId);
                        lp.setString(2, l.getKey());
                        lp.setDouble(3, l.getValue());
                        lp.addBatch();
                    }
                }
                for (DroppedWindow d : r.dropped()) {
                    dp.setLong(1, recordId);
                    dp.setLong(2, d.start());
                    dp.setLong(3, d.length());
                    dp.setString(4, d.detail());
                    dp.addBatch();
                }
                for (LabelSeries ls : r.labelSeries()) {
                    sp.setLong(1, recordId);
                    sp.setString(2, ls.name());
                    sp.setString(3, ls.unit());
                    sp.setBytes(4, Catalogue.bytes(ls.times()));
                    sp.setBytes(5, Catalogue.bytes(ls.values()));
                    sp.setInt(6, r.flaggedLabels().getOrDefault(ls.name(), 0));
                    sp.addBatch();
                }
            }
            lp.executeBatch();
            vp.executeBatch();
            dp.executeBatch();
            sp.executeBatch();
            rl.executeBatch();
        }
    }

    /** A REAL that is NULL when not a finite number (SQLite has no NaN). */
    private static void setNullable(PreparedStatement ps, int index, double v) throws SQLException {
        if (Double.isFinite(v)) {
            ps.setDouble(index, v);
        } else {
            ps.setNull(index, java.sql.Types.REAL);
        }
    }
}
