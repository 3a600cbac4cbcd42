package org.sigmappg.data;

import com.google.gson.JsonNull;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.PpgChannels;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.labels.LabelTable;
import org.sigmappg.io.labels.LabelTableReader;
import org.sigmappg.io.labels.PhysiologicalRanges;
import org.sigmappg.run.CancelledException;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunBundle;
import org.sigmappg.run.ProcessOwner;
import org.sigmappg.run.Workspace;
import org.sigmappg.signal.PreprocessParams;
import org.sigmappg.signal.Preprocessor;
import org.sigmappg.signal.WindowParams;

/**
 * Imports a file or folder as a dataset, all or nothing: records are read and pre-processed into a
 * private cache folder, which is renamed into place and then entered in the catalogue in one
 * transaction. A failure, a cancel or a kill at any moment leaves no dataset row and no cache behind
 * (the next opening of the workspace removes an abandoned folder).
 */
public final class ImportTask {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
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
                        + RecordImport.trim(rate) + " Hz");
            }
            if (whole > w.windowSamples()) {
                throw new IllegalArgumentException("hop " + recipe.hopSeconds() + " s is longer than the " + RecordImport.trim(windowSeconds)
                        + " s window: windows would leave gaps; give a hop of at most " + RecordImport.trim(windowSeconds) + " s");
            }
            hop = (int) whole;
        }
        double minFraction = recipe.minWindowFraction() != null ? recipe.minWindowFraction() : w.minWindowFraction();
        return params.withWindows(w.withHop(hop, minFraction));
    }

    /**
     * An import planned, before any record is read: the recipe and parameters it resolved to, the records to read, the
     * files already skipped, the warnings so far, the subject table's labels and the bundled runs to enter.
     */
    public record Prepared(ImportRequest request, ImportRecipe recipe, PreprocessParams params, ImportPlan plan,
                           List<DatasetInfo.SkippedFile> problems, List<String> warnings, SubjectLabels subjectLabels,
                           Optional<Path> bundles, long startNanos) {
        /** What another process needs to read and pre-process any record of this import ({@link RecordImport#open}). */
        public RecordImport.Spec spec() {
            return RecordImport.spec(plan, params, request.followLinks());
        }
    }

    /**
     * The imported records in plan order, one per call; a record that could not be read is thrown as its
     * {@link ReadException}, which the commit skips under --skip-bad.
     */
    public interface RecordStream {
        ImportedRecord next() throws IOException;
    }

    /**
     * Plans the import of {@code request} without touching a workspace: the name, the recipe, the parameters, the
     * records and the problems found listing them (refused unless --skip-bad), the subject table and the bundled runs.
     */
    public static Prepared prepare(ImportRequest request) throws IOException {
        long t0 = System.nanoTime();
        String name = request.name();
        requireName(name);
        ImportRecipe recipe = resolveRecipe(request);
        PreprocessParams params = preprocessParams(request, recipe);
        ImportPlan plan = ImportPlanner.plan(request.source(), recipe, request.followLinks());
        List<String> warnings = new ArrayList<>(plan.warnings());
        if (!plan.problems().isEmpty() && !request.skipBad()) {
            DatasetInfo.SkippedFile p = plan.problems().get(0);
            throw new ReadException(plan.root().resolve(p.path()), null, p.reason()
                    + ImportPlanner.moreProblems(plan.problems().size() - 1) + "; add --skip-bad to import the rest");
        }
        SubjectLabels subjectLabels = readSubjectTable(plan, warnings);
        Optional<Path> bundles = runBundles(plan, warnings);
        return new Prepared(request, recipe, params, plan, plan.problems(), warnings, subjectLabels, bundles, t0);
    }

    public ImportResult run(ProgressMonitor monitor) throws IOException {
        requireTarget();
        Prepared prepared = prepare(request);
        List<Integer> all = IntStream.range(0, prepared.plan().sources().size()).boxed().toList();
        try (LocalRecords records = new LocalRecords(prepared, all)) {
            return commit(prepared, records, monitor);
        }
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("dataset name '" + name + "' is not allowed: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** Refuses an import into a read-only workspace, or under the name of a dataset it has, unless --replace. */
    public void requireTarget() throws IOException {
        String name = request.name();
        requireName(name);
        workspace.requireWritable();
        if (new Catalogue(workspace).dataset(name).isPresent() && !request.replace()) {
            throw alreadyExists(name);
        }
    }

    /**
     * Reads and pre-processes records of a plan on up to four threads, handing them out in the order asked: one big
     * record is parallelised inside the pre-processor, many records are processed side by side.
     */
    public static final class LocalRecords implements RecordStream, AutoCloseable {
        private final ImportPlan plan;
        private final Preprocessor preprocessor;
        private final ExecutorService pool;
        private final int threads;
        private final Iterator<Integer> indices;
        private final Deque<Future<ImportedRecord>> inFlight = new ArrayDeque<>();

        /** Processes the records of {@code prepared} at {@code indices} (plan positions), in that order. */
        public LocalRecords(Prepared prepared, List<Integer> indices) {
            this.plan = prepared.plan();
            this.indices = indices.iterator();
            threads = indices.size() > 1 ? Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4)) : 1;
            preprocessor = threads > 1 ? new Preprocessor(prepared.params(), null) : new Preprocessor(prepared.params());
            String name = "import-" + prepared.request().name();
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public ImportedRecord next() throws IOException {
            while (inFlight.size() < threads * 2 && indices.hasNext()) {
                int next = indices.next();
                inFlight.add(pool.submit(() -> RecordImport.process(next, plan, preprocessor)));
            }
            try {
                return inFlight.poll().get();
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

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    /**
     * Writes a prepared import: takes every record of the plan from {@code records}, in order, into a private cache
     * folder, renames it into place and enters the dataset in the catalogue in one transaction, then its bundled runs.
     * A failure, a cancel or a kill at any moment leaves no dataset row and no cache behind.
     */
    public ImportResult commit(Prepared prepared, RecordStream records, ProgressMonitor monitor) throws IOException {
        String name = request.name();
        ImportPlan plan = prepared.plan();
        List<DatasetInfo.SkippedFile> skipped = new ArrayList<>(prepared.problems());
        List<String> warnings = new ArrayList<>(prepared.warnings());
        Path tmp = workspace.cacheDirectory().resolve(".import-" + UUID.randomUUID());
        workspace.createFolder(tmp);
        ProcessOwner.markOwned(tmp);
        Path finalDir = null;
        try {
            List<CatalogueWriter.RecordRow> rows = new ArrayList<>();
            try (WindowCache.Writer writer = new WindowCache.Writer(tmp)) {
                monitor.begin("importing " + name, plan.sources().size());
                for (int i = 0; i < plan.sources().size(); i++) {
                    if (monitor.isCancelled()) {
                        throw new CancelledException("import of " + name);
                    }
                    ImportedRecord r;
                    try {
                        r = records.next();
                    } catch (ReadException e) {
                        if (!request.skipBad()) {
                            throw e;
                        }
                        skipped.add(RecordImport.skipped(plan, e));
                        monitor.worked(1);
                        continue;
                    }
                    if (r.planIndex() != i) {
                        throw new IllegalStateException("record " + r.relativePath() + " came as record " + (i + 1) + " of the plan, "
                                + "but it is record " + (r.planIndex() + 1));
                    }
                    monitor.message(r.relativePath());
                    rows.add(write(r, rows.size(), writer));
                    warnings.addAll(r.warnings());
                    monitor.worked(1);
                }
                if (rows.isEmpty()) {
                    throw new ReadException(plan.root(), null, "none of the " + plan.sources().size() + " files could be imported: "
                            + skipped.get(0).path() + ": " + skipped.get(0).reason());
                }
                monitor.begin("saving " + name, -1);
                Map<String, Object> description = new LinkedHashMap<>();
                description.put("name", name);
                description.put("source", plan.root().toString());
                description.put("recipe", prepared.recipe());
                description.put("preprocess", prepared.params());
                String hash = writer.finish(description);
                finalDir = workspace.cacheDirectory().resolve("ds-" + UUID.randomUUID());
                FileTools.moveAtomically(tmp, finalDir);
                FileTools.fsyncDirectory(workspace.cacheDirectory());
                Committed done = enter(prepared, rows, skipped, warnings, hash, finalDir.getFileName().toString(),
                        (System.nanoTime() - prepared.startNanos()) / 1e9);
                Files.deleteIfExists(finalDir.resolve(ProcessOwner.FILE));
                if (done.replacedCacheDir() != null) {
                    FileTools.deleteTree(workspace.cacheDirectory().resolve(done.replacedCacheDir()));
                }
                if (prepared.bundles().isEmpty()) {
                    return done.result();
                }
                Map<String, String> bundled = RunBundle.importAll(workspace, prepared.bundles().get(), name);
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

    /** Appends a record's signals and windows to the cache; its row, with where each window starts, for the catalogue. */
    private static CatalogueWriter.RecordRow write(ImportedRecord r, int index, WindowCache.Writer writer) throws IOException {
        for (int c = 0; c < r.kept().size(); c++) {
            writer.putSignal(RecordInfo.signalFile(index, c, "raw"), r.raw().get(c));
            writer.putSignal(RecordInfo.signalFile(index, c, "f50"), r.filtered().get(c));
        }
        long[] sampleOffsets = new long[r.windows().size()];
        long[] patchOffsets = new long[r.windows().size()];
        for (int i = 0; i < r.windows().size(); i++) {
            ImportedRecord.ImportedWindow w = r.windows().get(i);
            sampleOffsets[i] = writer.sampleOffset();
            patchOffsets[i] = writer.patchOffset();
            for (int c = 0; c < r.kept().size(); c++) {
                writer.append(w.samples()[c], w.stats()[c], w.flags()[c]);
            }
        }
        return new CatalogueWriter.RecordRow(index, r, sampleOffsets, patchOffsets);
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
    public record SubjectLabels(Map<String, Map<String, Catalogue.LabelValue>> bySubject) {
    }

    private static SubjectLabels readSubjectTable(ImportPlan plan, List<String> warnings) throws IOException {
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

    /** What the catalogue transaction did: the result, and the cache folder of the dataset it replaced, if any. */
    private record Committed(ImportResult result, String replacedCacheDir) {
    }

    private Committed enter(Prepared prepared, List<CatalogueWriter.RecordRow> rows, List<DatasetInfo.SkippedFile> skipped,
                            List<String> warnings, String hash, String cacheDir, double seconds) throws IOException {
        String name = request.name();
        ImportRecipe recipe = prepared.recipe();
        Set<String> subjects = new LinkedHashSet<>();
        rows.forEach(r -> subjects.add(r.record().subject()));
        int windows = rows.stream().mapToInt(r -> r.record().windows().size()).sum();
        int dropped = rows.stream().mapToInt(r -> r.record().dropped().size()).sum();
        List<String> channels = datasetChannels(recipe, rows);
        CatalogueWriter.DatasetRow row = new CatalogueWriter.DatasetRow(name, request.source().toAbsolutePath().normalize().toString(),
                recipe, prepared.params(), rows.size(), subjects.size(), windows, dropped, skipped, warnings, cacheDir, hash, channels);
        String replaced = workspace.write(c -> {
            // Asked again under the write lock: another import of the same name may have committed meanwhile.
            String previous = CatalogueWriter.cacheDirOf(c, name);
            if (previous != null) {
                if (!request.replace()) {
                    throw alreadyExists(name);
                }
                CatalogueWriter.delete(c, name);
            }
            CatalogueWriter.insert(c, row, subjects, prepared.subjectLabels().bySubject(), rows);
            return previous;
        });
        return new Committed(new ImportResult(name, recipe.layout(), rows.size(), subjects.size(), windows, dropped, skipped, warnings,
                hash, seconds, List.of(), channels, channelChoice(recipe, rows)), replaced);
    }

    /**
     * The dataset's PPG channels: those the recipe or --channel named, else the one each record's was picked as when
     * they agree, else {@value #UNNAMED_CHANNEL}.
     */
    private static List<String> datasetChannels(ImportRecipe recipe, List<CatalogueWriter.RecordRow> rows) {
        if (!recipe.chosenChannels().isEmpty()) {
            return recipe.chosenChannels();
        }
        Set<String> picked = new LinkedHashSet<>();
        rows.forEach(r -> picked.add(r.record().kept().get(0).name()));
        return List.of(picked.size() == 1 ? picked.iterator().next() : UNNAMED_CHANNEL);
    }

    /** What a bare import picked as the PPG channel, in a sentence; null when the channels were named. */
    private static String channelChoice(ImportRecipe recipe, List<CatalogueWriter.RecordRow> rows) {
        if (!recipe.chosenChannels().isEmpty()) {
            return null;
        }
        Map<String, Integer> picked = new LinkedHashMap<>();
        rows.forEach(r -> picked.merge(r.record().kept().get(0).name(), 1, Integer::sum));
        String which = picked.size() == 1 ? picked.keySet().iterator().next() + (rows.size() > 1 ? " in every record" : "")
                : String.join(", ", picked.entrySet().stream().map(e -> e.getKey() + " in " + e.getValue()
                + (e.getValue() == 1 ? " record" : " records")).toList());
        return "the PPG channel was picked by its name: " + which + "; choose it with --channel NAME, or keep several side by side"
                + " with --channel NAME,NAME";
    }
}
