package org.sigmappg.data;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sigmappg.io.MessageTools;
import org.sigmappg.io.ReadException;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.RecordingReader;
import org.sigmappg.io.SourceFolder;
import org.sigmappg.io.formats.Readers;
import org.sigmappg.io.wfdb.WfdbFolder;
import org.sigmappg.io.wfdb.WfdbReader;

/**
 * Turns a file or folder into an {@link ImportPlan}: recognises known public layouts (PPG-BP, BIDMC,
 * NeuroKit, our sample set, plain WFDB folders), lists the recording files, and assigns each a record
 * name and a subject.
 */
public final class ImportPlanner {
    /** Files that are documentation or tables, never recordings. */
    private static final Pattern NOT_DATA = Pattern.compile(
            "(?i)(readme.*|licen[cs]e.*|changes.*|notice.*|.*\\.(md|json|xlsx|xls|pdf|zip|gz|py|r|m|html?|xml|pom|jar|png|jpe?g|ini|yml|yaml))");
    private static final Pattern RATE_IN_NAME = Pattern.compile("(?i).*_(\\d+(?:\\.\\d+)?)hz\\.(csv|tsv|txt)");
    private static final Pattern WFDB_SEGMENT_SUFFIX = Pattern.compile("_\\d{4}$");

    private ImportPlanner() {
    }

