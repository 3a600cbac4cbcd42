package org.sigmappg.eval;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sigmappg.data.ImportShards;
import org.sigmappg.data.ImportShards.Shard;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.Workspace;

/**
 * {@code embed} split by record over processes: each shard embeds the windows of its records (record index k with
 * k mod N = I - 1) into a folder of its own, and the merge writes the outputs {@code embed} writes, rows in the same order.
 */
public final class EmbeddingShards {
    /** The file that marks a shard's folder finished, written last. */
    public static final String MANIFEST = "embed-shard.json";
    private static final String FORMAT = "sigma-ppg-embed-shard/1";
    private static final String ROWS = "rows.f64";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private EmbeddingShards() {
    }

    /** What a shard's folder says of itself; {@code identity} is {@link EmbeddingExport.Embedder#identity}. */
    private record Manifest(String format, int shard, int shards, String identity, int windows) {
    }

    /** Embeds shard {@code shard}'s windows of {@code datasetName} into {@code folder}; returns how many. */
    public static int exportShard(Workspace workspace, String runId, String datasetName, Shard shard, Path folder, String deviceName)
            throws IOException {
        try (EmbeddingExport.Embedder embedder = EmbeddingExport.Embedder.open(workspace, runId, datasetName, deviceName)) {
            List<WindowInfo> mine = embedder.windowsOfRecords(shard::holds);
            double[][] rows = mine.isEmpty() ? new double[0][] : embedder.embed(mine);
            Files.createDirectories(folder);
            Files.deleteIfExists(folder.resolve(MANIFEST));
            FileTools.writeAtomically(folder.resolve(ROWS), stream -> {
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
                for (int i = 0; i < rows.length; i++) {
                    out.writeLong(mine.get(i).id());
                    out.writeInt(rows[i].length);
                    for (double v : rows[i]) {
                        out.writeDouble(v);
                    }
                }
                out.flush();
            });
            FileTools.writeStringAtomically(folder.resolve(MANIFEST),
                    GSON.toJson(new Manifest(FORMAT, shard.index(), shard.count(), embedder.identity(), rows.length)));
            return rows.length;
        }
    }

    /**
     * Writes the outputs of {@code embed --out out} from the shards in {@code folders}. Refuses, in one line, a folder that
     * is not a finished shard, a shard of another run, dataset or split, a shard given twice and a shard missing.
     */
    public static EmbeddingExport.Summary merge(Workspace workspace, String runId, String datasetName, List<Path> folders, Path out)
            throws IOException {
        try (EmbeddingExport.Embedder embedder = EmbeddingExport.Embedder.open(workspace, runId, datasetName, "cpu")) {
            Map<Integer, Path> byShard = new TreeMap<>();
            Map<Long, double[]> rows = new HashMap<>();
            int count = -1;
            for (Path folder : folders) {
                Manifest m = readManifest(folder);
                if (!embedder.identity().equals(m.identity())) {
                    throw new IllegalArgumentException(folder + ": shard " + m.shard() + "/" + m.shards() + " embedded another run, "
                            + "checkpoint or dataset (" + m.identity() + "); embed every shard with this --run and --dataset");
                }
                if (count >= 0 && m.shards() != count) {
                    throw new IllegalArgumentException(folder + " is shard " + m.shard() + "/" + m.shards() + " but " + byShard.values()
                            .iterator().next() + " is one of " + count + " shards; merge the shards of one split");
                }
                count = m.shards();
                Path other = byShard.putIfAbsent(m.shard(), folder);
                if (other != null) {
                    throw new IllegalArgumentException(other + " and " + folder + " are both shard " + m.shard() + "/" + m.shards()
                            + "; give each shard once");
                }
                readRows(folder.resolve(ROWS), m.windows(), rows);
            }
            ImportShards.requireEveryShard(byShard.keySet(), count);
            return embedder.write(out, rows);
        }
    }

    private static void readRows(Path file, int expected, Map<Long, double[]> into) throws IOException {
        try (InputStream stream = Files.newInputStream(file)) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
            for (int i = 0; i < expected; i++) {
                long id = in.readLong();
                double[] row = new double[in.readInt()];
                for (int j = 0; j < row.length; j++) {
                    row[j] = in.readDouble();
                }
                into.put(id, row);
            }
        } catch (EOFException e) {
            throw new IOException(file + " is cut short; embed the shard again", e);
        }
    }

    private static Manifest readManifest(Path folder) {
        Path file = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(folder + " is not a finished embed shard: it has no " + MANIFEST
                    + " (the shard did not finish, or this is another folder); run the shard again");
        }
        Manifest m;
        try {
            m = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Manifest.class);
        } catch (JsonParseException | IOException e) {
            m = null;
        }
        if (m == null || !FORMAT.equals(m.format()) || m.identity() == null) {
            throw new IllegalArgumentException(file + " is not an embed shard manifest of this version; embed the shard again");
        }
        return m;
    }
}
