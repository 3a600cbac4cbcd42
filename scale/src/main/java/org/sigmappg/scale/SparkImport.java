package org.sigmappg.scale;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.ImportResult;
import org.sigmappg.data.ImportShards;
import org.sigmappg.data.ImportTask;
import org.sigmappg.data.RecordImport;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.ProcessOwner;
import org.sigmappg.run.Workspace;

/**
 * {@code import} as a Spark job: the driver plans the import as the command does, the executors read and pre-process
 * the records (one task a record, {@link RecordImport}) into part files in a folder of the workspace's cache, and the
 * driver commits the parts in plan order ({@link ImportTask#commit}): the dataset the single-machine import makes, bit
 * for bit, all or nothing. The workspace must be on a file system every executor reaches at the same path.
 */
public final class SparkImport {
    private SparkImport() {
    }

    public static ImportResult run(JavaSparkContext spark, Workspace workspace, ImportRequest request, ProgressMonitor monitor)
            throws IOException {
        ImportTask task = new ImportTask(workspace, request);
        task.requireTarget();
        ImportTask.Prepared prepared = ImportTask.prepare(request);
        RecordImport.Spec spec = prepared.spec();
        int records = prepared.plan().sources().size();
        // Named like the import's own private folder, so an opening of the workspace removes it should the driver die.
        Path staging = workspace.cacheDirectory().resolve(".import-" + UUID.randomUUID());
        workspace.createFolder(staging);
        ProcessOwner.markOwned(staging);
        String folder = staging.toString();
        try {
            List<Integer> all = IntStream.range(0, records).boxed().toList();
            List<ImportShards.Part> parts = new ArrayList<>(spark.parallelize(all, Math.max(1, records))
                    .map(i -> ImportShards.processToPart(ExecutorCache.records(spec), i, Path.of(folder)))
                    .collect());
            parts.sort(Comparator.comparingInt(ImportShards.Part::planIndex));
            return task.commit(prepared, ImportShards.stream(parts, i -> staging), monitor);
        } finally {
            FileTools.deleteTree(staging);
        }
    }
}
