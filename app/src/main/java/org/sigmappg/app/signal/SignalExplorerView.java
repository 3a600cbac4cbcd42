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
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;
import org.controlsfx.control.SegmentedButton;
import java.io.IOException;
import org.sigmappg.app.charts.ValueAxis;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.shell.NavTarget;
import org.sigmappg.app.shell.Theme;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.SourceChannels;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.app.masks.InspectionData;
import org.sigmappg.app.masks.MaskColourScale;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.io.Channel;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.TokenizerTask;

/**
 * The signal explorer for one record: the raw or filtered waveform at full resolution (min/max decimated to
 * the plot's width, so hours of signal stay smooth), window boundaries and the 1 s patch grid, QC shading,
 * the prior score band and a label series on its own axis, all on one time axis. Wheel zooms about the mouse,
 * drag pans, double-click shows the whole record, and the patch under the mouse is described below the plot.
 *
 * <p>The view opens at once with a loading note; {@link #show} fills it when the record has been read.
 */
public final class SignalExplorerView implements WorkbenchView {
    private static final double WHEEL_STEP = 1.25;
    private static final double KEY_PAN_FRACTION = 0.2;
    /** The label choice that shows no label series. */
    static final String NO_LABEL = "no label";
    /** The band choice that shows no band. */
    public static final String NO_RUN = "none";
    /** Time tick labels need about this many pixels each. */
    private static final double PIXELS_PER_TICK = 95;
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
    private double dragX = Double.NaN;
    private double dragStart;
    private long updates;
    private Runnable onClose = () -> { };
    private WorkbenchContext context;
    private final ChannelStrips strips;
    private final MenuButton channelsMenu = new MenuButton("Channels");
    private List<OtherChannel> otherChannels = List.of();
    private final ComboBox<String> codesChoice = new ComboBox<>();
    private final ComboBox<String> masksChoice = new ComboBox<>();
    private final ComboBox<Integer> epochChoice = new ComboBox<>();
    private final Label bandNote = new Label();
    private final HBox maskLegend = new HBox(6);
    private InspectionData inspection;
    private List<WindowInfo> recordWindows = List.of();
    private RecordTarget.Focus pendingFocus;
    private boolean settingOverlays;

    public SignalExplorerView(NavTarget target) {
        this.target = target;
        this.title = new ReadOnlyStringWrapper(target.title());
        root.getStyleClass().add("signal-explorer");
        chart = new XYChart(xAxis, yAxis);
        strips = new ChannelStrips(chart.getCanvas());
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
        installMouse();
    }

