package org.sigmappg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.DatasetName;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportResult;
import org.sigmappg.data.ImportShards;
import org.sigmappg.data.ImportTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Imports a file or folder of recordings as a dataset. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a file or folder of PPG recordings (WFDB, EDF/EDF+, CSV/TSV/TXT) as a dataset.",
                "Known layouts (PPG-BP, BIDMC, NeuroKit, the bundled sample set, a folder with sigma-ppg-dataset.json) need no options.",
                "All or nothing: a bad file stops the import and nothing is kept, unless --skip-bad is given."})
public final class ImportCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "File or folder to import.")
    Path source;

    @Option(names = "--name", paramLabel = "NAME", description = "Dataset name (default: the folder or file name).")
    String name;

    @Option(names = "--fs", paramLabel = "HZ", description = "Sampling rate for files that do not carry one (bare columns of numbers).")
    Double fs;

    @Option(names = "--channel", paramLabel = "NAME[,NAME...]",
            description = {"The PPG channel (default: chosen by name: PLETH, PPG, IR, ...).",
                    "Several separated by commas (--channel RED,IR) are kept side by side: each window holds every one of them."})
    String channel;

    @Option(names = "--subject-pattern", paramLabel = "REGEX",
            description = "Regular expression on each file's relative path; its group 1 is the subject id (default: the record name).")
    String subjectPattern;

    @Option(names = "--recipe", paramLabel = "FILE", description = "An import recipe (JSON) for your own layout; see the README.")
    Path recipe;

    @Option(names = "--window-seconds", paramLabel = "S", description = "Window length in whole seconds (default 240, or the layout's).")
    Double windowSeconds;

    @Option(names = "--hop-seconds", paramLabel = "S",
            description = "Seconds from one window's start to the next, at most the window length (default: the window length; "
                    + "less gives overlapping windows; evaluation still splits by subject).")
    Double hopSeconds;

    @Option(names = "--min-window-fraction", paramLabel = "F",
            description = {"Drop a window shorter than this share of the window length, a record's tail (default 0: keep every window "
                    + "of at least one patch; those shorter than a window are flagged partial)."})
    Double minWindowFraction;

    @Option(names = "--time-unit", paramLabel = "s|ms", description = "Unit of a numeric time column when the file does not say.")
    String timeUnit;

    @Option(names = "--charset", paramLabel = "NAME", description = "Character set of text files (default UTF-8; e.g. ISO-8859-1). A byte-order mark (UTF-8, UTF-16) decides over it.")
    String charset;

    @Option(names = "--skip-bad", description = "Import the readable files and list the others instead of refusing the import.")
    boolean skipBad;

    @Option(names = "--replace", description = "Replace an existing dataset of the same name.")
    boolean replace;

    @Option(names = "--follow-links",
            description = {"Follow symbolic links that lead out of the imported folder (by default they are skipped and listed).",
                    "Names written in headers and recipes must stay inside the folder all the same."})
    boolean followLinks;

    @Option(names = "--shard", paramLabel = "I/N",
            description = {"Import only shard I of N (records k with k mod N = I-1, in the import's order) into --shard-out, "
                    + "for job arrays; no workspace is written. Then: import PATH [the same options] --merge-shards DIR..."})
    String shard;

    @Option(names = "--shard-out", paramLabel = "DIR", description = "The folder this shard writes (its own; not the workspace).")
    Path shardOut;

    @Option(names = "--merge-shards", arity = "1..*", paramLabel = "DIR",
            description = "Enter the shards' folders as the dataset: the same windows, manifest hash and report as one import.")
    List<Path> mergeShards;

    @Override
    protected Object execute() throws Exception {
        String datasetName = name != null ? name : DatasetName.suggest(source);
        ImportRequest request = new ImportRequest(source, datasetName, recipe, fs, channel, subjectPattern, windowSeconds,
                timeUnit, charset, skipBad, replace, null, followLinks, hopSeconds, minWindowFraction);
        if (shard != null && mergeShards != null) {
            throw new IllegalArgumentException("--shard and --merge-shards do not go together: import the shards first, then merge them");
        }
        if ((shard == null) != (shardOut == null)) {
            throw new IllegalArgumentException(shard == null ? "--shard-out needs --shard I/N" : "--shard " + shard
                    + " needs --shard-out DIR, the folder the shard writes");
        }
        ConsoleProgress progress = new ConsoleProgress(System.err).cancelOnInterrupt();
        try {
            if (shard != null) {
                ImportShards.ShardSummary s = ImportShards.runShard(request, ImportShards.Shard.parse(shard), shardOut, progress);
                progress.finishLine();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("dataset", datasetName);
                out.put("shard", s.shard().toString());
                out.put("records", s.records());
                out.put("skipped", s.skipped());
                out.put("folder", s.folder().toAbsolutePath().toString());
                return out;
            }
            ImportResult r = mergeShards != null
                    ? ImportShards.merge(common.openWorkspace(), request, mergeShards, progress)
                    : new ImportTask(common.openWorkspace(), request).run(progress);
            progress.finishLine();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("dataset", r.dataset());
            out.put("layout", r.layout());
            out.put("records", r.records());
            out.put("subjects", r.subjects());
            out.put("windows", r.windows());
            out.put("dropped_windows", r.droppedWindows());
            out.put("channels", r.channels());
            out.put("channel_choice", r.channelChoice());
            out.put("skipped", r.skipped());
            out.put("warnings", r.warnings());
            out.put("manifest_hash", r.manifestHash());
            out.put("seconds", Math.round(r.seconds() * 100) / 100.0);
            out.put("runs", r.runs());
            return out;
        } finally {
            progress.finishLine();
            progress.workFinished();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void printHuman(Object result, PrintWriter out) {
        Map<String, Object> r = (Map<String, Object>) result;
        if (r.containsKey("shard")) {
            out.println("imported shard " + r.get("shard") + " of " + shown(r.get("dataset")) + ": " + r.get("records") + " records ("
                    + r.get("skipped") + " skipped) into " + shown(r.get("folder")) + "; when every shard is done: import PATH --name "
                    + shown(r.get("dataset")) + " --merge-shards DIR...");
            return;
        }
        out.println(String.format(Locale.ROOT, "imported %s (%s): %d records, %d subjects, %d windows (%d dropped) in %.1f s",
                shown(r.get("dataset")), shown(r.get("layout")), (Integer) r.get("records"), (Integer) r.get("subjects"),
                (Integer) r.get("windows"), (Integer) r.get("dropped_windows"), (Double) r.get("seconds")));
        if (r.get("channel_choice") != null) {
            out.println(shown(r.get("channel_choice")));
        } else if (((java.util.List<?>) r.get("channels")).size() > 1) {
            out.println("PPG channels kept side by side: " + shown(String.join(", ", (java.util.List<String>) r.get("channels"))));
        }
        if (!((java.util.List<?>) r.get("runs")).isEmpty()) {
            out.println("with trained runs " + shown(r.get("runs")));
        }
        for (Object s : (Iterable<?>) r.get("skipped")) {
            DatasetInfo.SkippedFile f = (DatasetInfo.SkippedFile) s;
            out.println("skipped " + shown(f.path()) + ": " + shown(f.reason()));
        }
        // Told once where they say the same of several labels; --json keeps each as the import wrote it.
        java.util.List<String> warnings = org.sigmappg.io.MessageTools.grouped((java.util.List<String>) r.get("warnings"));
        int shown = Math.min(10, warnings.size());
        for (String w : warnings.subList(0, shown)) {
            out.println("warning: " + shown(w));
        }
        if (warnings.size() > shown) {
            out.println("... and " + (warnings.size() - shown) + " more warnings (see: inspect " + r.get("dataset") + ")");
        }
    }
}
