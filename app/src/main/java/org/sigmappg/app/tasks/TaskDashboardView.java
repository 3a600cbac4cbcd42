package org.sigmappg.app.tasks;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.LineStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.css.DataSetNode;
import io.fair_acc.chartfx.ui.geometry.Side;
import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleErrorDataSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import javax.imageio.ImageIO;
import org.sigmappg.app.charts.ValueAxis;
import org.sigmappg.app.navigation.TaskDashboardTarget;
import org.sigmappg.app.charts.MetricChart;
import org.sigmappg.app.navigation.RunTarget;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.eval.BloodPressureCriteria;
import org.sigmappg.eval.EvaluationResult;
import org.sigmappg.eval.Metric;

/**
 * A task's dashboard for one evaluation run, drawn from what the run stored: every method's figure with its
 * 95 % subject-bootstrap interval as bars (metric and level chosen above), the pooled table, the label-efficiency
 * curves of the chosen metric (a curve per method against the labelled subjects, with intervals), the AAMI and
 * BHS table of a blood-pressure task, the run's predicted-vs-true, Bland-Altman and ROC figures redrawn from
 * their stored points (the Bland-Altman bias and limits written on their lines), the out-of-fold predictions pooled
 * per subject (per record for a record-level task), and the per-fold table. The chart in view exports as PNG, the
 * predictions as CSV (per window as stored, or pooled); the report (HTML, Markdown and the figures) saves to a folder.
 */
public final class TaskDashboardView implements WorkbenchView {
    private final WorkbenchContext context;
    private final TaskDashboardTarget target;
    private final ReadOnlyStringWrapper title;
    private final BorderPane root = new BorderPane();
    private final ComboBox<String> level = new ComboBox<>();
    private final ComboBox<String> metric = new ComboBox<>();
    private final ValueAxis methodAxis = new MethodAxis();
    private final ValueAxis valueAxis = new ValueAxis("value");
    private final XYChart bars = new XYChart(methodAxis, valueAxis);
    private final DoubleErrorDataSet barSet = new DoubleErrorDataSet("pooled, 95 % CI");
    private final TableView<EvaluationResult.MetricRow> pooled = new TableView<>();
    private final TableView<EvaluationResult.FoldRow> folds = new TableView<>();
    private final TableView<BloodPressureCriteria.Summary> pressure = new TableView<>();
    private final TabPane tabs = new TabPane();
    private final Map<String, FigureChart> figureCharts = new LinkedHashMap<>();
    private final Map<String, ComboBox<String>> figureMethods = new LinkedHashMap<>();
    private final LabelEfficiencyPane curves = new LabelEfficiencyPane();
    private final PredictionsPane predictions;
    private TaskDashboardModel model;
    private String[] pendingFigure;

    public TaskDashboardView(TaskDashboardTarget target, WorkbenchContext context) {
        this.context = context;
        this.target = target;
        this.title = new ReadOnlyStringWrapper(target.title());
        this.predictions = new PredictionsPane(context, target.run());
        root.getStyleClass().add("task-dashboard");
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(48, 48);
        VBox wait = new VBox(12, spinner, new Label("Reading the results of " + target.run() + "\u2026"));
        wait.setAlignment(Pos.CENTER);
        root.setCenter(wait);
        context.background().read(() -> TaskDashboardModel.load(context.workspace(), target.run()), this::show, error -> {
            Label l = new Label("The results of " + target.run() + " could not be read: " + ErrorText.of(error));
            l.getStyleClass().add("error-text");
            l.setWrapText(true);
            l.setId("dashboard-error");
            root.setCenter(l);
        });
    }

