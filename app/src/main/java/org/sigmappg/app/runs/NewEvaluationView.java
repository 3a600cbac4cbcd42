package org.sigmappg.app.runs;

import java.io.IOException;
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
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.PropertyEditor;
import org.sigmappg.app.navigation.NewEvaluationTarget;
import org.sigmappg.app.navigation.RunTarget;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.eval.TaskCatalogue;
import org.sigmappg.eval.TaskDefinition;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;

/**
 * The new-run sheet of an evaluation or fine-tuning run: the task of a dataset, the comparators (or the backbone),
 * protocol and split in a property sheet, checked before start, with the equivalent command line; Start creates
 * the run through {@link EvaluationTask#create} as the command line does and puts it in the queue.
 */
public final class NewEvaluationView implements WorkbenchView {
    private final WorkbenchContext context;
    private final ReadOnlyStringWrapper title;
    private final BorderPane root = new BorderPane();
    private final PropertySheet propertySheet = new PropertySheet();
    private final TextArea command = new TextArea();
    private final VBox problems = new VBox(2);
    private final Label backboneNote = new Label();
    private final Button start = new Button("Start");
    private final Map<String, Editor> editors = new HashMap<>();
    private NewEvaluationTarget target;
    private EvaluationSheet sheet;

    public NewEvaluationView(NewEvaluationTarget target, WorkbenchContext context) {
        this.context = context;
        this.target = target;
        this.title = new ReadOnlyStringWrapper(target.title());
        root.getStyleClass().add("new-run");
        root.setCenter(new Label("Reading the workspace\u2026"));
        Workspace ws = context.workspace();
        context.background().read(() -> load(ws, target.kind()), s -> {
            show(s);
            if (this.target.backbone() != null) {
                useBackbone(this.target.backbone());
            }
        }, error -> {
            Label l = new Label("The sheet could not be filled: " + ErrorText.of(error));
            l.getStyleClass().add("error-text");
            l.setWrapText(true);
            root.setCenter(l);
        });
    }

    /** What the workspace offers a sheet: the tasks of each dataset, the runs with a student. */
    record Choices(Map<String, List<TaskDefinition>> tasks, List<EvaluationSheet.Backbone> backbones) {
    }

    /** The sheet filled from the workspace: the tasks each dataset has, the finished pre-training runs and imported weights. */
    static EvaluationSheet load(Workspace ws, String kind) throws IOException {
        Choices c = choices(ws);
        EvaluationSheet s = EvaluationSheet.of(kind);
        s.setTasks(c.tasks());
        s.setBackbones(c.backbones());
        return s;
    }

    static Choices choices(Workspace ws) throws IOException {
        Catalogue catalogue = new Catalogue(ws);
        TaskCatalogue tasks = TaskCatalogue.builtIn();
        Map<String, List<TaskDefinition>> byDataset = new LinkedHashMap<>();
        for (DatasetInfo d : catalogue.datasets()) {
            List<TaskDefinition> list = new ArrayList<>();
            for (String name : tasks.tasks().stream().map(TaskDefinition::name).distinct().toList()) {
                try {
                    list.add(tasks.resolve(name, d.name(), catalogue));
                } catch (IllegalArgumentException notForThisLayout) {
                    // The task is defined for datasets of another layout.
                }
            }
            if (!list.isEmpty()) {
                byDataset.put(d.name(), list);
            }
        }
        List<EvaluationSheet.Backbone> backbones = new ArrayList<>();
        for (RunInfo r : new RunStore(ws).list()) {
            EvaluationSheet.Backbone.of(r).ifPresent(backbones::add);
        }
        return new Choices(byDataset, backbones);
    }

