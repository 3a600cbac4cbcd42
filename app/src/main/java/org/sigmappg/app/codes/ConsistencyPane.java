package org.sigmappg.app.codes;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.sigmappg.app.navigation.CodesTarget;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.shell.Theme;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowCache;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.CodeInspector;

/**
 * The Codes view's consistency row: one window of a record encoded by the tokenizer and again after an augmentation
 * as training draws it, the codes of both, and the share of patches that keep their code (ICR).
 */
final class ConsistencyPane {
    private final WorkbenchContext context;
    private final CodesTarget target;
    private final ComboBox<String> recordChoice = new ComboBox<>();
    private final Spinner<Integer> windowChoice = new Spinner<>(0, 0, 0);
    private final Button augment = new Button("Augment again");
    private final Label icr = new Label();
    private final CodeStrip original = new CodeStrip();
    private final CodeStrip augmented = new CodeStrip();
    private final PauseTransition checkDelay = new PauseTransition(Duration.millis(250));
    private long seed = 1;
    private CodeInspector inspector;
    private boolean closed;
    private boolean settingWindow;
    private CodesView.Loaded loaded;

    ConsistencyPane(WorkbenchContext context, CodesTarget target) {
        this.context = context;
        this.target = target;
    }

    /** Lists the records of what the view read and checks the first window. */
    void show(CodesView.Loaded l) {
        loaded = l;
        List<String> names = l.records().values().stream().sorted((a, b) -> Integer.compare(a.index(), b.index()))
                .map(RecordInfo::name).toList();
        recordChoice.getItems().setAll(names);
        if (!l.windowList().isEmpty()) {
            checkWindow(l.windowList().get(0));
        }
    }

    CodeStrip originalStrip() {
        return original;
    }

    CodeStrip augmentedStrip() {
        return augmented;
    }

    String icrText() {
        return icr.getText();
    }

