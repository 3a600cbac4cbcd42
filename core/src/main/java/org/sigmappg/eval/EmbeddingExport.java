package org.sigmappg.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntPredicate;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowIds;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.io.CsvTools;
import org.sigmappg.io.NpyWriter;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.model.StudentBlock;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.TrainingWindows;

/**
 * Exports the pooled embedding of every window of a dataset under a pre-trained backbone, for analysis in
 * Python or R: {@code BASE.csv} (subject, record, window id, window index, then e0..eN), {@code BASE.npy}
 * (NumPy format 1.0: little-endian float32, C order, shape [windows, width]), {@code BASE.ids.csv} (the row ids of the
 * .npy, same order, as {@link WindowIds} writes them for {@code export-windows} too) and {@code BASE.json}
 * (provenance: run, checkpoint SHA-256, dataset hash, files).
 *
 * <p>With several PPG channels a window's row is its channels' pooled embeddings one after another, in the dataset's
 * channel order ({@link BackboneSource#embed}): width = channels x the model's width, and the CSV columns are named
 * {@code CHANNEL_e0..CHANNEL_eN}; the JSON lists the channels and the width per channel.
 */
public final class EmbeddingExport {
    private static final int BATCH = 64;

    private EmbeddingExport() {
    }

    /** What an export wrote. */
    public record Summary(String run, String dataset, int windows, int width, Path csv, Path npy, Path ids, Path provenance) {
    }

    /** The base path of the outputs: {@code out} without a {@code .csv} or {@code .npy} ending. */
    public static Path base(Path out) {
        String name = out.getFileName().toString();
        for (String ending : List.of(".csv", ".npy")) {
            if (name.toLowerCase(Locale.ROOT).endsWith(ending)) {
                return out.resolveSibling(name.substring(0, name.length() - ending.length()));
            }
        }
        return out;
    }

    /** Embeds every window of {@code datasetName} with the student of pre-training run {@code runId}. */
    public static Summary export(Workspace workspace, String runId, String datasetName, Path out, String deviceName) throws IOException {
        try (Embedder embedder = Embedder.open(workspace, runId, datasetName, deviceName)) {
            return embedder.write(out, embedder.embed(embedder.windows()));
        }
    }

    /**
     * One backbone over one dataset: the catalogue's windows, and the student, created on the first {@link #embed} and
     * kept, so a process embeds any number of its windows with one model.
     */
    public static final class Embedder implements AutoCloseable {
        private final Catalogue catalogue;
        private final DatasetInfo dataset;
        private final String runId;
        private final BackboneSource backbone;
        private final String deviceName;
        private final List<WindowInfo> windows;
        private TrainingWindows source;
        private NDManager manager;
        private StudentBlock student;

        private Embedder(Catalogue catalogue, DatasetInfo dataset, String runId, BackboneSource backbone, String deviceName,
                         List<WindowInfo> windows) {
            this.catalogue = catalogue;
            this.dataset = dataset;
            this.runId = runId;
            this.backbone = backbone;
            this.deviceName = deviceName;
            this.windows = windows;
        }

        /** Finds the run's backbone and the dataset's windows; loads no model yet. */
        public static Embedder open(Workspace workspace, String runId, String datasetName, String deviceName) throws IOException {
            Catalogue catalogue = new Catalogue(workspace);
            DatasetInfo d = catalogue.requireDataset(datasetName);
            BackboneSource backbone = BackboneSource.pretrained(workspace, runId, null);
            return new Embedder(catalogue, d, runId, backbone, deviceName, catalogue.windowsOfDataset(d.id()));
        }

        public DatasetInfo dataset() {
            return dataset;
        }

        /** Every window of the dataset, in import order: the order of the outputs' rows. */
        public List<WindowInfo> windows() {
            return windows;
        }

        /** The dataset's windows of the records whose index {@code records} accepts, in import order. */
        public List<WindowInfo> windowsOfRecords(IntPredicate records) throws IOException {
            Map<Long, Integer> index = new HashMap<>();
            for (RecordInfo r : catalogue.records(dataset.id())) {
                index.put(r.id(), r.index());
            }
            return windows.stream().filter(w -> records.test(index.get(w.recordId()))).toList();
        }

        /** What makes two embeddings of the same window comparable: the run, its checkpoint and the dataset's content. */
        public String identity() {
            return runId + " " + backbone.checkpointSha256() + " " + dataset.name() + " " + dataset.manifestHash();
        }

        /** The pooled embedding of each of {@code some} (windows of this dataset), in that order. */
        public double[][] embed(List<WindowInfo> some) throws IOException {
            if (student == null) {
                DeviceChoice.configureThreads();
                Device device = DeviceChoice.parse(deviceName).device();
                source = TrainingWindows.load(catalogue, dataset.name(), 0, 0, TrainingWindows.HeldOutBy.WINDOW)
                        .withPatchSamples(backbone.params().patchSamples());
                manager = NDManager.newBaseManager(device);
                student = backbone.create(manager);
            }
            return BackboneSource.embed(student, source, some, manager, BATCH);
        }

