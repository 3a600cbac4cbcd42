package org.sigmappg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sigmappg.eval.EmbeddingExport;
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

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output base path; a .csv or .npy ending is dropped.")
    Path out;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default ${DEFAULT-VALUE}).")
    String device;

    @Override
    protected Object execute() throws Exception {
        EmbeddingExport.Summary s = EmbeddingExport.export(common.openWorkspace(), run, dataset, out, device);
        Map<String, Object> result = new LinkedHashMap<>();
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
        printer.println("embedded " + r.get("windows") + " windows of " + r.get("dataset") + " with " + r.get("run") + " (width " + r.get("width")
                + "): " + r.get("csv") + ", " + r.get("npy") + " (ids " + r.get("ids") + ", provenance " + r.get("provenance") + ")");
    }
}
