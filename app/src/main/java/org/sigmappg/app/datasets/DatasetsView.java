package org.sigmappg.app.datasets;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.CustomTextField;
import org.controlsfx.control.textfield.TextFields;
import org.sigmappg.app.navigation.DatasetsTarget;
import org.sigmappg.app.shell.BackgroundWork;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.shell.SampleData;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.app.navigation.RecordTarget;
import org.sigmappg.app.charts.TimeFormat;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.ImportRequest;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.io.MessageTools;

/**
 * The catalogue: every dataset of the workspace, and for the selected one its records (with their QC counts
 * and mean window labels) and its subjects (with their labels, e.g. SBP, DBP, Hypertension), a filter over
 * both, the import notes, and the Import, Delete and Open actions.
 */
public final class DatasetsView implements WorkbenchView {
    private final WorkbenchContext context;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Datasets");
    private final BorderPane root = new BorderPane();
    private final TableView<DatasetInfo> datasets = new TableView<>();
    private final ObservableList<DatasetsModel.RecordRow> recordItems = FXCollections.observableArrayList();
    private final FilteredList<DatasetsModel.RecordRow> recordFilter = new FilteredList<>(recordItems);
    private final TableView<DatasetsModel.RecordRow> records = new TableView<>();
    private final ObservableList<DatasetsModel.SubjectRow> subjectItems = FXCollections.observableArrayList();
    private final FilteredList<DatasetsModel.SubjectRow> subjectFilter = new FilteredList<>(subjectItems);
    private final TableView<DatasetsModel.SubjectRow> subjects = new TableView<>();
    private final ListView<String> notes = new ListView<>();
    private final CustomTextField search = (CustomTextField) TextFields.createClearableTextField();
    private final CheckBox qcOnly = new CheckBox("Only records with QC flags");
    private final Label detailTitle = new Label();
    private final Label detailInfo = new Label();
    private final Tab recordsTab = new Tab("Records");
    private final Tab subjectsTab = new Tab("Subjects");
    private final Tab notesTab = new Tab("Import notes");
    private final Button open = new Button("Open record");
    private final Button delete = new Button("Delete\u2026");
    private final Button exportWindows = new Button("Export windows\u2026");
    private DatasetsTarget target;
    /** The rows of the selected dataset, which the filter looks through; null while none is shown. */
    private DatasetsModel.Detail detail;
    private int datasetsTicket;
    /** Whether the catalogue has been read once: only then does an empty table mean an empty workspace. */
    private boolean catalogueRead;
    private int detailTicket;

