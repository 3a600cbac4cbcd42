package org.sigmappg.app.signal;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.ui.css.DataSetNode;
import io.fair_acc.chartfx.ui.geometry.Side;
import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.SegmentedButton;
import java.io.IOException;
import org.sigmappg.app.charts.ValueAxis;
import org.sigmappg.app.navigation.RecordTarget;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.shell.Theme;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.app.shell.WorkbenchView;

/**
 * The signal explorer for one record: the raw or filtered waveform at full resolution (min/max decimated to
 * the plot's width, so hours of signal stay smooth), window boundaries and the 1 s patch grid, QC shading,
 * the prior score band and a label series on its own axis, all on one time axis. Wheel zooms about the mouse,
 * drag pans, double-click shows the whole record, and the patch under the mouse is described below the plot.
 *
 * <p>The view opens at once with a loading note; {@link #show} fills it when the record has been read.
 */
public final class SignalExplorerView implements WorkbenchView {
    private static final double KEY_PAN_FRACTION = 0.2;
    /** The label choice that shows no label series. */
    static final String NO_LABEL = "no label";
    /** The band choice that shows no band. */
    public static final String NO_RUN = "none";
    /** Half the widest time tick label ("1:00:00.05"), in pixels. */
    private static final double TIME_LABEL_OVERHANG = 40;

    private final NavTarget target;
    private final ReadOnlyStringWrapper title;
    private final BorderPane root = new BorderPane();
    private final Label header = new Label();
    private final Label range = new Label();
    private final Label readout = new Label();
    private final TimeAxis xAxis = new TimeAxis();
    private final ValueAxis yAxis = new ValueAxis("signal");
    private final ValueAxis labelAxis = new ValueAxis("label");
    private final XYChart chart;
    private final DoubleDataSet waveform = new DoubleDataSet("waveform");
    private final DoubleDataSet labelSet = new DoubleDataSet("label");
    private final WaveformRenderer waveRenderer = new WaveformRenderer();
    private final WaveformRenderer labelRenderer = new WaveformRenderer();
    private final PatchTrackRenderer patchRenderer = new PatchTrackRenderer(PatchTrackRenderer.Layer.BACKGROUND);
    private final PatchTrackRenderer bandRenderer = new PatchTrackRenderer(PatchTrackRenderer.Layer.BAND);
    private final CheckBox showGrid = new CheckBox("Patches");
    private final CheckBox showPrior = new CheckBox("Prior");
    private final CheckBox showQc = new CheckBox("QC");
    private final ComboBox<String> labelChoice = new ComboBox<>();
    private final ToggleButton raw = new ToggleButton("Raw");
    private final ToggleButton filtered = new ToggleButton("Filtered");
    private final MinMaxDecimator.Envelope waveEnvelope = new MinMaxDecimator.Envelope();
    private final MinMaxDecimator.Envelope labelEnvelope = new MinMaxDecimator.Envelope();
    private SignalExplorerModel model;
    private boolean updateQueued;
    private long updates;
    private Runnable onClose = () -> { };
    private WorkbenchContext context;
    private final ChannelStrips strips;
    private final BandsBar bands = new BandsBar(this);
    private final OtherChannelsMenu channels;
    private final ExplorerLegend legend = new ExplorerLegend();

    public SignalExplorerView(NavTarget target) {
        this.target = target;
        this.title = new ReadOnlyStringWrapper(target.title());
        root.getStyleClass().add("signal-explorer");
        chart = new XYChart(xAxis, yAxis);
        strips = new ChannelStrips(chart.getCanvas());
        channels = new OtherChannelsMenu(strips, bands::note, this::queueUpdate);
        configureChart();
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(48, 48);
        Label loading = new Label("Reading " + target.title() + "\u2026");
        VBox wait = new VBox(12, spinner, loading);
        wait.setAlignment(Pos.CENTER);
        wait.setId("explorer-loading");
        root.setCenter(wait);
    }

