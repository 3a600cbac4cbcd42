package org.sigmappg.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.sigmappg.run.Workspace;
import picocli.CommandLine.Option;

/** Options every command shares: where the workspace is, and whether to print JSON for scripts. */
public class CommonOptions {
    @Option(names = "--workspace", paramLabel = "DIR",
            description = "Workspace folder (default: $SIGMA_PPG_WORKSPACE or ~/.sigma-ppg/workspace).")
    Path workspace;

    @Option(names = "--json", description = "Print the result as JSON on standard output (errors as {\"error\": ...}).")
    boolean json;

    Workspace openWorkspace() throws IOException {
        return Workspace.open(workspace != null ? workspace : Workspace.defaultDirectory());
    }
}
