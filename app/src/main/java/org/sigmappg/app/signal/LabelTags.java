package org.sigmappg.app.signal;

import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;

/**
 * The labels of a record and of its subject (demographics, blood pressure, classes) as a row of tags over the
 * signal explorer's plot. A tag the import flagged is marked and says why on hover.
 */
final class LabelTags {
    private LabelTags() {
    }

    /** The row for the model's record, or empty when neither the record nor its subject has labels. */
    static Optional<Node> row(SignalExplorerModel model) {
        List<SignalExplorerModel.LabelText> subject = model.subjectLabels();
        List<SignalExplorerModel.LabelText> record = model.recordLabels();
        if (subject.isEmpty() && record.isEmpty()) {
            return Optional.empty();
        }
        FlowPane row = new FlowPane(6, 3);
        row.setId("explorer-labels");
        row.setPadding(new Insets(2, 0, 2, 0));
        addTags(row, "record", record);
        addTags(row, "subject " + model.signals().subject(), subject);
        return Optional.of(row);
    }

    private static void addTags(FlowPane row, String whose, List<SignalExplorerModel.LabelText> labels) {
        if (labels.isEmpty()) {
            return;
        }
        Label title = new Label(whose + ":");
        title.getStyleClass().add("label-tags-title");
        row.getChildren().add(title);
        for (SignalExplorerModel.LabelText l : labels) {
            Label tag = new Label(l.text());
            tag.getStyleClass().add("label-tag");
            if (l.flag() != null) {
                tag.getStyleClass().add("flagged");
                tag.setTooltip(new Tooltip(l.text() + " is " + l.flag() + "; it is left out of tasks"));
            }
            row.getChildren().add(tag);
        }
    }
}