    private void configureChart() {
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.getToolBar().setVisible(false);
        chart.getToolBar().setManaged(false);
        chart.getStyleClass().add("signal-chart");
        chart.setId("explorer-chart");
        for (ValueAxis a : new ValueAxis[] {xAxis, yAxis, labelAxis}) {
            a.setAutoRanging(false);
            a.setAutoGrowRanging(false);
            a.setAnimated(false);
        }
        xAxis.setSide(Side.BOTTOM);
        yAxis.setSide(Side.LEFT);
        labelAxis.setSide(Side.RIGHT);
        // The label of the first tick (at the record start) is centred on the plot's left edge: the axis draws
        // beyond its ends by this much, so that label is not cut off.
        xAxis.setAxisPadding(TIME_LABEL_OVERHANG);
        // The patch grid and window lines mark time; ChartFX's vertical grid would only compete with them.
        chart.getGridRenderer().getVerticalMajorGrid().setVisible(false);
        chart.getGridRenderer().getVerticalMinorGrid().setVisible(false);
        chart.getRenderers().setAll(patchRenderer, waveRenderer, bandRenderer);
        DataSetNode wave = waveRenderer.addDataSet(waveform);
        wave.getStyleClass().add("waveform");
        labelRenderer.getAxes().add(labelAxis);
        DataSetNode lab = labelRenderer.addDataSet(labelSet);
        lab.getStyleClass().add("label-trace");
        chart.setMinSize(200, 160);
        VBox.setVgrow(chart, Priority.ALWAYS);
        chart.getCanvas().widthProperty().addListener((o, a, b) -> queueUpdate());
        chart.getCanvas().heightProperty().addListener((o, a, b) -> queueUpdate());
        new PlotMouse(this, chart);
    }

    /**
     * A view for a record of the workspace: shown at once, filled when the record has been read on a
     * background thread, and following the workbench's theme.
     */
    public static SignalExplorerView open(RecordTarget target, WorkbenchContext context) {
        SignalExplorerView view = new SignalExplorerView(target);
        view.context = context;
        view.bands.focus(target.focus());
        view.setDark(context.themeProperty().get() == Theme.DARK);
        javafx.beans.value.ChangeListener<Theme> follow = (o, a, b) -> view.setDark(b == Theme.DARK);
        context.themeProperty().addListener(follow);
        view.onClose = () -> context.themeProperty().removeListener(follow);
        context.background().read(() -> {
            Catalogue catalogue = context.catalogue();
            DatasetInfo dataset = catalogue.requireDataset(target.dataset());
            RecordInfo record = catalogue.record(dataset.id(), target.record()).orElseThrow(() -> new IOException(
                    "dataset " + target.dataset() + " has no record " + target.record() + "; it may have been re-imported"));
            return new SignalExplorerModel(RecordSignals.load(catalogue, dataset, record)).prepare();
        }, view::show, error -> view.showError("The record " + target.title() + " could not be read: " + ErrorText.of(error)));
        return view;
    }

    /** Shows the file's other channels with these names under the PPG (and no others); for tours and tests. */
    public void showChannels(java.util.Collection<String> names) {
        channels.show(names);
    }

    /** The strips of the file's other channels. */
    public ChannelStrips channelStrips() {
        return strips;
    }

    /** The file's other channels, once read (empty before, or when it has none). */
    public List<OtherChannel> otherChannels() {
        return channels.channels();
    }


    /** Marks every place of {@code code} in the code band and the plot; -1 clears the mark. */
    public void highlightCode(int code) {
        bands.highlightCode(code);
    }

