package org.sigmappg.app.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.sigmappg.app.navigation.EngineTarget;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchSettings;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.model.DeviceChoice;

/**
 * The engine panel: the engine, version, device, threads and native library training uses now, the setting of the
 * threads for training (kept for the next start, with a note when the threads exceed the idle cores), what is wrong
 * with the GPU settings if anything, and the steps to switch to the CUDA flavour of PyTorch, with the
 * environment line to copy.
 */
public final class EngineView implements WorkbenchView {
    private final EngineTarget target;
    private final ReadOnlyStringWrapper title;
    private final VBox box = new VBox(8);
    private final ScrollPane root = new ScrollPane(box);
    private static final String EVERY_CORE = "every core";
    private final WorkbenchContext context;
    private EngineReport report;
    private WorkbenchSettings settings;

    public EngineView(EngineTarget target, WorkbenchContext context) {
        this.target = target;
        this.title = new ReadOnlyStringWrapper(target.title());
        root.setFitToWidth(true);
        root.getStyleClass().add("engine-view");
        box.setPadding(new Insets(10, 14, 14, 14));
        box.getChildren().add(new Label("Loading the engine\u2026"));
        this.context = context;
        context.background().read(() -> new Loaded(EngineReport.probe(System.getenv(), EngineReport.classPath()),
                WorkbenchSettings.load(WorkbenchSettings.defaultFile())), this::show,
                error -> {
                    Label l = new Label("The engine could not be described: " + ErrorText.of(error));
                    l.getStyleClass().add("error-text");
                    box.getChildren().setAll(l);
                });
    }

    /** The engine as loaded and the settings as stored. */
    private record Loaded(EngineReport report, WorkbenchSettings settings) {
    }

    private void show(Loaded loaded) {
        EngineReport r = loaded.report();
        report = r;
        settings = loaded.settings();
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
            k.setMinWidth(Region.USE_PREF_SIZE);
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
        box.getChildren().setAll(heading, inUse, problems, threadSetting(r), how, steps, new HBox(6, line, copy));
    }

    /**
     * The intra-op threads to train with, kept in the workbench's settings: PyTorch reads the count once, as the engine
     * loads, so a change applies at the next start. Says so when the threads in use exceed the idle cores.
     */
    private Node threadSetting(EngineReport r) {
        Label title = new Label("Threads for training");
        title.getStyleClass().add("section-title");
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> choices = new ArrayList<>(List.of(EVERY_CORE));
        for (int n = 1; n <= cores; n++) {
            choices.add(Integer.toString(n));
        }
        ComboBox<String> threads = new ComboBox<>(FXCollections.observableArrayList(choices));
        threads.setId("engine-threads-setting");
        threads.setValue(settings.threads().isPresent() ? Integer.toString(settings.threads().getAsInt()) : EVERY_CORE);
        Button save = new Button("Save");
        save.setId("engine-threads-save");
        save.setTooltip(new Tooltip("Keep the choice in " + settings.file() + "; training uses it from the next start"));
        Label saved = new Label();
        saved.setId("engine-threads-saved");
        saved.getStyleClass().add("form-note");
        save.setOnAction(e -> {
            WorkbenchSettings next = settings.withThreads(EVERY_CORE.equals(threads.getValue()) ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(threads.getValue())));
            save.setDisable(true);
            context.background().read(() -> {
                next.save();
                return next;
            }, done -> {
                settings = done;
                save.setDisable(false);
                saved.setText("Saved: training uses " + done.threadsText() + (done.threads().isPresent() ? " intra-op thread(s)" : "")
                        + " from the next start of the workbench.");
                context.showStatus("Saved the training threads in " + done.file());
            }, error -> {
                save.setDisable(false);
                context.showError("The setting could not be saved in " + next.file(), error);
            });
        });
        Label pick = new Label("Intra-op threads:");
        pick.setLabelFor(threads);
        HBox row = new HBox(8, pick, threads, save, saved);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Label about = new Label("PyTorch's threads within one operation (" + cores + " cores here; now "
                + (r.threads().isEmpty() ? "unknown" : r.threads()) + "). Fewer than the cores leaves room for other work on a shared "
                + "machine; on one where other work runs, more threads than idle cores slow training down. -D" + DeviceChoice.THREADS_PROPERTY
                + "=N when starting overrides this setting.");
        about.setWrapText(true);
        about.getStyleClass().add("form-note");
        VBox section = new VBox(4, title, row, about);
        section.setId("engine-threads");
        threadsInUse(r).flatMap(DeviceChoice::threadAdvice).ifPresent(note -> {
            Label l = new Label("Note: " + note + ".");
            l.setId("engine-threads-advice");
            l.setWrapText(true);
            l.getStyleClass().add("form-problem");
            section.getChildren().add(l);
        });
        settings.fileProblem().ifPresent(p -> {
            Label l = new Label(p);
            l.setWrapText(true);
            l.getStyleClass().add("form-problem");
            section.getChildren().add(l);
        });
        return section;
    }

    /** The intra-op thread count the loaded engine reports ({@code 2 intra-op threads}), if it says. */
    private static Optional<Integer> threadsInUse(EngineReport r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) intra-op").matcher(r.threads());
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** The settings as last read or saved (for tests), or null while the engine loads. */
    public WorkbenchSettings settings() {
        return settings;
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