    private void show(TaskDashboardModel m) {
        model = m;
        predictions.show(m);
        EvaluationResult r = m.result();
        title.set(r.task().name() + " \u00b7 " + r.dataset() + " \u00b7 " + r.run());
        Label heading = new Label("Task " + r.task().name() + " on " + r.dataset() + " (" + r.run() + ")");
        heading.getStyleClass().add("view-title");
        Label about = new Label(String.format(Locale.ROOT, "%s. %s protocol, %s; %d subjects, %d windows; intervals from %d subject-bootstrap "
                        + "resamples. Every number is the run's stored result.", r.task().description(), r.protocol(), r.split(), r.subjects(),
                r.windows(), r.bootstrapResamples()));
        about.getStyleClass().add("view-subtitle");
        about.setWrapText(true);
        about.setId("dashboard-summary");

        level.setId("dashboard-level");
        level.getItems().setAll(m.levels());
        level.setValue(m.levels().isEmpty() ? null : m.levels().get(0));
        level.setTooltip(new Tooltip("The unit the figures are computed on"));
        metric.setId("dashboard-metric");
        metric.getItems().setAll(m.metrics());
        metric.setConverter(new StringConverter<>() {
            @Override
            public String toString(String key) {
                return key == null ? "" : TaskDashboardModel.metricLabel(key);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        metric.setValue(m.metrics().isEmpty() ? null : m.metrics().get(0));
        level.valueProperty().addListener((o, a, b) -> showLevel());
        metric.valueProperty().addListener((o, a, b) -> {
            showBars();
            showCurves();
        });
        Button export = new Button("Export PNG\u2026");
        export.setId("dashboard-export-png");
        export.setTooltip(new Tooltip("Save the chart in view as a PNG image"));
        export.setOnAction(e -> chooseExport());
        Button report = new Button("Save report\u2026");
        report.setId("dashboard-save-report");
        report.setTooltip(new Tooltip("Copy the run's report (HTML, Markdown) and its PNG figures into a folder"));
        report.setOnAction(e -> chooseReportFolder());
        Button run = new Button("Open run");
        run.setId("dashboard-open-run");
        run.setTooltip(new Tooltip("The run's page: parameters, provenance, artifacts, the command line"));
        run.setOnAction(e -> context.open(new RunTarget(r.run()), true));
        ToolBar bar = new ToolBar(new Label("Level"), level, new Label("Metric"), metric, export, report, predictions.menu(), run);

        tabs.setId("dashboard-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().add(tab("Metrics", metricsPane()));
        if (!m.curveMetrics().isEmpty()) {
            tabs.getTabs().add(tab("Label efficiency", curves.node()));
        }
        if (!m.bloodPressure().isEmpty()) {
            tabs.getTabs().add(tab("Blood pressure", bloodPressurePane()));
        }
        for (String kind : m.figureKinds()) {
            tabs.getTabs().add(tab(kindTitle(kind), figurePane(kind)));
        }
        tabs.getTabs().add(tab(predictions.tabName(), predictions.node()));
        tabs.getTabs().add(tab("Per fold", folds));
        VBox top = new VBox(2, heading, about, bar);
        top.setPadding(new Insets(6, 8, 4, 8));
        root.setTop(top);
        root.setCenter(tabs);
        showLevel();
        showCurves();
        if (pendingFigure != null) {
            showFigure(pendingFigure[0], pendingFigure[1]);
            pendingFigure = null;
        }
    }

    private static Tab tab(String name, Node content) {
        Tab t = new Tab(name, content);
        t.setId("dashboard-tab-" + name.toLowerCase(Locale.ROOT).replace(' ', '-'));
        return t;
    }

    private static String kindTitle(String kind) {
        return switch (kind) {
            case "predicted-vs-true" -> "Predicted vs true";
            case "bland-altman" -> "Bland-Altman";
            case "roc" -> "ROC";
            default -> kind;
        };
    }

    private Node metricsPane() {
        for (ValueAxis a : List.of(methodAxis, valueAxis)) {
            a.setAnimated(false);
        }
        methodAxis.setSide(Side.BOTTOM);
        valueAxis.setSide(Side.LEFT);
        methodAxis.setAutoRanging(false);
        methodAxis.setAutoRangeRounding(false);
        valueAxis.setAutoRanging(false);
        bars.setAnimated(false);
        bars.setLegendVisible(false);
        bars.getToolBar().setVisible(false);
        bars.getToolBar().setManaged(false);
        bars.getStyleClass().addAll("signal-chart", "metric-chart");
        bars.setId("dashboard-bars");
        bars.setMinSize(300, 220);
        ErrorDataSetRenderer r = new ErrorDataSetRenderer();
        r.setPolyLineStyle(LineStyle.NONE);
        r.setDrawBars(true);
        r.setDrawMarker(false);
        r.setDynamicBarWidth(false);
        r.setBarWidth(56);
        r.setErrorStyle(ErrorStyle.NONE);
        DataSetNode node = r.addDataSet(barSet);
        node.setLineColor(MetricChart.PALETTE.get(0));
        node.setMarkerColor(MetricChart.PALETTE.get(0));
        node.setLineWidth(1.5);
        // The intervals in a second pass, in a contrasting colour over the bars: drawn in the bars' own colour, the lower
        // half of each interval disappeared into its bar and the intervals looked one-sided.
        ErrorDataSetRenderer intervals = new ErrorDataSetRenderer();
        intervals.setPolyLineStyle(LineStyle.NONE);
        intervals.setDrawBars(false);
        intervals.setDrawMarker(false);
        intervals.setErrorStyle(ErrorStyle.ERRORBARS);
        DataSetNode intervalNode = intervals.addDataSet(barSet);
        intervalNode.setLineColor(MetricChart.PALETTE.get(1));
        intervalNode.setMarkerColor(MetricChart.PALETTE.get(1));
        intervalNode.setLineWidth(1.5);
        bars.getRenderers().setAll(r, intervals);

        pooled.setId("dashboard-rows");
        pooled.getColumns().add(TableTools.column("Method", 110, EvaluationResult.MetricRow::method));
        pooled.getColumns().add(TableTools.column("Metric", 150, row -> TaskDashboardModel.metricLabel(row.metric())));
        pooled.getColumns().add(TableTools.column("Value [95 % CI]", 170, row -> TableTools.cell(row.metric(), row.value(), row.ciLow(), row.ciHigh())));
        pooled.getColumns().add(TableTools.column("\u0394 vs trivial [95 % CI]", 190, row -> row.deltaVsTrivial() == null ? ""
                : TableTools.cell(row.metric(), row.deltaVsTrivial(), row.deltaCiLow(), row.deltaCiHigh())));
        pooled.getColumns().add(TableTools.column("Folds (defined)", 125, row -> row.folds() + " (" + row.foldsDefined() + ")"));
        pooled.getColumns().add(TableTools.column("Subjects", 80, row -> Integer.toString(row.subjects())));
        pooled.setPrefHeight(220);
        VBox box = new VBox(6, bars, pooled);
        VBox.setVgrow(bars, Priority.ALWAYS);
        box.setPadding(new Insets(6));
        return box;
    }

    private Node bloodPressurePane() {
        pressure.setId("dashboard-blood-pressure");
        pressure.getColumns().add(TableTools.column("Method", 90, BloodPressureCriteria.Summary::method));
        pressure.getColumns().add(TableTools.column("ME \u00b1 SD (mmHg)", 130, s -> BloodPressureCriteria.meanErrorAndSd(s.meanError(), s.errorSd())));
        pressure.getColumns().add(TableTools.column("ME [95 % CI]", 140, s -> TableTools.cell(Metric.BA_BIAS.key(), s.meanError(), s.meanErrorLow(), s.meanErrorHigh())));
        pressure.getColumns().add(TableTools.column("SD [95 % CI]", 150, s -> TableTools.cell(Metric.ERROR_SD.key(), s.errorSd(), s.errorSdLow(), s.errorSdHigh())));
        pressure.getColumns().add(TableTools.column("AAMI: |ME| \u2264 5, SD \u2264 8", 190, s -> s.aami().text()));
        pressure.getColumns().add(TableTools.column("\u2264 5 mmHg (%)", 120, s -> TableTools.cell(Metric.WITHIN_5.key(), s.within5(), s.within5Low(), s.within5High())));
        pressure.getColumns().add(TableTools.column("\u2264 10 mmHg (%)", 125, s -> TableTools.cell(Metric.WITHIN_10.key(), s.within10(), s.within10Low(),
                s.within10High())));
        pressure.getColumns().add(TableTools.column("\u2264 15 mmHg (%)", 125, s -> TableTools.cell(Metric.WITHIN_15.key(), s.within15(), s.within15Low(),
                s.within15High())));
        pressure.getColumns().add(TableTools.column("BHS grade [worst, best]", 160, s -> s.grade() == null ? "n/a"
                : s.grade() + (s.gradeWorst() == null ? "" : " [" + s.gradeWorst() + ", " + s.gradeBest() + "]")));
        pressure.getItems().setAll(model.bloodPressure());
        Label about = new Label("Per " + model.bloodPressure().get(0).level() + ". ME: mean of prediction minus reference; SD of those errors; "
                + "AAMI/ISO 81060-2 criterion 1 judged on the estimates and at the ends of their 95 % intervals. BHS: percentages of absolute "
                + "errors within 5, 10 and 15 mmHg; A needs 60/85/95 %, B 50/75/90 %, C 40/65/85 %, else D.");
        about.setWrapText(true);
        about.getStyleClass().add("view-subtitle");
        VBox box = new VBox(6, about, pressure);
        VBox.setVgrow(pressure, Priority.ALWAYS);
        box.setPadding(new Insets(6));
        return box;
    }

    private Node figurePane(String kind) {
        FigureChart chart = new FigureChart();
        chart.node().setId("dashboard-figure-" + kind);
        ComboBox<String> method = new ComboBox<>();
        method.setId("dashboard-figure-method-" + kind);
        List<String> perMethod = model.figures(kind).stream().map(TaskDashboardModel.Figure::method).filter(java.util.Objects::nonNull).toList();
        method.getItems().setAll(perMethod);
        method.setDisable(perMethod.isEmpty());
        method.valueProperty().addListener((o, a, b) -> show(chart, model.figure(kind, b).orElse(null)));
        figureCharts.put(kind, chart);
        figureMethods.put(kind, method);
        // The first method that is not the trivial one is usually the one worth a look first.
        String first = perMethod.stream().filter(x -> !x.equals("trivial")).findFirst().orElse(perMethod.isEmpty() ? null : perMethod.get(0));
        if (first != null) {
            method.setValue(first);
        } else {
            show(chart, model.figure(kind, null).orElse(null));
        }
        Label methodLabel = new Label("Method");
        HBox row = new HBox(8, methodLabel, method);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, row, chart.node());
        box.setPadding(new Insets(6));
        return box;
    }

    private void show(FigureChart chart, TaskDashboardModel.Figure f) {
        chart.show(f, f == null ? List.of() : model.lineLabels(f));
    }

    // ---- predictions

    /**
     * Writes the predictions to {@code file} in the background: {@code pooled}, one row per subject (record) as the table shows
     * them, else the run's per-window file as stored; {@code then} gets the file written.
     */
    public void exportPredictions(Path file, boolean pooled, Consumer<Path> then) {
        predictions.export(file, pooled, then);
    }

    private void showCurves() {
        if (model != null) {
            curves.show(model, metric.getValue());
        }
    }

    private void showLevel() {
        String l = level.getValue();
        pooled.getItems().setAll(l == null ? List.of() : model.rows(l));
        List<EvaluationResult.FoldRow> rows = l == null ? List.of() : model.folds(l);
        folds.setId("dashboard-folds");
        folds.getColumns().clear();
        folds.getColumns().add(TableTools.column("Method", 110, EvaluationResult.FoldRow::method));
        folds.getColumns().add(TableTools.column("Fold", 50, f -> Integer.toString(f.fold())));
        folds.getColumns().add(TableTools.column("Train subjects", 100, f -> Integer.toString(f.trainSubjects())));
        folds.getColumns().add(TableTools.column("Test subjects", 100, f -> Integer.toString(f.testSubjects())));
        folds.getColumns().add(TableTools.column("Test units", 80, f -> Integer.toString(f.testUnits())));
        for (String key : model.metrics()) {
            folds.getColumns().add(TableTools.column(TaskDashboardModel.metricLabel(key), 100, f -> {
                Double v = f.metrics().get(key);
                return v == null ? "" : TableTools.cell(key, v, null, null);
            }));
        }
        folds.getItems().setAll(rows);
        showBars();
    }

    private List<TaskDashboardModel.Bar> shownBars() {
        return model == null || metric.getValue() == null || level.getValue() == null ? List.of()
                : model.bars(metric.getValue(), level.getValue());
    }

    private void showBars() {
        List<TaskDashboardModel.Bar> b = shownBars();
        barSet.lock().writeLockGuard(() -> {
            barSet.clearData();
            for (int i = 0; i < b.size(); i++) {
                TaskDashboardModel.Bar x = b.get(i);
                double v = Double.isNaN(x.value()) ? 0 : x.value();
                double low = Double.isNaN(x.low()) ? 0 : Math.max(0, v - x.low());
                double high = Double.isNaN(x.high()) ? 0 : Math.max(0, x.high() - v);
                barSet.add(i + 1, v, low, high);
            }
        });
        methodAxis.set(0.5, b.size() + 0.5);
        // Bars start at zero, so the axis holds zero and every interval's ends.
        double lo = 0;
        double hi = 0;
        for (TaskDashboardModel.Bar x : b) {
            for (double v : new double[] {x.value(), x.low(), x.high()}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double pad = hi > lo ? 0.08 * (hi - lo) : 1;
        valueAxis.set(lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : 0 + pad);
        String key = metric.getValue();
        String unit = model.result().task().unit();
        valueAxis.setName(key == null ? "" : TaskDashboardModel.metricLabel(key)
                + (unit != null && key != null && TableTools.isUnitMetric(key) ? " (" + unit + ")" : ""));
        bars.setTitle(key == null ? "" : TaskDashboardModel.metricLabel(key) + " per method, per " + level.getValue() + ", with 95 % CI");
        bars.invalidate();
    }

    // ---- export

    /** The chart of the tab in view (the bars on the Metrics tab), or null on the per-fold table. */
    private Node chartInView() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        if (t == null || t.getContent() == folds) {
            return t == null ? null : folds;
        }
        if (t == tabs.getTabs().get(0)) {
            return bars;
        }
        if (t.getText().equals("Label efficiency")) {
            return curves.chart();
        }
        if (t.getText().equals("Blood pressure")) {
            return pressure;
        }
        if (t.getText().equals(predictions.tabName())) {
            return predictions.table();
        }
        for (Map.Entry<String, FigureChart> e : figureCharts.entrySet()) {
            if (t.getText().equals(kindTitle(e.getKey()))) {
                return e.getValue().node();
            }
        }
        return null;
    }

    /** Writes the chart (or table) in view to {@code file} as PNG; the snapshot is taken here, the file written in the background. */
    public void exportPng(Path file, Consumer<Path> then) {
        Node n = chartInView();
        if (n == null) {
            return;
        }
        WritableImage image = n.snapshot(null, null);
        context.background().read(() -> {
            // Atomically: a viewer opening the file as it appears never sees half a PNG.
            org.sigmappg.run.FileTools.writeAtomically(file, out -> {
                if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out)) {
                    throw new IOException("no PNG writer for " + file);
                }
            });
            return file;
        }, written -> {
            context.showStatus("Saved " + written);
            then.accept(written);
        }, error -> context.showError("The PNG could not be written to " + file, error));
    }

    /** Copies the report and its figures into {@code folder} in the background; {@code then} gets the files written. */
    public void saveReport(Path folder, Consumer<List<Path>> then) {
        TaskDashboardModel m = model;
        context.background().read(() -> {
            Files.createDirectories(folder);
            List<Path> written = new ArrayList<>();
            List<String> names = new ArrayList<>(List.of(org.sigmappg.eval.EvaluationTask.REPORT_HTML, org.sigmappg.eval.EvaluationTask.REPORT_MARKDOWN));
            m.result().figures().forEach(f -> names.add(f.file()));
            for (String name : names) {
                Path from = m.directory().resolve(name);
                if (Files.isRegularFile(from)) {
                    written.add(Files.copy(from, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING));
                }
            }
            if (written.isEmpty()) {
                throw new IOException(m.directory() + " holds no report; was the run made by an older version?");
            }
            return written;
        }, written -> {
            context.showStatus("Saved the report of " + target.run() + " (" + written.size() + " files) to " + folder);
            then.accept(written);
        }, error -> context.showError("The report could not be saved to " + folder, error));
    }

    private void chooseExport() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        String name = target.run() + "-" + (t == null ? "chart" : t.getText().toLowerCase(Locale.ROOT).replace(' ', '-')) + ".png";
        context.files().save(context.window(), "Export the chart as PNG", name, List.of(new FileChooser.ExtensionFilter("PNG image", "*.png")))
                .ifPresent(f -> exportPng(f, p -> { }));
    }

    private void chooseReportFolder() {
        context.files().folder(context.window(), "Save the report of " + target.run() + " into")
                .ifPresent(f -> saveReport(f.resolve(target.run() + "-report"), files -> { }));
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

    // ---- for tests and the screenshot tour

    /** What the view read, or null while it reads. */
    public TaskDashboardModel model() {
        return model;
    }

    /** The bars as drawn: x the method's position (1 = first), y the figure, y errors to the interval's ends. */
    public io.fair_acc.dataset.DataSetError barDataSet() {
        return barSet;
    }

    /** Chooses the metric of the bars, as the metric box does. */
    public void chooseMetric(String key) {
        metric.setValue(key);
    }

    /** Shows the tab of figure {@code kind} with {@code method}'s figure (null: keep the method); asked while reading, once read. */
    public void showFigure(String kind, String method) {
        if (model == null) {
            pendingFigure = new String[] {kind, method};
            return;
        }
        for (Tab t : tabs.getTabs()) {
            if (t.getText().equals(kindTitle(kind))) {
                tabs.getSelectionModel().select(t);
            }
        }
        if (method != null && figureMethods.containsKey(kind)) {
            figureMethods.get(kind).setValue(method);
        }
    }

    /** The drawn series named {@code name} of the figure of {@code kind}, or null. */
    public DataSet figureDataSet(String kind, String name) {
        FigureChart c = figureCharts.get(kind);
        return c == null ? null : c.dataSet(name);
    }

    /** The names of the drawn series of the figure of {@code kind}. */
    public List<String> figureSeries(String kind) {
        FigureChart c = figureCharts.get(kind);
        return c == null ? List.of() : c.names();
    }

    public TableView<EvaluationResult.FoldRow> foldTable() {
        return folds;
    }

    /**
     * The label-efficiency curve drawn for {@code method}: x the labelled subjects (moved by the method's small dodge), y the
     * figure, y errors to the interval's ends.
     */
    public io.fair_acc.dataset.DataSetError curveDataSet(String method) {
        return curves.curve(method);
    }

    /** The label-efficiency chart's title, which names the metric shown. */
    public String curveTitle() {
        return curves.chart().getTitle();
    }

    public TableView<BloodPressureCriteria.Summary> bloodPressureTable() {
        return pressure;
    }

    /** Shows the tab named {@code name} ("Metrics", "Label efficiency", "Blood pressure", ...). */
    public void showTab(String name) {
        tabs.getTabs().stream().filter(t -> t.getText().equals(name)).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    public TabPane tabs() {
        return tabs;
    }

    /** The table of predictions pooled per subject (per record for a record-level task). */
    public TableView<PredictionTable.Row> predictionTable() {
        return predictions.table();
    }

    /** The texts written on the lines of the figure of {@code kind} in view ("bias -0.52 bpm", ...). */
    public List<String> figureLineLabels(String kind) {
        FigureChart c = figureCharts.get(kind);
        return c == null ? List.of() : c.lineLabels().stream().map(Label::getText).toList();
    }

    /** The figure of {@code kind}'s chart, for looking at its axes. */
    public XYChart figureChart(String kind) {
        FigureChart c = figureCharts.get(kind);
        return c == null ? null : c.node();
    }

    /** The bars' horizontal axis: a tick at each method, labelled with its name. */
    private final class MethodAxis extends ValueAxis {
        MethodAxis() {
            super("method");
        }

        @Override
        protected double chooseUnit(double span, int maxTicks, double magnitude) {
            return 1;
        }

        @Override
        protected String label(double v) {
            int i = (int) Math.round(v);
            List<TaskDashboardModel.Bar> shown = shownBars();
            return Math.abs(v - i) < 1e-6 && i >= 1 && i <= shown.size() ? shown.get(i - 1).method() : "";
        }
    }
}
