package org.sigmappg;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the real recordings in {@code ../shared/data} (next to the checkout). Tests that need them
 * call {@link #require(String)} and are skipped, with a message saying where the data was looked for,
 * when they are absent.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The shared data folder, or the configured one; may not exist. */
    public static Path root() {
        String configured = System.getProperty("sigmappg.shared.data");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return Path.of("..", "..", "shared", "data").toAbsolutePath().normalize();
    }

    /** A folder or file under the shared data; skips the calling test when it is absent. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.exists(p), () -> "shared data not found at " + p
                + " (put the shared data next to the checkout as ../shared/data, or set -Dsigmappg.shared.data=DIR)");
        return p;
    }
}
