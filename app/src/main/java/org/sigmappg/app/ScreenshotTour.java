package org.sigmappg.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.sigmappg.app.navigation.DatasetsTarget;
import org.sigmappg.app.datasets.ImportAction;
import org.sigmappg.app.navigation.CodesTarget;
import org.sigmappg.app.codes.CodesView;
import org.sigmappg.app.navigation.MasksTarget;
import org.sigmappg.app.masks.MasksView;
import org.sigmappg.app.navigation.CompareTarget;
import org.sigmappg.app.runs.CompareView;
import org.sigmappg.app.navigation.NewRunTarget;
import org.sigmappg.app.runs.NewRunView;
import org.sigmappg.app.runs.RunPageView;
import org.sigmappg.app.runs.RunSheet;
import org.sigmappg.app.navigation.RunTarget;
import org.sigmappg.app.navigation.RunsTarget;
import org.sigmappg.app.signal.PatchTrackRenderer;
import org.sigmappg.data.Catalogue;
import org.sigmappg.data.DatasetInfo;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.run.RunInfo;
import org.sigmappg.run.RunStatus;
import org.sigmappg.run.RunStore;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.InspectionData;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.TokenizerTask;
import org.sigmappg.train.WeightImportTask;
import org.sigmappg.app.shell.SampleData;
import org.sigmappg.app.shell.Theme;
import org.sigmappg.app.navigation.RecordTarget;
import org.sigmappg.app.signal.SignalExplorerView;
import org.sigmappg.app.navigation.TaskDashboardTarget;
import org.sigmappg.app.tasks.TaskDashboardView;
import org.sigmappg.app.navigation.TasksTarget;
import org.sigmappg.app.navigation.EngineTarget;
import org.sigmappg.app.engine.EngineView;
import org.sigmappg.app.help.Glossary;
import org.sigmappg.app.navigation.GlossaryTarget;
import org.sigmappg.app.help.GlossaryView;
import org.sigmappg.eval.EvaluationParams;
import org.sigmappg.data.ImportRequest;

/**
 * The screenshot mode behind {@code scripts/screenshots.sh}: with the system property {@value #PROPERTY} set
 * to a folder, the workbench opens each view in turn on the workspace's data, waits until it has loaded and
 * drawn, writes a PNG of the window (or of the dialog on top) through JavaFX's own snapshot, and exits.
 */
final class ScreenshotTour {
    static final String PROPERTY = "sigmappg.screenshots";
    private static final long TIMEOUT_MS = 60_000;

    private final MainWindow window;
    private final Path out;
    private final Deque<Runnable> steps = new ArrayDeque<>();
    private int failures;

    ScreenshotTour(MainWindow window, Path out) {
        this.window = window;
        this.out = out;
    }

