package org.sigmappg.cli;

import java.nio.file.Path;
import java.util.Map;
import org.sigmappg.run.RunBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Packs a finished run (record, metrics, files) as a folder another workspace can import. */
@Command(name = "export-run", mixinStandardHelpOptions = true,
        description = "Pack a finished run as a folder (run.json + its files) that import-run enters in another workspace.")
public final class ExportRunCommand extends CliCommand {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run to export.")
    String run;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the bundle into (as DIR/RUN).")
    Path out;

    @Override
    protected Object execute() throws Exception {
        return Map.of("run", run, "bundle", RunBundle.export(common.openWorkspace(), run, out).toString());
    }
}
