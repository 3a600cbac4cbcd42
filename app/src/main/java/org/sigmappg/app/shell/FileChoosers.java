package org.sigmappg.app.shell;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The workbench's open, save and folder choosers behind one seam, so that a test can answer them without a native
 * dialog. The system choosers start in the folder last chosen in this session, else the user's home (never the
 * folder the workbench was started from).
 */
public interface FileChoosers {
    /** A file the user picked to read, or empty when the chooser was cancelled. */
    Optional<Path> open(Window owner, String title, List<FileChooser.ExtensionFilter> filters);

    /** A file the user named to write (suggested {@code initialName}), or empty when the chooser was cancelled. */
    Optional<Path> save(Window owner, String title, String initialName, List<FileChooser.ExtensionFilter> filters);

    /** A folder the user picked (to write into), or empty when the chooser was cancelled. */
    Optional<Path> folder(Window owner, String title);

    /** The platform's choosers, remembering the last folder. */
    static FileChoosers system() {
        return new SystemChoosers();
    }

    /** JavaFX's native choosers; a new instance remembers nothing. */
    final class SystemChoosers implements FileChoosers {
        private Path lastFolder;

        @Override
        public Optional<Path> open(Window owner, String title, List<FileChooser.ExtensionFilter> filters) {
            FileChooser c = chooser(title, filters);
            return remember(c.showOpenDialog(owner));
        }

        @Override
        public Optional<Path> save(Window owner, String title, String initialName, List<FileChooser.ExtensionFilter> filters) {
            FileChooser c = chooser(title, filters);
            c.setInitialFileName(initialName);
            return remember(c.showSaveDialog(owner));
        }

        @Override
        public Optional<Path> folder(Window owner, String title) {
            DirectoryChooser c = new DirectoryChooser();
            c.setTitle(title);
            startFolder().ifPresent(f -> c.setInitialDirectory(f.toFile()));
            File chosen = c.showDialog(owner);
            if (chosen == null) {
                return Optional.empty();
            }
            // The next chooser starts in the folder chosen, not in its parent.
            lastFolder = chosen.toPath().toAbsolutePath();
            return Optional.of(lastFolder);
        }

        private FileChooser chooser(String title, List<FileChooser.ExtensionFilter> filters) {
            FileChooser c = new FileChooser();
            c.setTitle(title);
            c.getExtensionFilters().setAll(filters);
            startFolder().ifPresent(f -> c.setInitialDirectory(f.toFile()));
            return c;
        }

        /** The last folder while it still exists, else the user's home (when there is one). */
        Optional<Path> startFolder() {
            if (lastFolder != null && Files.isDirectory(lastFolder)) {
                return Optional.of(lastFolder);
            }
            String home = System.getProperty("user.home");
            return home == null || home.isBlank() || !Files.isDirectory(Path.of(home)) ? Optional.empty() : Optional.of(Path.of(home));
        }

        private Optional<Path> remember(File chosen) {
            if (chosen == null) {
                return Optional.empty();
            }
            Path p = chosen.toPath().toAbsolutePath();
            if (p.getParent() != null) {
                lastFolder = p.getParent();
            }
            return Optional.of(p);
        }
    }
}
