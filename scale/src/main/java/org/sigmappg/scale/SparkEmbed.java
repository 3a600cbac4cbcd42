package org.sigmappg.scale;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.eval.EmbeddingExport;
import org.sigmappg.run.Workspace;

/**
 * {@code embed} as a Spark job: partitions of records, each embedded by its executor's one model
 * ({@link ExecutorCache#embedder}, loaded once per executor), and the driver writes the outputs {@code embed} writes, rows
 * in the same order ({@link EmbeddingExport.Embedder#write}).
 */
public final class SparkEmbed {
    private SparkEmbed() {
    }

    /** What an executor needs to open the same embedder; {@code identity} checks it found the same run and dataset. */
    record Spec(String workspace, String run, String dataset, String device, String identity) implements Serializable {
    }

    /** One window's embedding, as an executor hands it back. */
    record Row(long windowId, double[] values) implements Serializable {
    }

    public static EmbeddingExport.Summary run(JavaSparkContext spark, Path workspace, String runId, String dataset, Path out,
                                              String device) throws IOException {
        try (EmbeddingExport.Embedder embedder = EmbeddingExport.Embedder.open(Workspace.open(workspace), runId, dataset, device)) {
            Spec spec = new Spec(workspace.toAbsolutePath().toString(), runId, dataset, device, embedder.identity());
            int records = embedder.dataset().records();
            int partitions = Math.max(1, Math.min(records, spark.defaultParallelism() * 4));
            List<Row> rows = spark.parallelize(IntStream.range(0, records).boxed().toList(), partitions)
                    .mapPartitions(it -> embedRecords(it, spec))
                    .collect();
            Map<Long, double[]> byId = new HashMap<>();
            rows.forEach(r -> byId.put(r.windowId(), r.values()));
            return embedder.write(out, byId);
        }
    }

    /** Embeds the windows of one partition's records with the executor's model. */
    private static Iterator<Row> embedRecords(Iterator<Integer> records, Spec spec) throws IOException {
        Set<Integer> mine = new HashSet<>();
        records.forEachRemaining(mine::add);
        EmbeddingExport.Embedder embedder = ExecutorCache.embedder(spec);
        List<Row> out = new ArrayList<>();
        // One model per executor: its partitions take turns, and PyTorch spreads each batch over the executor's cores.
        synchronized (embedder) {
            List<WindowInfo> windows = embedder.windowsOfRecords(mine::contains);
            double[][] values = windows.isEmpty() ? new double[0][] : embedder.embed(windows);
            for (int i = 0; i < values.length; i++) {
                out.add(new Row(windows.get(i).id(), values[i]));
            }
        }
        return out.iterator();
    }
}
