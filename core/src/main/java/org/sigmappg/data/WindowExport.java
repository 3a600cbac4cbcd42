package org.sigmappg.data;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sigmappg.io.NpyWriter;
import org.sigmappg.run.FileTools;
import org.sigmappg.run.ProgressMonitor;

/**
 * Every window of a dataset as the model sees it, so that any other model (in Python, say) can run on exactly the same
 * input: {@code BASE.npy} (float32 [windows, samples], each window's pre-processed samples scaled to [0, 1], zeros after
 * its valid samples up to the longest window's length; for a dataset of several PPG channels [windows, channels,
 * samples], the channels in the dataset's order, each scaled on its own), {@code BASE.ids.csv} (one row per window, in
 * the format and order {@code embed} writes, see {@link WindowIds}) and {@code BASE.json} (provenance: dataset, its
 * content hash, rate, patch length, channels and the array's shape).
 */
public final class WindowExport {
    private WindowExport() {
    }

    /** What an export wrote. */
    public record Summary(String dataset, int windows, int samples, Path npy, Path ids, Path provenance) {
    }

    /** The base path of the outputs: {@code out} without a {@code .npy} ending. */
    public static Path base(Path out) {
        String name = out.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".npy") ? out.resolveSibling(name.substring(0, name.length() - 4)) : out;
    }

    /** Writes the windows of {@code datasetName}; each file is written atomically. */
    public static Summary export(Catalogue catalogue, String datasetName, Path out, ProgressMonitor monitor) throws IOException {
        DatasetInfo d = catalogue.requireDataset(datasetName);
        List<WindowInfo> windows = catalogue.windowsOfDataset(d.id());
        int samples = 0;
        for (WindowInfo w : windows) {
            samples = Math.max(samples, w.patches() * d.patchSamples());
        }
        Path base = base(out);
        Path npy = base.resolveSibling(base.getFileName() + ".npy");
        Path ids = base.resolveSibling(base.getFileName() + ".ids.csv");
        Path json = base.resolveSibling(base.getFileName() + ".json");
        int channels = d.channels().size();
        long[] shape = channels == 1 ? new long[] {windows.size(), samples} : new long[] {windows.size(), channels, samples};
        monitor.begin("exporting the windows of " + d.name(), windows.size());
        try (WindowCache cache = catalogue.openCache(d)) {
            FileTools.writeAtomically(npy, stream -> {
                NpyWriter writer = new NpyWriter(stream, shape);
                for (WindowInfo w : windows) {
                    for (int c = 0; c < channels; c++) {
                        WindowInfo on = w.onChannel(c, d.patchSamples());
                        float[] s = cache.samples(on.sampleOffset(), on.patches() * d.patchSamples());
                        // What the model reads: the valid samples, then padding zeros (WindowCache keeps the window's tail).
                        writer.row(s, 0, Math.min(s.length, on.validSamples()));
                    }
                    monitor.worked(1);
                }
                writer.finish();
            });
        }
        WindowIds.write(ids, catalogue, d, windows);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("format", "sigma-ppg-windows/1");
        provenance.put("created", Instant.now().toString());
        provenance.put("dataset", d.name());
        provenance.put("datasetHash", d.manifestHash());
        provenance.put("fs", d.fs());
        provenance.put("patchSamples", d.patchSamples());
        provenance.put("scaling", "each window min-max scaled to [0, 1] after band-pass and resampling; zeros after valid_samples are padding");
        provenance.put("windows", windows.size());
        provenance.put("channels", d.channels());
        provenance.put("shape", shape);
        provenance.put("samples", samples);
        provenance.put("npy", npy.getFileName().toString());
        provenance.put("npySha256", FileTools.sha256(npy));
        provenance.put("ids", ids.getFileName().toString());
        FileTools.writeStringAtomically(json, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(provenance));
        return new Summary(d.name(), windows.size(), samples, npy, ids, json);
    }
}
