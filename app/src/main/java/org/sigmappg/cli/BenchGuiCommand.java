package org.sigmappg.cli;

import java.io.PrintWriter;
import javafx.application.Platform;
import org.sigmappg.app.bench.GuiBenchmark;
import org.sigmappg.app.shell.DisplayCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The signal explorer on a day-long recording: first render and zoom/pan frame times in a real window. */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = {"Open a synthetic day at 125 Hz (10.8 million samples) in the signal explorer in a real window and time",
                "the first render (target under 2 s) and the zoom/pan frames (target median under 50 ms).",
                "Needs a display: a desktop, ssh -X, or Xvfb (xvfb-run)."})
public final class BenchGuiCommand extends CliCommand {
    @Option(names = "--hours", defaultValue = "24", paramLabel = "H", description = "Length of the recording in hours (default ${DEFAULT-VALUE}).")
    double hours;

    @Option(names = "--steps", defaultValue = "50", paramLabel = "N", description = "Zoom and pan steps to time (default ${DEFAULT-VALUE}).")
    int steps;

    @Override
    protected Object execute() throws Exception {
        if (hours <= 0 || steps < 1) {
            throw new IllegalArgumentException("--hours must be above 0 and --steps at least 1");
        }
        // Without a display JavaFX's GTK toolkit waits for ever instead of failing: say so at once.
        String noDisplay = DisplayCheck.problem().orElse(null);
        if (noDisplay != null) {
            throw new IllegalStateException("bench gui needs a window: " + noDisplay);
        }
        GuiBenchmark.Config d = GuiBenchmark.Config.defaults();
        try {
            return GuiBenchmark.run(new GuiBenchmark.Config(hours, d.fs(), steps, d.seed(), d.width(), d.height()));
        } finally {
            Platform.exit();
        }
    }

    @Override
    protected void printHuman(Object result, PrintWriter out) {
        out.print(((GuiBenchmark.Result) result).summary());
    }
}
