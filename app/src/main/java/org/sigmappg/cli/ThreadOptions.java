package org.sigmappg.cli;

import java.io.PrintWriter;
import org.sigmappg.model.DeviceChoice;
import picocli.CommandLine.Option;

/** {@code --threads N} of the commands that compute with the engine: PyTorch's intra-op threads for this run. */
public class ThreadOptions {
    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch intra-op threads (default: every core; fewer leaves room for other work on a shared machine).")
    Integer threads;

    /** Sets the thread count before the engine loads and says so when it exceeds the idle cores. */
    void apply(PrintWriter err) {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
            System.setProperty(DeviceChoice.THREADS_PROPERTY, Integer.toString(threads));
        }
        int requested = DeviceChoice.configureThreads();
        DeviceChoice.threadAdvice(requested).ifPresent(note -> {
            err.println("note: " + note);
            err.flush();
        });
    }
}
