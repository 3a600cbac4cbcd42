package org.sigmappg.app.masks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.sigmappg.app.navigation.MasksTarget;
import org.sigmappg.app.charts.MetricChart;
import org.sigmappg.app.charts.RunCurves;
import org.sigmappg.app.shell.ErrorText;
import org.sigmappg.app.help.Glossary;
import org.sigmappg.app.help.GlossaryView;
import org.sigmappg.app.navigation.NavTarget;
import org.sigmappg.app.shell.Theme;
import org.sigmappg.app.shell.WorkbenchContext;
import org.sigmappg.app.shell.WorkbenchView;
import org.sigmappg.app.navigation.RecordTarget;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.RecordInfo;
import org.sigmappg.data.WindowCache;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.InspectionData;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.MaskCrossCheck;
import org.sigmappg.train.PretrainTask;

/**
 * What a pre-training run's teacher learned to hide: for the run's inspection windows (held-out windows fixed for
 * the run), the teacher's mask probability as a heatmap over each window's waveform, with the sampled mask and
 * the student's right and wrong answers, at the epoch the slider chooses (Play steps through the epochs); the
 * chosen window under the run's mask and under a random mask of the same size, with the student's loss under
 * each; and the curves that say whether masking learned something: accuracy on flat stretches vs peaks, mask
 * entropy, prior of masked vs visible patches, mean reward, loss under own vs random masks.
 */
public final class MasksView implements WorkbenchView {
    private static final Duration PLAY_STEP = Duration.millis(700);

    /** One inspection window's place and samples. */
    record WindowView(long id, String record, int index, String subject, double start, double seconds, float[] samples) {
    }

    /** Everything the view shows, read once on a background thread. */
    record Loaded(InspectionData data, Map<String, List<RunStore.Metric>> metrics, RunInfo run, String strategy,
                  Map<Long, WindowView> windows, int patchSamples, List<String> otherStudents) {
    }

    private final WorkbenchContext context;
    private final MasksTarget target;
    private final ReadOnlyStringWrapper title;
    private final BorderPane root = new BorderPane();
    private final Slider slider = new Slider();
    private final ToggleButton play = new ToggleButton("\u25b6 Play");
    private final Button crossButton = new Button("Another student under these masks\u2026");
    private final Label crossResult = new Label();
    private final Label epochLabel = new Label();
    private final VBox heatmap = new VBox(4);
    private final List<MaskRow> rows = new ArrayList<>();
    private final List<Label> rowLabels = new ArrayList<>();
    private final MaskRow policy = new MaskRow(MaskRow.Mode.MASK);
    private final MaskRow random = new MaskRow(MaskRow.Mode.MASK);
    private final Label policyLabel = new Label();
    private final Label randomLabel = new Label();
    private final Label compareTitle = new Label();
    private final List<MetricChart> charts = new ArrayList<>();
    private final Timeline player = new Timeline(new KeyFrame(PLAY_STEP, e -> step()));
    private Loaded loaded;
    private int shownEpoch = -1;
    private int chosen;

    public MasksView(MasksTarget target, WorkbenchContext context) {
        this.context = context;
        this.target = target;
        this.title = new ReadOnlyStringWrapper(target.title());
        root.getStyleClass().add("masks-view");
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(48, 48);
        VBox wait = new VBox(12, spinner, new Label("Reading the masks of " + target.run() + "\u2026"));
        wait.setAlignment(Pos.CENTER);
        root.setCenter(wait);
        player.setCycleCount(Timeline.INDEFINITE);
        context.background().read(() -> load(context.workspace(), target.run()), this::show, error -> {
            Label l = new Label("The masks of " + target.run() + " could not be read: " + ErrorText.of(error));
            l.getStyleClass().add("error-text");
            l.setWrapText(true);
            l.setId("masks-error");
            root.setCenter(l);
        });
    }

