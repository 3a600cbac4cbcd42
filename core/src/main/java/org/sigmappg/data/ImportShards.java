package org.sigmappg.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sigmappg.io.ReadException;
import org.sigmappg.run.CancelledException;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;

/**
 * An import split by record over processes that share no catalogue: each shard reads and pre-processes its records
 * ({@link RecordImport}) into part files in a folder of its own, and the merge commits the parts in plan order as the
 * single-machine import would, so the dataset is the same bit for bit. Job arrays run {@code import --shard I/N}; the
 * Spark job writes the same parts from its executors.
 */
public final class ImportShards {
    /** The file that marks a shard's folder finished, written last. */
    public static final String MANIFEST = "import-shard.json";
    private static final String FORMAT = "sigma-ppg-import-shard/1";
    private static final String PARTS = "records";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Pattern SHARD = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");

    private ImportShards() {
    }

    /** Shard {@code index} of {@code count} (from 1): it holds the records at plan positions k with k mod count = index - 1. */
    public record Shard(int index, int count) {
        public Shard {
            if (count < 1 || index < 1 || index > count) {
                throw new IllegalArgumentException("--shard " + index + "/" + count + " names no shard: give I/N with 1 <= I <= N, like --shard 3/16");
            }
        }

        /** Reads {@code I/N} as the command line gives it. */
        public static Shard parse(String text) {
            Matcher m = SHARD.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("--shard '" + text + "' is not I/N: give this shard's number and the number of shards, like --shard 3/16");
            }
            return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }

