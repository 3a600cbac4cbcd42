package org.sigmappg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sigmappg.model.ReferenceLayout;
import org.sigmappg.train.WeightImportTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Imports published SIGMA-PPG weights as a run whose student evaluate, finetune and embed use. */
@Command(name = "import-weights", mixinStandardHelpOptions = true,
        description = {"Import pre-trained SIGMA-PPG weights (the authors' torch.save checkpoint, e.g. sigma.pth, or a .safetensors file) "
                + "as a finished run of kind 'imported', usable wherever a pre-training run is: evaluate --methods sigma:RUN, finetune "
                + "--pretrained RUN, embed --run RUN. The file is read without Python and nothing in it is run. Prints what was loaded, "
                + "what was ignored (duplicates, unused heads) and what is missing; a missing backbone tensor or a wrong shape refuses "
                + "the import, naming the tensor."})
public final class ImportWeightsCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The checkpoint (.pth/.pt) or .safetensors file.")
    Path file;

    @Option(names = "--name", paramLabel = "LABEL", description = "A label for the run (shown with its id).")
    String name;

    @Option(names = "--patch-samples", paramLabel = "N", description = "Samples per patch the weights were trained on; default: the "
            + "checkpoint's own patch_size, else 100 (the published model: 2 s at 50 Hz).")
    Integer patchSamples;

    @Override
    protected Object execute() throws Exception {
        if (patchSamples != null && patchSamples < 2) {
            throw new IllegalArgumentException("--patch-samples must be at least 2, got " + patchSamples);
        }
        ConsoleProgress progress = new ConsoleProgress(System.err);
        WeightImportTask.Result r = new WeightImportTask(common.openWorkspace()).run(file, name, patchSamples, progress);
        progress.finishLine();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", r.run());
        out.put("name", r.params().name());
        out.put("source", r.params().source());
        out.put("sha256", r.params().sha256());
        out.put("format", r.params().format());
        out.put("state_dict", r.params().location());
        out.put("patch_samples", r.conversion().params().patchSamples());
        out.put("width", r.conversion().params().transformer().width());
        out.put("depth", r.conversion().params().transformer().depth());
        out.put("heads", r.conversion().params().transformer().heads());
        out.put("positions", r.conversion().params().maxPatches());
        out.put("backbone_parameters", r.parameters());
        out.putAll(WeightImportTask.report(r.conversion()));
        out.put("args", r.params().args());
        return out;
    }

    @Override
    protected void printHuman(Object result, PrintWriter p) {
        Map<?, ?> r = (Map<?, ?>) result;
        p.printf("imported %s as run %s%s: width %s, %s blocks, %s heads, %s-sample patches, %s positions, %,d backbone parameters%n",
                r.get("source"), r.get("run"), r.get("name") == null ? "" : " (" + r.get("name") + ")", r.get("width"), r.get("depth"),
                r.get("heads"), r.get("patch_samples"), r.get("positions"), (Long) r.get("backbone_parameters"));
        p.println("loaded:");
        for (Object o : (Iterable<?>) r.get("loaded")) {
            ReferenceLayout.Loaded l = (ReferenceLayout.Loaded) o;
            p.printf("  %-52s -> %-32s %-16s %s%n", l.reference(), l.ours(), l.shape(), l.how());
        }
        Iterable<?> ignored = (Iterable<?>) r.get("ignored");
        if (ignored.iterator().hasNext()) {
            p.println("ignored:");
            for (Object o : ignored) {
                ReferenceLayout.Ignored i = (ReferenceLayout.Ignored) o;
                p.printf("  %-52s %-16s %s%n", i.reference(), i.shape(), i.why());
            }
        }
        Iterable<?> missing = (Iterable<?>) r.get("missing");
        if (missing.iterator().hasNext()) {
            p.println("missing (not part of the backbone; left at their initial values): " + String.join(", ", (Iterable<String>) r.get("missing")));
        }
        p.println("use it with: evaluate --methods sigma:" + r.get("run") + ",features,trivial ...  |  embed --run " + r.get("run") + " ...");
    }
}