    static Loaded load(Workspace ws, String run) throws IOException {
        RunStore store = new RunStore(ws);
        RunInfo info = store.require(run);
        InspectionData data = InspectionData.read(ws.runsDirectory().resolve(run).resolve(PretrainTask.INSPECTION));
        if (data.epochs().isEmpty()) {
            throw new IOException(run + " has kept no inspection epochs yet; they are written at the end of each epoch");
        }
        String strategy = PretrainRunParams.fromJson(info.params()).model().masking().strategy().label();
        Catalogue catalogue = new Catalogue(ws);
        DatasetInfo d = catalogue.requireDataset(info.dataset());
        Map<Long, RecordInfo> records = new HashMap<>();
        catalogue.records(d.id()).forEach(r -> records.put(r.id(), r));
        Map<Long, WindowInfo> byId = new HashMap<>();
        catalogue.windowsOfDataset(d.id()).forEach(w -> byId.put(w.id(), w));
        Map<Long, WindowView> windows = new HashMap<>();
        try (WindowCache cache = catalogue.openCache(d)) {
            for (InspectionData.Window iw : data.last().windows()) {
                WindowInfo w = byId.get(iw.window());
                if (w == null) {
                    throw new IOException("inspection window " + iw.window() + " of " + run + " is not in dataset " + d.name()
                            + " any more (was it re-imported?)");
                }
                float[] s = cache.samples(w.sampleOffset(), iw.patches() * d.patchSamples());
                for (int i = w.validSamples(); i < s.length; i++) {
                    s[i] = 0;
                }
                RecordInfo r = records.get(w.recordId());
                windows.put(w.id(), new WindowView(w.id(), r.name(), w.index(), w.subject(), w.startSample() / d.fs(),
                        w.validSamples() / d.fs(), s));
            }
        }
        return new Loaded(data, store.metrics(run), info, strategy, windows, d.patchSamples(), otherStudents(store, info));
    }

