package org.sigmappg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.sigmappg.synth.SampleSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Regenerates the bundled synthetic sample recordings. */
@Command(name = "generate-sample", mixinStandardHelpOptions = true,
        description = {"Write the synthetic sample set (EDF+ recordings with 1 Hz labels and their import recipe).",
                "The bundled sample-data folder was made with: generate-sample --out sample-data"})
public final class GenerateSampleCommand extends CliCommand {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into (created if needed).")
    Path out;

    @Override
    protected Object execute() throws Exception {
        return SampleSet.write(out);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void printHuman(Object result, PrintWriter w) {
        Map<String, Object> r = (Map<String, Object>) result;
        w.println("wrote " + r.get("subjects") + " to " + r.get("folder") + " (" + r.get("bytes") + " bytes)");
    }
}
