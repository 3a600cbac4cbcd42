package org.sigmappg.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sigmappg.app.FxTesting.onFx;
import static org.sigmappg.app.FxTesting.waitUntil;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sigmappg.app.TestWorkspaces;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.run.DamagedCatalogueException;
import org.sigmappg.run.Workspace;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A workspace whose catalogue is damaged: the dialog says so, and its button restores the backup and opens the workspace. */
@ExtendWith(ApplicationExtension.class)
class OpenFailureDialogFxTest {
    @TempDir
    Path tmp;

    @Start
    void start(Stage stage) {
        // The dialog is its own window; the test needs the toolkit only.
    }

    @Test
    void theRestoreButtonBringsBackTheLatestGoodBackupAndOpens(FxRobot robot) throws Exception {
        Path dir = tmp.resolve("ws");
        TestWorkspaces.withSample(dir);
        try (Stream<Path> s = Files.list(dir.resolve("backups"))) {
            for (Path b : s.toList()) {
                Files.setLastModifiedTime(b, FileTime.from(Instant.now().minus(Duration.ofMinutes(10))));
            }
        }
        // An opening after the interval backs up the runs the sample import entered after its first backup.
        Workspace.open(dir);
        damage(dir.resolve(Workspace.DB_FILE));
        DamagedCatalogueException failure = null;
        try {
            Workspace.open(dir);
        } catch (DamagedCatalogueException e) {
            failure = e;
        }
        assertTrue(failure != null && failure.backup().isPresent(), "the damaged catalogue is refused with a backup to restore");

        AtomicReference<Workspace> opened = new AtomicReference<>();
        AtomicBoolean gaveUp = new AtomicBoolean();
        DamagedCatalogueException shown = failure;
        Alert alert = onFx(() -> OpenFailureDialog.show(dir, Theme.LIGHT, shown, () -> Workspace.open(dir), opened::set,
                () -> gaveUp.set(true)));
        waitUntil("the dialog shows", 10, alert::isShowing);
        String text = robot.lookup("#error-message").queryLabeled().getText();
        assertTrue(text.startsWith("the catalogue " + dir.resolve(Workspace.DB_FILE) + " is damaged"), text);
        robot.clickOn("#restore-backup");
        waitUntil("the workspace opens after the restore", 60, () -> opened.get() != null);
        List<String> names = new Catalogue(opened.get()).datasets().stream().map(DatasetInfo::name).toList();
        assertEquals(List.of("sample"), names);
        assertEquals(false, gaveUp.get());
        try (Stream<Path> s = Files.list(dir.resolve("backups"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("damaged-")), "the damaged catalogue is kept");
        }
    }

    private static void damage(Path db) throws IOException {
        byte[] noise = new byte[64 << 10];
        new java.util.Random(14).nextBytes(noise);
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            f.seek(f.length() / 2 - noise.length / 2);
            f.write(noise);
        }
    }
}
