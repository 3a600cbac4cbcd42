package org.sigmappg.app.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.control.SegmentedButton;
import org.controlsfx.property.editor.PropertyEditor;
import org.sigmappg.app.navigation.NewRunTarget;
import org.sigmappg.app.navigation.RunTarget;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.TokenizerRunParams;
import org.sigmappg.train.TokenizerTask;

/**
 * The new-run sheet: a ControlsFX property sheet of every setting of a tokenizer or pre-training run, grouped
 * as the method groups them, filled from the size preset chosen above it, checked as it is edited (a
 * problem shows under its field and in the list below the sheet, and Start stays disabled), with the
 * equivalent command line shown live. Start creates the run through the core task with the same parameter
 * record the command line would build, queues it and opens its page.
 */
public final class NewRunView implements WorkbenchView {
    private final WorkbenchContext context;
    private final NewRunTarget target;
    private final ReadOnlyStringWrapper title;
    private final BorderPane root = new BorderPane();
    private final PropertySheet propertySheet = new PropertySheet();
    private final TextArea command = new TextArea();
    private final VBox problems = new VBox(2);
    private final Button start = new Button("Start");
    private final Map<String, Editor> editors = new HashMap<>();
    private final Map<String, ToggleButton> sizes = new LinkedHashMap<>();
    private RunSheet sheet;
    private boolean loaded;

    public NewRunView(NewRunTarget target, WorkbenchContext context) {
        this.context = context;
        this.target = target;
        this.title = new ReadOnlyStringWrapper(target.title());
        root.getStyleClass().add("new-run");
        root.setCenter(new Label("Reading the workspace\u2026"));
        Workspace ws = context.workspace();
        context.background().read(() -> load(ws, target), this::show, error -> {
            Label l = new Label("The sheet could not be filled: " + ErrorText.of(error));
            l.getStyleClass().add("error-text");
            l.setWrapText(true);
            root.setCenter(l);
        });
    }

    /**
     * What the sheet needs from the workspace: the datasets, the one to choose first (the target's, else the latest
     * run's), the tokenizer runs with checkpoints, the run to start again.
     */
    private record Choices(List<String> datasets, String preferred, Map<String, RunSheet.Tokenizer> tokenizers, RunInfo from) {
    }

    private static Choices load(Workspace ws, NewRunTarget target) throws IOException {
        List<String> datasets = new org.sigmappg.data.Catalogue(ws).datasets().stream().map(DatasetInfo::name).toList();
        Map<String, RunSheet.Tokenizer> tokenizers = new LinkedHashMap<>();
        RunStore store = new RunStore(ws);
        List<RunInfo> runs = store.list();
        for (RunInfo r : runs) {
            if (TokenizerTask.KIND.equals(r.kind()) && Files.exists(ws.runsDirectory().resolve(r.id()).resolve(TokenizerTask.CHECKPOINT))) {
                tokenizers.put(r.id(), new RunSheet.Tokenizer(TokenizerRunParams.fromJson(r.params()).model().codebookSize(), r.dataset()));
            }
        }
        String preferred = target.dataset();
        for (int i = runs.size() - 1; preferred == null && i >= 0; i--) {
            preferred = runs.get(i).dataset();
        }
        return new Choices(datasets, preferred, tokenizers, target.fromRun() == null ? null : store.require(target.fromRun()));
    }

