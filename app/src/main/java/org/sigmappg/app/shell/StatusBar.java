package org.sigmappg.app.shell;

import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The bottom line of the main window: the latest message, the background job under way (title, message,
 * progress bar, Cancel) with a count of any others, and the workspace folder.
 */
public final class StatusBar extends HBox {
    private final Label message = new Label("Ready");
    private final Label jobTitle = new Label();
    private final Label jobMessage = new Label();
    private final Label eta = new Label();
    private final Label more = new Label();
    private final ProgressBar bar = new ProgressBar();
    private final Button cancel = new Button("Cancel");
    private final HBox jobBox;
    private Job shown;

    public StatusBar(BackgroundWork work, String workspace) {
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(8);
        message.setId("status-message");
        message.setMinWidth(60);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        jobTitle.getStyleClass().add("job-title");
        jobTitle.setId("job-title");
        jobMessage.setId("job-message");
        jobMessage.setMaxWidth(420);
        eta.setId("job-eta");
        eta.setMinWidth(Region.USE_PREF_SIZE);
        bar.setId("job-progress");
        bar.setPrefWidth(180);
        cancel.setId("job-cancel");
        // On a narrow window the message, the job's message and the workspace path give way; the button keeps its word.
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        more.setMinWidth(Region.USE_PREF_SIZE);
        bar.setMinWidth(80);
        jobMessage.setMinWidth(0);
        cancel.setOnAction(e -> {
            if (shown != null) {
                shown.cancel();
                cancel.setDisable(true);
                // The job may take a moment to notice; say so instead of its last progress message.
                jobMessage.textProperty().unbind();
                jobMessage.setText("cancelling\u2026");
            }
        });
        jobBox = new HBox(8, jobTitle, jobMessage, bar, eta, cancel, more);
        jobBox.setAlignment(Pos.CENTER_LEFT);
        jobBox.setId("job");
        jobBox.setVisible(false);
        jobBox.setManaged(false);
        Label ws = new Label(workspace);
        ws.getStyleClass().add("workspace-path");
        ws.setTooltip(new Tooltip("Workspace folder: " + workspace));
        ws.setMinWidth(60);
        getChildren().addAll(message, jobBox, ws);
        work.jobs().addListener((ListChangeListener<Job>) c -> showJobs(work));
    }

    private void showJobs(BackgroundWork work) {
        Job first = work.jobs().isEmpty() ? null : work.jobs().get(0);
        if (first != shown) {
            jobMessage.textProperty().unbind();
            bar.progressProperty().unbind();
            eta.textProperty().unbind();
            eta.setText("");
            shown = first;
            if (first != null) {
                jobTitle.setText(first.title());
                jobMessage.textProperty().bind(first.messageProperty());
                bar.progressProperty().bind(first.progressProperty());
                eta.textProperty().bind(first.etaProperty());
                cancel.setDisable(!first.cancellable() || first.isCancelled());
            }
        }
        int others = work.jobs().size() - 1;
        more.setText(others > 0 ? "+" + others + " more" : "");
        jobBox.setVisible(first != null);
        jobBox.setManaged(first != null);
    }

    /** Shows {@code text} as the latest message. */
    public void setMessage(String text) {
        message.setText(text);
        // The bar may cut a long message; its tooltip has it whole.
        message.setTooltip(text == null || text.isBlank() ? null : new Tooltip(text));
    }

    public String message() {
        return message.getText();
    }
}
