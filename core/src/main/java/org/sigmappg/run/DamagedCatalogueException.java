package org.sigmappg.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A workspace refused because its catalogue is missing, empty or damaged; nothing in it was changed or
 * removed. Names the latest backup that passes its integrity check, which {@link CatalogueBackups#restore}
 * puts back (the workbench offers the same in its dialog).
 */
public final class DamagedCatalogueException extends IOException {
    private final transient Path directory;
    private final transient Path backup;

    private DamagedCatalogueException(String message, Path directory, Path backup, Throwable cause) {
        super(message, cause);
        this.directory = directory;
        this.backup = backup;
    }

    static DamagedCatalogueException damaged(Path dir, Path db, Optional<Path> backup, Throwable cause) {
        return new DamagedCatalogueException("the catalogue " + db + " is damaged (it fails SQLite's integrity check); "
                + wayBack(dir, backup), dir, backup.orElse(null), cause);
    }

    static DamagedCatalogueException missing(Path dir, Path db, Optional<Path> backup) {
        String what = java.nio.file.Files.exists(db) ? "is empty (0 bytes)" : "is missing";
        return new DamagedCatalogueException("the catalogue " + db + " of this workspace " + what + "; " + wayBack(dir, backup),
                dir, backup.orElse(null), null);
    }

    private static String wayBack(Path dir, Optional<Path> backup) {
        String kept = "nothing in the workspace was changed or removed; ";
        return backup.map(b -> kept + "restore its latest good backup (" + b + ") with: sigma-ppg workspace restore --workspace "
                        + CatalogueBackups.quoted(dir))
                .orElse(kept + "no backup of it in " + dir.resolve(CatalogueBackups.FOLDER) + " passes its integrity check, so it "
                        + "cannot be restored; keep the folder for its files and use another --workspace");
    }

    /** The workspace folder. */
    public Path directory() {
        return directory;
    }

    /** The backup a restore would put back, if there is one. */
    public Optional<Path> backup() {
        return Optional.ofNullable(backup);
    }
}
