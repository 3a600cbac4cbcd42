package org.sigmappg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sigmappg.data.ImportShards;
import org.sigmappg.eval.EmbeddingExport;
import org.sigmappg.eval.EmbeddingShards;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes the pooled embedding of every window of a dataset under a pre-trained backbone, as CSV and NumPy .npy. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Write the pooled embedding of every window of a dataset under a pre-trained student: BASE.csv "
                + "(subject, record, window id, window index, e0..eN), BASE.npy (float32 [windows, width], numpy.load reads it), "
                + "BASE.ids.csv (the .npy's row ids) and BASE.json (provenance)."})
public final class EmbedCommand extends CliCommand {
    @Mixin
    ThreadOptions threadOptions;

    @Option(names = "--run", required = true, paramLabel = "RUN", description = "The pre-training run whose student embeds.")
    String run;

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "The dataset whose windows are embedded.")
    String dataset;

    @Option(names = "--out", paramLabel = "FILE", description = "Output base path; a .csv or .npy ending is dropped (not with --shard).")
    Path out;

    @Option(names = "--shard", paramLabel = "I/N",
            description = {"Embed only the windows of shard I of N's records (record index k with k mod N = I-1) into --shard-out, "
                    + "for job arrays. Then: embed --run RUN --dataset D --out BASE --merge-shards DIR..."})
    String shard;

    @Option(names = "--shard-out", paramLabel = "DIR", description = "The folder this shard writes.")
    Path shardOut;

    @Option(names = "--merge-shards", arity = "1..*", paramLabel = "DIR",
            description = "Write the outputs from the shards' folders: the same rows, in the same order, as one embed.")
    List<Path> mergeShards;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default ${DEFAULT-VALUE}).")
    String device;

    @Override
    protected Object execute() throws Exception {
        if (shard != null && mergeShards != null) {
            throw new IllegalArgumentException("--shard and --merge-shards do not go together: embed the shards first, then merge them");
        }
        if ((shard == null) != (shardOut == null)) {
            throw new IllegalArgumentException(shard == null ? "--shard-out needs --shard I/N" : "--shard " + shard
                    + " needs --shard-out DIR, the folder the shard writes");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (shard != null) {
            ImportShards.Shard which = ImportShards.Shard.parse(shard);
            result.put("run", run);
            result.put("dataset", dataset);
            result.put("shard", which.toString());
            result.put("windows", EmbeddingShards.exportShard(common.openWorkspace(), run, dataset, which, shardOut, device));
            result.put("folder", shardOut.toAbsolutePath().toString());
            return result;
        }
        if (out == null) {
            throw new IllegalArgumentException("give --out BASE, the path of the outputs (BASE.csv, BASE.npy, BASE.ids.csv, BASE.json)");
        }
        EmbeddingExport.Summary s = mergeShards != null
                ? EmbeddingShards.merge(common.openWorkspace(), run, dataset, mergeShards, out)
                : EmbeddingExport.export(common.openWorkspace(), run, dataset, out, device);
        result.put("run", s.run());
        result.put("dataset", s.dataset());
        result.put("windows", s.windows());
        result.put("width", s.width());
        result.put("csv", s.csv().toAbsolutePath().toString());
        result.put("npy", s.npy().toAbsolutePath().toString());
        result.put("ids", s.ids().toAbsolutePath().toString());
        result.put("provenance", s.provenance().toAbsolutePath().toString());
        return result;
    }

    @Override
    protected void printHuman(Object result, PrintWriter printer) {
        Map<?, ?> r = (Map<?, ?>) result;
        if (r.containsKey("shard")) {
            printer.println("embedded shard " + r.get("shard") + ": " + r.get("windows") + " windows of " + r.get("dataset") + " with "
                    + r.get("run") + " into " + r.get("folder") + "; when every shard is done: embed --run " + r.get("run") + " --dataset "
                    + r.get("dataset") + " --out BASE --merge-shards DIR...");
            return;
        }
        printer.println("embedded " + r.get("windows") + " windows of " + r.get("dataset") + " with " + r.get("run") + " (width " + r.get("width")
                + "): " + r.get("csv") + ", " + r.get("npy") + " (ids " + r.get("ids") + ", provenance " + r.get("provenance") + ")");
    }
}
