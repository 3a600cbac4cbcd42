package org.sigmappg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sigmappg.run.RunBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Enters exported runs (one bundle, or a folder of bundles) in the workspace. */
@Command(name = "import-run", mixinStandardHelpOptions = true,
        description = "Enter a run bundle written by export-run (or every bundle in a folder) in the workspace.")
public final class ImportRunCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "A bundle folder (with run.json) or a folder of bundles.")
    Path bundle;

    @Option(names = "--dataset", required = true, paramLabel = "NAME", description = "The dataset the runs were trained on, in this workspace.")
    String dataset;

    @Override
    protected Object execute() throws Exception {
        var ws = common.openWorkspace();
        new org.sigmappg.data.Catalogue(ws).requireDataset(dataset);
        Map<String, Object> out = new LinkedHashMap<>();
        if (Files.exists(bundle.resolve(RunBundle.RECORD))) {
            out.put("runs", Map.of(bundle.getFileName().toString(), RunBundle.importInto(ws, bundle, dataset, null)));
        } else {
            out.put("runs", RunBundle.importAll(ws, bundle, dataset));
        }
        return out;
    }
}
