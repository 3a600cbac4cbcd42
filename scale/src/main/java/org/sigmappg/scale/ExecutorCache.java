package org.sigmappg.scale;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.sigmappg.data.RecordImport;
import org.sigmappg.eval.EmbeddingExport;
import org.sigmappg.run.Workspace;

/**
 * What an executor JVM loads once and keeps for every task it runs: an import's plan (listing the folder again), and an
 * embed's model, so a partition never loads a model of its own.
 */
final class ExecutorCache {
    private static final Map<RecordImport.Spec, RecordImport> IMPORTS = new HashMap<>();
    private static final Map<SparkEmbed.Spec, EmbeddingExport.Embedder> EMBEDDERS = new HashMap<>();

    private ExecutorCache() {
    }

    /** The import that {@code spec} describes, planned once in this JVM. */
    static synchronized RecordImport records(RecordImport.Spec spec) throws IOException {
        RecordImport records = IMPORTS.get(spec);
        if (records == null) {
            records = RecordImport.open(spec);
            IMPORTS.put(spec, records);
        }
        return records;
    }

    /**
     * The embedder that {@code spec} describes, opened once in this JVM; refused when the workspace no longer holds the
     * run and dataset the driver found (another process changed it meanwhile).
     */
    static synchronized EmbeddingExport.Embedder embedder(SparkEmbed.Spec spec) throws IOException {
        EmbeddingExport.Embedder embedder = EMBEDDERS.get(spec);
        if (embedder == null) {
            embedder = EmbeddingExport.Embedder.open(Workspace.open(Path.of(spec.workspace())), spec.run(), spec.dataset(), spec.device());
            if (!embedder.identity().equals(spec.identity())) {
                throw new IOException(spec.workspace() + ": run " + spec.run() + " or dataset " + spec.dataset()
                        + " changed while the job ran; embed again");
            }
            EMBEDDERS.put(spec, embedder);
        }
        return embedder;
    }
}