    private void show(EvaluationSheet s) {
        sheet = s;
        boolean finetune = EvaluationTask.FINETUNE_KIND.equals(s.kind());
        Label heading = new Label(target.title());
        heading.getStyleClass().add("view-title");
        Label about = new Label(finetune
                ? "Fine-tune one pre-trained backbone on a downstream task through subject-level folds, against the trivial baseline; "
                + "metrics with 95 % subject-bootstrap intervals and a report. The dashboard opens from the run's page when it finishes."
                : "Compare methods on a downstream task through subject-level folds: classic features, a model from scratch, pre-trained "
                + "backbones (sigma:RUN, random-masking:RUN: pre-training runs or imported weights); metrics with 95 % subject-bootstrap "
                + "intervals and a report.");
        about.getStyleClass().add("view-subtitle");
        about.setWrapText(true);
        propertySheet.setId("evaluation-sheet");
        propertySheet.setMode(PropertySheet.Mode.CATEGORY);
        propertySheet.setModeSwitcherVisible(false);
        propertySheet.setSearchBoxVisible(false);
        List<String> order = List.of("Task", "Methods", "Split", "Run");
        propertySheet.setCategoryComparator((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
        propertySheet.setPropertyEditorFactory(item -> new Editor(((Item) item).field));
        List<PropertySheet.Item> items = new ArrayList<>();
        s.fields().forEach(f -> items.add(new Item(f)));
        propertySheet.getItems().setAll(items);

        command.setId("evaluation-command");
        command.setEditable(false);
        command.setWrapText(true);
        command.setPrefRowCount(3);
        command.getStyleClass().add("command-line");
        Button copy = new Button("Copy");
        copy.setId("evaluation-copy-command");
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(command.getText());
            Clipboard.getSystemClipboard().setContent(c);
            context.showStatus("Copied the command line");
        });
        start.setId("evaluation-start");
        start.setDefaultButton(true);
        start.setTooltip(new Tooltip("Create the run and put it in the queue"));
        start.setOnAction(e -> start());
        problems.setId("evaluation-problems");
        Label cmdLabel = new Label("Equivalent command line");
        cmdLabel.getStyleClass().add("section-title");
        HBox commandRow = new HBox(6, command, new VBox(6, copy, start));
        HBox.setHgrow(command, Priority.ALWAYS);
        VBox bottom = new VBox(4, problems, cmdLabel, commandRow);
        bottom.setPadding(new Insets(6, 8, 8, 8));
        backboneNote.setId("evaluation-backbones");
        backboneNote.setWrapText(true);
        backboneNote.getStyleClass().add("section-title");
        VBox top = new VBox(4, heading, about, backboneNote);
        top.setPadding(new Insets(6, 8, 6, 8));
        root.setTop(top);
        root.setCenter(propertySheet);
        root.setBottom(bottom);
        check();
    }

    /** Creates the run the sheet describes and queues it, as the Start button does (when the sheet has no problem). */
    public void start() {
        if (!sheet.check().isEmpty()) {
            check();
            return;
        }
        start.setDisable(true);
        RunActions.start(context, sheet.params(), sheet.commandLine(), created -> {
            check();
            context.open(new RunTarget(created.id()), true);
        }, this::check);
    }

    private void check() {
        Map<String, String> p = sheet.check();
        editors.values().forEach(e -> e.showProblem(p.get(e.field.key())));
        problems.getChildren().clear();
        p.forEach((key, text) -> {
            Label l = new Label(text);
            l.getStyleClass().add("form-problem");
            l.setWrapText(true);
            problems.getChildren().add(l);
        });
        command.setText(sheet.commandLine());
        String backbones = sheet.backboneSummary();
        backboneNote.setText(backbones);
        backboneNote.setVisible(!backbones.isEmpty());
        backboneNote.setManaged(backboneNote.isVisible());
        start.setDisable(!p.isEmpty());
    }

    private final class Item implements PropertySheet.Item {
        private final EvaluationSheet.Field field;

        Item(EvaluationSheet.Field field) {
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
            return field.description();
        }

        @Override
        public Object getValue() {
            return sheet.value(field.key());
        }

        @Override
        public void setValue(Object value) {
            sheet.set(field.key(), value == null ? "" : value.toString());
        }

        @Override
        public Optional<ObservableValue<? extends Object>> getObservableValue() {
            return Optional.empty();
        }
    }

    /**
     * A text field or a choice box bound to one setting of the sheet, with its problem under it; the methods field has
     * a Backbone menu of the runs with a student, and the backbone box names each run with what it is.
     */
    private final class Editor implements PropertyEditor<Object> {
        private final EvaluationSheet.Field field;
        private final Control control;
        private final MenuButton backbones;
        private final Label problem = new Label();
        private final VBox box;
        private boolean loading;