        /** Whether the record at plan position {@code position} (from 0) is this shard's; so is the window of record idx k for embed. */
        public boolean holds(int position) {
            return position % count == index - 1;
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /**
     * One record's outcome: the name of its part file, or what made it unreadable (the {@link ReadException}'s file,
     * place and problem), which the merge skips under --skip-bad and refuses with otherwise.
     */
    public record Part(int planIndex, String file, String failedFile, String failedLocation, String failedProblem) implements Serializable {
        ReadException failure() {
            return new ReadException(failedFile == null ? null : Path.of(failedFile), failedLocation, failedProblem);
        }
    }

    /** What a shard's folder says of itself. */
    private record Manifest(String format, int shard, int shards, RecordImport.Spec spec, List<Part> parts) {
    }

    /** What a shard wrote. */
    public record ShardSummary(Shard shard, Path folder, int records, int skipped) {
    }

    /**
     * Reads and pre-processes record {@code index} of {@code records} and saves it in {@code folder}; a record that
     * cannot be read becomes a part saying why, so the process that commits decides under --skip-bad.
     */
    public static Part processToPart(RecordImport records, int index, Path folder) throws IOException {
        try {
            return save(records.process(index), folder);
        } catch (ReadException e) {
            return failed(index, e);
        }
    }

    private static Part save(ImportedRecord r, Path folder) throws IOException {
        String name = "r" + r.planIndex() + ".part";
        r.save(folder.resolve(name));
        return new Part(r.planIndex(), name, null, null, null);
    }

    private static Part failed(int index, ReadException e) {
        return new Part(index, null, e.file() == null ? null : e.file().toString(), e.location(), e.problem());
    }

    /**
     * Runs one shard of {@code request}: plans the import as a whole (so every shard lists the same records), reads and
     * pre-processes this shard's records into {@code folder}, and writes its manifest last. A bad record stops the shard
     * as it would stop the import, unless --skip-bad.
     */
    public static ShardSummary runShard(ImportRequest request, Shard shard, Path folder, ProgressMonitor monitor) throws IOException {
        ImportTask.Prepared prepared = ImportTask.prepare(request);
        List<Integer> mine = new ArrayList<>();
        for (int k = 0; k < prepared.plan().sources().size(); k++) {
            if (shard.holds(k)) {
                mine.add(k);
            }
        }
        Path parts = FileTools.createOwnerOnlyDirectories(folder.resolve(PARTS));
        Files.deleteIfExists(folder.resolve(MANIFEST));
        List<Part> written = new ArrayList<>();
        int skipped = 0;
        monitor.begin("importing shard " + shard + " of " + request.name(), mine.size());
        try (ImportTask.LocalRecords records = new ImportTask.LocalRecords(prepared, mine)) {
            for (int k : mine) {
                if (monitor.isCancelled()) {
                    throw new CancelledException("shard " + shard + " of the import of " + request.name());
                }
                try {
                    ImportedRecord r = records.next();
                    monitor.message(r.relativePath());
                    written.add(save(r, parts));
                } catch (ReadException e) {
                    if (!request.skipBad()) {
                        throw e;
                    }
                    written.add(failed(k, e));
                    skipped++;
                }
                monitor.worked(1);
            }
        }
        FileTools.writeStringAtomically(folder.resolve(MANIFEST),
                GSON.toJson(new Manifest(FORMAT, shard.index(), shard.count(), prepared.spec(), written)));
        return new ShardSummary(shard, folder, written.size() - skipped, skipped);
    }

    /**
     * Commits the shards in {@code folders} as the import of {@code request} into {@code workspace}: the same dataset, cache
     * and report as the import run in one process. Refuses, in one line, a folder that is not a finished shard, a shard
     * of another import or split, a shard given twice and a shard missing.
     */
    public static ImportResult merge(Workspace workspace, ImportRequest request, List<Path> folders, ProgressMonitor monitor)
            throws IOException {
        ImportTask task = new ImportTask(workspace, request);
        task.requireTarget();
        ImportTask.Prepared prepared = ImportTask.prepare(request);
        RecordImport.Spec spec = prepared.spec();
        Map<Integer, Path> byShard = new TreeMap<>();
        Map<Integer, Path> where = new LinkedHashMap<>();
        Map<Integer, Part> parts = new TreeMap<>();
        int count = -1;
        Path first = null;
        for (Path folder : folders) {
            Manifest m = readManifest(folder);
            if (!spec.equals(m.spec())) {
                throw new IllegalArgumentException(folder + ": shard " + m.shard() + "/" + m.shards() + " was made from another import "
                        + "(its folder, recipe, options or list of records differ); make every shard with the PATH and options of the merge");
            }
            if (count >= 0 && m.shards() != count) {
                throw new IllegalArgumentException(folder + " is shard " + m.shard() + "/" + m.shards() + " but " + first + " is one of "
                        + count + " shards; merge the shards of one split");
            }
            count = m.shards();
            first = first == null ? folder : first;
            Path other = byShard.putIfAbsent(m.shard(), folder);
            if (other != null) {
                throw new IllegalArgumentException(other + " and " + folder + " are both shard " + m.shard() + "/" + m.shards()
                        + "; give each shard once");
            }
            Shard shard = new Shard(m.shard(), m.shards());
            for (Part p : m.parts()) {
                if (!shard.holds(p.planIndex()) || parts.putIfAbsent(p.planIndex(), p) != null) {
                    throw new IllegalArgumentException(folder.resolve(MANIFEST) + ": record " + (p.planIndex() + 1)
                            + " is not shard " + shard + "'s; make the shard again");
                }
                where.put(p.planIndex(), folder.resolve(PARTS));
            }
        }
        requireEveryShard(byShard.keySet(), count);
        int records = prepared.plan().sources().size();
        if (parts.size() != records) {
            throw new IllegalArgumentException("the shards hold " + parts.size() + " of the plan's " + records + " records; make the "
                    + "shards again");
        }
        return task.commit(prepared, stream(new ArrayList<>(parts.values()), where::get), monitor);
    }

    /** Where a part's file lies: the folder it was written into. */
    public interface PartFolder {
        Path of(int planIndex);
    }

    /** The records of {@code parts} (one per plan position, in order) read back from their files, for the commit. */
    public static ImportTask.RecordStream stream(List<Part> parts, PartFolder folders) {
        Iterator<Part> it = parts.iterator();
        return () -> {
            Part p = it.next();
            if (p.file() == null) {
                throw p.failure();
            }
            Path file = folders.of(p.planIndex()).resolve(p.file());
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + " is missing: the shard that wrote it was changed since; make it again");
            }
            return ImportedRecord.load(file);
        };
    }

    /** Refuses a merge given no shard, or without every shard of its {@code count}, naming the missing ones. */
    public static void requireEveryShard(java.util.Set<Integer> present, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("no shard folders given; give every shard's folder");
        }
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (!present.contains(i)) {
                missing.add(i + "/" + count);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException((missing.size() == 1 ? "shard " + missing.get(0) + " is" : "shards "
                    + String.join(", ", missing) + " are") + " missing; give every shard's folder");
        }
    }

    private static Manifest readManifest(Path folder) throws IOException {
        Path file = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(folder + " is not a finished import shard: it has no " + MANIFEST
                    + " (the shard did not finish, or this is another folder); run the shard again");
        }
        Manifest m;
        try {
            m = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Manifest.class);
        } catch (JsonParseException e) {
            m = null;
        }
        if (m == null || !FORMAT.equals(m.format()) || m.spec() == null || m.parts() == null) {
            throw new IllegalArgumentException(file + " is not an import shard manifest of this version; make the shard again");
        }
        return m;
    }
}
