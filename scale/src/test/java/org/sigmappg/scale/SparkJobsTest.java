package org.sigmappg.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportResult;
import org.sigmappg.data.ImportTask;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowExport;
import org.sigmappg.eval.EmbeddingExport;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.ReadException;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;
import org.sigmappg.signal.WindowLevels;

/**
 * The Spark jobs in local[2] give what the workbench's commands give on the same folder: the same windows bit for bit
 * (as export-windows writes them), manifest hash, skipped report and warnings; the same embedding rows, in the same
 * order, within 1e-5; and a bad record stops the Spark import as it stops the import, leaving nothing.
 */
class SparkJobsTest {
    @TempDir
    static Path tmp;
    static Path source;
    static JavaSparkContext spark;
    static Workspace single;
    static Workspace distributed;
    static ImportResult whole;
    static ImportResult onSpark;

    @BeforeAll
    static void importBothWays() throws Exception {
        source = SampleFolder.write(tmp.resolve("src"));
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("SparkJobsTest").set("spark.ui.enabled", "false"));
        single = Workspace.open(tmp.resolve("single"));
        distributed = Workspace.open(tmp.resolve("spark"));
        ImportRequest request = ImportRequest.of(source, "d").withSkipBad(true).withChannel("PLETH,RED").withWindows(null, 30.0, null);
        whole = new ImportTask(single, request).run(ProgressMonitor.NONE);
        onSpark = SparkImport.run(spark, distributed, request, ProgressMonitor.NONE);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.close();
        }
    }

    @Test
    void theSparkImportsWindowsHashAndReportAreTheImports() throws Exception {
        assertEquals(4, whole.records());
        assertEquals(1, whole.skipped().size(), "the truncated recording: " + whole.skipped());
        assertEquals(whole.manifestHash(), onSpark.manifestHash());
        assertEquals(whole.skipped(), onSpark.skipped());
        assertEquals(whole.warnings(), onSpark.warnings());
        assertEquals(List.of(whole.records(), whole.subjects(), whole.windows(), whole.droppedWindows()),
                List.of(onSpark.records(), onSpark.subjects(), onSpark.windows(), onSpark.droppedWindows()));
        assertEquals(whole.channels(), onSpark.channels());
        assertEquals(whole.runs(), onSpark.runs(), "the bundled runs entered as well");
        WindowExport.export(new Catalogue(single), "d", tmp.resolve("w-single"), ProgressMonitor.NONE);
        WindowExport.export(new Catalogue(distributed), "d", tmp.resolve("w-spark"), ProgressMonitor.NONE);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("w-single.npy")), Files.readAllBytes(tmp.resolve("w-spark.npy")), "bit for bit");
        assertEquals(Files.readAllLines(tmp.resolve("w-single.ids.csv")), Files.readAllLines(tmp.resolve("w-spark.ids.csv")));
        try (Stream<Path> left = Files.list(distributed.cacheDirectory())) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".import-")).toList(), "the parts are gone");
        }
    }

    @Test
    void theSparkImportsCatalogueRowsAreTheImports() throws Exception {
        Catalogue a = new Catalogue(single);
        Catalogue b = new Catalogue(distributed);
        DatasetInfo da = a.requireDataset("d");
        DatasetInfo db = b.requireDataset("d");
        assertEquals(List.of(da.records(), da.subjects(), da.windows(), da.channels(), da.preprocess()),
                List.of(db.records(), db.subjects(), db.windows(), db.channels(), db.preprocess()));
        List<RecordInfo> ra = a.records(da.id());
        assertEquals(ra, b.records(db.id()), "records: names, kept channels, counts, annotations, content hashes");
        assertEquals(a.windowsOfDataset(da.id()), b.windowsOfDataset(db.id()), "windows: spans, offsets, quality, priors");
        assertEquals(a.windowLabels(da.id()), b.windowLabels(db.id()));
        assertEquals(a.subjectLabels(da.id()), b.subjectLabels(db.id()));
        assertEquals(a.recordLabels(da.id()), b.recordLabels(db.id()));
        Map<Long, WindowLevels[]> la = a.windowLevels(da);
        Map<Long, WindowLevels[]> lb = b.windowLevels(db);
        assertEquals(la.keySet(), lb.keySet());
        assertEquals(2 * da.windows(), la.values().stream().mapToInt(l -> l.length).sum(), "two channels' levels a window");
        la.forEach((id, levels) -> assertArrayEquals(levels, lb.get(id), "levels of window " + id));
        for (RecordInfo r : ra) {
            List<LabelSeries> sa = a.labelSeries(r.id());
            List<LabelSeries> sb = b.labelSeries(r.id());
            assertEquals(sa.size(), sb.size());
            for (int i = 0; i < sa.size(); i++) {
                assertArrayEquals(sa.get(i).times(), sb.get(i).times());
                assertArrayEquals(sa.get(i).values(), sb.get(i).values(), r.name() + " " + sa.get(i).name());
            }
            assertEquals(a.droppedWindows(r.id()), b.droppedWindows(r.id()));
        }
    }

    @Test
    void theSparkEmbedsRowsAreEmbedsInTheSameOrder() throws Exception {
        String run = whole.runs().stream().filter(r -> r.startsWith("pre-")).findFirst().orElseThrow();
        EmbeddingExport.Summary a = EmbeddingExport.export(single, run, "d", tmp.resolve("e-single"), "cpu");
        EmbeddingExport.Summary b = SparkEmbed.run(spark, distributed.directory(), run, "d", tmp.resolve("e-spark"), "cpu");
        assertEquals(Files.readAllLines(a.ids()), Files.readAllLines(b.ids()), "same rows, same order");
        float[][] x = SampleFolder.npy(a.npy());
        float[][] y = SampleFolder.npy(b.npy());
        assertEquals(whole.windows(), y.length);
        double most = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                most = Math.max(most, Math.abs(x[i][j] - y[i][j]));
            }
        }
        assertTrue(most <= 1e-5, "largest difference " + most);
        JsonObject pa = JsonParser.parseString(Files.readString(a.provenance())).getAsJsonObject();
        JsonObject pb = JsonParser.parseString(Files.readString(b.provenance())).getAsJsonObject();
        for (String field : List.of("run", "checkpointSha256", "dataset", "datasetHash", "windows", "width", "channels", "pooling")) {
            assertEquals(pa.get(field), pb.get(field), "provenance " + field);
        }
    }

    @Test
    void aBadRecordStopsTheSparkImportAsItStopsTheImport() throws Exception {
        Workspace ws = Workspace.open(tmp.resolve("refused"));
        ImportRequest strict = ImportRequest.of(source, "strict");
        ReadException local = assertThrows(ReadException.class, () -> new ImportTask(ws, strict).run(ProgressMonitor.NONE));
        ReadException remote = assertThrows(ReadException.class, () -> SparkImport.run(spark, ws, strict, ProgressMonitor.NONE));
        assertEquals(local.getMessage(), remote.getMessage());
        assertTrue(remote.getMessage().contains("S03.edf"), remote.getMessage());
        assertTrue(new Catalogue(ws).datasets().isEmpty());
        try (Stream<Path> left = Files.list(ws.cacheDirectory())) {
            assertEquals(List.of(), left.toList(), "no cache folder and no parts remain");
        }
    }
}
