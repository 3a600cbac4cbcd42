package org.sigmappg.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.model.ModelCheckpoint;
import org.sigmappg.model.TokenizerBlock;
import org.sigmappg.model.TokenizerParams;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * Writes the code index of every patch of a dataset, as a trained tokenizer assigns it, into the run's
 * artifacts: {@code codes-DATASET.i32}, one little-endian int32 per patch in the order of the dataset
 * cache's patch files (so a window's codes start at its {@code patchOffset}); -1 marks padding patches.
 * A short header names the dataset's manifest hash, so stale codes are recognised.
 */
public final class TokenizeTask {
    public static final String MAGIC = "SIGMA-PPG codes v1";

    private final Workspace workspace;

    public TokenizeTask(Workspace workspace) {
        this.workspace = workspace;
    }

    /** What {@link #run} wrote. */
    public record Result(String run, String dataset, String file, int windows, long patches, int distinctCodes) {
    }

    public Result run(String runId, String datasetName, String deviceName, ProgressMonitor monitor) throws IOException {
        // It writes into the run's folder without a row to write first: a read-only workspace must refuse up front.
        workspace.requireWritable();
        RunStore runs = new RunStore(workspace);
        RunInfo run = runs.require(runId);
        if (!TokenizerTask.KIND.equals(run.kind())) {
            throw new IllegalArgumentException(runId + " is a " + run.kind() + " run; tokenize needs a tokenizer run");
        }
        Path checkpoint = workspace.runsDirectory().resolve(runId).resolve(TokenizerTask.CHECKPOINT);
        if (!Files.exists(checkpoint)) {
            throw new IllegalArgumentException(runId + " has no checkpoint yet (status " + run.status() + ")");
        }
        Catalogue catalogue = new Catalogue(workspace);
        DatasetInfo dataset = catalogue.requireDataset(datasetName);
        TrainingWindows source = TrainingWindows.load(catalogue, datasetName, 0, 0, TrainingWindows.HeldOutBy.WINDOW).everyChannel();
        // Every channel's patches get their codes; a window's first channel keeps the offsets that the catalogue gives.
        List<WindowInfo> windows = source.train();
        long totalPatches = 0;
        for (WindowInfo w : windows) {
            totalPatches = Math.max(totalPatches, w.patchOffset() + w.patches());
        }
        int[] codes = new int[Math.toIntExact(totalPatches)];
        java.util.Arrays.fill(codes, -1);
        DeviceChoice.configureThreads();
        Device device = DeviceChoice.parse(deviceName).device();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            ModelCheckpoint.Verified verified = CheckpointTools.verify(workspace, runId, checkpoint);
            TokenizerParams params = TokenizerParams.fromJson(verified.header().params());
            TokenizerBlock tokenizer = new TokenizerBlock(params);
            ModelCheckpoint.load(verified, tokenizer, manager);
            source = source.withPatchSamples(params.patchSamples());
            // The artifact keeps one code per dataset patch: a longer tokenizer patch gives its code to each one it covers.
            int group = params.patchSamples() / dataset.patchSamples();
            if (source.maxPatches() > params.maxPatches()) {
                throw new IllegalArgumentException("dataset " + datasetName + " has windows of " + source.maxPatches()
                        + " patches; the tokenizer takes at most " + params.maxPatches());
            }
            ParameterStore ps = new ParameterStore(manager, false);
            monitor.begin("tokenizing " + datasetName + " with " + runId, windows.size());
            int batchSize = Math.max(1, params.optimiser().batchSize());
            for (List<WindowInfo> chunk : TrainingWindows.chunks(windows, batchSize)) {
                if (monitor.isCancelled()) {
                    throw new org.sigmappg.run.CancelledException("tokenizing " + datasetName);
                }
                try (NDScope scope = new NDScope(); NDManager sub = manager.newSubManager()) {
                    TrainingWindows.Batch batch = source.batch(sub, chunk);
                    NDArray idx = tokenizer.encode(ps, batch.patches(), batch.counts());
                    long[] flat = idx.toLongArray();
                    int[] counts = batch.counts().toIntArray();
                    int p = (int) batch.patches().getShape().get(1);
                    for (int i = 0; i < chunk.size(); i++) {
                        WindowInfo w = chunk.get(i);
                        for (int k = 0; k < counts[i]; k++) {
                            for (int j = k * group; j < Math.min((k + 1) * group, w.patches()); j++) {
                                codes[(int) w.patchOffset() + j] = (int) flat[i * p + k];
                            }
                        }
                    }
                }
                monitor.worked(chunk.size());
            }
        }
        Path file = new RunStore(workspace).runDirectory(runId).resolve("codes-" + datasetName + ".i32");
        FileTools.writeAtomically(file, out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeUTF(MAGIC);
            data.writeUTF(dataset.manifestHash());
            data.writeInt(codes.length);
            ByteBuffer b = ByteBuffer.allocate(codes.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(codes);
            data.write(b.array());
            data.flush();
        });
        runs.addArtifact(runId, "codes:" + datasetName, "codes", file);
        int distinct = (int) java.util.Arrays.stream(codes).filter(c -> c >= 0).distinct().count();
        return new Result(runId, datasetName, file.toString(), windows.size(), java.util.Arrays.stream(codes).filter(c -> c >= 0).count(), distinct);
    }

    /** The codes of a dataset as written by {@link #run}; refuses codes of an earlier import of the dataset. */
    public static int[] read(Path file, String expectedManifestHash) throws IOException {
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
            if (!MAGIC.equals(data.readUTF())) {
                throw new IOException(file + " is not a SIGMA-PPG codes file");
            }
            String hash = data.readUTF();
            if (expectedManifestHash != null && !expectedManifestHash.equals(hash)) {
                throw new IOException(file + " holds codes of an earlier import of the dataset; run tokenize again");
            }
            int n = data.readInt();
            byte[] bytes = data.readNBytes(n * 4);
            if (bytes.length != n * 4) {
                throw new IOException(file + " is truncated");
            }
            int[] codes = new int[n];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(codes);
            return codes;
        }
    }
}
