package org.sigmappg.scale;

import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportResult;
import org.sigmappg.eval.EmbeddingExport;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line of the Spark jobs: {@code import} and {@code embed} as the workbench's commands, with {@code --master}
 * ({@code local[2]} by default, embedded; under spark-submit the master it gives), and {@code bench}.
 */
@Command(name = "sigma-ppg-scale", mixinStandardHelpOptions = true, subcommands = {ScaleCli.ImportJob.class, ScaleCli.EmbedJob.class,
        ScaleBenchmark.class},
        description = "Import and embed whole archives on Apache Spark, with the workbench's own code: the same outputs as its commands.")
public final class ScaleCli {
    private ScaleCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line; the exit code: 0 done, 1 refused or failed (one line on standard error), 2 a usage error. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(ScaleCli.class);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + message(e));
            return 1;
        });
        return cli.execute(args);
    }

    /** The innermost message of a failure that Spark wrapped (an executor's exception travels as the cause). */
    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getClass().getName().startsWith("org.apache.spark"))) {
            t = t.getCause();
        }
        String text = t.getMessage() != null ? t.getMessage() : t.toString();
        return text.lines().findFirst().orElse(text);
    }

    /** The Spark context of a job: the master given, else spark-submit's, else local[2]; no web UI in local mode. */
    static JavaSparkContext spark(String job, String master) {
        SparkConf conf = new SparkConf().setAppName("sigma-ppg " + job);
        if (master != null) {
            conf.setMaster(master);
        }
        conf.setIfMissing("spark.master", "local[2]");
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        return new JavaSparkContext(conf);
    }

    /** Options every job takes. */
    static class JobOptions {
        @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else local[2]).")
        String master;

        @Option(names = "--workspace", required = true, paramLabel = "DIR",
                description = "The workspace, on a file system the executors reach at the same path.")
        Path workspace;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        void print(String human, Map<String, Object> result) {
            PrintWriter out = new PrintWriter(System.out, true);
            out.println(json ? new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(result) : human);
        }
    }

    /** {@code import} on Spark; the options are the workbench's {@code import} options. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a file or folder of recordings as a dataset: records pre-processed on the executors, committed "
                    + "by the driver; the same windows, manifest hash and report as the workbench's import.")
    static final class ImportJob extends JobOptions implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PATH", description = "File or folder to import, at the same path on every executor.")
        Path source;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Dataset name.")
        String name;

        @Option(names = "--recipe", paramLabel = "FILE", description = "An import recipe (JSON) for your own layout.")
        Path recipe;

        @Option(names = "--fs", paramLabel = "HZ", description = "Sampling rate for files that do not carry one.")
        Double fs;

        @Option(names = "--channel", paramLabel = "NAME[,NAME...]", description = "The PPG channel, or several kept side by side.")
        String channel;

        @Option(names = "--subject-pattern", paramLabel = "REGEX", description = "Group 1 of this on the relative path is the subject.")
        String subjectPattern;

        @Option(names = "--window-seconds", paramLabel = "S", description = "Window length in whole seconds.")
        Double windowSeconds;

        @Option(names = "--hop-seconds", paramLabel = "S", description = "Seconds from one window's start to the next.")
        Double hopSeconds;

        @Option(names = "--min-window-fraction", paramLabel = "F", description = "Drop a window shorter than this share of a window.")
        Double minWindowFraction;

        @Option(names = "--time-unit", paramLabel = "s|ms", description = "Unit of a numeric time column when the file does not say.")
        String timeUnit;

        @Option(names = "--charset", paramLabel = "NAME", description = "Character set of text files.")
        String charset;

        @Option(names = "--skip-bad", description = "Import the readable files and list the others.")
        boolean skipBad;

        @Option(names = "--replace", description = "Replace an existing dataset of the same name.")
        boolean replace;

        @Option(names = "--follow-links", description = "Follow symbolic links that lead out of the imported folder.")
        boolean followLinks;

        @Override
        public Integer call() throws Exception {
            ImportRequest request = new ImportRequest(source, name, recipe, fs, channel, subjectPattern, windowSeconds, timeUnit, charset,
                    skipBad, replace, null, followLinks, hopSeconds, minWindowFraction);
            ImportResult r;
            try (JavaSparkContext spark = spark("import " + name, master)) {
                r = SparkImport.run(spark, Workspace.open(workspace), request, ProgressMonitor.NONE);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("dataset", r.dataset());
            out.put("records", r.records());
            out.put("subjects", r.subjects());
            out.put("windows", r.windows());
            out.put("dropped_windows", r.droppedWindows());
            out.put("channels", r.channels());
            out.put("skipped", r.skipped());
            out.put("warnings", r.warnings());
            out.put("manifest_hash", r.manifestHash());
            out.put("seconds", r.seconds());
            out.put("runs", r.runs());
            print("imported " + r.dataset() + ": " + r.records() + " records, " + r.windows() + " windows (" + r.skipped().size()
                    + " files skipped) in " + Math.round(r.seconds() * 10) / 10.0 + " s", out);
            return 0;
        }
    }

    /** {@code embed} on Spark. */
    @Command(name = "embed", mixinStandardHelpOptions = true,
            description = "Write the pooled embedding of every window of a dataset, one model per executor: the same BASE.csv, "
                    + "BASE.npy, BASE.ids.csv and BASE.json as the workbench's embed, rows in the same order.")
    static final class EmbedJob extends JobOptions implements Callable<Integer> {
        @Option(names = "--run", required = true, paramLabel = "RUN", description = "The pre-training run whose student embeds.")
        String run;

        @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "The dataset whose windows are embedded.")
        String dataset;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output base path; a .csv or .npy ending is dropped.")
        Path out;

        @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu on the executors (default ${DEFAULT-VALUE}).")
        String device;

        @Override
        public Integer call() throws Exception {
            EmbeddingExport.Summary s;
            try (JavaSparkContext spark = spark("embed " + dataset, master)) {
                s = SparkEmbed.run(spark, workspace, run, dataset, out, device);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("run", s.run());
            result.put("dataset", s.dataset());
            result.put("windows", s.windows());
            result.put("width", s.width());
            result.put("npy", s.npy().toAbsolutePath().toString());
            result.put("ids", s.ids().toAbsolutePath().toString());
            result.put("provenance", s.provenance().toAbsolutePath().toString());
            print("embedded " + s.windows() + " windows of " + s.dataset() + " with " + s.run() + " (width " + s.width() + "): "
                    + s.npy().toAbsolutePath(), result);
            return 0;
        }
    }
}
