package org.sigmappg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sigmappg.eval.WeightExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes a run's student in the reference's key names as a .safetensors file. */
@Command(name = "export-weights", mixinStandardHelpOptions = true,
        description = {"Write a pre-training (or imported) run's student as FILE.safetensors in the reference's key names, which the "
                + "reference's pre-training model loads with load_state_dict and import-weights reads back. Where the reference would "
                + "compute something else with the weights (e.g. a tiny or base student, which takes group-norm statistics per patch), "
                + "the differences are printed and written into the file's metadata."})
public final class ExportWeightsCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "RUN", description = "The pre-training or imported run.")
    String run;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .safetensors file to write.")
    Path out;

    @Override
    protected Object execute() throws Exception {
        WeightExport.Summary s = WeightExport.export(common.openWorkspace(), run, out);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("run", s.run());
        result.put("file", s.file().toAbsolutePath().toString());
        result.put("tensors", s.tensors());
        result.put("exact", s.differences().isEmpty());
        result.put("differences", s.differences());
        return result;
    }

    @Override
    protected void printHuman(Object result, PrintWriter p) {
        Map<?, ?> r = (Map<?, ?>) result;
        p.println("wrote " + r.get("tensors") + " tensors of " + r.get("run") + " to " + r.get("file"));
        for (Object d : (List<?>) r.get("differences")) {
            p.println("note: " + d);
        }
    }
}