        /**
         * Writes the outputs for the embedding of every window, given by window id (from shards or executors, in any
         * order): refuses when a window has none.
         */
        public Summary write(Path out, Map<Long, double[]> byWindowId) throws IOException {
            double[][] rows = new double[windows.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = byWindowId.get(windows.get(i).id());
                if (rows[i] == null) {
                    throw new IllegalArgumentException("window " + windows.get(i).id() + " of " + dataset.name() + " has no embedding: "
                            + "a part is missing; embed its records again");
                }
            }
            return write(out, rows);
        }

        /** Writes the outputs for {@code embeddings}, one row per window of {@link #windows()}, in that order. */
        public Summary write(Path out, double[][] embeddings) throws IOException {
            DatasetInfo d = dataset;
            Path base = base(out);
            Path csv = base.resolveSibling(base.getFileName() + ".csv");
            Path npy = base.resolveSibling(base.getFileName() + ".npy");
            Path idFile = base.resolveSibling(base.getFileName() + ".ids.csv");
            Path json = base.resolveSibling(base.getFileName() + ".json");
            int perChannel = backbone.params().transformer().width();
            int width = d.channels().size() * perChannel;
            writeCsv(csv, catalogue, d, windows, embeddings, perChannel);
            WindowIds.write(idFile, catalogue, d, windows);
            writeNpy(npy, embeddings, width);
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("format", "sigma-ppg-embeddings/1");
            provenance.put("created", Instant.now().toString());
            provenance.put("run", runId);
            provenance.put("masking", backbone.masking());
            provenance.put("pretrainDataset", backbone.pretrainDataset());
            provenance.put("checkpoint", backbone.checkpoint().file().toString());
            provenance.put("checkpointSha256", backbone.checkpointSha256());
            provenance.put("dataset", d.name());
            provenance.put("datasetHash", d.manifestHash());
            provenance.put("pooling", "mean of the valid patch tokens after the final LayerNorm (StudentBlock.pooled)");
            provenance.put("windows", embeddings.length);
            provenance.put("width", width);
            provenance.put("channels", d.channels());
            provenance.put("widthPerChannel", perChannel);
            provenance.put("layout", d.channels().size() == 1 ? "one row per window" : "one row per window: the channels' pooled "
                    + "embeddings one after another, in the order of channels, widthPerChannel columns each");
            provenance.put("csv", csv.getFileName().toString());
            provenance.put("npy", npy.getFileName().toString());
            provenance.put("npySha256", FileTools.sha256(npy));
            provenance.put("ids", idFile.getFileName().toString());
            FileTools.writeStringAtomically(json, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(provenance));
            return new Summary(runId, d.name(), embeddings.length, width, csv, npy, idFile, json);
        }

        @Override
        public void close() {
            if (manager != null) {
                manager.close();
            }
        }
    }

    private static void writeCsv(Path file, Catalogue catalogue, DatasetInfo d, List<WindowInfo> windows, double[][] embeddings,
                                 int perChannel) throws IOException {
        Map<Long, String> records = new HashMap<>();
        for (RecordInfo r : catalogue.records(d.id())) {
            records.put(r.id(), r.name());
        }
        FileTools.writeAtomically(file, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            StringBuilder header = new StringBuilder("subject,record,window_id,window_index");
            for (String channel : d.channels()) {
                for (int j = 0; j < perChannel; j++) {
                    header.append(',').append(CsvTools.field((d.channels().size() == 1 ? "" : channel + "_") + "e" + j));
                }
            }
            w.write(header.append('\n').toString());
            for (int i = 0; i < embeddings.length; i++) {
                WindowInfo win = windows.get(i);
                StringBuilder row = new StringBuilder();
                row.append(CsvTools.field(win.subject())).append(',').append(CsvTools.field(records.get(win.recordId()))).append(',')
                        .append(win.id()).append(',').append(win.index());
                for (double v : embeddings[i]) {
                    // Float precision is what the model computed; more digits would be noise.
                    row.append(',').append((float) v);
                }
                w.write(row.append('\n').toString());
            }
            w.flush();
        });
    }

    /** Writes {@code rows} as a float32 NumPy file ({@link NpyWriter}), atomically. */
    public static void writeNpy(Path file, double[][] rows, int width) throws IOException {
        FileTools.writeAtomically(file, out -> {
            NpyWriter npy = new NpyWriter(out, rows.length, width);
            for (double[] row : rows) {
                npy.row(row);
            }
            npy.finish();
        });
    }
}