    private void show(Loaded l) {
        loaded = l;
        Label heading = new Label("Masks of " + target.run() + " (" + l.strategy() + " masks, tokenizer " + l.run().parent() + ") on " + l.run().dataset());
        heading.getStyleClass().add("view-title");
        Label about = new Label(l.data().last().windows().size() + " held-out inspection windows, " + l.data().epochs().size()
                + " epochs kept. Heat: the teacher's probability of masking each patch (with the prior). Bottom strip: the sampled "
                + "mask, green where the student then predicted the code, red where it did not. Click a window to compare its masks.");
        about.getStyleClass().add("view-subtitle");
        about.setWrapText(true);
        crossResult.setId("masks-cross-result");
        crossResult.setWrapText(true);
        crossResult.managedProperty().bind(crossResult.textProperty().isNotEmpty());
        VBox top = new VBox(2, heading, about, GlossaryView.explain(context, Glossary.MASK_ENTROPY, Glossary.PRIOR, Glossary.MASKED_ACCURACY),
                controls(), crossResult);
        top.setPadding(new Insets(6, 8, 4, 8));

        boolean dark = context.themeProperty().get() == Theme.DARK;
        List<InspectionData.Window> ws = l.data().last().windows();
        heatmap.setId("masks-heatmap");
        for (int i = 0; i < ws.size(); i++) {
            WindowView v = l.windows().get(ws.get(i).window());
            MaskRow row = new MaskRow(MaskRow.Mode.PROBABILITY);
            row.setId("masks-row-" + i);
            row.setDark(dark);
            int index = i;
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2) {
                    openInExplorer(index);
                } else {
                    choose(index);
                }
            });
            Tooltip.install(row, new Tooltip("Click: compare this window's masks below; double-click: open it in the signal explorer with "
                    + "the mask band"));
            Label name = new Label();
            name.setMinWidth(150);
            name.setPrefWidth(150);
            name.setWrapText(true);
            name.getStyleClass().add("mask-row-label");
            rowLabels.add(name);
            rows.add(row);
            HBox line = new HBox(6, name, row);
            HBox.setHgrow(row, Priority.ALWAYS);
            heatmap.getChildren().add(line);
            name.setText(v.record() + " \u00b7 window " + v.index() + "\nsubject " + v.subject());
        }
        ScrollPane heatScroll = new ScrollPane(heatmap);
        heatScroll.setFitToWidth(true);
        VBox.setVgrow(heatScroll, Priority.ALWAYS);

        compareTitle.getStyleClass().add("section-title");
        compareTitle.setId("masks-compare-title");
        policy.setId("masks-policy");
        random.setId("masks-random");
        policy.setDark(dark);
        random.setDark(dark);
        policyLabel.setId("masks-policy-label");
        randomLabel.setId("masks-random-label");
        for (Label x : List.of(policyLabel, randomLabel)) {
            x.setMinWidth(150);
            x.setPrefWidth(150);
            x.setWrapText(true);
        }
        HBox p = new HBox(6, policyLabel, policy);
        HBox r = new HBox(6, randomLabel, random);
        HBox.setHgrow(policy, Priority.ALWAYS);
        HBox.setHgrow(random, Priority.ALWAYS);
        VBox compare = new VBox(4, compareTitle, p, r);
        compare.setPadding(new Insets(6, 0, 0, 0));
        VBox left = new VBox(6, heatScroll, compare);
        left.setPadding(new Insets(4, 6, 6, 8));

        VBox right = new VBox(6);
        right.setPadding(new Insets(4, 8, 6, 6));
        addChart(right, "Accuracy on flat stretches vs peaks", "accuracy", List.of(
                new RunCurves.Line("accuracy_low_prior", "flat (prior below the median)"),
                new RunCurves.Line("accuracy_high_prior", "peaks (prior above the median)")));
        addChart(right, "Mask entropy", "entropy (1 = uniform)", List.of(new RunCurves.Line("mask_entropy", "mask entropy")));
        addChart(right, "Prior of masked vs visible patches", "prior P", List.of(
                new RunCurves.Line("prior_masked", "masked"), new RunCurves.Line("prior_unmasked", "visible")));
        addChart(right, "Mean reward of the teacher", "reward", List.of(new RunCurves.Line("mean_reward", "mean reward")));
        addChart(right, "Student loss under own vs random masks", "cross-entropy", List.of(
                new RunCurves.Line("masked_loss", "own masks"), new RunCurves.Line("loss_random_masks", "random masks")));
        ScrollPane chartScroll = new ScrollPane(right);
        chartScroll.setFitToWidth(true);
        chartScroll.setId("masks-curves");

        SplitPane split = new SplitPane(left, chartScroll);
        split.setDividerPositions(0.62);
        root.setTop(top);
        root.setCenter(split);
        int last = l.data().epochs().size() - 1;
        slider.setValue(last);
        showEpoch(last);
        choose(0);
    }

    private Node controls() {
        List<Integer> epochs = loaded.data().epochNumbers();
        slider.setId("masks-epoch-slider");
        slider.setMin(0);
        slider.setMax(Math.max(0, epochs.size() - 1));
        slider.setMajorTickUnit(1);
        slider.setMinorTickCount(0);
        slider.setSnapToTicks(true);
        slider.setShowTickMarks(true);
        slider.setShowTickLabels(true);
        slider.setBlockIncrement(1);
        // Every kept epoch is a tick to snap to, but only about a dozen carry a label: more overlap at this width.
        int labelEvery = Math.max(1, (int) Math.ceil(epochs.size() / 12.0));
        slider.setLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Double v) {
                int i = (int) Math.round(v);
                boolean labelled = i % labelEvery == 0 || i == epochs.size() - 1 && i % labelEvery >= labelEvery / 2;
                return i >= 0 && i < epochs.size() && labelled ? Integer.toString(epochs.get(i)) : "";
            }

            @Override
            public Double fromString(String s) {
                return (double) epochs.indexOf(Integer.parseInt(s));
            }
        });
        slider.setPrefWidth(420);
        slider.setTooltip(new Tooltip("The epoch whose masks are shown (arrow keys step through them)"));
        slider.valueProperty().addListener((o, a, b) -> showEpoch((int) Math.round(b.doubleValue())));
        play.setId("masks-play");
        play.setTooltip(new Tooltip("Step through the epochs"));
        play.selectedProperty().addListener((o, a, b) -> {
            if (b) {
                if (Math.round(slider.getValue()) >= epochs.size() - 1) {
                    slider.setValue(0);
                }
                play.setText("\u23f8 Pause");
                player.play();
            } else {
                play.setText("\u25b6 Play");
                player.stop();
            }
        });
        epochLabel.setId("masks-epoch-label");
        epochLabel.setMinWidth(Region.USE_PREF_SIZE);
        Label epochText = new Label("Epoch");
        epochText.setLabelFor(slider);
        crossButton.setId("masks-cross");
        crossButton.setTooltip(new Tooltip("Measure the student of another pre-training run (same dataset, tokenizer and split) under "
                + "this run's masks and under random masks: a student trained on random masks has not adapted to this teacher, so it "
                + "says whether these masks are hard in themselves"));
        crossButton.setDisable(loaded.otherStudents().isEmpty());
        crossButton.setOnAction(e -> chooseOtherStudent());
        // The slider gives way on a narrow window; the words and buttons keep their size.
        for (javafx.scene.control.Control c : List.of(epochText, play, epochLabel, crossButton)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        slider.setMinWidth(120);
        HBox.setHgrow(slider, Priority.SOMETIMES);
        HBox bar = new HBox(10, epochText, slider, play, epochLabel, crossButton);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 0, 0, 0));
        return bar;
    }

    private void addChart(VBox box, String chartTitle, String yName, List<RunCurves.Line> lines) {
        MetricChart chart = new MetricChart(chartTitle, "epoch", yName);
        chart.node().setPrefHeight(190);
        chart.node().setMinHeight(170);
        chart.node().setId("masks-chart-" + charts.size());
        List<MetricChart.Series> series = new ArrayList<>();
        for (RunCurves.Line line : lines) {
            RunCurves.Points p = RunCurves.byEpochs(loaded.metrics(), line.metric());
            series.add(new MetricChart.Series(line.label(), p.x(), p.y(), null, false, true));
        }
        chart.setSeries(series);
        charts.add(chart);
        box.getChildren().add(chart.node());
    }

    private void step() {
        int i = (int) Math.round(slider.getValue());
        if (i >= slider.getMax()) {
            play.setSelected(false);
            return;
        }
        slider.setValue(i + 1);
    }

    /** Shows the kept epoch at position {@code index} (0 = the first kept). */
    private void showEpoch(int index) {
        List<InspectionData.Epoch> epochs = loaded.data().epochs();
        int i = Math.max(0, Math.min(epochs.size() - 1, index));
        if (i == shownEpoch) {
            return;
        }
        shownEpoch = i;
        InspectionData.Epoch e = epochs.get(i);
        epochLabel.setText("epoch " + e.epoch() + " of " + epochs.get(epochs.size() - 1).epoch());
        List<InspectionData.Window> order = loaded.data().last().windows();
        for (int k = 0; k < rows.size(); k++) {
            InspectionData.Window w = e.window(order.get(k).window()).orElse(null);
            WindowView v = loaded.windows().get(order.get(k).window());
            if (w == null) {
                rows.get(k).show(v.samples(), new float[0], new int[0], new int[0], loaded.patchSamples());
                continue;
            }
            rows.get(k).show(v.samples(), w.maskProbability(), w.mask(), w.correct(), loaded.patchSamples());
            rowLabels.get(k).setText(String.format(Locale.ROOT, "%s \u00b7 window %d\nsubject %s\nloss %.2f (random %.2f)", v.record(), v.index(),
                    v.subject(), w.lossPolicy(), w.lossRandom()));
        }
        showComparison();
    }

    private void choose(int index) {
        chosen = index;
        for (int k = 0; k < rows.size(); k++) {
            rows.get(k).setSelected(k == index);
        }
        showComparison();
    }

    private void showComparison() {
        if (rows.isEmpty() || shownEpoch < 0) {
            return;
        }
        InspectionData.Epoch e = loaded.data().epochs().get(shownEpoch);
        InspectionData.Window last = loaded.data().last().windows().get(chosen);
        WindowView v = loaded.windows().get(last.window());
        InspectionData.Window w = e.window(last.window()).orElse(last);
        compareTitle.setText(String.format(Locale.ROOT, "%s \u00b7 window %d at epoch %d: the run's %s mask and a random mask of the same size",
                v.record(), v.index(), e.epoch(), loaded.strategy()));
        policy.show(v.samples(), null, w.mask(), w.correct(), loaded.patchSamples());
        random.show(v.samples(), null, w.randomMask(), w.randomCorrect(), loaded.patchSamples());
        policyLabel.setText(String.format(Locale.ROOT, "%s mask\nloss %.3f\n%s", capitalise(loaded.strategy()), w.lossPolicy(), accuracy(w.mask(), w.correct())));
        randomLabel.setText(String.format(Locale.ROOT, "Random mask\nloss %.3f\n%s", w.lossRandom(), accuracy(w.randomMask(), w.randomCorrect())));
    }

    private static String accuracy(int[] mask, int[] correct) {
        int masked = 0;
        int right = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 1) {
                masked++;
                right += correct[i] == 1 ? 1 : 0;
            }
        }
        return right + " of " + masked + " right";
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private void openInExplorer(int index) {
        WindowView v = loaded.windows().get(loaded.data().last().windows().get(index).window());
        context.open(new RecordTarget(loaded.run().dataset(), v.record(), new RecordTarget.Focus(Math.max(0, v.start() - 2),
                v.start() + v.seconds() + 2, null, -1, target.run())), true);
    }

    /**
     * The finished pre-training runs whose students can be measured under {@code run}'s masks: same dataset,
     * tokenizer and held-out split (so the held-out windows are the same), newest first.
     */
    static List<String> otherStudents(RunStore store, RunInfo run) throws IOException {
        PretrainRunParams p = PretrainRunParams.fromJson(run.params());
        List<String> out = new ArrayList<>();
        List<RunInfo> all = new ArrayList<>(store.list());
        all.sort(Comparator.comparing(RunInfo::created).reversed());
        for (RunInfo r : all) {
            if (r.id().equals(run.id()) || !PretrainTask.KIND.equals(r.kind()) || r.status() != RunStatus.FINISHED) {
                continue;
            }
            PretrainRunParams q = PretrainRunParams.fromJson(r.params());
            if (q.dataset().equals(p.dataset()) && q.tokenizerRun().equals(p.tokenizerRun()) && q.seed() == p.seed()
                    && q.heldOutFraction() == p.heldOutFraction() && q.heldOutBy().equals(p.heldOutBy())) {
                out.add(r.id());
            }
        }
        return out;
    }

    private void chooseOtherStudent() {
        List<String> choices = loaded.otherStudents();
        ChoiceDialog<String> d = new ChoiceDialog<>(choices.get(0), choices);
        d.setTitle("Another student under these masks");
        d.setHeaderText("Measure which run's student under the masks of " + target.run() + "?");
        d.setContentText("Student of:");
        d.getDialogPane().setId("masks-cross-dialog");
        context.prepare(d);
        d.showAndWait().ifPresent(this::crossCheck);
    }

    /** Measures {@code studentRun}'s student under this run's masks and random masks, off the JavaFX thread. */
    public void crossCheck(String studentRun) {
        crossButton.setDisable(true);
        crossResult.setText("Measuring the student of " + studentRun + " under the masks of " + target.run() + "\u2026");
        context.background().read(() -> MaskCrossCheck.run(context.workspace(), studentRun, target.run()), r -> {
            crossResult.setText(describe(r));
            crossButton.setDisable(false);
        }, error -> {
            crossResult.setText("The student of " + studentRun + " could not be measured: " + ErrorText.of(error));
            crossButton.setDisable(false);
        });
    }

    /** One line for a cross-check's figures. */
    static String describe(MaskCrossCheck.Result r) {
        double difference = r.lossMasks() - r.lossRandomMasks();
        return String.format(Locale.ROOT, "Student of %s on %d held-out windows: loss %.3f under these masks, %.3f under random masks "
                        + "(%+.3f: %s than random for it); masked accuracy %.3f.", r.student(), r.heldOutWindows(), r.lossMasks(),
                r.lossRandomMasks(), difference, difference > 0 ? "harder" : "not harder", r.maskedAccuracy());
    }

    /** The runs offered by "Another student under these masks" (empty while the view reads). */
    public List<String> otherStudents() {
        return loaded == null ? List.of() : loaded.otherStudents();
    }

    /** The line the last cross-check left (empty before the first). */
    public String crossResultText() {
        return crossResult.getText();
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
    public void close() {
        player.stop();
    }

    // ---- for tests and the screenshot tour

    /** What the view read, or null while it reads. */
    public InspectionData data() {
        return loaded == null ? null : loaded.data();
    }

    /** The heatmap rows, in the order of the run's inspection windows. */
    public List<MaskRow> rows() {
        return List.copyOf(rows);
    }

    public Slider slider() {
        return slider;
    }

    /** The epoch shown now. */
    public int epoch() {
        return loaded.data().epochs().get(shownEpoch).epoch();
    }

    public MaskRow policyRow() {
        return policy;
    }

    public MaskRow randomRow() {
        return random;
    }

    public List<MetricChart> charts() {
        return List.copyOf(charts);
    }
}
