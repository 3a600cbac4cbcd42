package org.sigmappg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.eval.EmbeddingExport;
import org.sigmappg.eval.EmbeddingFile;
import org.sigmappg.eval.EvaluationResult;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.eval.Metric;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * {@code evaluate} end to end through the command line, smoke size: the bundled sample set in 20 s windows, a
 * tokenizer and two students (adversarial and random masking) pre-trained for one epoch by the real commands,
 * then every comparator on a regression and a classification task. The printed JSON, the stored results, the
 * run store and the Markdown/HTML report must all carry the same numbers.
 */
class EvaluateCommandTest {
    private static final List<String> ROW_KEYS = List.of("task", "method", "metric", "value", "ci_low", "ci_high", "folds", "report");
    private static final List<String> SUBJECTS = List.of("S01", "S02", "S03", "S06", "S07", "S08");
    private static final Pattern CELL = Pattern.compile("^(-?\\d+\\.\\d+|n/a)(?: \\[(-?\\d+\\.\\d+), (-?\\d+\\.\\d+)])?$");

    @TempDir
    static Path tmp;
    static String ws;
    static String adversarial;
    static String random;

    @BeforeAll
    static void backbones() throws Exception {
        ws = tmp.resolve("ws").toString();
        ok("import", sampleSubset().toString(), "--name", "sample", "--window-seconds", "20");
        String tok = ok("train-tokenizer", "--dataset", "sample", "--size", "tiny", "--epochs", "1", "--seed", "1").get("run").getAsString();
        ok("tokenize", "--run", tok, "--dataset", "sample");
        adversarial = ok("pretrain", "--tokenizer", tok, "--dataset", "sample", "--size", "tiny", "--masking", "adversarial", "--epochs", "1",
                "--seed", "1").get("run").getAsString();
        random = ok("pretrain", "--tokenizer", tok, "--dataset", "sample", "--size", "tiny", "--masking", "random", "--epochs", "1",
                "--seed", "2").get("run").getAsString();
    }

    /**
     * Half of the bundled sample set (its recipe and six subjects, two of them with AF) in a folder of its own:
     * enough subjects for three folds of both tasks, and half the pre-training time.
     */
    private static Path sampleSubset() throws Exception {
        Path source = CliTest.repoRoot().resolve("sample-data");
        Path subset = Files.createDirectories(tmp.resolve("sample").resolve("recordings"));
        Files.copy(source.resolve("sigma-ppg-dataset.json"), subset.resolveSibling("sigma-ppg-dataset.json"));
        for (String subject : SUBJECTS) {
            Files.copy(source.resolve("recordings").resolve(subject + ".edf"), subset.resolve(subject + ".edf"));
            Files.copy(source.resolve("recordings").resolve(subject + "_labels.csv"), subset.resolve(subject + "_labels.csv"));
        }
        return subset.getParent();
    }

