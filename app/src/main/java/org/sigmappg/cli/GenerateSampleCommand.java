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

    @Option(names = "--subjects", defaultValue = "12", paramLabel = "N",
            description = "Subjects to write (default ${DEFAULT-VALUE}, the sample set); beyond 12 the presets repeat with new seeds.")
    int subjects;

    @Option(names = "--minutes", defaultValue = "10", paramLabel = "M",
            description = "Length of each recording in minutes (default ${DEFAULT-VALUE}; 1440 for 24 h recordings).")
    double minutes;

    @Override
    protected Object execute() throws Exception {
        if (subjects < 1 || !(minutes > 0)) {
            throw new IllegalArgumentException("--subjects and --minutes must be positive (got " + subjects + " and " + minutes + ")");
        }
        return SampleSet.write(out, subjects, minutes * 60);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void printHuman(Object result, PrintWriter w) {
        Map<String, Object> r = (Map<String, Object>) result;
        w.println("wrote " + r.get("subjects") + " to " + r.get("folder") + " (" + r.get("bytes") + " bytes)");
    }
}
