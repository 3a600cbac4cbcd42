package org.sigmappg;

import org.sigmappg.cli.SigmaPpgCli;

/**
 * Entry point of the runnable jar: with no arguments it opens the workbench; with a command it runs the
 * headless command line and never touches JavaFX. It does not extend {@code Application}, so the jar
 * runs from the class path.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (args.length == 0) {
            org.sigmappg.app.WorkbenchApp.main(args);
            return;
        }
        System.exit(SigmaPpgCli.run(args));
    }
}
