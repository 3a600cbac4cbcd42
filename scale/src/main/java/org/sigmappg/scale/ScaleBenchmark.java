package org.sigmappg.scale;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportResult;
import org.sigmappg.data.ImportTask;
import org.sigmappg.eval.EmbeddingExport;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;
import org.sigmappg.synth.SampleSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Hours of signal per second for the single-machine import and embed against the Spark jobs, in one invocation, on a
 * synthetic archive ({@link SampleSet#write(Path, int, double)}: by default 48 recordings of 24 h) with the sample set's
 * bundled student; each pair's outputs are checked equal as well.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time the single-machine import and embed against the Spark jobs on a synthetic archive, in one invocation.")
final class ScaleBenchmark extends ScaleCli.JobOptions implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of the synthetic archive (written when empty).")
    Path data;

    @Option(names = "--runs", required = true, paramLabel = "DIR",
            description = "The sample set's bundled runs (sample-data/sigma-ppg-runs), whose student embeds.")
    Path runs;

    @Option(names = "--subjects", defaultValue = "48", description = "Recordings (default ${DEFAULT-VALUE}).")
    int subjects;

    @Option(names = "--minutes", defaultValue = "1440", description = "Minutes per recording (default ${DEFAULT-VALUE}, 24 h).")
    double minutes;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(data.resolve("recordings"))) {
            SampleSet.write(data, subjects, minutes * 60);
            copyTree(runs, data.resolve(ImportTask.RUN_BUNDLES));
        }
        double hours = subjects * minutes / 60;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("recordings", subjects);
        out.put("hours", hours);
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("load_average_before", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Workspace single = Workspace.open(workspace.resolve("single"));
        Workspace spark = Workspace.open(workspace.resolve("spark"));
        ImportRequest request = ImportRequest.of(data, "archive").withReplace(true);

        long t0 = System.nanoTime();
        ImportResult a = new ImportTask(single, request).run(ProgressMonitor.NONE);
        double importSingle = seconds(t0);
        long t1 = System.nanoTime();
        try (JavaSparkContext context = ScaleCli.spark("bench", master)) {
            double start = seconds(t1);
            long t2 = System.nanoTime();
            CommitClock clock = new CommitClock();
            ImportResult b = SparkImport.run(context, spark, request, clock);
            double importSpark = seconds(t2);
            double executors = (clock.commitStart - t2) / 1e9;
            if (!a.manifestHash().equals(b.manifestHash())) {
                throw new IllegalStateException("the Spark import's windows differ from the import's: " + b.manifestHash() + " vs "
                        + a.manifestHash());
            }
            String run = a.runs().stream().filter(r -> r.startsWith("pre-")).findFirst().orElseThrow(
                    () -> new IllegalStateException(runs + " holds no pre-training run to embed with"));
            long t3 = System.nanoTime();
            EmbeddingExport.Summary ea = EmbeddingExport.export(single, run, "archive", workspace.resolve("single-embed"), "cpu");
            double embedSingle = seconds(t3);
            long t4 = System.nanoTime();
            EmbeddingExport.Summary eb = SparkEmbed.run(context, workspace.resolve("spark"), run, "archive", workspace.resolve("spark-embed"), "cpu");
            double embedSpark = seconds(t4);
            if (!Files.readString(ea.ids()).equals(Files.readString(eb.ids()))) {
                throw new IllegalStateException("the Spark embed's rows differ from embed's: " + eb.ids() + " vs " + ea.ids());
            }
            out.put("master", context.master());
            out.put("spark_context_start_s", round(start));
            out.put("windows", a.windows());
            out.put("import_single_s", round(importSingle));
            out.put("import_spark_s", round(importSpark));
            out.put("import_single_hours_per_s", round(hours / importSingle));
            out.put("import_spark_hours_per_s", round(hours / importSpark));
            out.put("import_spark_executors_s", round(executors));
            out.put("import_spark_commit_s", round(importSpark - executors));
            out.put("import_spark_over_single", round(importSingle / importSpark));
            out.put("embed_single_s", round(embedSingle));
            out.put("embed_spark_s", round(embedSpark));
            out.put("embed_single_hours_per_s", round(hours / embedSingle));
            out.put("embed_spark_hours_per_s", round(hours / embedSpark));
            out.put("embed_spark_over_single", round(embedSingle / embedSpark));
        }
        out.put("load_average_after", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        print(String.format(Locale.ROOT, "%.0f h of signal: import %.1f h/s single, %.1f h/s Spark %s (x%.2f); embed %.1f h/s single, "
                        + "%.1f h/s Spark (x%.2f); load average %.1f -> %.1f", hours, out.get("import_single_hours_per_s"),
                out.get("import_spark_hours_per_s"), out.get("master"), out.get("import_spark_over_single"), out.get("embed_single_hours_per_s"),
                out.get("embed_spark_hours_per_s"), out.get("embed_spark_over_single"), out.get("load_average_before"),
                out.get("load_average_after")), out);
        return 0;
    }

    /** Notes when the driver's commit begins: its first phase starts once every record's part is written. */
    private static final class CommitClock implements ProgressMonitor {
        long commitStart;

        @Override
        public void begin(String phase, long totalWork) {
            if (commitStart == 0) {
                commitStart = System.nanoTime();
            }
        }

        @Override
        public void worked(long units) {
        }

        @Override
        public void message(String text) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