    public DatasetsView(DatasetsTarget target, WorkbenchContext context) {
        this.context = context;
        this.target = target;
        root.getStyleClass().add("datasets-view");
        root.setTop(toolbar());
        SplitPane split = new SplitPane(datasetsTable(), detail());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.28);
        root.setCenter(split);
        title.set(target.title());
        if (target.filter() != null) {
            search.setText(target.filter());
        }
        loadDatasets();
    }

    private ToolBar toolbar() {
        search.setId("dataset-search");
        search.setPromptText("Filter records and subjects (name, subject, label\u2026)  Ctrl+F");
        search.setTooltip(new Tooltip("Text found as it is in a cell (\u201cStage 2\u201d) matches that cell; otherwise every word must "
                + "appear in the row. Records match by their subject's labels too."));
        search.setPrefWidth(360);
        search.textProperty().addListener((o, a, b) -> applyFilter());
        qcOnly.setId("dataset-qc-only");
        qcOnly.selectedProperty().addListener((o, a, b) -> applyFilter());
        Button importButton = new Button("Import\u2026");
        importButton.setId("dataset-import");
        importButton.setTooltip(new Tooltip("Import a file or folder of recordings (Ctrl+I)"));
        importButton.setOnAction(e -> ImportAction.open(context, null));
        Button refresh = new Button("Refresh");
        refresh.setTooltip(new Tooltip("Read the catalogue again (F5)"));
        refresh.setOnAction(e -> refresh());
        open.setId("dataset-open-record");
        open.setTooltip(new Tooltip("Open the selected record in the signal explorer (Enter, or double-click the row)"));
        open.setDisable(true);
        open.setOnAction(e -> openSelectedRecord());
        delete.setId("dataset-delete");
        delete.setTooltip(new Tooltip("Remove the selected dataset and its cache from the workspace"));
        delete.setDisable(true);
        delete.setOnAction(e -> deleteSelected());
        exportWindows.setId("dataset-export-windows");
        exportWindows.setTooltip(new Tooltip("Write every window of the selected dataset as the model sees it (.npy, [0, 1] scaled, with "
                + "the ids embed writes), to run another model on the same windows"));
        exportWindows.setDisable(true);
        exportWindows.setOnAction(e -> selectedDataset().ifPresent(d -> WindowExportAction.choose(context, d)));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        return new ToolBar(search, qcOnly, grow, open, importButton, refresh, exportWindows, delete);
    }

    private Node datasetsTable() {
        datasets.setId("datasets-table");
        datasets.getColumns().add(Columns.of("Dataset", 150, DatasetInfo::name, s -> s, false));
        datasets.getColumns().add(Columns.of("Layout", 90, DatasetInfo::layout, s -> s, false));
        datasets.getColumns().add(Columns.of("Records", 80, DatasetInfo::records, String::valueOf, true));
        datasets.getColumns().add(Columns.of("Subjects", 80, DatasetInfo::subjects, String::valueOf, true));
        datasets.getColumns().add(Columns.of("Windows", 80, DatasetInfo::windows, String::valueOf, true));
        datasets.getColumns().add(Columns.of("Dropped", 80, DatasetInfo::droppedWindows, String::valueOf, true));
        datasets.getColumns().add(Columns.of("Skipped files", 100, d -> d.skipped().size(), String::valueOf, true));
        datasets.getColumns().add(Columns.of("Created", 175, DatasetInfo::created, DatasetsView::date, false));
        datasets.getColumns().add(Columns.of("Source", 420, DatasetInfo::source, s -> s, false));
        // Until the catalogue has been read, an empty table means nothing yet: say so rather than "no datasets".
        datasets.setPlaceholder(new Label("Reading the workspace\u2026"));
        datasets.getSelectionModel().selectedItemProperty().addListener((o, a, d) -> {
            delete.setDisable(d == null);
            exportWindows.setDisable(d == null);
            loadDetail(d);
        });
        return datasets;
    }

    private Node emptyCatalogue() {
        Label text = new Label("No datasets in this workspace yet.");
        text.getStyleClass().add("empty-title");
        Button importButton = new Button("Import recordings\u2026");
        importButton.setOnAction(e -> ImportAction.open(context, null));
        VBox box = new VBox(10, text, importButton);
        Optional<java.nio.file.Path> sample = SampleData.locate();
        if (sample.isPresent()) {
            Button sampleButton = new Button("Import the sample data (12 synthetic subjects)");
            sampleButton.setOnAction(e -> ImportAction.run(context, ImportRequest.of(sample.get(), "sample"), true));
            box.getChildren().add(sampleButton);
        }
        box.setAlignment(Pos.CENTER);
        return box;
    }

    private Node detail() {
        detailTitle.getStyleClass().add("view-title");
        detailTitle.setId("dataset-title");
        detailInfo.getStyleClass().add("view-subtitle");
        detailInfo.setId("dataset-info");
        detailInfo.setWrapText(true);
        VBox head = new VBox(2, detailTitle, detailInfo);
        head.setPadding(new Insets(6, 8, 6, 8));

        records.setId("records-table");
        SortedList<DatasetsModel.RecordRow> sortedRecords = new SortedList<>(recordFilter);
        sortedRecords.comparatorProperty().bind(records.comparatorProperty());
        records.setItems(sortedRecords);
        records.setPlaceholder(new Label("No records match the filter."));
        records.setRowFactory(t -> {
            TableRow<DatasetsModel.RecordRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    openRecord(row.getItem().info());
                }
            });
            return row;
        });
        records.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                openSelectedRecord();
            }
        });
        records.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> open.setDisable(r == null));
        recordsTab.setContent(records);
        recordsTab.setClosable(false);

        subjects.setId("subjects-table");
        SortedList<DatasetsModel.SubjectRow> sortedSubjects = new SortedList<>(subjectFilter);
        sortedSubjects.comparatorProperty().bind(subjects.comparatorProperty());
        subjects.setItems(sortedSubjects);
        subjects.setPlaceholder(new Label("No subjects match the filter."));
        subjectsTab.setContent(subjects);
        subjectsTab.setClosable(false);

        notes.setId("dataset-notes");
        notes.setPlaceholder(new Label("No files were skipped and there were no warnings."));
        notesTab.setContent(notes);
        notesTab.setClosable(false);

        TabPane tabs = new TabPane(recordsTab, subjectsTab, notesTab);
        tabs.setId("dataset-tabs");
        BorderPane box = new BorderPane(tabs);
        box.setTop(head);
        return box;
    }

    private static String date(String iso) {
        if (iso == null) {
            return "";
        }
        String s = iso.replace('T', ' ');
        int dot = s.indexOf('.');
        return (dot > 0 ? s.substring(0, dot) : s.replace("Z", "")) + (iso.endsWith("Z") ? " UTC" : "");
    }

    private void loadDatasets() {
        int ticket = ++datasetsTicket;
        context.background().read(() -> context.catalogue().datasets(), list -> {
            if (ticket != datasetsTicket) {
                return;
            }
            DatasetInfo selected = datasets.getSelectionModel().getSelectedItem();
            String want = target.dataset() != null ? target.dataset() : selected != null ? selected.name() : null;
            datasets.getItems().setAll(list);
            if (!catalogueRead) {
                catalogueRead = true;
                datasets.setPlaceholder(emptyCatalogue());
            }
            select(want);
        }, error -> {
            datasets.setPlaceholder(new Label("The catalogue could not be read."));
            context.showError("The catalogue could not be read", error);
        });
    }

    private void select(String name) {
        List<DatasetInfo> items = datasets.getItems();
        for (DatasetInfo d : items) {
            if (d.name().equals(name)) {
                datasets.getSelectionModel().select(d);
                datasets.scrollTo(d);
                return;
            }
        }
        if (!items.isEmpty()) {
            datasets.getSelectionModel().select(0);
        } else {
            loadDetail(null);
        }
    }

    private void loadDetail(DatasetInfo d) {
        int ticket = ++detailTicket;
        if (d == null) {
            detailTitle.setText("No dataset selected");
            detailInfo.setText("");
            detail = null;
            recordItems.clear();
            subjectItems.clear();
            notes.getItems().clear();
            return;
        }
        detailTitle.setText(d.name());
        detailInfo.setText("Reading\u2026");
        context.background().read(() -> DatasetsModel.load(context.catalogue(), d), detail -> {
            if (ticket == detailTicket) {
                show(detail);
            }
        }, error -> context.showError("The records of " + d.name() + " could not be read", error));
    }

    private void show(DatasetsModel.Detail shown) {
        detail = shown;
        DatasetInfo d = shown.dataset();
        title.set(target.dataset() == null ? "Datasets" : d.name());
        detailTitle.setText(d.name());
        detailInfo.setText(String.format(Locale.ROOT, "%s layout, %d records of %d subjects, %d windows at %s Hz in %s patches; "
                        + "content hash %s; source %s", d.layout(), d.records(), d.subjects(), d.windows(), DatasetsModel.number(d.fs()),
                TimeFormat.duration(d.patchSamples() / d.fs()), shortHash(d.manifestHash()), d.source()));
        records.getColumns().setAll(recordColumns(detail));
        subjects.getColumns().setAll(subjectColumns(detail));
        recordItems.setAll(detail.records());
        subjectItems.setAll(detail.subjects());
        notes.getItems().setAll(notes(d));
        notesTab.setText(notes.getItems().isEmpty() ? "Import notes" : "Import notes (" + notes.getItems().size() + ")");
        applyFilter();
    }

    private static String shortHash(String h) {
        return h == null ? "" : h.substring(0, Math.min(12, h.length()));
    }

    private static List<String> notes(DatasetInfo d) {
        List<String> out = new java.util.ArrayList<>();
        d.skipped().forEach(s -> out.add("skipped " + s.path() + ": " + s.reason()));
        out.addAll(MessageTools.grouped(d.warnings()));
        return out;
    }

    private List<TableColumn<DatasetsModel.RecordRow, ?>> recordColumns(DatasetsModel.Detail detail) {
        List<TableColumn<DatasetsModel.RecordRow, ?>> cols = new java.util.ArrayList<>();
        cols.add(Columns.of("Record", 120, r -> r.info().name(), s -> s, NaturalOrder.INSTANCE, false, s -> null));
        cols.add(Columns.of("Subject", 90, r -> r.info().subject(), s -> s, NaturalOrder.INSTANCE, false, s -> null));
        cols.add(Columns.of("Format", 60, r -> r.info().format(), s -> s, false));
        cols.add(Columns.of("Channel", 70, r -> r.info().channel(), s -> s, false));
        cols.add(Columns.of("Hz", 55, r -> r.info().fs(), DatasetsModel::number, true));
        cols.add(Columns.of("Duration", 80, r -> r.info().durationSeconds(), TimeFormat::duration, true));
        cols.add(Columns.of("Windows", 78, r -> r.info().windows(), String::valueOf, true));
        cols.add(Columns.of("Flat", 65, r -> r.info().flatSamples(), String::valueOf, true));
        cols.add(Columns.of("Clipped", 65, r -> r.info().clippedSamples(), String::valueOf, true));
        cols.add(Columns.of("Missing", 65, r -> r.info().missingSamples(), String::valueOf, true));
        cols.add(Columns.of("Flagged", 70, DatasetsModel.RecordRow::flaggedFraction,
                f -> String.format(Locale.ROOT, "%.1f %%", 100 * f), true));
        for (String label : detail.windowLabelNames()) {
            cols.add(Columns.of("mean " + label, Math.max(80, 8 * (label.length() + 5) + 20), r -> r.windowLabels().get(label),
                    DatasetsModel::number, true));
        }
        for (String label : detail.recordLabelNames()) {
            cols.add(labelColumn(label, detail.records().stream().map(r -> r.recordLabels().get(label)).toList(),
                    r -> r.recordLabels().get(label)));
        }
        // The subject's labels too, so a record found by its subject's label shows why.
        for (String label : detail.subjectLabelsOfRecords()) {
            TableColumn<DatasetsModel.RecordRow, Catalogue.LabelValue> c = labelColumn(label,
                    detail.records().stream().map(r -> r.subjectLabels().get(label)).toList(), r -> r.subjectLabels().get(label));
            c.getStyleClass().add("subject-label-column");
            cols.add(c);
        }
        return cols;
    }

    private List<TableColumn<DatasetsModel.SubjectRow, ?>> subjectColumns(DatasetsModel.Detail detail) {
        List<TableColumn<DatasetsModel.SubjectRow, ?>> cols = new java.util.ArrayList<>();
        cols.add(Columns.of("Subject", 110, DatasetsModel.SubjectRow::subject, s -> s, NaturalOrder.INSTANCE, false, s -> null));
        cols.add(Columns.of("Records", 75, DatasetsModel.SubjectRow::records, String::valueOf, true));
        cols.add(Columns.of("Windows", 78, DatasetsModel.SubjectRow::windows, String::valueOf, true));
        cols.add(Columns.of("Duration", 80, DatasetsModel.SubjectRow::seconds, TimeFormat::duration, true));
        for (String label : detail.subjectLabelNames()) {
            cols.add(labelColumn(label, detail.subjects().stream().map(s -> s.labels().get(label)).toList(), s -> s.labels().get(label)));
        }
        return cols;
    }

    private static <S> TableColumn<S, Catalogue.LabelValue> labelColumn(String name, List<Catalogue.LabelValue> values,
                                                                        java.util.function.Function<S, Catalogue.LabelValue> value) {
        Comparator<Catalogue.LabelValue> order = Comparator.nullsLast(Comparator
                .comparing((Catalogue.LabelValue v) -> v.value(), Comparator.nullsLast(Comparator.<Double>naturalOrder()))
                .thenComparing(v -> v.text() == null ? "" : v.text()));
        int longest = values.stream().mapToInt(v -> DatasetsModel.labelText(v).length()).max().orElse(0);
        double width = Math.min(230, Math.max(70, 8 * Math.max(longest, name.length()) + 24));
        TableColumn<S, Catalogue.LabelValue> c = Columns.of(name, width, value, DatasetsModel::labelText, order,
                DatasetsModel.numericLabel(values),
                v -> v.flag() == null ? null : name + " " + DatasetsModel.labelText(v) + " is " + v.flag() + "; it is left out of tasks");
        c.getStyleClass().add("label-column");
        return c;
    }

    private void applyFilter() {
        DatasetsModel.Filter filter = detail == null ? DatasetsModel.Filter.of("", qcOnly.isSelected(), null)
                : DatasetsModel.Filter.of(search.getText(), qcOnly.isSelected(), detail);
        recordFilter.setPredicate(filter::matches);
        subjectFilter.setPredicate(filter::matches);
        recordsTab.setText("Records (" + recordFilter.size() + (recordFilter.size() == recordItems.size() ? "" : " of " + recordItems.size()) + ")");
        subjectsTab.setText("Subjects (" + subjectFilter.size() + (subjectFilter.size() == subjectItems.size() ? "" : " of " + subjectItems.size()) + ")");
    }

    private void openSelectedRecord() {
        DatasetsModel.RecordRow r = records.getSelectionModel().getSelectedItem();
        if (r != null) {
            openRecord(r.info());
        }
    }

    private void openRecord(RecordInfo r) {
        DatasetInfo d = datasets.getSelectionModel().getSelectedItem();
        if (d != null) {
            context.open(new RecordTarget(d.name(), r.name()), true);
        }
    }

    private void deleteSelected() {
        DatasetInfo d = datasets.getSelectionModel().getSelectedItem();
        if (d == null) {
            return;
        }
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, "Remove the dataset " + d.name() + " (" + d.records()
                + " records) and its cache from this workspace? The source files in " + d.source() + " are not touched.",
                ButtonType.OK, ButtonType.CANCEL);
        confirm.setHeaderText("Delete dataset " + d.name() + "?");
        context.prepare(confirm);
        confirm.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b ->
                context.background().start("Delete " + d.name(), false, m -> context.catalogue().deleteDataset(d.name()),
                        new BackgroundWork.Outcome<DatasetInfo>() {
                            @Override
                            public void succeeded(DatasetInfo removed) {
                                context.showStatus("Deleted dataset " + d.name());
                                target = DatasetsTarget.catalogue();
                                context.workspaceChanged();
                            }

                            @Override
                            public void failed(Throwable error) {
                                context.showError("The dataset " + d.name() + " could not be deleted", error);
                            }
                        }));
    }

    /** The name of the dataset selected in the catalogue, if any. */
    public Optional<String> selectedDataset() {
        return Optional.ofNullable(datasets.getSelectionModel().getSelectedItem()).map(DatasetInfo::name);
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

    @Override
    public boolean navigate(NavTarget newTarget) {
        if (!(newTarget instanceof DatasetsTarget t)) {
            return false;
        }
        target = t;
        title.set(t.title());
        search.setText(t.filter() == null ? "" : t.filter());
        if (t.dataset() != null) {
            select(t.dataset());
        }
        return true;
    }

    /** The table of datasets (tests). */
    TableView<DatasetInfo> catalogueTable() {
        return datasets;
    }

    @Override
    public void refresh() {
        loadDatasets();
    }

    @Override
    public boolean focusSearch() {
        search.requestFocus();
        search.selectAll();
        return true;
    }
}
