package org.sigmappg.app.shell;

import java.util.List;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Region;
import javafx.stage.Window;

/** Error dialogs in plain words: what failed, why (with the file and the fix), and the causes on request. */
public final class ErrorDialogs {
    private ErrorDialogs() {
    }

    /** Shows {@code error} under the heading {@code title}; returns the dialog (already showing). */
    public static Alert show(Window owner, Theme theme, String title, Throwable error) {
        Alert alert = create(owner, theme, title, error);
        alert.show();
        return alert;
    }

    /** The dialog {@link #show} shows, not showing yet (for a caller that adds buttons). */
    public static Alert create(Window owner, Theme theme, String title, Throwable error) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        if (owner != null) {
            alert.initOwner(owner);
        }
        theme.apply(alert.getDialogPane());
        alert.setTitle("SIGMA-PPG Workbench");
        alert.setHeaderText(title);
        Label text = new Label(ErrorText.of(error));
        text.setWrapText(true);
        text.setId("error-message");
        text.setMaxWidth(560);
        // Without a preferred width the dialog sizes itself to the unwrapped line: wider than the screen for a long message.
        text.setPrefWidth(560);
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().setId("error-dialog");
        alert.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        List<String> causes = ErrorText.causes(error);
        if (!causes.isEmpty()) {
            TextArea details = new TextArea(String.join("\n", causes));
            details.setEditable(false);
            details.setWrapText(true);
            details.setPrefRowCount(Math.min(6, causes.size() + 1));
            alert.getDialogPane().setExpandableContent(details);
        }
        return alert;
    }
}