    /** Fills the view with a record (on the JavaFX thread); build and {@link SignalExplorerModel#prepare} the model beforehand. */
    public void show(SignalExplorerModel prepared) {
        model = prepared;
        RecordSignals signals = prepared.signals();
        patchRenderer.setTrack(signals.patches());
        bandRenderer.setTrack(signals.patches());
        header.setText(model.header());
        header.setId("explorer-header");
        header.getStyleClass().add("view-subtitle");
        header.setWrapText(true);
        Label name = new Label(signals.record() + "  \u00b7  " + signals.dataset());
        name.getStyleClass().add("view-title");
        xAxis.setStyle(model.timeStyle());
        VBox top = new VBox(2, name, header);
        LabelTags.row(model).ifPresent(top.getChildren()::add);
        top.getChildren().addAll(toolbar(), bands.node(channels.node()));
        top.setPadding(new Insets(6, 8, 0, 8));
        readout.setId("explorer-readout");
        readout.getStyleClass().add("readout");
        readout.setMaxWidth(Double.MAX_VALUE);
        showHint();
        HBox bottom = new HBox(12, readout, legend.build());
        updateLegend();
        bottom.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(readout, Priority.ALWAYS);
        VBox.setVgrow(chart, Priority.ALWAYS);
        VBox plot = new VBox(chart, strips);
        plot.setPadding(new Insets(0, 4, 0, 4));
        // The PPG keeps most of the height: the other channels' strips take at most this share of it.
        strips.maxHeightProperty().bind(plot.heightProperty().multiply(0.4));
        strips.heightProperty().addListener((o, was, now) -> queueUpdate());
        root.setTop(top);
        root.setCenter(plot);
        root.setBottom(bottom);
        BorderPane.setMargin(bottom, new Insets(2, 8, 4, 8));
        root.setFocusTraversable(true);
        root.setOnKeyPressed(e -> {
            boolean handled = switch (e.getCode()) {
                case LEFT -> pan(-KEY_PAN_FRACTION);
                case RIGHT -> pan(KEY_PAN_FRACTION);
                case PLUS, ADD, EQUALS -> zoomIn();
                case MINUS, SUBTRACT -> zoomOut();
                case HOME -> resetZoom();
                case ESCAPE -> {
                    boolean marked = bandRenderer.highlightCode() >= 0;
                    highlightCode(-1);
                    yield marked;
                }
                default -> false;
            };
            if (handled) {
                e.consume();
            }
        });
        yAxis.setName(model.trace().label().toLowerCase(java.util.Locale.ROOT) + " " + signals.channel());
        updateLabelAxis();
        queueUpdate();
        if (context != null) {
            bands.load(context, (RecordTarget) target);
            channels.load(context, (RecordTarget) target, signals);
        }
    }

    /** Replaces the view's content with a readable message (the record could not be read). */
    public void showError(String message) {
        Label l = new Label(message);
        l.setWrapText(true);
        l.setId("explorer-error");
        l.getStyleClass().add("error-text");
        VBox box = new VBox(l);
        box.setAlignment(Pos.CENTER);
        box.setPadding(new Insets(24));
        root.setTop(null);
        root.setBottom(null);
        root.setCenter(box);
    }