    private void show(Choices choices) {
        sheet = choices.from() != null ? RunSheet.of(choices.from()) : RunSheet.of(RunSheet.Kind.of(target.kind()), "tiny");
        sheet.setDatasets(choices.datasets(), choices.preferred());
        sheet.setTokenizers(choices.tokenizers());

        Label heading = new Label(choices.from() != null ? "Start " + choices.from().id() + " again with changes" : "New " + sheet.kind().words());
        heading.getStyleClass().add("view-title");
        Label about = new Label(sheet.kind() == RunSheet.Kind.TOKENIZER
                ? "Stage 1: a VQ tokenizer that turns every 1 s patch into one of K codes. Every setting of the method is here; "
                + "hover a name for what it does. Changes from the preset are in bold and go on the command line (by their option, else as --set)."
                : "Stage 2: a student learns to predict a frozen tokenizer's codes at masked patches; the teacher and the prior choose "
                + "the masks. Hover a name for what it does. Changes from the preset are in bold and go on the command line (by their option, else as --set).");
        about.getStyleClass().add("view-subtitle");
        about.setWrapText(true);

        SegmentedButton presets = new SegmentedButton();
        for (String s : RunSheet.SIZES) {
            ToggleButton b = new ToggleButton(s);
            b.setId("size-" + s);
            b.setTooltip(new Tooltip(switch (s) {
                case "tiny" -> "Small enough for a laptop CPU in minutes (demos, the sample set)";
                case "base" -> "The paper's defaults at a workstation batch size";
                default -> "The reference model of the paper";
            }));
            sizes.put(s, b);
            presets.getButtons().add(b);
        }
        sizes.get(sheet.size()).setSelected(true);
        presets.getToggleGroup().selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true);
                return;
            }
            sheet.setSize(((ToggleButton) b).getText());
            refreshEditors();
            check();
        });
        Button reset = new Button("Reset to preset");
        reset.setId("sheet-reset");
        reset.setTooltip(new Tooltip("Fill every model setting with the chosen preset's value again"));
        reset.setOnAction(e -> {
            sheet.setSize(sheet.size());
            refreshEditors();
            check();
        });
        Label presetLabel = new Label("Size preset");
        HBox presetRow = new HBox(8, presetLabel, presets, reset);
        presetRow.setAlignment(Pos.CENTER_LEFT);

        propertySheet.setId("run-sheet");
        propertySheet.setMode(PropertySheet.Mode.CATEGORY);
        propertySheet.setModeSwitcherVisible(false);
        propertySheet.setSearchBoxVisible(true);
        List<String> order = sheet.groups();
        propertySheet.setCategoryComparator((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
        propertySheet.setPropertyEditorFactory(item -> new Editor(((Item) item).field));
        List<PropertySheet.Item> items = new ArrayList<>();
        for (RunSheet.Field f : sheet.fields()) {
            items.add(new Item(f));
        }
        propertySheet.getItems().setAll(items);

        command.setId("sheet-command");
        command.setEditable(false);
        command.setWrapText(true);
        command.setPrefRowCount(3);
        command.getStyleClass().add("command-line");
        Button copy = new Button("Copy");
        copy.setId("sheet-copy-command");
        copy.setTooltip(new Tooltip("Copy the command line that starts the same run from a terminal"));
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(command.getText());
            Clipboard.getSystemClipboard().setContent(c);
            context.showStatus("Copied the command line");
        });
        start.setId("sheet-start");
        start.setDefaultButton(true);
        start.setTooltip(new Tooltip("Create the run and put it in the training queue; it trains when the runs before it have ended"));
        start.setOnAction(e -> start());
        problems.setId("sheet-problems");
        Label cmdLabel = new Label("Equivalent command line");
        cmdLabel.getStyleClass().add("section-title");
        HBox commandRow = new HBox(6, command, new VBox(6, copy, start));
        HBox.setHgrow(command, Priority.ALWAYS);
        VBox bottom = new VBox(4, problems, cmdLabel, commandRow);
        bottom.setPadding(new Insets(6, 8, 8, 8));

        VBox top = new VBox(4, heading, about, presetRow);
        top.setPadding(new Insets(6, 8, 6, 8));
        root.setTop(top);
        root.setCenter(propertySheet);
        root.setBottom(bottom);
        loaded = true;
        check();
    }

    /** Starts the run as the Start button does (when the sheet has no problem). */
    public void start() {
        RunSheet.Check c = sheet.check();
        if (!c.ok()) {
            check();
            return;
        }
        start.setDisable(true);
        try {
            RunActions.start(context, sheet, created -> {
                check();
                context.open(new RunTarget(created.id()), true);
            });
        } catch (IllegalArgumentException e) {
            check();
            context.showError("The run could not be started", e);
        }
    }

    /** Checks the sheet and shows the outcome: problems under their fields and below the sheet, the command line, Start. */
    private void check() {
        RunSheet.Check c = sheet.check();
        for (Editor e : editors.values()) {
            e.showProblem(c.fieldProblems().get(e.field.key()));
        }
        problems.getChildren().clear();
        for (String p : c.all(sheet)) {
            Label l = new Label(p);
            l.getStyleClass().add("form-problem");
            l.setWrapText(true);
            problems.getChildren().add(l);
        }
        command.setText(sheet.commandLine());
        start.setDisable(!c.ok());
    }

    private void refreshEditors() {
        editors.values().forEach(Editor::load);
    }

    /** A sheet row backed by the model: the property sheet asks it for name, group and explanation. */
    private final class Item implements PropertySheet.Item {
        private final RunSheet.Field field;

        Item(RunSheet.Field field) {
            this.field = field;
        }

        @Override
        public Class<?> getType() {
            return String.class;
        }

        @Override
        public String getCategory() {
            return field.group();
        }

        @Override
        public String getName() {
            return field.label();
        }

        @Override
        public String getDescription() {
            return field.description() + (field.editor() == RunSheet.Editor.FIXED ? "" : "\n" + sheet.onCommandLine(field.key()));
        }

        @Override
        public Object getValue() {
            return sheet.value(field.key());
        }

        @Override
        public void setValue(Object value) {
            if (field.editor() != RunSheet.Editor.FIXED) {
                sheet.set(field.key(), value == null ? "" : value.toString());
            }
        }

        @Override
        public Optional<ObservableValue<? extends Object>> getObservableValue() {
            return Optional.empty();
        }

        @Override
        public boolean isEditable() {
            return field.editor() != RunSheet.Editor.FIXED;
        }
    }

    /**
     * The editor of one setting: a text field, a choice box or a check box, with its problem written under it.
     * The property sheet builds editors again when its search text changes, so each writes to and reads from
     * the model, never from an earlier editor.
     */
    private final class Editor implements PropertyEditor<Object> {
        private final RunSheet.Field field;
        private final Control control;
        private final Label problem = new Label();
        private final VBox box;
        private boolean loading;

        Editor(RunSheet.Field field) {
            this.field = field;
            String id = "sheet-" + field.key().replace('.', '-');
            control = switch (field.editor()) {
                case TEXT -> {
                    TextField t = new TextField();
                    t.textProperty().addListener((o, a, b) -> edited(b));
                    yield t;
                }
                case CHOICE -> {
                    ComboBox<String> c = new ComboBox<>();
                    c.valueProperty().addListener((o, a, b) -> edited(b));
                    yield c;
                }
                case FLAG -> {
                    CheckBox c = new CheckBox();
                    c.selectedProperty().addListener((o, a, b) -> edited(Boolean.toString(b)));
                    yield c;
                }
                case FIXED -> {
                    TextField t = new TextField();
                    t.setEditable(false);
                    t.setDisable(true);
                    yield t;
                }
            };
            control.setId(id);
            control.setMaxWidth(Double.MAX_VALUE);
            problem.setId(id + "-problem");
            problem.getStyleClass().add("form-problem");
            problem.setWrapText(true);
            problem.setVisible(false);
            problem.setManaged(false);
            box = new VBox(2, control, problem);
            editors.put(field.key(), this);
            load();
        }

        @SuppressWarnings("unchecked")
        void load() {
            loading = true;
            try {
                String v = sheet.value(field.key());
                if (control instanceof TextField t) {
                    t.setText(v);
                } else if (control instanceof ComboBox<?> c) {
                    ComboBox<String> choice = (ComboBox<String>) c;
                    choice.getItems().setAll(sheet.choices(field.key()));
                    choice.setValue(v == null || v.isEmpty() ? null : v);
                } else if (control instanceof CheckBox c) {
                    c.setSelected(Boolean.parseBoolean(v));
                }
                marks();
            } finally {
                loading = false;
            }
        }

        private void edited(String value) {
            if (loading || !loaded) {
                return;
            }
            sheet.set(field.key(), value == null ? "" : value);
            marks();
            if (field.key().equals(RunSheet.TOKENIZER_RUN)) {
                // The codebook and, until chosen by hand, the dataset follow the tokenizer.
                for (String follower : List.of("model.codebookSize", RunSheet.DATASET)) {
                    Editor k = editors.get(follower);
                    if (k != null) {
                        k.load();
                    }
                }
            }
            check();
        }

        private void marks() {
            control.getStyleClass().remove("changed");
            if (field.editor() != RunSheet.Editor.FIXED && field.model() && sheet.changed(field.key())) {
                control.getStyleClass().add("changed");
            }
        }

        void showProblem(String text) {
            boolean has = text != null;
            problem.setText(has ? text : "");
            problem.setVisible(has);
            problem.setManaged(has);
            control.getStyleClass().remove("invalid");
            if (has) {
                control.getStyleClass().add("invalid");
            }
            control.setTooltip(has ? new Tooltip(text) : null);
        }

        @Override
        public Node getEditor() {
            return box;
        }

        @Override
        public Object getValue() {
            return sheet.value(field.key());
        }

        @Override
        public void setValue(Object value) {
            // The editor shows the model; the sheet's own call after building it changes nothing.
            load();
        }
    }

    // ---- scripted use (tests, screenshot tour)

    /** The sheet behind the view, or null while the workspace is read. */
    public RunSheet sheet() {
        return loaded ? sheet : null;
    }

    /** Changes a setting as typing it would, and shows it. */
    public void set(String key, String value) {
        sheet.set(key, value);
        Editor e = editors.get(key);
        if (e != null) {
            e.load();
        }
        check();
    }

    /** Chooses a size preset as its button does. */
    public void choose(String size) {
        sizes.get(size).setSelected(true);
    }

    // ---- WorkbenchView

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

    @Override
    public boolean focusSearch() {
        Node search = propertySheet.lookup(".text-field");
        if (search == null) {
            return false;
        }
        search.requestFocus();
        return true;
    }
}
