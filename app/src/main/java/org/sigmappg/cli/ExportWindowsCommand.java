package org.sigmappg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.WindowExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes every window of a dataset as the model sees it, for running other models on exactly the same input. */
@Command(name = "export-windows", mixinStandardHelpOptions = true,
        description = {"Write every window of a dataset as the model sees it: BASE.npy (float32 [windows, samples], each window "
                + "pre-processed and scaled to [0, 1], zeros after its valid samples), BASE.ids.csv (row, subject, record, window id, "
                + "window index, valid samples: the same file embed writes, in the same order) and BASE.json (provenance)."})
public final class ExportWindowsCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "DATASET", description = "The dataset whose windows are written.")
    String dataset;

    @Option(names = "--out", required = true, paramLabel = "BASE", description = "Output base path; a .npy ending is dropped.")
    Path out;

    @Override
    protected Object execute() throws Exception {
        ConsoleProgress progress = new ConsoleProgress(System.err).cancelOnInterrupt();
        WindowExport.Summary s;
        try {
            s = WindowExport.export(new Catalogue(common.openWorkspace()), dataset, out, progress);
            progress.finishLine();
        } finally {
            // Releases the Ctrl-C hook, which otherwise held the JVM's exit for its whole grace period.
            progress.workFinished();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("dataset", s.dataset());
        result.put("windows", s.windows());
        result.put("samples", s.samples());
        result.put("npy", s.npy().toAbsolutePath().toString());
        result.put("ids", s.ids().toAbsolutePath().toString());
        result.put("provenance", s.provenance().toAbsolutePath().toString());
        return result;
    }

    @Override
    protected void printHuman(Object result, PrintWriter printer) {
        Map<?, ?> r = (Map<?, ?>) result;
        printer.println("wrote " + r.get("windows") + " windows of " + r.get("dataset") + " (" + r.get("samples") + " samples each): "
                + r.get("npy") + " (ids " + r.get("ids") + ", provenance " + r.get("provenance") + ")");
    }
}