    /** Runs a command with --json in the test workspace and returns its JSON, failing on a non-zero exit. */
    private static JsonObject ok(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--workspace", ws, "--json"));
        CliTest.Result r = CliTest.run(all.toArray(String[]::new));
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err() + r.out());
        return r.json();
    }

    private static JsonObject evaluate(String task) {
        return ok("evaluate", "--task", task, "--dataset", "sample", "--methods",
                "sigma:" + adversarial + ",random-masking:" + random + ",scratch,features,trivial", "--folds", "3", "--inner-folds", "3",
                "--bootstrap", "200");
    }

    @Test
    void everyComparatorOnARegressionTaskPrintsTheStoredNumbers() throws Exception {
        check(evaluate("HR"), "HR", 10);
    }

    @Test
    void everyComparatorOnAClassificationTaskPrintsTheStoredNumbers() throws Exception {
        check(evaluate("AF"), "AF", 1);
    }

    private static void check(JsonObject out, String task, int expectedFigures) throws Exception {
        List<String> methods = List.of("trivial", "sigma", "random-masking", "scratch", "features");
        String run = out.get("run").getAsString();
        Path dir = Path.of(ws, "runs", run);
        Path report = Path.of(out.get("report").getAsString());
        assertEquals(dir.resolve(EvaluationTask.REPORT_MARKDOWN), report);
        assertTrue(Files.exists(report) && Files.exists(dir.resolve(EvaluationTask.REPORT_HTML)));

        // What the run store holds is the truth the printed JSON, results.json and the report must repeat.
        RunInfo info = new RunStore(Workspace.open(Path.of(ws))).require(run);
        assertEquals(RunStatus.FINISHED, info.status());
        EvaluationResult stored = new Gson().fromJson(info.summary(), EvaluationResult.class);
        EvaluationResult file = new Gson().fromJson(Files.readString(dir.resolve(EvaluationTask.RESULTS)), EvaluationResult.class);
        assertEquals(stored.rows(), file.rows(), "results.json and the run row agree");
        assertEquals(methods, stored.methods().stream().map(EvaluationResult.MethodInfo::method).toList(), "trivial first, then as given");

        JsonArray rows = out.getAsJsonArray("rows");
        assertEquals(stored.rows().size(), rows.size());
        int metrics = Metric.of(stored.task().kind()).size();
        assertEquals(methods.size() * metrics * stored.levels().size(), rows.size(), "every method, metric and level");
        for (int i = 0; i < rows.size(); i++) {
            JsonObject j = rows.get(i).getAsJsonObject();
            for (String key : ROW_KEYS) {
                assertTrue(j.has(key), "row " + i + " lacks '" + key + "': " + j);
            }
            EvaluationResult.MetricRow s = stored.rows().get(i);
            assertEquals(task, j.get("task").getAsString());
            assertEquals(s.method(), j.get("method").getAsString());
            assertEquals(s.metric(), j.get("metric").getAsString());
            assertEquals(s.value(), number(j.get("value")), s.method() + " " + s.metric());
            assertEquals(s.ciLow(), number(j.get("ci_low")));
            assertEquals(s.ciHigh(), number(j.get("ci_high")));
            assertEquals(report.toString(), j.get("report").getAsString());
            JsonArray folds = j.getAsJsonArray("folds");
            assertEquals(3, folds.size(), "one value per fold");
            for (int f = 0; f < folds.size(); f++) {
                int fold = f;
                EvaluationResult.FoldRow fr = stored.foldRows().stream()
                        .filter(x -> x.method().equals(s.method()) && x.level().equals(s.level()) && x.fold() == fold).findFirst().orElseThrow();
                assertEquals(fr.metrics().get(s.metric()), number(folds.get(f)), s.method() + " fold " + f);
            }
        }

        JsonArray printedMethods = out.getAsJsonArray("methods");
        for (JsonElement e : printedMethods) {
            JsonObject m = e.getAsJsonObject();
            String name = m.get("method").getAsString();
            boolean backbone = name.equals("sigma") || name.equals("random-masking");
            assertEquals(backbone, !m.get("run").isJsonNull(), name);
            if (backbone) {
                assertEquals("sample", m.get("pretrain_dataset").getAsString());
                assertTrue(m.get("transductive").getAsBoolean(), name + " was pre-trained on the evaluated set");
            } else {
                assertFalse(m.get("transductive").getAsBoolean(), name);
            }
        }
        assertTrue(stored.notes().stream().anyMatch(n -> n.startsWith("sigma was pre-trained") && n.contains("transductive")), stored.notes().toString());

        String markdown = Files.readString(report);
        String html = Files.readString(dir.resolve(EvaluationTask.REPORT_HTML));
        assertReportMatches(stored, markdown);
        for (EvaluationResult.MetricRow s : stored.rows()) {
            Metric m = Metric.ofKey(s.metric());
            assertTrue(html.contains("<td>" + printed(m, s.value()) + (s.ciLow() == null ? "" : " [" + printed(m, s.ciLow()) + ", "
                    + printed(m, s.ciHigh()) + "]") + "</td>"), s.method() + " " + s.metric() + " in the HTML report");
        }
        assertTrue(markdown.contains("sample (transductive)"), "the comparators table names the pre-training set");

        assertEquals(expectedFigures, stored.figures().size());
        for (EvaluationResult.Figure f : stored.figures()) {
            byte[] png = Files.readAllBytes(dir.resolve(f.file()));
            assertTrue(png.length > 5_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', f.file());
            assertTrue(markdown.contains("](" + f.file() + ")") && html.contains("src=\"" + f.file() + "\""), f.file() + " shown in the report");
        }
    }

    private static Double number(JsonElement e) {
        return e == null || e.isJsonNull() ? null : e.getAsDouble();
    }

    private static String printed(Metric m, double v) {
        return m.format(v);
    }

    /**
     * Reads every results table of the Markdown report back into numbers and checks each against the stored
     * figure to the printed precision, so a table showing other numbers than the stored ones fails even when
     * it is formatted the same way.
     */
    private static void assertReportMatches(EvaluationResult stored, String markdown) {
        List<Metric> metrics = Metric.of(stored.task().kind());
        int checked = 0;
        for (String level : stored.levels()) {
            String heading = "## Results per " + level;
            int at = markdown.indexOf(heading);
            assertTrue(at >= 0, heading);
            Map<String, String[]> tableRows = new HashMap<>();
            String[] header = null;
            for (String line : markdown.substring(at).lines().skip(1).toList()) {
                if (line.startsWith("## ") || line.startsWith("### ")) {
                    break;
                }
                if (!line.startsWith("|") || line.startsWith("| ---")) {
                    continue;
                }
                String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
                if (header == null) {
                    header = cells;
                } else {
                    tableRows.put(cells[0], cells);
                }
            }
            assertNotNull(header, heading + " has a table");
            for (EvaluationResult.MetricRow s : stored.rows()) {
                if (!s.level().equals(level)) {
                    continue;
                }
                Metric m = Metric.ofKey(s.metric());
                int column = header.length - metrics.size() + metrics.indexOf(m);
                assertTrue(header[column].startsWith(m.label()), header[column] + " vs " + m.label());
                String[] row = tableRows.get(s.method());
                assertNotNull(row, s.method() + " in " + heading);
                assertEquals(Integer.toString(s.folds()), row[3], "folds of " + s.method());
                Matcher c = CELL.matcher(row[column]);
                assertTrue(c.matches(), "cell '" + row[column] + "'");
                double tolerance = 0.5 * Math.pow(10, -decimals(c.group(1))) + 1e-12;
                assertClose(s.value(), c.group(1), tolerance, s.method() + " " + s.metric() + " " + level);
                if (s.ciLow() != null) {
                    assertClose(s.ciLow(), c.group(2), tolerance, s.method() + " " + s.metric() + " CI low");
                    assertClose(s.ciHigh(), c.group(3), tolerance, s.method() + " " + s.metric() + " CI high");
                } else {
                    assertEquals(null, c.group(2), "no interval printed where none is stored");
                }
                checked++;
            }
        }
        assertEquals(stored.rows().size(), checked);
    }

    private static int decimals(String printed) {
        int dot = printed.indexOf('.');
        return dot < 0 ? 0 : printed.length() - dot - 1;
    }

    private static void assertClose(Double stored, String printed, double tolerance, String what) {
        if (stored == null) {
            assertEquals("n/a", printed, what);
            return;
        }
        double v = Double.parseDouble(printed);
        assertTrue(Math.abs(v - stored) <= tolerance, String.format(Locale.ROOT, "%s: report %s, stored %.6f", what, printed, stored));
    }

    @Test
    void labelFractionsAddCurvesToTheJsonTheResultsAndTheReport() throws Exception {
        JsonObject out = ok("evaluate", "--task", "HR", "--dataset", "sample", "--methods", "sigma:" + adversarial + ",features", "--folds", "3",
                "--inner-folds", "3", "--bootstrap", "100", "--label-fractions", "0.5,1", "--label-draws", "2");
        String run = out.get("run").getAsString();
        Path dir = Path.of(ws, "runs", run);
        EvaluationResult stored = new Gson().fromJson(Files.readString(dir.resolve(EvaluationTask.RESULTS)), EvaluationResult.class);
        for (JsonElement e : out.getAsJsonArray("rows")) {
            assertEquals(1.0, e.getAsJsonObject().get("label_fraction").getAsDouble(), "the main rows label every training subject");
        }
        JsonArray curves = out.getAsJsonArray("label_efficiency");
        assertEquals(3 * 2 * Metric.REGRESSION.size(), curves.size(), "trivial, sigma and features at two shares, every figure");
        assertEquals(stored.labelEfficiency().size(), curves.size());
        for (int i = 0; i < curves.size(); i++) {
            JsonObject c = curves.get(i).getAsJsonObject();
            EvaluationResult.LabelEfficiencyRow s = stored.labelEfficiency().get(i);
            assertEquals(s.labelFraction(), c.get("label_fraction").getAsDouble());
            assertEquals(s.value(), number(c.get("value")), s.method() + " " + s.metric() + " at " + s.labelFraction());
            // 6 subjects in 3 folds: 4 training subjects per fold, half of them labelled at share 0.5.
            assertEquals(s.labelFraction() == 1 ? 4 : 2, c.get("labelled_subjects").getAsDouble(), 1e-12);
            if (s.labelFraction() == 1) {
                EvaluationResult.MetricRow main = stored.rows().stream().filter(x -> x.method().equals(s.method()) && x.level().equals("window")
                        && x.metric().equals(s.metric())).findFirst().orElseThrow();
                assertEquals(main.value(), s.value(), "share 1 is the main evaluation");
                assertEquals(main.ciLow(), s.ciLow());
            }
        }
        assertTrue(stored.figures().stream().anyMatch(f -> f.file().equals("label_efficiency.png")));
        assertTrue(Files.readString(dir.resolve(EvaluationTask.REPORT_MARKDOWN)).contains("## Label efficiency (per window)"));
        CliTest.Result human = CliTest.run("evaluate", "--task", "HR", "--dataset", "sample", "--methods", "features", "--folds", "3",
                "--inner-folds", "3", "--bootstrap", "100", "--label-fractions", "0.5", "--label-draws", "1", "--workspace", ws);
        assertEquals(0, human.code(), human.err());
        assertTrue(human.out().contains("label efficiency per window (MAE against labelled subjects per fold):"), human.out());
        assertTrue(human.out().lines().anyMatch(l -> l.trim().startsWith("features") && l.contains("50 %") && l.contains("2.0 subjects")),
                human.out());

        CliTest.Result bad = CliTest.run("evaluate", "--task", "HR", "--dataset", "sample", "--methods", "features", "--label-fractions", "0.5,1.5",
                "--workspace", ws);
        assertEquals(1, bad.code());
        assertEquals("error: label fractions are shares of the training subjects in (0, 1], e.g. 0.1,0.25,0.5,1; not 1.5", bad.err().strip());
    }

    @Test
    void embeddingsFromEmbedGiveTheFiguresOfTheirBackbone() throws Exception {
        Path base = tmp.resolve("outside").resolve("student");
        ok("embed", "--run", adversarial, "--dataset", "sample", "--out", base.toString());
        JsonObject out = ok("evaluate", "--task", "AF", "--dataset", "sample", "--methods", "sigma:" + adversarial + ",embeddings:" + base + ".npy",
                "--folds", "3", "--inner-folds", "3", "--bootstrap", "100");
        EvaluationResult stored = new Gson().fromJson(Files.readString(Path.of(ws, "runs", out.get("run").getAsString(),
                EvaluationTask.RESULTS)), EvaluationResult.class);
        assertEquals(List.of("trivial", "sigma", "embeddings:student.npy"), stored.methods().stream().map(EvaluationResult.MethodInfo::method)
                .toList());
        int compared = 0;
        for (EvaluationResult.MetricRow x : stored.rows()) {
            if (x.method().equals("embeddings:student.npy")) {
                EvaluationResult.MetricRow sigma = stored.rows().stream().filter(y -> y.method().equals("sigma") && y.level().equals(x.level())
                        && y.metric().equals(x.metric())).findFirst().orElseThrow();
                assertNearly(sigma.value(), x.value(), x.level() + " " + x.metric());
                assertNearly(sigma.ciLow(), x.ciLow(), x.level() + " " + x.metric() + " CI low");
                assertNearly(sigma.ciHigh(), x.ciHigh(), x.level() + " " + x.metric() + " CI high");
                compared++;
            }
        }
        assertEquals(stored.levels().size() * Metric.CLASSIFICATION.size(), compared);
    }

    @Test
    void windowsExportedAndTransformedOutsideGoThroughTheSameFolds() throws Exception {
        Path base = tmp.resolve("windows").resolve("win");
        ok("export-windows", "sample", "--out", base.toString());
        // The "outside model": four summary figures of each window's valid samples, written as float32 with the ids beside.
        Workspace workspace = Workspace.open(Path.of(ws));
        org.sigmappg.data.Catalogue catalogue = new org.sigmappg.data.Catalogue(workspace);
        org.sigmappg.data.DatasetInfo d = catalogue.requireDataset("sample");
        List<org.sigmappg.data.WindowInfo> windows = catalogue.windowsOfDataset(d.id());
        double[][] samples = EmbeddingFile.open(Path.of(base + ".npy"), catalogue, d).read(windows);
        double[][] features = new double[samples.length][];
        for (int i = 0; i < samples.length; i++) {
            double[] s = java.util.Arrays.copyOf(samples[i], windows.get(i).validSamples());
            java.util.DoubleSummaryStatistics st = java.util.Arrays.stream(s).summaryStatistics();
            double sd = Math.sqrt(java.util.Arrays.stream(s).map(v -> (v - st.getAverage()) * (v - st.getAverage())).sum() / s.length);
            double roughness = 0;
            for (int k = 1; k < s.length; k++) {
                roughness += Math.abs(s[k] - s[k - 1]) / (s.length - 1);
            }
            features[i] = new double[] {st.getAverage(), sd, st.getMax() - st.getMin(), roughness};
        }
        Path emb = tmp.resolve("windows").resolve("summary.npy");
        EmbeddingExport.writeNpy(emb, features, 4);
        Files.copy(Path.of(base + ".ids.csv"), EmbeddingFile.idsFile(emb));
        JsonObject out = ok("evaluate", "--task", "HR", "--dataset", "sample", "--methods", "features,embeddings:" + emb, "--folds", "3",
                "--inner-folds", "3", "--bootstrap", "100");
        EvaluationResult stored = new Gson().fromJson(Files.readString(Path.of(ws, "runs", out.get("run").getAsString(),
                EvaluationTask.RESULTS)), EvaluationResult.class);
        EvaluationResult.MethodInfo outside = stored.methods().get(2);
        assertEquals("embeddings:" + emb.toAbsolutePath().normalize(), outside.spec(), "stored absolute, so the run repeats from anywhere");
        assertTrue(outside.description().contains("(" + windows.size() + " rows x 4, matched to the windows by id)"), outside.description());
        assertEquals(3, outside.lambdas().size(), "a penalty chosen in each of the same 3 folds");
        for (String method : List.of("trivial", "features", "embeddings:summary.npy")) {
            List<EvaluationResult.FoldRow> folds = stored.foldRows().stream().filter(f -> f.method().equals(method) && f.level().equals("window"))
                    .toList();
            assertEquals(stored.testSubjectsPerFold(), folds.stream().map(EvaluationResult.FoldRow::testSubjects).toList(), method);
        }
        EvaluationResult.MetricRow mae = stored.rows().stream().filter(x -> x.method().equals("embeddings:summary.npy")
                && x.metric().equals("mae")).findFirst().orElseThrow();
        assertTrue(mae.value() != null && mae.deltaVsTrivial() != null, "compared with trivial like every method: " + mae);

        // A line naming a window the dataset does not have: refused in one line, no run recorded.
        List<String> ids = new ArrayList<>(Files.readAllLines(EmbeddingFile.idsFile(emb)));
        ids.set(1, ids.get(1).replaceFirst("^0,([^,]*),([^,]*),\\d+,", "0,$1,$2,987654,"));
        Files.write(EmbeddingFile.idsFile(emb), ids);
        int before = new RunStore(workspace).list().size();
        CliTest.Result refused = CliTest.run("evaluate", "--task", "HR", "--dataset", "sample", "--methods", "embeddings:" + emb,
                "--workspace", ws);
        assertEquals(1, refused.code());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains("summary.ids.csv: 1 window id(s) are not windows of dataset 'sample': window 987654 (line 2"),
                refused.err());
        assertEquals(before, new RunStore(workspace).list().size());
    }

    private static void assertNearly(Double expected, Double actual, String what) {
        if (expected == null) {
            assertEquals(null, actual, what);
            return;
        }
        assertNotNull(actual, what);
        assertEquals(expected, actual, 1e-6 * Math.max(1, Math.abs(expected)), what);
    }
}
