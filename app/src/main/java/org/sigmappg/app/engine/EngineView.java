package org.sigmappg.app.engine;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.shell.NavTarget;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;

/**
 * The engine panel: the engine, version, device, threads and native library training uses now, what is wrong
 * with the GPU settings if anything, and the steps to switch to the CUDA flavour of PyTorch, with the
 * environment line to copy.
 */
public final class EngineView implements WorkbenchView {
    private final EngineTarget target;
    private final ReadOnlyStringWrapper title;
    private final VBox box = new VBox(8);
    private final ScrollPane root = new ScrollPane(box);
    private EngineReport report;

    public EngineView(EngineTarget target, WorkbenchContext context) {
        this.target = target;
        this.title = new ReadOnlyStringWrapper(target.title());
        root.setFitToWidth(true);
        root.getStyleClass().add("engine-view");
        box.setPadding(new Insets(10, 14, 14, 14));
        box.getChildren().add(new Label("Loading the engine\u2026"));
        context.background().read(() -> EngineReport.probe(System.getenv(), EngineReport.classPath()), this::show,
                error -> {
                    Label l = new Label("The engine could not be described: " + ErrorText.of(error));
                    l.getStyleClass().add("error-text");
                    box.getChildren().setAll(l);
                });
    }

    private void show(EngineReport r) {
        report = r;
        Label heading = new Label("Engine and GPU");
        heading.getStyleClass().add("view-title");
        GridPane inUse = new GridPane();
        inUse.setId("engine-in-use");
        inUse.setHgap(10);
        inUse.setVgap(4);
        int row = 0;
        for (String[] kv : r.inUse()) {
            Label k = new Label(kv[0]);
            k.getStyleClass().add("section-title");
            TextField v = new TextField(kv[1]);
            v.setId("engine-" + kv[0].toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
            v.setEditable(false);
            v.setPrefColumnCount(70);
            v.getStyleClass().add("plain-value");
            inUse.addRow(row++, k, v);
        }
        VBox problems = new VBox(4);
        problems.setId("engine-problems");
        for (String p : r.problems()) {
            Label l = new Label(p);
            l.getStyleClass().add("form-problem");
            l.setWrapText(true);
            problems.getChildren().add(l);
        }
        Label how = new Label(r.gpus() > 0 ? "Training on the GPU" : "Switching to the CUDA flavour of PyTorch");
        how.getStyleClass().add("section-title");
        VBox steps = new VBox(4);
        steps.setId("engine-steps");
        for (String s : r.steps()) {
            Label l = new Label(s);
            l.setWrapText(true);
            steps.getChildren().add(l);
        }
        String env = "export PYTORCH_LIBRARY_PATH=/opt/libtorch/lib PYTORCH_VERSION=" + EngineReport.LIBTORCH + " PYTORCH_FLAVOR="
                + EngineReport.CUDA_FLAVOR;
        TextField line = new TextField(env);
        line.setId("engine-env-line");
        line.setEditable(false);
        line.getStyleClass().add("command-line");
        line.setPrefColumnCount(70);
        Button copy = new Button("Copy");
        copy.setId("engine-copy-env");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(env);
            Clipboard.getSystemClipboard().setContent(c);
        });
        box.getChildren().setAll(heading, inUse, problems, how, steps, new HBox(6, line, copy));
    }

    /** What the panel shows, or null while the engine loads. */
    public EngineReport report() {
        return report;
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    @Override
    public NavTarget target() {
        return target;
    }
}
