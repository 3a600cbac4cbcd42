package org.sigmappg.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.model.StudentBlock;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.TrainingWindows;

/**
 * Exports the pooled embedding of every window of a dataset under a pre-trained backbone, for analysis in
 * Python or R: {@code BASE.csv} (subject, record, window id, window index, then e0..eN), {@code BASE.npy}
 * (NumPy format 1.0: little-endian float32, C order, shape [windows, width], header padded to a multiple
 * of 64 bytes), {@code BASE.ids.csv} (the row ids of the .npy, same order) and {@code BASE.json}
 * (provenance: run, checkpoint SHA-256, dataset hash, files).
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
        Catalogue catalogue = new Catalogue(workspace);
        DatasetInfo d = catalogue.requireDataset(datasetName);
        BackboneSource backbone = BackboneSource.pretrained(workspace, runId, null);
        DeviceChoice.configureThreads();
        Device device = DeviceChoice.parse(deviceName).device();
        TrainingWindows source = TrainingWindows.load(catalogue, d.name(), 0, 0, TrainingWindows.HeldOutBy.WINDOW);
        List<WindowInfo> windows = catalogue.windowsOfDataset(d.id());
        double[][] embeddings;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            StudentBlock student = backbone.create(manager);
            embeddings = BackboneSource.embed(student, source, windows, manager, BATCH);
        }
        Map<Long, String> records = new HashMap<>();
        for (RecordInfo r : catalogue.records(d.id())) {
            records.put(r.id(), r.name());
        }
        List<String[]> ids = new ArrayList<>();
        for (WindowInfo w : windows) {
            ids.add(new String[] {w.subject(), records.get(w.recordId()), Long.toString(w.id()), Integer.toString(w.index())});
        }
        Path base = base(out);
        Path csv = base.resolveSibling(base.getFileName() + ".csv");
        Path npy = base.resolveSibling(base.getFileName() + ".npy");
        Path idFile = base.resolveSibling(base.getFileName() + ".ids.csv");
        Path json = base.resolveSibling(base.getFileName() + ".json");
        int width = embeddings.length == 0 ? backbone.params().transformer().width() : embeddings[0].length;
        writeCsv(csv, ids, embeddings, width);
        writeIds(idFile, ids);
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
        provenance.put("csv", csv.getFileName().toString());
        provenance.put("npy", npy.getFileName().toString());
        provenance.put("npySha256", FileTools.sha256(npy));
        provenance.put("ids", idFile.getFileName().toString());
        FileTools.writeStringAtomically(json, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(provenance));
        return new Summary(runId, d.name(), embeddings.length, width, csv, npy, idFile, json);
    }

    private static void writeCsv(Path file, List<String[]> ids, double[][] embeddings, int width) throws IOException {
        FileTools.writeAtomically(file, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            StringBuilder header = new StringBuilder("subject,record,window_id,window_index");
            for (int j = 0; j < width; j++) {
                header.append(",e").append(j);
            }
            w.write(header.append('\n').toString());
            for (int i = 0; i < embeddings.length; i++) {
                StringBuilder row = new StringBuilder();
                String[] id = ids.get(i);
                row.append(EvaluationTask.csv(id[0])).append(',').append(EvaluationTask.csv(id[1])).append(',').append(id[2]).append(',')
                        .append(id[3]);
                for (double v : embeddings[i]) {
                    // Float precision is what the model computed; more digits would be noise.
                    row.append(',').append((float) v);
                }
                w.write(row.append('\n').toString());
            }
            w.flush();
        });
    }

    private static void writeIds(Path file, List<String[]> ids) throws IOException {
        StringBuilder sb = new StringBuilder("row,subject,record,window_id,window_index\n");
        for (int i = 0; i < ids.size(); i++) {
            String[] id = ids.get(i);
            sb.append(i).append(',').append(EvaluationTask.csv(id[0])).append(',').append(EvaluationTask.csv(id[1])).append(',')
                    .append(id[2]).append(',').append(id[3]).append('\n');
        }
        FileTools.writeStringAtomically(file, sb.toString());
    }

    /**
     * Writes a NumPy {@code .npy} file, format version 1.0: the magic {@code \x93NUMPY}, version bytes 1 0,
     * a little-endian uint16 header length, an ASCII dict header padded with spaces and ending in a newline
     * so that magic + length + header is a multiple of 64 bytes, then the float32 data in C order.
     */
    public static void writeNpy(Path file, double[][] rows, int width) throws IOException {
        String dict = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }", rows.length, width);
        int preamble = 10;
        int total = preamble + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - total) + "\n";
        FileTools.writeAtomically(file, (OutputStream out) -> {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(header.length() & 0xFF);
            out.write((header.length() >> 8) & 0xFF);
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer buffer = ByteBuffer.allocate(width * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (double[] row : rows) {
                if (row.length != width) {
                    throw new IOException("embedding rows differ in width: " + row.length + " vs " + width);
                }
                buffer.clear();
                for (double v : row) {
                    buffer.putFloat((float) v);
                }
                out.write(buffer.array());
            }
        });
    }
}