    private Node toolbar() {
        raw.setId("trace-raw");
        filtered.setId("trace-filtered");
        raw.setTooltip(new Tooltip("The PPG channel as recorded, at " + rate(model.signals().rawFs()) + " Hz"));
        filtered.setTooltip(new Tooltip("Band-passed 0.5-8 Hz and resampled to " + rate(model.signals().filteredFs())
                + " Hz: what the model is given (before per-window scaling)"));
        raw.setDisable(!model.hasTrace(SignalExplorerModel.Trace.RAW));
        filtered.setDisable(!model.hasTrace(SignalExplorerModel.Trace.FILTERED));
        // The segmented button puts both buttons in a toggle group of its own.
        SegmentedButton traceButtons = new SegmentedButton(raw, filtered);
        (model.trace() == SignalExplorerModel.Trace.RAW ? raw : filtered).setSelected(true);
        traceButtons.getToggleGroup().selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                // Keep one trace selected: a click on the selected button must not empty the plot.
                a.setSelected(true);
                return;
            }
            model.setTrace(b == raw ? SignalExplorerModel.Trace.RAW : SignalExplorerModel.Trace.FILTERED);
            yAxis.setName(model.trace().label().toLowerCase(java.util.Locale.ROOT) + " " + model.signals().channel());
            update();
        });

        showGrid.setId("show-grid");
        showGrid.setSelected(true);
        showGrid.setTooltip(new Tooltip("Window boundaries, and the patch grid once patches are " + (int) SignalExplorerModel.MIN_PATCH_GRID_PIXELS + " pixels apart"));
        showGrid.selectedProperty().addListener((o, a, b) -> patchRenderer.setShowGrid(b));
        showPrior.setId("show-prior");
        showPrior.setSelected(true);
        showPrior.setTooltip(new Tooltip("Prior score P of each patch (amplitude stability and skewness), 0 to 1"));
        showPrior.selectedProperty().addListener((o, a, b) -> {
            patchRenderer.setShowPrior(b);
            bandRenderer.setShowPrior(b);
            update();
        });
        showQc.setId("show-qc");
        showQc.setSelected(true);
        showQc.setTooltip(new Tooltip("Shade patches flagged flat, clipped or missing"));
        showQc.selectedProperty().addListener((o, a, b) -> patchRenderer.setShowQc(b));
        labelChoice.setId("label-choice");
        labelChoice.getItems().setAll(model.labelNames());
        labelChoice.getItems().add(NO_LABEL);
        boolean hasLabels = model.label() != null;
        labelChoice.setTooltip(new Tooltip("A label series at its own rate, drawn on the right axis"));
        labelChoice.setValue(hasLabels ? model.label() : NO_LABEL);
        labelChoice.valueProperty().addListener((o, a, b) -> {
            model.setLabel(NO_LABEL.equals(b) ? null : b);
            updateLabelAxis();
            update();
        });
        Label labelText = new Label("Label");
        labelText.setLabelFor(labelChoice);

        Button zoomOut = button("\u2212", "zoom-out", "Zoom out (Ctrl+Minus, or the wheel)", this::zoomOut);
        Button zoomIn = button("+", "zoom-in", "Zoom in (Ctrl+Plus, or the wheel)", this::zoomIn);
        Button fit = button("Whole", "zoom-reset", "Show the whole record (Ctrl+0, or double-click the plot)", this::resetZoom);
        range.setId("explorer-range");
        range.getStyleClass().add("range-text");
        ToolBar bar = new ToolBar(traceButtons, new Separator(), showGrid, showPrior, showQc, new Separator());
        // A record without label series (PPG-BP's labels belong to its subject, shown above) has no list to choose from.
        if (model.label() != null) {
            bar.getItems().addAll(labelText, labelChoice, new Separator());
        }
        bar.getItems().addAll(zoomOut, zoomIn, fit, range);
        bar.getStyleClass().add("explorer-toolbar");
        for (Node n : List.of(raw, filtered, showGrid, showPrior, showQc, labelText, fit, range)) {
            ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
        }
        return bar;
    }

    private static String rate(double fs) {
        return fs == Math.rint(fs) ? Long.toString((long) fs) : String.format(java.util.Locale.ROOT, "%.2f", fs);
    }

    private static Button button(String text, String id, String tip, java.util.function.BooleanSupplier action) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.getAsBoolean());
        return b;
    }

    private void updateLegend() {
        legend.showMasks(model != null && model.masks() != null);
    }

    /** Redraws after a band changed (a run's codes or masks chosen, or another epoch). */
    void bandsChanged() {
        updateLegend();
        update();
    }

    private void updateLabelAxis() {
        boolean on = model != null && model.label() != null;
        if (on) {
            if (!chart.getRenderers().contains(labelRenderer)) {
                chart.getRenderers().add(chart.getRenderers().indexOf(bandRenderer), labelRenderer);
            }
            labelAxis.setTitle(model.label(), model.labelUnit(model.label()));
        } else {
            chart.getRenderers().remove(labelRenderer);
            chart.getAxes().remove(labelAxis);
        }
    }

    private void highlight(int patch) {
        patchRenderer.setHighlight(patch);
        bandRenderer.setHighlight(patch);
    }

    /** Clears the hover mark and puts the hint back in the readout. */
    void clearHover() {
        highlight(-1);
        showHint();
    }

    private void showHint() {
        readout.setText("wheel: zoom \u00b7 drag: pan \u00b7 double-click: whole record \u00b7 hover: a patch's numbers \u00b7 "
                + "\u2190 \u2192 + \u2212 Home");
    }

    private boolean pan(double fraction) {
        if (model == null) {
            return false;
        }
        model.viewport().pan(fraction * model.viewport().span());
        update();
        return true;
    }

    private void queueUpdate() {
        if (!updateQueued) {
            updateQueued = true;
            // Canvas size changes arrive during ChartFX's layout pass; the data is replaced right after it.
            Platform.runLater(() -> {
                updateQueued = false;
                update();
            });
        }
    }

    /** Recomputes the points for the visible range and the plot's width, and sets the axes. */
    void update() {
        if (model == null) {
            return;
        }
        double w = chart.getCanvas().getWidth();
        double h = chart.getCanvas().getHeight();
        if (w < 2 || h < 2) {
            return;
        }
        updates++;
        int columns = (int) Math.round(w);
        Viewport vp = model.viewport();
        model.waveform(columns, waveEnvelope);
        waveform.lock().writeLockGuard(() -> waveform.set(waveEnvelope.xs(), waveEnvelope.ys(), waveEnvelope.size(), true));
        double reserve = bandRenderer.reservedHeight() / h;
        SignalExplorerModel.Range y = model.waveformRange(waveEnvelope, reserve);
        yAxis.set(y.min(), y.max());
        if (chart.getRenderers().contains(labelRenderer)) {
            Optional<MinMaxDecimator.Envelope> env = model.labelTrace(columns, labelEnvelope);
            int n = env.map(MinMaxDecimator.Envelope::size).orElse(0);
            labelSet.lock().writeLockGuard(() -> labelSet.set(labelEnvelope.xs(), labelEnvelope.ys(), n, true));
            SignalExplorerModel.Range ly = model.labelRange(labelEnvelope, reserve);
            labelAxis.set(ly.min(), ly.max());
        }
        xAxis.set(vp.start(), vp.end());
        range.setText(model.rangeText());
        strips.draw(vp.start(), vp.end());
    }

    // Read-only access for the headless tests and the benchmark.

    public XYChart chart() {
        return chart;
    }

    /** The waveform data set as drawn: the decimated points of the visible range. */
    public DataSet waveformDataSet() {
        return waveform;
    }

    /** The label series data set as drawn. */
    public DataSet labelDataSet() {
        return labelSet;
    }

    /** The renderer of the waveform. */
    public WaveformRenderer waveformRenderer() {
        return waveRenderer;
    }

    /** The renderer of QC shading, window lines and the patch grid. */
    public PatchTrackRenderer patchRenderer() {
        return patchRenderer;
    }

    /** The renderer of the prior band. */
    public PatchTrackRenderer bandRenderer() {
        return bandRenderer;
    }

    /** The model behind the view, or null while the record is being read. */
    public SignalExplorerModel model() {
        return model;
    }

    public String readoutText() {
        return readout.getText();
    }

    /** How many times the data was recomputed for the screen. */
    public long updates() {
        return updates;
    }

    /** Shows {@code [from, to]} seconds (used by scripted tours and the benchmark). */
    public void showRange(double from, double to) {
        if (model != null) {
            model.viewport().set(from, to);
            update();
        }
    }

    /** Zooms by {@code factor} about time {@code anchor} as the wheel does. */
    public void zoomAbout(double factor, double anchor) {
        if (model != null) {
            model.viewport().zoom(factor, anchor);
            update();
        }
    }

    /** Describes the patch at {@code seconds} in the readout as hovering there does. */
    public void hoverAt(double seconds) {
        if (model != null) {
            highlight(model.signals().patches().indexAt(seconds));
            readout.setText(model.readout(seconds));
        }
    }

    /** Colours for a dark or light theme (the plot background follows the style sheet). */
    public void setDark(boolean dark) {
        patchRenderer.setDark(dark);
        bandRenderer.setDark(dark);
        strips.setDark(dark);
        queueUpdate();
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
        if (!(newTarget instanceof RecordTarget t) || !t.key().equals(target.key())) {
            return false;
        }
        if (t.focus() != null) {
            bands.focus(t.focus());
        }
        return true;
    }

    @Override
    public void close() {
        onClose.run();
    }

    @Override
    public boolean zoomIn() {
        if (model == null) {
            return false;
        }
        model.viewport().zoom(2, (model.viewport().start() + model.viewport().end()) / 2);
        update();
        return true;
    }

    @Override
    public boolean zoomOut() {
        if (model == null) {
            return false;
        }
        model.viewport().zoom(0.5, (model.viewport().start() + model.viewport().end()) / 2);
        update();
        return true;
    }

    @Override
    public boolean resetZoom() {
        if (model == null) {
            return false;
        }
        model.viewport().reset();
        update();
        return true;
    }
}