    /**
     * A view for a record of the workspace: shown at once, filled when the record has been read on a
     * background thread, and following the workbench's theme.
     */
    public static SignalExplorerView open(RecordTarget target, WorkbenchContext context) {
        SignalExplorerView view = new SignalExplorerView(target);
        view.context = context;
        view.pendingFocus = target.focus();
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

    /** The runs that can draw a band on this record: tokenizers that coded its dataset, pre-training runs on it. */
    private record Overlays(List<String> codeRuns, List<String> maskRuns, List<WindowInfo> windows) {
    }

    private void loadOverlays() {
        if (context == null) {
            return;
        }
        RecordTarget t = (RecordTarget) target;
        Workspace ws = context.workspace();
        context.background().read(() -> {
            RunStore runs = new RunStore(ws);
            List<String> codeRuns = new java.util.ArrayList<>();
            List<String> maskRuns = new java.util.ArrayList<>();
            for (RunInfo r : runs.list()) {
                if (TokenizerTask.KIND.equals(r.kind()) && runs.artifact(r.id(), "codes:" + t.dataset()).isPresent()) {
                    codeRuns.add(r.id());
                } else if (PretrainTask.KIND.equals(r.kind()) && t.dataset().equals(r.dataset())
                        && java.nio.file.Files.exists(ws.runsDirectory().resolve(r.id()).resolve(PretrainTask.INSPECTION))) {
                    maskRuns.add(r.id());
                }
            }
            Catalogue catalogue = new Catalogue(ws);
            DatasetInfo d = catalogue.requireDataset(t.dataset());
            RecordInfo rec = catalogue.record(d.id(), t.record()).orElseThrow(() -> new IOException("no record " + t.record()));
            return new Overlays(codeRuns, maskRuns, catalogue.windowsOfRecord(rec.id()));
        }, o -> {
            recordWindows = o.windows();
            settingOverlays = true;
            String codes = codesChoice.getValue();
            String masks = masksChoice.getValue();
            codesChoice.getItems().setAll(NO_RUN);
            codesChoice.getItems().addAll(o.codeRuns());
            masksChoice.getItems().setAll(NO_RUN);
            masksChoice.getItems().addAll(o.maskRuns());
            codesChoice.setValue(codesChoice.getItems().contains(codes) ? codes : NO_RUN);
            masksChoice.setValue(masksChoice.getItems().contains(masks) ? masks : NO_RUN);
            codesChoice.setDisable(o.codeRuns().isEmpty());
            masksChoice.setDisable(o.maskRuns().isEmpty());
            settingOverlays = false;
            applyFocus();
        }, error -> bandNote.setText("The runs could not be read: " + ErrorText.of(error)));
    }

    /**
     * Shows the record's other kept PPG channels (from the cache, every one of them) and reads the other channels of the
     * record's file (ECG, arterial pressure, respiration) to show beside the PPG, when the file has any: the cache keeps
     * the PPG channels alone, so they come from the file itself, as long as it still holds the PPG that was imported.
     */
    private void loadOtherChannels() {
        if (context == null) {
            return;
        }
        RecordTarget t = (RecordTarget) target;
        float[] ppg = model.signals().raw();
        List<Channel> keptChannels = model.signals().keptChannels();
        context.background().read(() -> {
            Catalogue catalogue = context.catalogue();
            DatasetInfo d = catalogue.requireDataset(t.dataset());
            RecordInfo r = catalogue.record(d.id(), t.record()).orElseThrow(() -> new IOException("no record " + t.record()));
            List<OtherChannel> out = new java.util.ArrayList<>(OtherChannel.kept(keptChannels));
            if (r.channels().size() > r.keptChannels().size()) {
                Platform.runLater(() -> showChannelsMenu("Reading the file's other channels\u2026", true));
                try {
                    out.addAll(OtherChannel.of(SourceChannels.read(d, r, ppg)));
                } catch (IOException e) {
                    if (out.isEmpty()) {
                        throw e;
                    }
                    // The kept channels come from the cache and are shown all the same; the reason goes to the band notes.
                    Platform.runLater(() -> bandNote.setText("Other channels: " + ErrorText.of(e)));
                }
            }
            return out;
        }, channels -> {
            otherChannels = channels;
            if (channels.isEmpty()) {
                return;
            }
            showChannelsMenu("The record's other PPG channels kept, and its file's other channels, read-only under the PPG on the "
                    + "same time axis", false);
            channelsMenu.getItems().clear();
            int fileChannels = 0;
            for (OtherChannel c : channels) {
                CheckMenuItem item = new CheckMenuItem(c.title());
                // Every kept PPG channel is shown; of the file's other channels, the first few.
                item.setSelected(c.isKept() || fileChannels++ < OtherChannel.SHOWN_AT_FIRST);
                item.selectedProperty().addListener((o, a, b) -> showChosenChannels());
                channelsMenu.getItems().add(item);
            }
            showChosenChannels();
        }, error -> showChannelsMenu(ErrorText.of(error), true));
    }

    private void showChannelsMenu(String tip, boolean disabled) {
        channelsMenu.setVisible(true);
        channelsMenu.setManaged(true);
        channelsMenu.setDisable(disabled);
        channelsMenu.setTooltip(new Tooltip(tip));
        // A disabled control shows no tooltip: the reason also goes where the band notes go.
        if (disabled && !tip.endsWith("\u2026")) {
            bandNote.setText("Other channels: " + tip);
        }
    }

    private void showChosenChannels() {
        List<OtherChannel> chosen = new java.util.ArrayList<>();
        for (int i = 0; i < otherChannels.size(); i++) {
            if (((CheckMenuItem) channelsMenu.getItems().get(i)).isSelected()) {
                chosen.add(otherChannels.get(i));
            }
        }
        strips.setChannels(chosen);
        queueUpdate();
    }

    /** Shows the file's other channels with these names under the PPG (and no others); for tours and tests. */
    public void showChannels(java.util.Collection<String> names) {
        for (int i = 0; i < otherChannels.size(); i++) {
            ((CheckMenuItem) channelsMenu.getItems().get(i)).setSelected(names.contains(otherChannels.get(i).name()));
        }
    }

    /** The strips of the file's other channels. */
    public ChannelStrips channelStrips() {
        return strips;
    }

    /** The file's other channels, once read (empty before, or when it has none). */
    public List<OtherChannel> otherChannels() {
        return otherChannels;
    }

    private void chooseCodes(String run) {
        if (settingOverlays) {
            return;
        }
        if (run == null || NO_RUN.equals(run)) {
            setCodes(null);
            return;
        }
        RecordTarget t = (RecordTarget) target;
        PatchTrack track = model.signals().patches();
        context.background().read(() -> CodeTrack.load(context.workspace(), run, t.dataset(), t.record(), track), this::setCodes,
                error -> {
                    bandNote.setText("The codes of " + run + " could not be read: " + ErrorText.of(error));
                    codesChoice.setValue(NO_RUN);
                });
    }

    private void setCodes(CodeTrack codes) {
        model.setCodes(codes);
        patchRenderer.setCodes(codes);
        bandRenderer.setCodes(codes);
        highlightCode(-1);
        if (codes != null && pendingCode >= 0) {
            highlightCode(pendingCode);
            pendingCode = -1;
        }
        updateLegend();
        update();
    }

    private void chooseMasks(String run) {
        if (settingOverlays) {
            return;
        }
        if (run == null || NO_RUN.equals(run)) {
            inspection = null;
            epochChoice.getItems().clear();
            epochChoice.setDisable(true);
            setMasks(null);
            return;
        }
        context.background().read(() -> InspectionData.read(context.workspace().runsDirectory().resolve(run).resolve(PretrainTask.INSPECTION)),
                data -> {
                    inspection = data;
                    settingOverlays = true;
                    epochChoice.getItems().setAll(data.epochNumbers());
                    epochChoice.setValue(data.last().epoch());
                    epochChoice.setDisable(false);
                    settingOverlays = false;
                    showEpoch(data.last().epoch());
                }, error -> {
                    bandNote.setText("The masks of " + run + " could not be read: " + ErrorText.of(error));
                    masksChoice.setValue(NO_RUN);
                });
    }

    private void showEpoch(Integer epoch) {
        if (settingOverlays || inspection == null || epoch == null) {
            return;
        }
        MaskTrack m = MaskTrack.of(masksChoice.getValue(), inspection.at(epoch), recordWindows, model.signals().patches());
        setMasks(m);
        bandNote.setText(m.note());
    }

    private void setMasks(MaskTrack masks) {
        model.setMasks(masks);
        patchRenderer.setMasks(masks);
        bandRenderer.setMasks(masks);
        bandNote.setText("");
        updateLegend();
        update();
    }

    private int pendingCode = -1;

    /** Shows what a target asks for: its time range, its code band with a code highlighted, its mask band. */
    private void applyFocus() {
        RecordTarget.Focus f = pendingFocus;
        if (f == null || model == null || codesChoice.getItems().isEmpty()) {
            return;
        }
        pendingFocus = null;
        if (f.to() > f.from()) {
            showRange(f.from(), f.to());
        }
        if (f.codesRun() != null && codesChoice.getItems().contains(f.codesRun())) {
            if (f.codesRun().equals(codesChoice.getValue()) && model.codes() != null) {
                highlightCode(f.code());
            } else {
                pendingCode = f.code();
                codesChoice.setValue(f.codesRun());
            }
        }
        if (f.masksRun() != null && masksChoice.getItems().contains(f.masksRun())) {
            masksChoice.setValue(f.masksRun());
        }
    }

    /** Marks every place of {@code code} in the code band and the plot; -1 clears the mark. */
    public void highlightCode(int code) {
        patchRenderer.setHighlightCode(code);
        bandRenderer.setHighlightCode(code);
        if (model != null && model.codes() != null && code >= 0) {
            bandNote.setText(String.format(java.util.Locale.ROOT, "code %d: %d place(s) in this record, %,d in the dataset "
                    + "(click the code band again or press Esc to clear)", code, model.codes().countInRecord(code), model.codes().count(code)));
        } else {
            // With no code marked, the line tells about the mask band, if one is shown.
            bandNote.setText(model != null && model.masks() != null ? model.masks().note() : "");
        }
    }

    /**
     * A time axis whose ticks fall on clock-friendly steps (1, 2, 5, 10, 15, 30 s, minutes, hours) instead of
     * 1-2.5-5 steps, labelled in the record's time style with the decimals the step needs.
     */
    static final class TimeAxis extends ValueAxis {
        private TimeFormat.Style style = TimeFormat.Style.MINUTES;

        TimeAxis() {
            super(TimeFormat.Style.MINUTES.axisTitle());
        }

        void setStyle(TimeFormat.Style s) {
            style = s;
            setName(s.axisTitle());
        }

        @Override
        protected double chooseUnit(double span, int maxTicks, double magnitude) {
            return TimeFormat.tickUnit(span, maxTicks);
        }

        @Override
        protected double pixelsPerTick() {
            return PIXELS_PER_TICK;
        }

        @Override
        protected String label(double v) {
            return TimeFormat.tick(v, tickStep(), style);
        }
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
        labelsRow().ifPresent(top.getChildren()::add);
        top.getChildren().addAll(toolbar(), bandsBar());
        top.setPadding(new Insets(6, 8, 0, 8));
        readout.setId("explorer-readout");
        readout.getStyleClass().add("readout");
        readout.setMaxWidth(Double.MAX_VALUE);
        showHint();
        HBox bottom = new HBox(12, readout, legend());
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
        loadOverlays();
        loadOtherChannels();
    }

    /**
     * The labels of the record and of its subject (demographics, blood pressure, classes) as a row of tags, or
     * empty when neither has any. A tag the import flagged is marked and says why on hover.
     */
    private Optional<Node> labelsRow() {
        List<SignalExplorerModel.LabelText> subject = model.subjectLabels();
        List<SignalExplorerModel.LabelText> record = model.recordLabels();
        if (subject.isEmpty() && record.isEmpty()) {
            return Optional.empty();
        }
        javafx.scene.layout.FlowPane row = new javafx.scene.layout.FlowPane(6, 3);
        row.setId("explorer-labels");
        row.setPadding(new Insets(2, 0, 2, 0));
        addTags(row, "record", record);
        addTags(row, "subject " + model.signals().subject(), subject);
        return Optional.of(row);
    }

    private static void addTags(javafx.scene.layout.FlowPane row, String whose, List<SignalExplorerModel.LabelText> labels) {
        if (labels.isEmpty()) {
            return;
        }
        Label title = new Label(whose + ":");
        title.getStyleClass().add("label-tags-title");
        row.getChildren().add(title);
        for (SignalExplorerModel.LabelText l : labels) {
            Label tag = new Label(l.text());
            tag.getStyleClass().add("label-tag");
            if (l.flag() != null) {
                tag.getStyleClass().add("flagged");
                tag.setTooltip(new Tooltip(l.text() + " is " + l.flag() + "; it is left out of tasks"));
            }
            row.getChildren().add(tag);
        }
    }

    private Node bandsBar() {
        codesChoice.setId("codes-choice");
        codesChoice.setTooltip(new Tooltip("A code band: the code a tokenizer gave each patch (colour per code); hover for the code, "
                + "click it to mark every place it occurs"));
        codesChoice.getItems().setAll(NO_RUN);
        codesChoice.setValue(NO_RUN);
        codesChoice.setDisable(true);
        codesChoice.valueProperty().addListener((o, a, b) -> chooseCodes(b));
        masksChoice.setId("masks-choice");
        masksChoice.setTooltip(new Tooltip("A mask band: the teacher's probability of masking each patch of a pre-training run's "
                + "inspection windows; a dark foot marks the sampled mask, red where the student then missed the code"));
        masksChoice.getItems().setAll(NO_RUN);
        masksChoice.setValue(NO_RUN);
        masksChoice.setDisable(true);
        masksChoice.valueProperty().addListener((o, a, b) -> chooseMasks(b));
        epochChoice.setId("masks-epoch");
        epochChoice.setTooltip(new Tooltip("The epoch whose masks are shown"));
        epochChoice.setDisable(true);
        epochChoice.valueProperty().addListener((o, a, b) -> showEpoch(b));
        bandNote.setId("band-note");
        bandNote.getStyleClass().add("form-note");
        bandNote.setWrapText(true);
        bandNote.setPadding(new Insets(0, 6, 2, 6));
        // A line of its own under the bar, shown only when there is something to say: a long note would be cut off in the bar.
        bandNote.managedProperty().bind(bandNote.textProperty().isNotEmpty());
        bandNote.visibleProperty().bind(bandNote.managedProperty());
        Label codesLabel = new Label("Codes");
        codesLabel.setLabelFor(codesChoice);
        Label masksLabel = new Label("Masks");
        masksLabel.setLabelFor(masksChoice);
        Label epochLabel = new Label("epoch");
        epochLabel.setLabelFor(epochChoice);
        channelsMenu.setId("channels-menu");
        channelsMenu.setVisible(false);
        channelsMenu.setManaged(false);
        Separator beforeChannels = new Separator();
        beforeChannels.visibleProperty().bind(channelsMenu.visibleProperty());
        beforeChannels.managedProperty().bind(channelsMenu.managedProperty());
        ToolBar bar = new ToolBar(codesLabel, codesChoice, new Separator(), masksLabel, masksChoice, epochLabel, epochChoice,
                beforeChannels, channelsMenu);
        bar.getStyleClass().add("explorer-toolbar");
        return new VBox(bar, bandNote);
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

    private Node legend() {
        HBox box = new HBox(6);
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("explorer-legend");
        for (PatchTrack.Qc kind : PatchTrack.Qc.values()) {
            Region swatch = new Region();
            swatch.getStyleClass().addAll("legend-swatch", "qc-" + kind.label());
            box.getChildren().addAll(swatch, new Label(kind.label()));
        }
        Region prior = gradient(PriorColourScale::rgb, "Prior score P from 0 (left) to 1 (right); where patches are narrower than a "
                + "pixel, a pixel shows the lowest P among them");
        Region mask = gradient(MaskColourScale::rgb, "The teacher's probability of masking a patch, 0 (left) to 1 (right); where "
                + "patches are narrower than a pixel, a pixel shows the highest");
        maskLegend.getChildren().setAll(new Separator(javafx.geometry.Orientation.VERTICAL), new Label("mask p 0"), mask, new Label("1"));
        maskLegend.setAlignment(Pos.CENTER_LEFT);
        box.getChildren().addAll(new Separator(javafx.geometry.Orientation.VERTICAL), new Label("P 0"), prior, new Label("1"), maskLegend);
        updateLegend();
        return box;
    }

    private static Region gradient(java.util.function.DoubleToIntFunction scale, String tip) {
        Region gradient = new Region();
        gradient.getStyleClass().add("legend-gradient");
        Stop[] stops = new Stop[5];
        for (int i = 0; i < stops.length; i++) {
            int rgb = scale.applyAsInt(i / 4.0);
            stops[i] = new Stop(i / 4.0, Color.rgb(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff));
        }
        gradient.setBackground(new javafx.scene.layout.Background(new javafx.scene.layout.BackgroundFill(
                new LinearGradient(0, 0, 1, 0, true, CycleMethod.NO_CYCLE, stops), null, null)));
        gradient.setPrefSize(70, 10);
        gradient.setMinSize(70, 10);
        gradient.setMaxHeight(10);
        Tooltip.install(gradient, new Tooltip(tip));
        return gradient;
    }

    private void updateLegend() {
        boolean on = model != null && model.masks() != null;
        maskLegend.setVisible(on);
        maskLegend.setManaged(on);
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

    private void installMouse() {
        // Filters, not handlers: ChartFX's plot area consumes some mouse events before they would bubble up to us.
        chart.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (model == null || plotX(e.getSceneX(), e.getSceneY()).isEmpty()) {
                return;
            }
            double px = plotX(e.getSceneX(), e.getSceneY()).get();
            if (Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
                model.viewport().pan(-e.getDeltaX() / plotWidth() * model.viewport().span());
            } else if (e.getDeltaY() != 0) {
                // One wheel notch is deltaY / multiplierY; a touchpad sends fractions of a notch.
                double notches = e.getDeltaY() / (e.getMultiplierY() > 0 ? e.getMultiplierY() : 40);
                double factor = Math.pow(WHEEL_STEP, notches);
                model.viewport().zoom(factor, model.viewport().timeAt(px, plotWidth()));
            }
            update();
            e.consume();
        });
        chart.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            if (model != null && e.getButton() == MouseButton.PRIMARY) {
                root.requestFocus();
                plotX(e.getSceneX(), e.getSceneY()).ifPresent(px -> {
                    dragX = px;
                    dragStart = model.viewport().start();
                });
            }
        });
        chart.addEventFilter(MouseEvent.MOUSE_DRAGGED, e -> {
            if (model == null || Double.isNaN(dragX)) {
                return;
            }
            double px = chart.getCanvas().sceneToLocal(e.getSceneX(), e.getSceneY()).getX();
            double seconds = -(px - dragX) / plotWidth() * model.viewport().span();
            double span = model.viewport().span();
            model.viewport().set(dragStart + seconds, dragStart + seconds + span);
            chart.setCursor(Cursor.CLOSED_HAND);
            update();
            e.consume();
        });
        chart.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            dragX = Double.NaN;
            chart.setCursor(Cursor.DEFAULT);
        });
        chart.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
            if (model != null && e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                resetZoom();
                e.consume();
            } else if (model != null && e.getButton() == MouseButton.PRIMARY && e.isStillSincePress()) {
                clickBand(e.getSceneX(), e.getSceneY());
            }
        });
        chart.addEventFilter(MouseEvent.MOUSE_MOVED, e -> hover(e.getSceneX(), e.getSceneY()));
        chart.addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            highlight(-1);
            showHint();
        });
    }

    /** A click on the code band marks every place of the code under the mouse; a click on a marked code clears the mark. */
    private void clickBand(double sceneX, double sceneY) {
        Point2D p = chart.getCanvas().sceneToLocal(sceneX, sceneY);
        if (p == null || model.codes() == null) {
            return;
        }
        Optional<PatchTrackRenderer.Band> band = bandRenderer.bandAt(p.getY(), chart.getCanvas().getHeight());
        Optional<Double> px = plotX(sceneX, sceneY);
        if (band.isEmpty() || band.get() != PatchTrackRenderer.Band.CODES || px.isEmpty()) {
            return;
        }
        int patch = model.signals().patches().indexAt(model.viewport().timeAt(px.get(), plotWidth()));
        int code = patch < 0 ? -1 : model.codes().code(patch);
        highlightCode(code == bandRenderer.highlightCode() ? -1 : code);
    }

    /** The horizontal position in the plot of a scene point, if the point lies over the plot. */
    private Optional<Double> plotX(double sceneX, double sceneY) {
        Point2D p = chart.getCanvas().sceneToLocal(sceneX, sceneY);
        if (p == null || p.getX() < 0 || p.getX() > plotWidth() || p.getY() < 0 || p.getY() > chart.getCanvas().getHeight()) {
            return Optional.empty();
        }
        return Optional.of(p.getX());
    }

    private double plotWidth() {
        return Math.max(1, chart.getCanvas().getWidth());
    }

    private void hover(double sceneX, double sceneY) {
        if (model == null) {
            return;
        }
        Optional<Double> px = plotX(sceneX, sceneY);
        if (px.isEmpty()) {
            highlight(-1);
            showHint();
            return;
        }
        double t = model.viewport().timeAt(px.get(), plotWidth());
        highlight(model.signals().patches().indexAt(t));
        readout.setText(model.readout(t));
    }

    private void highlight(int patch) {
        patchRenderer.setHighlight(patch);
        bandRenderer.setHighlight(patch);
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
    private void update() {
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
            pendingFocus = t.focus();
            applyFocus();
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
