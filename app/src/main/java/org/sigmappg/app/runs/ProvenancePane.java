package org.sigmappg.app.runs;

import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import org.sigmappg.eval.RunOverview;
import org.sigmappg.run.RunInfo;

/** The Provenance tab of a run's page: what the run store records about where and how the run was made. */
final class ProvenancePane {
    private final GridPane grid = new GridPane();

    ProvenancePane() {
        grid.setHgap(12);
        grid.setVgap(4);
        grid.setPadding(new Insets(8));
        grid.setId("run-provenance");
    }

    Node node() {
        return new ScrollPane(grid);
    }

    void show(RunInfo r) {
        grid.getChildren().clear();
        int row = 0;
        for (String[] kv : List.of(new String[] {"Run", r.id()}, new String[] {"Kind", r.kind()},
                new String[] {"Dataset", r.dataset()}, new String[] {"Dataset manifest hash", r.datasetHash()},
                new String[] {"Parent run", r.parent()}, new String[] {"Parameters hash", r.paramsHash()},
                new String[] {"Seed", r.seed() == null ? null : r.seed().toString()}, new String[] {"Code version", r.codeVersion()},
                new String[] {"Engine", r.engine()}, new String[] {"Device", r.device() == null ? null : RunOverview.device(r.device())}, new String[] {"Host", r.host()},
                new String[] {"Process", r.pid() == null ? null : r.pid().toString()},
                new String[] {"Created", r.created()}, new String[] {"Started", r.started()}, new String[] {"Ended", r.ended()},
                new String[] {"Last heartbeat", r.heartbeat()})) {
            Label k = new Label(kv[0]);
            k.getStyleClass().add("section-title");
            TextField v = new TextField(kv[1] == null ? "\u2014" : kv[1]);
            v.setEditable(false);
            v.setPrefColumnCount(60);
            v.getStyleClass().add("plain-value");
            grid.addRow(row++, k, v);
        }
    }
}
