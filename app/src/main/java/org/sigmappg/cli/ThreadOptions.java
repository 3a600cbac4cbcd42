package org.sigmappg.cli;

import java.io.PrintWriter;
import org.sigmappg.model.DeviceChoice;
import picocli.CommandLine.Option;

/** {@code --threads N} of the commands that compute with the engine: PyTorch's intra-op threads for this run. */
public class ThreadOptions {
    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch intra-op threads (default: every core; fewer leaves room for other work on a shared machine).")
    Integer threads;

    /**
     * Sets the thread count before the engine loads and, when one was asked for, says so if it exceeds the idle cores
     * (the default, every core with passive waiting, shares a busy machine without collapsing, so it passes quietly).
     */
    void apply(PrintWriter err) {
        if (threads == null) {
            DeviceChoice.configureThreads();
            return;
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        System.setProperty(DeviceChoice.THREADS_PROPERTY, Integer.toString(threads));
        DeviceChoice.threadAdvice(DeviceChoice.configureThreads()).ifPresent(note -> {
            err.println("note: " + note);
            err.flush();
        });
    }
}
