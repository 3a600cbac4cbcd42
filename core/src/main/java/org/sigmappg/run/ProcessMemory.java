package org.sigmappg.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * Memory of this process, for the per-epoch run metrics that show a training run is not leaking: resident
 * memory from the kernel, and the part outside the Java heap (PyTorch's tensors live there).
 */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Resident set size in MiB, where the platform reports it (Linux /proc). */
    public static OptionalDouble residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.trim().split("\\s+");
                    return OptionalDouble.of(Long.parseLong(parts[1]) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.empty();
    }

    /** Resident memory not taken by the Java heap, in MiB: native tensors, code, thread stacks. */
    public static OptionalDouble nativeMegabytes() {
        OptionalDouble rss = residentMegabytes();
        if (rss.isEmpty()) {
            return rss;
        }
        return OptionalDouble.of(rss.getAsDouble() - Runtime.getRuntime().totalMemory() / (1024.0 * 1024.0));
    }
}