    Node node() {
        Label heading = new Label("Consistency under augmentation");
        heading.getStyleClass().add("section-title");
        recordChoice.setId("codes-record");
        recordChoice.setTooltip(new Tooltip("The record of the window to check"));
        windowChoice.setId("codes-window");
        windowChoice.setEditable(true);
        windowChoice.setPrefWidth(80);
        windowChoice.setTooltip(new Tooltip("The window of the record"));
        recordChoice.valueProperty().addListener((o, a, b) -> recordChosen(b));
        windowChoice.valueProperty().addListener((o, a, b) -> {
            if (!settingWindow) {
                checkDelay.playFromStart();
            }
        });
        checkDelay.setOnFinished(e -> chosenWindow().ifPresent(this::checkWindow));
        augment.setId("codes-augment");
        augment.setTooltip(new Tooltip("Draw another amplitude scale and noise, as training does, and encode the window again"));
        augment.setOnAction(e -> {
            seed++;
            chosenWindow().ifPresent(this::checkWindow);
        });
        icr.setId("codes-icr");
        Label rLabel = new Label("Record");
        rLabel.setLabelFor(recordChoice);
        Label wLabel = new Label("window");
        wLabel.setLabelFor(windowChoice);
        HBox bar = new HBox(8, heading, rLabel, recordChoice, wLabel, windowChoice, augment);
        bar.setAlignment(Pos.CENTER_LEFT);
        // The controls keep their size; the ICR sentence gets a line of its own.
        recordChoice.setPrefWidth(120);
        for (javafx.scene.control.Control c : List.of(heading, rLabel, recordChoice, wLabel, windowChoice, augment)) {
            c.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        Label o = new Label("window");
        Label a = new Label("augmented");
        o.setMinWidth(80);
        a.setMinWidth(80);
        original.setId("codes-original");
        augmented.setId("codes-augmented");
        HBox row1 = new HBox(6, o, original);
        HBox row2 = new HBox(6, a, augmented);
        HBox.setHgrow(original, Priority.ALWAYS);
        HBox.setHgrow(augmented, Priority.ALWAYS);
        VBox box = new VBox(4, bar, icr, row1, row2);
        box.setPadding(new Insets(4, 6, 6, 6));
        return box;
    }

    private void recordChosen(String name) {
        if (settingWindow || name == null || loaded == null) {
            return;
        }
        long count = loaded.windowList().stream().filter(w -> loaded.records().get(w.recordId()).name().equals(name)).count();
        settingWindow = true;
        windowChoice.setValueFactory(new javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory(0, (int) Math.max(0, count - 1), 0));
        settingWindow = false;
        checkDelay.playFromStart();
    }

    private java.util.Optional<WindowInfo> chosenWindow() {
        String name = recordChoice.getValue();
        Integer index = windowChoice.getValue();
        if (loaded == null || name == null || index == null) {
            return java.util.Optional.empty();
        }
        return loaded.windowList().stream().filter(w -> w.index() == index && loaded.records().get(w.recordId()).name().equals(name)).findFirst();
    }

    /** Encodes window {@code w} and an augmented copy with the tokenizer (on a background thread) and shows both. */
    void checkWindow(WindowInfo w) {
        RecordInfo r = loaded.records().get(w.recordId());
        settingWindow = true;
        recordChoice.setValue(r.name());
        long count = loaded.windowList().stream().filter(x -> x.recordId() == w.recordId()).count();
        windowChoice.setValueFactory(new javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory(0, (int) Math.max(0, count - 1), w.index()));
        settingWindow = false;
        icr.setText("encoding\u2026");
        long s = seed;
        Workspace ws = context.workspace();
        DatasetInfo d = loaded.dataset();
        context.background().read(() -> {
            CodeInspector in = inspector();
            float[] samples;
            try (WindowCache cache = new Catalogue(ws).openCache(d)) {
                int valid = org.sigmappg.train.TrainingWindows.validPatches(w, d.patchSamples());
                samples = cache.samples(w.sampleOffset(), valid * d.patchSamples());
                // The model sees zeros past the window's signal, as in training.
                for (int i = w.validSamples(); i < samples.length; i++) {
                    samples[i] = 0;
                }
            }
            return new Check(samples, in.consistency(w, new Random(s).nextLong()));
        }, c -> showCheck(w, r, c), error -> icr.setText("The window could not be encoded: " + ErrorText.of(error)));
    }

    private record Check(float[] samples, CodeInspector.Consistency consistency) {
    }

    /** The tokenizer, loaded on first use and kept for the view's life (called off the JavaFX thread). */
    private synchronized CodeInspector inspector() throws IOException {
        if (closed) {
            throw new IOException("the view was closed");
        }
        if (inspector == null) {
            inspector = CodeInspector.open(context.workspace(), target.run(), target.dataset());
        }
        return inspector;
    }

    private void showCheck(WindowInfo w, RecordInfo r, Check c) {
        CodeInspector.Consistency k = c.consistency();
        int n = k.original().length;
        boolean[] differs = new boolean[n];
        int changed = 0;
        for (int i = 0; i < n; i++) {
            differs[i] = k.original()[i] != k.augmentedCodes()[i];
            changed += differs[i] ? 1 : 0;
        }
        boolean dark = context.themeProperty().get() == Theme.DARK;
        original.setDark(dark);
        augmented.setDark(dark);
        int s = loaded.dataset().patchSamples();
        original.show(c.samples(), k.original(), differs, s);
        augmented.show(k.augmented(), k.augmentedCodes(), differs, s);
        icr.setText(String.format(Locale.ROOT, "ICR %.3f: %d of %d patches keep their code (record %s, window %d, augmentation %d)",
                k.icr(), n - changed, n, r.name(), w.index(), seed));
    }

    /** Stops checking and frees the tokenizer. */
    void close() {
        checkDelay.stop();
        // The tokenizer holds native memory; free it off the JavaFX thread once any encoding under way is done.
        context.background().read(() -> {
            synchronized (this) {
                closed = true;
                if (inspector != null) {
                    inspector.close();
                    inspector = null;
                }
            }
            return null;
        }, done -> { }, error -> { });
    }
}
