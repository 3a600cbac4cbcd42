package org.sigmappg.app.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import org.sigmappg.run.CatalogueBackups;
import org.sigmappg.run.DamagedCatalogueException;

/**
 * The dialog shown when a workspace cannot be opened: the reason in plain words and, where the catalogue is
 * damaged or missing and a good backup exists, a button that restores that backup (as {@code sigma-ppg
 * workspace restore} does) and then opens the workspace. The restore and the opening run off the JavaFX thread.
 */
public final class OpenFailureDialog {
    public static final ButtonType RESTORE = new ButtonType("Restore the backup and open", ButtonBar.ButtonData.OK_DONE);

    private OpenFailureDialog() {
    }

    /** Opens the workspace after a restore; runs on a background thread. */
    @FunctionalInterface
    public interface Opening<T> {
        T open() throws IOException;
    }

    /**
     * Shows {@code failure} for the workspace in {@code directory}. After a restore, {@code opening}'s result goes
     * to {@code onOpened} on the JavaFX thread; {@code onGiveUp} runs when the dialog is closed without one.
     */
    public static <T> Alert show(Path directory, Theme theme, IOException failure, Opening<T> opening, Consumer<T> onOpened,
                                 Runnable onGiveUp) {
        Alert alert = ErrorDialogs.create(null, theme, "The workspace " + directory + " could not be opened", failure);
        Optional<Path> backup = failure instanceof DamagedCatalogueException d ? d.backup() : Optional.empty();
        if (backup.isPresent()) {
            alert.getButtonTypes().setAll(RESTORE, ButtonType.CLOSE);
            ((Button) alert.getDialogPane().lookupButton(RESTORE)).setId("restore-backup");
        }
        alert.setOnHidden(e -> {
            if (alert.getResult() == RESTORE) {
                restoreThenOpen(directory, theme, opening, onOpened, onGiveUp);
            } else {
                onGiveUp.run();
            }
        });
        alert.show();
        return alert;
    }

    private static <T> void restoreThenOpen(Path directory, Theme theme, Opening<T> opening, Consumer<T> onOpened, Runnable onGiveUp) {
        Thread worker = new Thread(() -> {
            try {
                CatalogueBackups.restore(directory);
                T opened = opening.open();
                Platform.runLater(() -> onOpened.accept(opened));
            } catch (IOException | RuntimeException e) {
                IOException failure = e instanceof IOException io ? io : new IOException(ErrorText.of(e), e);
                Platform.runLater(() -> show(directory, theme, failure, opening, onOpened, onGiveUp));
            }
        }, "workspace-restore");
        worker.setDaemon(true);
        worker.start();
    }
}
