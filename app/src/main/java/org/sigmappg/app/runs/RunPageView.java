package org.sigmappg.app.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.sigmappg.app.charts.MetricChart;
import org.sigmappg.app.charts.RunCurves;
import org.sigmappg.app.navigation.CodesTarget;
import org.sigmappg.app.navigation.MasksTarget;
import org.sigmappg.app.navigation.NewEvaluationTarget;
import org.sigmappg.app.navigation.NewRunTarget;
import org.sigmappg.app.navigation.RunTarget;
import org.sigmappg.app.shell.BackgroundWork;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.shell.Job;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.shell.Reread;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.app.navigation.TaskDashboardTarget;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.eval.RunOverview;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.TokenizeTask;
import org.sigmappg.train.TokenizerTask;
import org.sigmappg.train.WeightImportTask;

/**
 * One run's page: status with live progress and the estimated time left while it trains in this workbench, its
 * curves (read from the run store every second while it runs), a log of what it reported, its artifacts,
 * parameters (changes from the preset marked) and provenance, the command that reproduces it, and Cancel,
 * Resume, Re-run, Compare and the way to its codes or masks. A run with a student (pre-training, imported weights)
 * also offers to evaluate or fine-tune it and to export its weights; imported weights show where they came from and
 * the import's table instead of curves and training settings.
 */
public final class RunPageView implements WorkbenchView {
    private static final Duration POLL = Duration.seconds(1);

    /** What one read of the store gives. */
    record Snapshot(RunInfo info, RunOverview overview, List<RunStore.Event> log, Map<String, List<RunStore.Metric>> metrics,
                    List<RunStore.Artifact> artifacts, boolean inspection, ImportedWeights weights, String weightsProblem) {
    }

    private final WorkbenchContext context;
    private final RunTarget target;
    private final ReadOnlyStringWrapper title;
    private final BorderPane root = new BorderPane();
    private final Label heading = new Label();
    private final Label status = new Label();
    private final Label message = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Label progressText = new Label();
    private final Label eta = new Label();
    private final HBox progressBox;
    private final Button cancel = new Button("Cancel");
    private final Button resume = new Button("Resume");
    private final Button rerun = new Button("Re-run");
    private final Button rerunChanged = new Button("Re-run with changes\u2026");
    private final Button compare = new Button("Compare with\u2026");
    private final Button results = new Button();
    private final Button evaluateWith = new Button("Evaluate with it\u2026");
    private final Button finetuneWith = new Button("Fine-tune it\u2026");
    private final Button exportWeights = new Button("Export weights (.safetensors)\u2026");
    private final ToolBar toolbar = new ToolBar();
    private final TabPane tabs = new TabPane();
    private final Tab curvesTab;
    private final Tab parametersTab;
    private final ImportedWeightsPane weightsPane = new ImportedWeightsPane();
    private final TextField command = new TextField();
    private final TextArea log = new TextArea();
    private final TableView<RunSheet.Field> parameters = new TableView<>();
    private final ArtifactsPane artifacts;
    private final ProvenancePane provenance = new ProvenancePane();
    private final CurvesGrid curves = new CurvesGrid();
    private final Timeline poll = new Timeline(new KeyFrame(POLL, e -> read()));
    private final ChangeListener<Number> queueChanged = (o, a, b) -> {
        bindJob();
        read();
    };
    private final List<RunLog.Line> logged = new ArrayList<>();
    private RunSheet sheet;
    private Snapshot shown;
    private Job boundJob;
    private final Reread<Snapshot> reads;