    /**
     * The recipe of a known layout at {@code source}: a folder's own {@value ImportRecipe#FILE_NAME}, PPG-BP,
     * BIDMC, a rate-named CSV set (NeuroKit), a WFDB folder, or a generic file or folder.
     *
     * @param followLinks whether a recipe that is a link out of the folder is read
     */
    public static ImportRecipe detect(Path source, boolean followLinks) throws IOException {
        if (Files.isRegularFile(source)) {
            return detectFile(source);
        }
        if (!Files.isDirectory(source)) {
            throw new ReadException(source, null, "no such file or folder");
        }
        Path own = source.resolve(ImportRecipe.FILE_NAME);
        if (Files.isRegularFile(own)) {
            Optional<String> outside = SourceFolder.of(source, followLinks).whyOutside(own);
            if (outside.isPresent()) {
                throw new ReadException(own, null, "the folder's import recipe " + outside.get() + "; write the recipe"
                        + " into the folder, or give it with --recipe");
            }
            return ImportRecipe.read(own);
        }
        if (Files.isRegularFile(source.resolve("PPG-BP dataset.xlsx"))) {
            return KnownLayouts.ppgBp(Files.isDirectory(source.resolve("0_subject")));
        }
        List<String> names = listNames(source);
        if (names.stream().anyMatch(n -> n.matches("bidmc_\\d+_Signals\\.csv"))) {
            return KnownLayouts.bidmc();
        }
        Set<String> rates = new TreeSet<>();
        for (String n : names) {
            Matcher m = RATE_IN_NAME.matcher(n);
            if (m.matches()) {
                rates.add(m.group(1));
            }
        }
        if (rates.size() == 1 && names.stream().noneMatch(n -> n.toLowerCase(Locale.ROOT).endsWith(".hea"))) {
            return KnownLayouts.rateInName(Double.parseDouble(rates.iterator().next()));
        }
        if (names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).endsWith(".hea"))) {
            return ImportRecipe.simple("wfdb", "WFDB records", null, null);
        }
        return ImportRecipe.simple("folder", "recordings in a folder", null, null);
    }

    private static ImportRecipe detectFile(Path file) {
        String name = file.getFileName().toString();
        List<String> include = List.of(name);
        if (name.matches("bidmc_\\d+_Signals\\.csv")) {
            return KnownLayouts.bidmc().with(Map.of("include", include));
        }
        Matcher m = RATE_IN_NAME.matcher(name);
        if (m.matches()) {
            return KnownLayouts.rateInName(Double.parseDouble(m.group(1))).with(Map.of("include", include));
        }
        return ImportRecipe.simple("file", "a single recording", null, null).with(Map.of("include", include));
    }

    private static List<String> listNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    /**
     * Lists the records of {@code source} under {@code recipe}. Only files inside the folder (a single
     * file's own folder) are read: links that lead out of it are listed among the problems unless
     * {@code followLinks}.
     */
    public static ImportPlan plan(Path source, ImportRecipe recipe, boolean followLinks) throws IOException {
        Path abs = source.toAbsolutePath().normalize();
        boolean single = Files.isRegularFile(abs);
        SourceFolder folder = SourceFolder.of(single ? abs.getParent() : abs, followLinks);
        Path root = folder.root();
        List<DatasetInfo.SkippedFile> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Path> files = single ? listFile(folder, abs, problems) : listFiles(folder, problems);
        List<Path> chosen = choose(root, files, recipe);
        if (chosen.isEmpty() && !problems.isEmpty()) {
            throw nothingReadable(root, problems);
        }
        if (chosen.isEmpty()) {
            throw new ReadException(abs, null, "no recordings found"
                    + (recipe.include().isEmpty() ? " (looked for WFDB .hea, EDF and CSV/TSV/TXT files)" : " matching " + recipe.include()));
        }
        Pattern subjectPattern = compileSubjectPattern(recipe);
        ReadOptions options = readOptions(recipe, folder);
        ImportRecipe.LabelFiles labels = recipe.labelFiles();
        Map<String, PathMatcher> offsets = new LinkedHashMap<>();
        if (labels != null) {
            labels.offsets().keySet().forEach(k -> offsets.put(k, FileSystems.getDefault().getPathMatcher("glob:" + k)));
        }
        Set<String> usedOffsets = new HashSet<>();
        Map<String, Integer> stemCounts = new HashMap<>();
        for (Path f : chosen) {
            stemCounts.merge(stem(f), 1, Integer::sum);
        }
        List<RecordSource> sources = new ArrayList<>();
        Set<String> usedNames = new HashSet<>();
        for (Path f : chosen) {
            String rel = relative(root, f);
            Optional<RecordingReader> reader = Readers.forFile(f);
            if (reader.isEmpty()) {
                problems.add(new DatasetInfo.SkippedFile(rel, "not a recording format the workbench reads (WFDB, EDF, CSV/TSV/TXT)"));
                continue;
            }
            String recordName = stemCounts.get(stem(f)) > 1 ? stripExtension(rel) : stem(f);
            if (!usedNames.add(recordName)) {
                recordName = stripExtension(rel);
                usedNames.add(recordName);
            }
            String subject;
            if (subjectPattern != null) {
                Matcher m = subjectPattern.matcher(rel);
                if (!m.find() || m.groupCount() < 1 || m.group(1) == null || m.group(1).isEmpty()) {
                    problems.add(new DatasetInfo.SkippedFile(rel, "the path does not match the subject pattern " + subjectPattern.pattern()
                            + " (its first group must capture the subject id)"));
                    continue;
                }
                subject = m.group(1);
            } else if (reader.get() instanceof WfdbReader) {
                // Segments of one WFDB record (name_0001, name_0002) come from one stay of one patient.
                subject = WFDB_SEGMENT_SUFFIX.matcher(stem(f)).replaceFirst("");
            } else {
                subject = stem(f);
            }
            Path labelFile = null;
            double labelOffset = 0;
            if (labels != null) {
                String name = labels.file().replace("{stem}", stem(f)).replace("{subject}", subject);
                Path candidate;
                try {
                    candidate = folder.resolve(labels.relativeToDataset() ? root : f.getParent(), name, f, null,
                            "the label file that the recipe's " + recipe.labelFilesKey() + " names");
                    labelOffset = labelOffset(offsets, labels.offsets(), rel, recordName, usedOffsets);
                } catch (ReadException e) {
                    problems.add(new DatasetInfo.SkippedFile(rel, e.problem()));
                    continue;
                }
                if (Files.isRegularFile(candidate)) {
                    labelFile = candidate;
                } else if (labels.isOptional()) {
                    warnings.add(rel + ": " + missingLabelFile(recipe, name, relative(root, candidate), candidate)
                            + "; imported without its time-aligned labels");
                } else {
                    problems.add(new DatasetInfo.SkippedFile(rel, missingLabelFile(recipe, name, relative(root, candidate), candidate)));
                    continue;
                }
            }
            sources.add(new RecordSource(f, rel, recordName, subject, reader.get(), options, labelFile, labelOffset));
        }
        for (String key : offsets.keySet()) {
            if (!usedOffsets.contains(key)) {
                warnings.add("the recipe's labels.offsets names " + MessageTools.quote(key) + ", which is no record's name or path;"
                        + " its offset was not used");
            }
        }
        if (sources.isEmpty()) {
            // Skipping the bad files would leave nothing: advice to skip them would not apply.
            throw nothingReadable(root, problems);
        }
        return new ImportPlan(folder, recipe, sources, problems, warnings);
    }

    /** Why a record's label file cannot be read: it does not exist or is a folder, and where it was looked for. */
    private static String missingLabelFile(ImportRecipe recipe, String name, String lookedFor, Path candidate) {
        boolean fromDataset = recipe.labelFiles().relativeToDataset();
        return "the label file " + MessageTools.quote(name) + " that the recipe's " + recipe.labelFilesKey() + " names "
                + (Files.exists(candidate) ? "is a folder, not a file" : "does not exist") + " (looked for " + MessageTools.quote(lookedFor)
                + (fromDataset ? " in the dataset folder)" : " beside the recording; for a path from the dataset folder, set"
                + " \"relativeTo\": \"dataset\"" + (recipe.labels() == null ? " in a \"labels\" block" : "") + ")");
    }

    /**
     * The seconds by which a record's label times are shifted: the value of the offsets that name it (by a
     * glob on its path or by its record name), 0 when none does; two that disagree are refused.
     */
    private static double labelOffset(Map<String, PathMatcher> offsets, Map<String, Double> values, String rel, String recordName,
                                      Set<String> used) throws ReadException {
        String match = null;
        for (Map.Entry<String, PathMatcher> e : offsets.entrySet()) {
            if (!e.getKey().equals(recordName) && !e.getValue().matches(Path.of(rel))) {
                continue;
            }
            used.add(e.getKey());
            if (match != null && !values.get(match).equals(values.get(e.getKey()))) {
                throw new ReadException(null, null, "the recipe's labels.offsets gives this record two offsets, "
                        + MessageTools.quote(match) + " (" + values.get(match) + " s) and " + MessageTools.quote(e.getKey())
                        + " (" + values.get(e.getKey()) + " s); keep one");
            }
            match = e.getKey();
        }
        return match == null ? 0 : values.get(match);
    }

    /** What the readers are told for every file of an import under {@code recipe} (and for reading one of them again). */
    static ReadOptions readOptions(ImportRecipe recipe, SourceFolder folder) {
        return new ReadOptions(recipe.fs(), null, recipe.columnNames(), recipe.timeColumn(), recipe.timeUnit(),
                recipe.charset() == null ? null : java.nio.charset.Charset.forName(recipe.charset()), folder);
    }

    private static ReadException nothingReadable(Path root, List<DatasetInfo.SkippedFile> problems) {
        DatasetInfo.SkippedFile first = problems.get(0);
        return new ReadException(root.resolve(first.path()), null, first.reason() + moreProblems(problems.size() - 1)
                + "; no other recordings found");
    }

    private static Pattern compileSubjectPattern(ImportRecipe recipe) throws ReadException {
        if (recipe.subjectPattern() == null || recipe.subjectPattern().isBlank()) {
            return null;
        }
        try {
            return Pattern.compile(recipe.subjectPattern());
        } catch (PatternSyntaxException e) {
            throw new ReadException(null, null, "subject pattern '" + recipe.subjectPattern() + "' is not a valid regular expression: "
                    + e.getDescription());
        }
    }

    /**
     * Every regular file under the folder, following the links that stay inside it (all links with
     * --follow-links) and reporting the others, loops and unreadable entries.
     */
    private static List<Path> listFiles(SourceFolder folder, List<DatasetInfo.SkippedFile> problems) throws IOException {
        Path root = folder.root();
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), 32, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (dir.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                if (name.startsWith(".") || name.equals("target")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Optional<String> link = folder.whyNotFollowed(dir);
                if (link.isPresent()) {
                    problems.add(new DatasetInfo.SkippedFile(relative(root, dir), link.get()));
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.CONTINUE;
                }
                // A link that cannot be followed (dangling, looping) is visited with its own attributes.
                if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
                    Optional<String> link = folder.whyNotFollowed(file);
                    if (link.isPresent()) {
                        problems.add(new DatasetInfo.SkippedFile(relative(root, file), link.get()));
                    } else if (attrs.isRegularFile()) {
                        files.add(file);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                String why = exc instanceof FileSystemLoopException
                        ? "symbolic link loop: this folder links back to one of its parents; not followed"
                        : "cannot be read: " + (exc.getMessage() == null ? exc.getClass().getSimpleName() : exc.getMessage());
                problems.add(new DatasetInfo.SkippedFile(relative(root, file), why));
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return readable(root, files, problems);
    }

    /** The one file a single-file import reads, judged as the walk of a folder judges its files. */
    private static List<Path> listFile(SourceFolder folder, Path file, List<DatasetInfo.SkippedFile> problems) {
        Optional<String> link = folder.whyNotFollowed(file);
        if (link.isPresent()) {
            problems.add(new DatasetInfo.SkippedFile(relative(folder.root(), file), link.get()));
            return List.of();
        }
        return readable(folder.root(), List.of(file), problems);
    }

    private static List<Path> readable(Path root, List<Path> files, List<DatasetInfo.SkippedFile> problems) {
        List<Path> out = new ArrayList<>();
        for (Path f : files) {
            if (Files.isReadable(f)) {
                out.add(f);
            } else {
                problems.add(new DatasetInfo.SkippedFile(relative(root, f), "cannot be read: permission denied"));
            }
        }
        return out;
    }

    private static List<Path> choose(Path root, List<Path> files, ImportRecipe recipe) throws IOException {
        if (!recipe.include().isEmpty()) {
            List<PathMatcher> inc = matchers(recipe.include());
            List<PathMatcher> exc = matchers(recipe.exclude());
            List<Path> out = new ArrayList<>();
            for (Path f : files) {
                Path rel = Path.of(relative(root, f));
                if (inc.stream().anyMatch(m -> m.matches(rel)) && exc.stream().noneMatch(m -> m.matches(rel))) {
                    out.add(f);
                }
            }
            return out;
        }
        List<PathMatcher> exc = matchers(recipe.exclude());
        Set<Path> wfdbHeaders = new HashSet<>(WfdbFolder.recordHeaders(files));
        Set<Path> wfdbSignalFiles = WfdbFolder.signalFiles(files);
        Set<String> headerStems = new HashSet<>();
        for (Path f : files) {
            if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".hea")) {
                headerStems.add(f.getParent().resolve(stem(f)).toString());
            }
        }
        List<Path> out = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            Path rel = Path.of(relative(root, f));
            if (exc.stream().anyMatch(m -> m.matches(rel)) || NOT_DATA.matcher(name).matches()) {
                continue;
            }
            if (name.toLowerCase(Locale.ROOT).endsWith(".hea")) {
                if (wfdbHeaders.contains(f)) {
                    out.add(f);
                }
                continue;
            }
            // Signal files of WFDB records (.dat, .mat) belong to their header, not to the text reader.
            if (headerStems.contains(f.getParent().resolve(stem(f)).toString())
                    || wfdbSignalFiles.contains(f.toAbsolutePath().normalize())) {
                continue;
            }
            out.add(f);
        }
        return out;
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> out = new ArrayList<>();
        for (String g : globs) {
            out.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
        }
        return out;
    }

    /** " (and N more problems)" after the first of several problems; nothing after the only one. */
    static String moreProblems(int more) {
        return more > 0 ? " (and " + more + " more problem" + (more > 1 ? "s" : "") + ")" : "";
    }

    static String relative(Path root, Path f) {
        return root.relativize(f).toString().replace('\\', '/');
    }

    static String stem(Path f) {
        return stripExtension(f.getFileName().toString());
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        int slash = name.lastIndexOf('/');
        return dot > slash + 1 ? name.substring(0, dot) : name;
    }
}
