package org.sigmappg.app.shell;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import org.sigmappg.model.DeviceChoice;
import org.sigmappg.run.FileTools;

/**
 * The workbench's own settings, kept for the user (not per workspace) in {@code sigma-ppg/workbench.properties} under
 * the user's configuration folder ({@code $XDG_CONFIG_HOME}, else {@code ~/.config}); {@code -D}{@value #FILE_PROPERTY}
 * names another file. Today one setting: PyTorch's intra-op thread count, which the engine reads once as it loads, so
 * a change applies at the next start. Without JavaFX.
 *
 * @param threads the intra-op threads to train with, or empty for the default (every core)
 * @param problem what was wrong with the file as read (a one-line message), or null
 */
public record WorkbenchSettings(Path file, OptionalInt threads, String problem) {
    /** Names the settings file instead of the one in the user's configuration folder (tests, several set-ups). */
    public static final String FILE_PROPERTY = "sigmappg.settings";
    static final String THREADS = "threads";

    /** The settings file of this user. */
    public static Path defaultFile() {
        String named = System.getProperty(FILE_PROPERTY);
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return config.resolve("sigma-ppg").resolve("workbench.properties");
    }

    /** The settings in {@code file}; a missing file gives the defaults, an unreadable one the defaults and its problem. */
    public static WorkbenchSettings load(Path file) {
        if (!Files.exists(file)) {
            return new WorkbenchSettings(file, OptionalInt.empty(), null);
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file)));
        } catch (IOException | RuntimeException e) {
            return new WorkbenchSettings(file, OptionalInt.empty(), file + ": cannot be read (" + ErrorText.of(e) + "); using the defaults");
        }
        String t = p.getProperty(THREADS, "").trim();
        if (t.isEmpty()) {
            return new WorkbenchSettings(file, OptionalInt.empty(), null);
        }
        try {
            int n = Integer.parseInt(t);
            if (n >= 1) {
                return new WorkbenchSettings(file, OptionalInt.of(n), null);
            }
        } catch (NumberFormatException notANumber) {
            // Said below.
        }
        return new WorkbenchSettings(file, OptionalInt.empty(), file + ": threads = " + t + " is not a whole number of at least 1; "
                + "training uses every core");
    }

    /** These settings with {@code n} intra-op threads, or the default (every core) for empty. */
    public WorkbenchSettings withThreads(OptionalInt n) {
        if (n.isPresent() && n.getAsInt() < 1) {
            throw new IllegalArgumentException("the intra-op threads must be at least 1, not " + n.getAsInt());
        }
        return new WorkbenchSettings(file, n, null);
    }

    /** Writes the settings (atomically: a reader sees the old file or the new one). */
    public void save() throws IOException {
        Properties p = new Properties();
        threads.ifPresent(n -> p.setProperty(THREADS, Integer.toString(n)));
        StringWriter text = new StringWriter();
        p.store(text, "SIGMA-PPG workbench settings; threads: PyTorch intra-op threads for training (empty: every core)");
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileTools.writeStringAtomically(file, text.toString());
    }

    /**
     * Asks the engine for the stored thread count, before it loads, unless {@code -D}{@value DeviceChoice#THREADS_PROPERTY}
     * already names one (which wins, as it does on the command line).
     *
     * @return where the count in use comes from, in words
     */
    public String applyThreads() {
        String given = System.getProperty(DeviceChoice.THREADS_PROPERTY);
        if (given != null && !given.isBlank()) {
            return "-D" + DeviceChoice.THREADS_PROPERTY + "=" + given.trim();
        }
        if (threads.isPresent()) {
            System.setProperty(DeviceChoice.THREADS_PROPERTY, Integer.toString(threads.getAsInt()));
            return "the workbench setting (" + file + ")";
        }
        return "the default: every core";
    }

    /** The thread count in words: {@code 1} or {@code every core}. */
    public String threadsText() {
        return threads.isPresent() ? Integer.toString(threads.getAsInt()) : "every core";
    }

    /** The problem with the file, if any. */
    public Optional<String> fileProblem() {
        return Optional.ofNullable(problem);
    }
}