    public RunPageView(RunTarget target, WorkbenchContext context) {
        this.context = context;
        this.target = target;
        this.title = new ReadOnlyStringWrapper(target.title());
        this.artifacts = new ArtifactsPane(context);
        this.reads = new Reread<>(context.background(), this::load, this::show, this::readFailed);
        root.getStyleClass().add("run-page");
        heading.getStyleClass().add("view-title");
        heading.setText(target.runId());
        status.setId("run-status");
        status.getStyleClass().add("run-status");
        message.setId("run-message");
        message.setWrapText(true);
        message.getStyleClass().add("view-subtitle");
        progress.setId("run-progress");
        progress.setPrefWidth(260);
        progressText.setId("run-progress-text");
        eta.setId("run-eta");
        eta.setMinWidth(Region.USE_PREF_SIZE);
        progressBox = new HBox(8, progress, progressText, eta);
        progressBox.setAlignment(Pos.CENTER_LEFT);
        HBox titleRow = new HBox(10, heading, status);
        titleRow.setAlignment(Pos.CENTER_LEFT);
        // The buttons right under the title: a message that grows to two lines or a progress bar moves nothing above it.
        VBox top = new VBox(4, titleRow, toolbar(), message, progressBox);
        top.setPadding(new Insets(6, 8, 0, 8));

        command.setId("run-command");
        command.setEditable(false);
        command.getStyleClass().add("command-line");
        Button copy = new Button("Copy");
        copy.setId("run-copy-command");
        copy.setTooltip(new Tooltip("Copy the command line that reproduces this run"));
        copy.setOnAction(e -> copy(context, command.getText(), "command line"));
        Label cmdLabel = new Label("Command");
        cmdLabel.setLabelFor(command);
        HBox commandRow = new HBox(6, cmdLabel, command, copy);
        commandRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(command, Priority.ALWAYS);
        commandRow.setPadding(new Insets(4, 8, 6, 8));

        curvesTab = tab("Curves", curves.node());
        parametersTab = tab("Parameters", parameters);
        tabs.getTabs().setAll(curvesTab, tab("Log", log), parametersTab, tab("Artifacts", artifacts.node()), tab("Provenance", provenance.node()));
        tabs.setId("run-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        log.setEditable(false);
        log.setId("run-log");
        log.getStyleClass().add("run-log");
        configureParameters();

        root.setTop(top);
        root.setCenter(tabs);
        root.setBottom(commandRow);
        context.training().changesProperty().addListener(queueChanged);
        poll.setCycleCount(Timeline.INDEFINITE);
        bindJob();
        read();
    }

    private static Tab tab(String name, Node content) {
        Tab t = new Tab(name, content);
        t.setId("run-tab-" + name.toLowerCase(Locale.ROOT));
        return t;
    }

    private Node toolbar() {
        button(cancel, "run-cancel", "Stop the run: if it waits, it leaves the queue; if it trains, it stops after the current step "
                + "with a checkpoint (CANCELLED)", () -> RunActions.cancel(context, shown.info()));
        button(resume, "run-resume", "Continue the run from its last checkpoint (or start it, if it was left queued)",
                () -> RunActions.resume(context, shown.info()));
        button(rerun, "run-rerun", "Start a new run with exactly these parameters", () -> RunActions.rerun(context, shown.info()));
        button(rerunChanged, "run-rerun-changed", "Open the new-run sheet filled with these parameters",
                () -> context.open(new NewRunTarget(shown.info().kind(), shown.info().id()), true));
        button(compare, "run-compare", "Parameters side by side and curves overlaid with another run", () -> RunActions.compare(context, shown.info()));
        button(results, "run-results", "", this::openResults);
        button(evaluateWith, "run-evaluate-with", "A new evaluation of this student beside the classic features",
                () -> context.open(new NewEvaluationTarget(EvaluationTask.KIND, shown.info().id()), true));
        button(finetuneWith, "run-finetune-with", "A new fine-tuning run of this student on a downstream task",
                () -> context.open(new NewEvaluationTarget(EvaluationTask.FINETUNE_KIND, shown.info().id()), true));
        button(exportWeights, "run-export-weights", "Write the student in the reference model's tensor names as a .safetensors file, "
                + "which the reference's PyTorch model loads with load_state_dict", () -> WeightsAction.chooseAndExport(context, shown.info().id()));
        results.setVisible(false);
        results.setManaged(false);
        for (Button b : List.of(cancel, resume, rerun, rerunChanged, compare, results, evaluateWith, finetuneWith, exportWeights)) {
            b.setDisable(true);
        }
        toolbar.getItems().setAll(toolbarItems(null));
        return toolbar;
    }

    /**
     * The actions a run of {@code kind} (null before the run is read) offers: imported weights are not trained here, so
     * only what uses a student.
     */
    private List<Node> toolbarItems(String kind) {
        List<Node> items = new ArrayList<>();
        if (!WeightImportTask.KIND.equals(kind)) {
            items.addAll(List.of(cancel, resume, new Separator(), rerun, rerunChanged));
        }
        items.add(compare);
        if (!WeightImportTask.KIND.equals(kind)) {
            items.addAll(List.of(new Separator(), results));
        }
        if (hasStudent(kind)) {
            items.addAll(List.of(new Separator(), evaluateWith, finetuneWith, exportWeights));
        }
        return items;
    }

    /** Runs whose student is a backbone (evaluate, fine-tune, export). */
    private static boolean hasStudent(String kind) {
        return PretrainTask.KIND.equals(kind) || WeightImportTask.KIND.equals(kind);
    }

    private static void button(Button b, String id, String tip, Runnable action) {
        b.setId(id);
        if (!tip.isEmpty()) {
            b.setTooltip(new Tooltip(tip));
        }
        b.setOnAction(e -> action.run());
    }

    private void configureParameters() {
        parameters.setId("run-parameters");
        parameters.getColumns().add(col("Group", 130, RunSheet.Field::group));
        parameters.getColumns().add(col("Setting", 230, RunSheet.Field::label));
        parameters.getColumns().add(col("Value", 140, f -> sheet.value(f.key())));
        parameters.getColumns().add(col("Preset", 140, f -> sheet.presetValue(f.key())));
        parameters.getColumns().add(col("Name for --set", 260, f -> f.model() ? f.key().substring("model.".length()) : f.key()));
        parameters.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(RunSheet.Field f, boolean empty) {
                super.updateItem(f, empty);
                getStyleClass().remove("changed");
                if (!empty && f != null && sheet != null && sheet.changed(f.key())) {
                    getStyleClass().add("changed");
                }
            }
        });
        parameters.setPlaceholder(new Label("This kind of run keeps its parameters as JSON; see Provenance."));
    }

    static <T> TableColumn<T, String> col(String name, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        return c;
    }

    /** Puts {@code text} on the clipboard and says so in the status bar. */
    static void copy(WorkbenchContext context, String text, String what) {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
        context.showStatus("Copied the " + what);
    }

    // ---- reading the store

    private void read() {
        reads.request();
    }

    private Snapshot load() throws IOException {
        String id = target.runId();
        RunStore store = new RunStore(context.workspace());
        RunInfo info = store.require(id);
        ImportedWeights weights = null;
        String weightsProblem = null;
        if (WeightImportTask.KIND.equals(info.kind())) {
            try {
                weights = ImportedWeights.read(context.workspace(), info);
            } catch (IOException | RuntimeException e) {
                // The rest of the page is still worth showing; the weights tab says what is wrong.
                weightsProblem = ErrorText.of(e);
            }
        }
        List<RunStore.Event> log = store.events(id);
        Map<String, List<RunStore.Metric>> metrics = store.metrics(id);
        RunOverview overview = RunOverview.of(info, log, metrics, store.progress(id).orElse(null), java.time.Instant.now());
        return new Snapshot(info, overview, log, metrics, store.artifacts(id),
                Files.exists(context.workspace().runsDirectory().resolve(id).resolve(PretrainTask.INSPECTION)), weights, weightsProblem);
    }

    private void readFailed(Throwable error) {
        poll.stop();
        message.setText("The run could not be read: " + ErrorText.of(error));
        message.getStyleClass().add("error-text");
    }

    private void show(Snapshot s) {
        boolean first = shown == null;
        shown = s;
        RunInfo r = s.info();
        if (first) {
            setUpOnce(r);
        }
        heading.setText(r.id() + "  \u00b7  " + headline(s));
        status.setText(r.status().name());
        status.getStyleClass().removeIf(c -> c.startsWith("status-"));
        status.getStyleClass().add("status-" + r.status().name().toLowerCase(Locale.ROOT));
        message.setText(r.message() == null ? statusWords(r) : r.message());
        command.setText(r.command() == null ? "" : r.command());
        updateLog(s);
        curves.show(s.info().kind(), s.metrics());
        artifacts.show(s.artifacts());
        provenance.show(r);
        if (WeightImportTask.KIND.equals(r.kind())) {
            weightsPane.show(s.weights(), s.weightsProblem());
        }
        updateProgress(s);
        updateButtons();
        boolean live = r.status() == RunStatus.QUEUED || r.status() == RunStatus.RUNNING || context.training().isRunning(r.id());
        if (live) {
            poll.play();
        } else {
            poll.stop();
        }
    }

    /** What the run is, after its id: {@code pretrain run on sample (tiny), tokenizer tok-0001}, {@code imported weights from sigma.pth}. */
    private static String headline(Snapshot s) {
        RunInfo r = s.info();
        if (WeightImportTask.KIND.equals(r.kind())) {
            return s.weights() != null ? s.weights().title() : "imported weights";
        }
        String size = RunOverview.size(r.params());
        String parent = r.parent() == null ? "" : TaskDashboardTarget.hasDashboard(r.kind()) ? ", backbone " + r.parent() : ", tokenizer " + r.parent();
        return r.kind() + " run" + (r.dataset() == null ? "" : " on " + r.dataset()) + (size.isEmpty() ? "" : " (" + size + ")") + parent;
    }

    private void setUpOnce(RunInfo r) {
        toolbar.getItems().setAll(toolbarItems(r.kind()));
        if (RunCurves.panels(r.kind()).isEmpty()) {
            tabs.getTabs().remove(curvesTab);
        }
        if (WeightImportTask.KIND.equals(r.kind())) {
            // Weights made elsewhere: no training settings here, the import is what there is to see.
            Tab weights = tab("Weights", weightsPane.node());
            tabs.getTabs().remove(parametersTab);
            tabs.getTabs().add(0, weights);
            tabs.getSelectionModel().select(weights);
        }
        if (RunActions.isTrainable(r)) {
            try {
                sheet = RunSheet.of(r);
                parameters.getColumns().get(3).setText("Preset (" + sheet.size() + ")");
                parameters.getItems().setAll(sheet.fields());
            } catch (RuntimeException unreadable) {
                parameters.setPlaceholder(new Label("The parameters could not be read by this version: " + ErrorText.of(unreadable)));
            }
        }
        curves.setUp(context, r.kind());
    }

    private static String statusWords(RunInfo r) {
        if (WeightImportTask.KIND.equals(r.kind()) && r.status() != RunStatus.FINISHED) {
            // An import is all or nothing: there is no checkpoint to resume from.
            return r.status() == RunStatus.RUNNING ? "Importing." : "The import did not finish; import the weights again (File > Import "
                    + "pretrained weights).";
        }
        return switch (r.status()) {
            case QUEUED -> "Waiting for the runs before it to end.";
            case RUNNING -> TaskDashboardTarget.hasDashboard(r.kind()) ? "Evaluating." : "Training.";
            case FINISHED -> "Finished.";
            case CANCELLED -> "Cancelled; Resume continues it from its last checkpoint.";
            case INTERRUPTED -> "Interrupted (its process ended); Resume continues it from its last checkpoint.";
            case FAILED -> "Failed.";
        };
    }

    private void updateLog(Snapshot s) {
        for (RunLog.Line line : RunLog.lines(s.info(), s.log())) {
            // The page keeps what it saw, so a progress message that came and went while it was open stays in the log.
            if (!logged.contains(line)) {
                logged.add(line);
                log.appendText((log.getText().isEmpty() ? "" : "\n") + line.text(ZoneId.systemDefault()));
            }
        }
    }

    private void bindJob() {
        Job job = context.training().job(target.runId()).orElse(null);
        if (job == boundJob) {
            return;
        }
        progress.progressProperty().unbind();
        progressText.textProperty().unbind();
        eta.textProperty().unbind();
        boundJob = job;
        if (job != null) {
            progress.progressProperty().bind(job.progressProperty());
            progressText.textProperty().bind(job.messageProperty());
            eta.textProperty().bind(job.etaProperty());
        }
    }

    private void updateProgress(Snapshot s) {
        RunInfo r = s.info();
        bindJob();
        boolean here = context.training().isRunning(r.id());
        boolean waiting = context.training().isWaiting(r.id());
        boolean elsewhere = !here && r.status() == RunStatus.RUNNING;
        // The row stays, so that nothing under it moves when the run starts or ends: the bar while the run is live,
        // what it did once it is not.
        boolean live = here || waiting || elsewhere;
        progress.setVisible(live);
        progress.setManaged(live);
        if (!live) {
            progressText.setText(done(s.overview()));
            eta.setText("");
        } else if (waiting) {
            progress.setProgress(-1);
            int ahead = context.training().waiting().indexOf(r.id()) + (context.training().running() == null ? 0 : 1);
            progressText.setText("queued: " + ahead + " run(s) before it");
            eta.setText("");
        } else if (elsewhere && WeightImportTask.KIND.equals(r.kind())) {
            progress.setProgress(-1);
            progressText.setText("being imported by process " + r.pid() + " on " + r.host());
            eta.setText("");
        } else if (elsewhere) {
            // Trained by another process (the command line): the epochs logged so far are the progress there is.
            int epochs = s.overview().epochsPlanned();
            int done = s.overview().epochsDone();
            progress.setProgress(epochs > 0 ? (double) done / epochs : -1);
            progressText.setText("training in process " + r.pid() + " on " + r.host() + ": epoch " + done + (epochs > 0 ? " of " + epochs : ""));
            eta.setText("");
        }
    }

    /** What a run that is not live did: {@code 4/4 epochs, 48 steps · 8 min 00 s running}, or that it has not started. */
    static String done(RunOverview o) {
        if (o.info().started() == null) {
            return "not started";
        }
        String progressText = o.progressText();
        return (progressText.isEmpty() ? "" : progressText + " \u00b7 ") + o.durationText() + " running";
    }

    private void updateButtons() {
        RunInfo r = shown.info();
        cancel.setDisable(!RunActions.canCancel(context, r));
        resume.setDisable(!RunActions.canResume(context, r));
        resume.setText(r.status() == RunStatus.QUEUED ? "Start" : "Resume");
        rerun.setDisable(!RunActions.isQueueable(r));
        rerunChanged.setDisable(sheet == null);
        compare.setDisable(false);
        boolean backbone = hasStudent(r.kind()) && r.status() == RunStatus.FINISHED;
        for (Button b : List.of(evaluateWith, finetuneWith, exportWeights)) {
            b.setDisable(!backbone);
        }
        boolean tokenizer = TokenizerTask.KIND.equals(r.kind());
        boolean pretrain = PretrainTask.KIND.equals(r.kind());
        boolean evaluation = TaskDashboardTarget.hasDashboard(r.kind());
        results.setVisible(tokenizer || pretrain || evaluation);
        results.setManaged(results.isVisible());
        if (tokenizer) {
            String codes = codesDataset();
            boolean checkpoint = r.status() == RunStatus.FINISHED || shown.artifacts().stream().anyMatch(a -> a.name().equals("tokenizer"));
            results.setText(codes != null ? "Codes of " + codes : "Tokenize " + r.dataset());
            results.setTooltip(new Tooltip(codes != null ? "Code usage, the gallery of codes and their consistency under augmentation"
                    : "Assign every patch of " + r.dataset() + " its code with this tokenizer, then show the codes"));
            results.setDisable(codes == null && !checkpoint);
        } else if (pretrain) {
            results.setText("Masks");
            results.setTooltip(new Tooltip("The teacher's mask probabilities, sampled masks and the student's answers per epoch"));
            results.setDisable(!shown.inspection());
        } else if (evaluation) {
            results.setText("Dashboard");
            results.setTooltip(new Tooltip("Every method's figures with confidence intervals, the stored figures, the per-fold table"));
            results.setDisable(r.status() != RunStatus.FINISHED);
        }
    }

    private String codesDataset() {
        List<String> datasets = shown.artifacts().stream().map(RunStore.Artifact::name).filter(n -> n.startsWith(RunsSection.CODES_ARTIFACT))
                .map(n -> n.substring(RunsSection.CODES_ARTIFACT.length())).toList();
        if (datasets.isEmpty()) {
            return null;
        }
        return datasets.contains(shown.info().dataset()) ? shown.info().dataset() : datasets.get(0);
    }

    private void openResults() {
        RunInfo r = shown.info();
        if (PretrainTask.KIND.equals(r.kind())) {
            context.open(new MasksTarget(r.id()), true);
            return;
        }
        if (TaskDashboardTarget.hasDashboard(r.kind())) {
            context.open(new TaskDashboardTarget(r.id()), true);
            return;
        }
        String codes = codesDataset();
        if (codes != null) {
            context.open(new CodesTarget(r.id(), codes), true);
            return;
        }
        tokenize(context, r.id(), r.dataset());
    }

    /** Tokenizes {@code dataset} with tokenizer run {@code run} in the background, then opens its codes. */
    public static void tokenize(WorkbenchContext context, String run, String dataset) {
        context.background().start("Tokenize " + dataset + " with " + run, true,
                monitor -> new TokenizeTask(context.workspace()).run(run, dataset, "cpu", monitor),
                new BackgroundWork.Outcome<TokenizeTask.Result>() {
                    @Override
                    public void succeeded(TokenizeTask.Result result) {
                        context.showStatus("Tokenized " + result.windows() + " windows of " + dataset + ": " + result.distinctCodes() + " codes in use");
                        context.workspaceChanged();
                        context.open(new CodesTarget(run, dataset), true);
                    }

                    @Override
                    public void failed(Throwable error) {
                        context.showError("The dataset " + dataset + " could not be tokenized with " + run, error);
                    }

                    @Override
                    public void cancelled() {
                        context.showStatus("Tokenizing " + dataset + " cancelled");
                    }
                });
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
    public void refresh() {
        read();
    }

    @Override
    public void close() {
        poll.stop();
        context.training().changesProperty().removeListener(queueChanged);
        progress.progressProperty().unbind();
        progressText.textProperty().unbind();
        eta.textProperty().unbind();
    }

    /** The run as last read (for tests), or null before the first read. */
    public RunInfo run() {
        return shown == null ? null : shown.info();
    }

    /** What the Weights tab shows of an imported run (for tests), or null for another kind or before the first read. */
    public ImportedWeights importedWeights() {
        return shown == null ? null : shown.weights();
    }

    /** The charts of the curves tab, in panel order (for tests). */
    public List<MetricChart> charts() {
        return curves.charts();
    }
}