        Editor(EvaluationSheet.Field field) {
            this.field = field;
            String id = "evaluation-" + field.key();
            if (field.choices().isEmpty() && !field.key().equals("dataset") && !field.key().equals("task") && !field.key().equals("pretrained")) {
                TextField t = new TextField();
                t.textProperty().addListener((o, a, b) -> edited(b));
                control = t;
            } else {
                ComboBox<String> c = new ComboBox<>();
                c.valueProperty().addListener((o, a, b) -> edited(b));
                if (field.key().equals("pretrained")) {
                    c.setCellFactory(l -> new ListCell<>() {
                        @Override
                        protected void updateItem(String run, boolean empty) {
                            super.updateItem(run, empty);
                            setText(empty || run == null ? null : sheet.label(run));
                        }
                    });
                    c.setButtonCell(c.getCellFactory().call(null));
                }
                control = c;
            }
            control.setId(id);
            control.setMaxWidth(Double.MAX_VALUE);
            problem.setId(id + "-problem");
            problem.getStyleClass().add("form-problem");
            problem.setWrapText(true);
            problem.setVisible(false);
            problem.setManaged(false);
            Node row = control;
            if (field.key().equals("methods")) {
                backbones = new MenuButton("Backbone");
                backbones.setId("evaluation-add-backbone");
                backbones.setTooltip(new Tooltip("Evaluate the student of a pre-training run (sigma:RUN for adversarial masking, "
                        + "random-masking:RUN) or of imported weights (sigma:RUN)"));
                HBox h = new HBox(4, control, backbones);
                HBox.setHgrow(control, Priority.ALWAYS);
                row = h;
            } else {
                backbones = null;
            }
            box = new VBox(2, row, problem);
            editors.put(field.key(), this);
            load();
        }

        @SuppressWarnings("unchecked")
        void load() {
            loading = true;
            try {
                if (control instanceof TextField t) {
                    t.setText(sheet.value(field.key()));
                    if (backbones != null) {
                        backbones.getItems().setAll(sheet.backbones().stream().map(this::useItem).toList());
                        backbones.setDisable(sheet.backbones().isEmpty());
                    }
                } else {
                    ComboBox<String> c = (ComboBox<String>) control;
                    c.getItems().setAll(sheet.choices(field.key()));
                    String v = sheet.value(field.key());
                    c.setValue(v.isEmpty() ? null : v);
                }
            } finally {
                loading = false;
            }
        }

        private MenuItem useItem(EvaluationSheet.Backbone b) {
            MenuItem m = new MenuItem(b.method().label() + ":" + b.label());
            m.setOnAction(e -> useBackbone(b.run()));
            return m;
        }

        private void edited(String value) {
            if (loading) {
                return;
            }
            sheet.set(field.key(), value);
            if (field.key().equals("dataset") && editors.containsKey("task")) {
                editors.get("task").load();
            }
            check();
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
            load();
        }
    }

    // ---- scripted use (tests)

    /** The sheet behind the view, or null while the workspace is read. */
    public EvaluationSheet sheet() {
        return sheet;
    }

    /** Changes a setting as typing or choosing it would, and shows it. */
    public void set(String key, String value) {
        sheet.set(key, value);
        editors.values().forEach(Editor::load);
        check();
    }

    /** Makes {@code run}'s student the one evaluated, as the Backbone menu does. */
    public void useBackbone(String run) {
        sheet.useBackbone(run);
        editors.values().forEach(Editor::load);
        check();
    }

    /** Asked again with a backbone (a run page's Evaluate with it), the open sheet takes that backbone. */
    @Override
    public boolean navigate(NavTarget newTarget) {
        if (!(newTarget instanceof NewEvaluationTarget t) || !t.kind().equals(target.kind())) {
            return false;
        }
        target = t;
        if (sheet != null && t.backbone() != null) {
            useBackbone(t.backbone());
        }
        return true;
    }

    /** Reads the datasets' tasks and the runs with a student again (a run finished, weights were imported), keeping the choices made. */
    @Override
    public void refresh() {
        if (sheet == null) {
            return;
        }
        Workspace ws = context.workspace();
        context.background().read(() -> choices(ws), c -> {
            sheet.setTasks(c.tasks());
            sheet.setBackbones(c.backbones());
            editors.values().forEach(Editor::load);
            check();
        }, error -> context.showStatus("The sheet could not be read again: " + ErrorText.of(error)));
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
