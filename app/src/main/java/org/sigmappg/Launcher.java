package org.sigmappg;

import org.sigmappg.cli.SigmaPpgCli;
import org.sigmappg.model.DeviceChoice;

/**
 * Entry point of the runnable jar: with no arguments (or only {@code --workspace DIR}) it opens the
 * workbench; with a command it runs the headless command line and never touches JavaFX. It does not extend {@code Application}, so the jar
 * runs from the class path.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        boolean workspaceOnly = args.length == 2 && "--workspace".equals(args[0]);
        if (args.length == 0 || workspaceOnly) {
            // "--workspace DIR" alone opens the workbench on that workspace (which sets the engine's threads from its own
            // setting); any command runs headless.
            org.sigmappg.app.WorkbenchApp.main(args);
            return;
        }
        // Before anything can load the engine: PyTorch reads its thread count and libtorch its huge-page switch once.
        DeviceChoice.configureThreads();
        System.exit(SigmaPpgCli.run(args));
    }
}