    void start() {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            System.err.println("screenshots: cannot create " + out + ": " + e.getMessage());
            Platform.exit();
            return;
        }
        step("01-datasets", () -> window.open(new DatasetsTarget("sample", null), false), () -> rows("#records-table") == 12);
        step("02-subject-labels", () -> {
            window.open(new DatasetsTarget("ppgbp", null), false);
            ((TabPane) window.scene().lookup("#dataset-tabs")).getSelectionModel().select(1);
        }, () -> rows("#subjects-table") > 0);
        step("03-explorer-S08", () -> window.open(new RecordTarget("sample", "S08"), true), this::explorerDrawn);
        step("04-explorer-S08-zoomed", () -> explorer().ifPresent(v -> {
            v.showRange(172, 212);
            v.hoverAt(203.5);
        }), this::explorerDrawn);
        step("05-explorer-S10-spo2", () -> window.open(new RecordTarget("sample", "S10"), true), this::explorerDrawn);
        shot("06-import-dialog", () -> ImportAction.open(window, SampleData.locate().orElse(null)), () -> dialog() != null, true);
        shot("07-import-failed", this::importBrokenFile, () -> dialog() != null, true);
        step("08-tasks", () -> window.open(new TasksTarget(null), true), () -> rows("#tasks-table") > 0);
        steps.add(this::discoverRuns);
        step("09-runs", () -> window.open(new RunsTarget(tokenizer), true), () -> rows("#runs-table") >= 3);
        step("12-new-run-sheet", () -> window.open(new NewRunTarget(TokenizerTask.KIND, null), true), () -> sheet().isPresent());
        step("13-new-run-sheet-changed", () -> sheet().ifPresent(v -> {
            v.set("model.optimiser.epochs", "40");
            v.set("model.consistencyWeight", "0.5");
            expand("Optimisation");
        }), () -> true);
        step("14-new-run-sheet-invalid", () -> sheet().ifPresent(v -> v.set("model.optimiser.learningRate", "-0.001")), () -> true);
        step("15-run-page-tokenizer", () -> window.open(new RunTarget(tokenizer), true), () -> runPageDrawn(tokenizer));
        step("16-run-page-pretrain", () -> window.open(new RunTarget(adversarial), true), () -> runPageDrawn(adversarial));
        // Imported weights are optional in the tour's workspace (scripts/screenshots.sh imports the small reference fixture).
        steps.add(() -> {
            if (imported == null) {
                next();
                return;
            }
            shotStep("16b-run-page-imported", () -> window.open(new RunTarget(imported), true), this::importedPageDrawn, false).run();
        });
        step("17-compare-runs", () -> window.open(new CompareTarget(adversarial, random), true),
                () -> window.selectedView().filter(CompareView.class::isInstance).map(v -> !((CompareView) v).rows().isEmpty()).orElse(false));
        step("18-codes", () -> window.open(new CodesTarget(tokenizer, "sample"), true), this::codesReady);
        step("19-codes-chosen", () -> codes().ifPresent(v -> v.select(v.usage().bars().get(Math.min(2, v.usage().bars().size() - 1)).code())),
                () -> codes().map(v -> !v.places().isEmpty()).orElse(false));
        step("20-explorer-code-band", this::openFirstPlace, () -> explorerDrawn() && explorer().map(v ->
                !v.bandRenderer().drawnCells(PatchTrackRenderer.Band.CODES).isEmpty() && v.bandRenderer().highlightCode() >= 0).orElse(false));
        // The masks view with the random-masking run's student measured under the adversarial run's masks.
        steps.add(() -> {
            window.open(new MasksTarget(adversarial), true);
            waitUntil(this::masksDrawn, System.currentTimeMillis(), () -> {
                masks().filter(v -> v.otherStudents().contains(random)).ifPresent(v -> v.crossCheck(random));
                next();
            });
        });
        step("21-masks", () -> { }, () -> masksDrawn() && masks().map(v -> v.crossResultText().startsWith("Student of")).orElse(false));
        step("22-explorer-mask-band", () -> window.open(new RecordTarget("sample", inspectedRecord,
                new RecordTarget.Focus(inspectedFrom, inspectedTo, null, -1, adversarial)), true),
                () -> explorerDrawn() && explorer().map(v -> !v.bandRenderer().drawnCells(PatchTrackRenderer.Band.MASKS).isEmpty()).orElse(false));
        step("25-dashboard-metrics", () -> window.open(new TaskDashboardTarget(evaluation), true),
                () -> dashboard().map(v -> v.model() != null && v.barDataSet().getDataCount() > 0).orElse(false));
        step("26-dashboard-bland-altman", () -> dashboard().ifPresent(v -> v.showFigure("bland-altman", null)),
                () -> dashboard().map(v -> !v.figureSeries("bland-altman").isEmpty()).orElse(false));
        step("26b-dashboard-per-subject", () -> dashboard().ifPresent(v -> v.showTab("Per subject")),
                () -> dashboard().map(v -> !v.predictionTable().getItems().isEmpty()).orElse(false));
        step("27-dashboard-roc", () -> {
            window.open(new TaskDashboardTarget(classification), true);
            dashboard().ifPresent(v -> v.showFigure("roc", null));
        }, () -> dashboard().map(v -> v.model() != null && !v.figureSeries("roc").isEmpty()
                && v.tabs().getSelectionModel().getSelectedItem().getText().equals("ROC")).orElse(false));
        step("28-engine", () -> window.open(new EngineTarget(), true),
                () -> window.selectedView().filter(EngineView.class::isInstance).map(v -> ((EngineView) v).report() != null).orElse(false));
        step("29-glossary", () -> window.open(new GlossaryTarget(Glossary.MASK_ENTROPY), true),
                () -> window.selectedView().filter(GlossaryView.class::isInstance).isPresent());
        steps.add(this::startTraining);
        // Taken while the run trains: the workbench is never idle then.
        busyStep("23-run-page-training", () -> window.open(new RunTarget(training), true), this::trainingShown);
        busyStep("24-runs-queue", () -> window.open(new RunsTarget(training), false), () -> rows("#runs-table") >= 5);
        steps.add(() -> window.training().stopAll(this::next));
        step("10-explorer-dark", () -> {
            window.setTheme(Theme.DARK);
            window.open(new RecordTarget("sample", "S08"), true);
            explorer().ifPresent(SignalExplorerView::resetZoom);
        }, this::explorerDrawn);
        step("11-datasets-dark", () -> window.open(new DatasetsTarget("sample", null), true), () -> rows("#records-table") == 12);
        steps.add(() -> {
            window.setTheme(Theme.LIGHT);
            System.out.println("screenshots: done, " + failures + " problem(s)");
            window.shutdown();
            Platform.exit();
        });
        // Let the first import (an empty workspace imports the sample data) finish before the tour begins.
        window.whenIdle(this::next);
    }

    private boolean masksDrawn() {
        return masks().map(v -> !v.rows().isEmpty() && !v.rows().get(0).cells().isEmpty()).orElse(false);
    }

    private void step(String name, Runnable action, BooleanSupplier ready) {
        shot(name, action, ready, false);
    }

    /** A step whose screenshot is taken once the view is ready, without waiting for background work to end. */
    private void busyStep(String name, Runnable action, BooleanSupplier ready) {
        steps.add(() -> {
            action.run();
            waitUntil(ready, System.currentTimeMillis(), () -> settle(() -> {
                save(name, false);
                next();
            }));
        });
    }

    private void shot(String name, Runnable action, BooleanSupplier ready, boolean ofDialog) {
        steps.add(shotStep(name, action, ready, ofDialog));
    }

    private Runnable shotStep(String name, Runnable action, BooleanSupplier ready, boolean ofDialog) {
        return () -> {
            action.run();
            waitUntil(ready, System.currentTimeMillis(), () -> window.whenIdle(() -> settle(() -> {
                save(name, ofDialog);
                next();
            })));
        };
    }

    private void next() {
        Runnable s = steps.poll();
        if (s != null) {
            s.run();
        }
    }

    private void waitUntil(BooleanSupplier ready, long since, Runnable then) {
        if (ready.getAsBoolean()) {
            then.run();
            return;
        }
        if (System.currentTimeMillis() - since > TIMEOUT_MS) {
            failures++;
            System.err.println("screenshots: a view did not become ready in " + TIMEOUT_MS / 1000 + " s; saving it as it is");
            then.run();
            return;
        }
        PauseTransition p = new PauseTransition(Duration.millis(100));
        p.setOnFinished(e -> waitUntil(ready, since, then));
        p.play();
    }

    /** Gives layout, CSS and the chart's render pulse time to finish (software rendering is slow). */
    private static void settle(Runnable then) {
        PauseTransition p = new PauseTransition(Duration.millis(700));
        p.setOnFinished(e -> then.run());
        p.play();
    }

    private void save(String name, boolean ofDialog) {
        Stage dialog = ofDialog ? dialog() : null;
        Scene scene = dialog != null ? dialog.getScene() : window.scene();
        WritableImage image = scene.snapshot(null);
        Path file = out.resolve(name + ".png");
        try {
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
            System.out.println("screenshots: " + file);
        } catch (IOException e) {
            failures++;
            System.err.println("screenshots: cannot write " + file + ": " + e.getMessage());
        }
        if (dialog != null) {
            dialog.close();
        }
    }

    private Stage dialog() {
        for (Window w : Window.getWindows()) {
            if (w instanceof Stage s && w != window.stage() && w.isShowing()) {
                return s;
            }
        }
        return null;
    }

    private int rows(String id) {
        return window.scene().lookup(id) instanceof TableView<?> t ? t.getItems().size() : -1;
    }

    private java.util.Optional<SignalExplorerView> explorer() {
        return window.selectedView().filter(SignalExplorerView.class::isInstance).map(SignalExplorerView.class::cast);
    }

    // ---- the runs of the workspace (the sample set's bundled runs, or runs trained beforehand)

    private String tokenizer;
    private String adversarial;
    private String random;
    private String imported;
    private String inspectedRecord;
    private double inspectedFrom;
    private double inspectedTo;
    private String training;
    private String evaluation;
    private String classification;

    /** Finds a tokenizer with the sample set's codes and an adversarial and a random pre-training run. */
    private void discoverRuns() {
        Workspace ws = window.workspace();
        window.background().read(() -> {
            RunStore store = new RunStore(ws);
            for (RunInfo r : store.list()) {
                if (r.status() != RunStatus.FINISHED) {
                    continue;
                }
                if (TokenizerTask.KIND.equals(r.kind()) && store.artifact(r.id(), "codes:sample").isPresent() && tokenizer == null) {
                    tokenizer = r.id();
                } else if (TaskDashboardTarget.hasDashboard(r.kind())) {
                    org.sigmappg.eval.TaskDefinition task = EvaluationParams.fromJson(r.params()).task();
                    if (task.isClassification() && classification == null) {
                        classification = r.id();
                    } else if (!task.isClassification() && evaluation == null) {
                        evaluation = r.id();
                    }
                } else if (WeightImportTask.KIND.equals(r.kind()) && imported == null) {
                    imported = r.id();
                } else if (PretrainTask.KIND.equals(r.kind())) {
                    MaskingParams.Strategy s = PretrainRunParams.fromJson(r.params()).model().masking().strategy();
                    if (s == MaskingParams.Strategy.ADVERSARIAL && adversarial == null) {
                        adversarial = r.id();
                    } else if (s == MaskingParams.Strategy.RANDOM && random == null) {
                        random = r.id();
                    }
                }
            }
            if (tokenizer == null || adversarial == null || random == null || evaluation == null || classification == null) {
                throw new IllegalStateException("the workspace needs a finished tokenizer with the codes of sample, an adversarial and "
                        + "a random pre-training run, a regression and a classification evaluation (scripts/screenshots.sh trains them)");
            }
            InspectionData data = InspectionData.read(ws.runsDirectory().resolve(adversarial).resolve(PretrainTask.INSPECTION));
            long id = data.last().windows().get(0).window();
            Catalogue catalogue = new Catalogue(ws);
            DatasetInfo d = catalogue.requireDataset("sample");
            for (WindowInfo w : catalogue.windowsOfDataset(d.id())) {
                if (w.id() == id) {
                    inspectedRecord = catalogue.records(d.id()).stream().filter(r -> r.id() == w.recordId()).findFirst().orElseThrow().name();
                    inspectedFrom = Math.max(0, w.startSample() / d.fs() - 5);
                    inspectedTo = w.startSample() / d.fs() + w.validSamples() / d.fs() + 5;
                }
            }
            return null;
        }, done -> next(), error -> {
            System.err.println("screenshots: " + error.getMessage());
            failures++;
            window.shutdown();
            Platform.exit();
        });
    }

    /**
     * Starts a small tokenizer run from the sheet and queues a second one behind it, to show a run training and a queue;
     * with 1000 epochs it still trains when its page is saved, even on a fast machine (the tour stops both at its end).
     */
    private void startTraining() {
        window.open(new NewRunTarget(TokenizerTask.KIND, null), true);
        NewRunView v = sheet().orElseThrow();
        v.choose("tiny");
        for (String[] kv : new String[][] {{RunSheet.DATASET, "sample"}, {"model.optimiser.epochs", "1000"}, {"model.optimiser.batchSize", "32"}, {"model.encoder.width", "32"},
                {"model.encoder.depth", "1"}, {"model.decoder.width", "32"}, {"model.codeDim", "32"}, {"model.codebookSize", "32"},
                {"model.kmeansSamples", "256"}, {"model.optimiser.learningRate", "0.001"}}) {
            v.set(kv[0], kv[1]);
        }
        // Through the sheet's own Start, twice: the first run trains, the second waits in the queue.
        v.start();
        waitUntil(() -> window.training().running() != null, System.currentTimeMillis(), () -> {
            training = window.training().running();
            sheet().orElse(v).start();
            waitUntil(() -> window.training().waiting().size() == 1, System.currentTimeMillis(), this::next);
        });
    }

    private boolean trainingShown() {
        return window.selectedView().filter(RunPageView.class::isInstance).map(RunPageView.class::cast)
                .map(p -> p.run() != null && p.run().status() == RunStatus.RUNNING && p.charts().size() > 1
                        && p.charts().get(0).names().size() >= 2 && !p.charts().get(2).names().isEmpty()
                        && p.charts().get(2).dataSet("perplexity").getDataCount() >= 3)
                .orElse(false);
    }

    private boolean runPageDrawn(String id) {
        return window.selectedView().filter(RunPageView.class::isInstance).map(RunPageView.class::cast)
                .map(p -> p.run() != null && p.run().id().equals(id) && !p.charts().isEmpty() && !p.charts().get(0).names().isEmpty())
                .orElse(false);
    }

    private boolean importedPageDrawn() {
        return window.selectedView().filter(RunPageView.class::isInstance).map(RunPageView.class::cast)
                .map(p -> p.run() != null && p.run().id().equals(imported) && p.importedWeights() != null)
                .orElse(false);
    }

    private java.util.Optional<NewRunView> sheet() {
        return window.selectedView().filter(NewRunView.class::isInstance).map(NewRunView.class::cast).filter(v -> v.sheet() != null);
    }

    private void expand(String group) {
        for (javafx.scene.Node n : window.scene().getRoot().lookupAll(".titled-pane")) {
            if (n instanceof javafx.scene.control.TitledPane t && group.equals(t.getText()) && n.isVisible()) {
                t.setExpanded(true);
            }
        }
    }

    private java.util.Optional<CodesView> codes() {
        return window.selectedView().filter(CodesView.class::isInstance).map(CodesView.class::cast);
    }

    private boolean codesReady() {
        return codes().map(v -> v.usage() != null && v.usageDataSet().getDataCount() > 0 && !v.originalStrip().cells().isEmpty())
                .orElse(false);
    }

    private void openFirstPlace() {
        codes().ifPresent(v -> {
            CodesView.Place p = v.places().get(0);
            window.open(new RecordTarget("sample", p.record(), new RecordTarget.Focus(Math.max(0, p.start() - 20), p.start() + 25,
                    tokenizer, v.selectedCode(), null)), true);
        });
    }

    private java.util.Optional<TaskDashboardView> dashboard() {
        return window.selectedView().filter(TaskDashboardView.class::isInstance).map(TaskDashboardView.class::cast);
    }

    private java.util.Optional<MasksView> masks() {
        return window.selectedView().filter(MasksView.class::isInstance).map(MasksView.class::cast);
    }

    private boolean explorerDrawn() {
        return explorer().map(v -> v.model() != null && v.patchRenderer().renders() > 0 && v.waveformDataSet().getDataCount() > 0)
                .orElse(false);
    }

    private void importBrokenFile() {
        try {
            Path dir = Files.createTempDirectory("sigma-ppg-broken");
            Path bad = dir.resolve("ward3_bed12.csv");
            Files.writeString(bad, "time,pleth\n0.00,512\n0.01,not-a-number\n0.02,515\n", StandardCharsets.UTF_8);
            bad.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            ImportAction.run(window, ImportRequest.of(bad, "ward3"), true);
        } catch (IOException e) {
            failures++;
            System.err.println("screenshots: cannot write the broken example file: " + e.getMessage());
        }
    }
}
