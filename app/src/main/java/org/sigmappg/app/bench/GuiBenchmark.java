package org.sigmappg.app.bench;

import com.google.gson.GsonBuilder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.sigmappg.app.shell.Theme;
import org.sigmappg.app.signal.PatchTrack;
import org.sigmappg.app.signal.RecordSignals;
import org.sigmappg.app.navigation.RecordTarget;
import org.sigmappg.app.signal.SignalExplorerModel;
import org.sigmappg.app.signal.SignalExplorerView;
import org.sigmappg.io.Channel;
import org.sigmappg.io.LabelSeries;
import org.sigmappg.io.Recording;
import org.sigmappg.signal.PreprocessParams;
import org.sigmappg.signal.PreprocessResult;
import org.sigmappg.signal.Preprocessor;
import org.sigmappg.synth.SyntheticPpg;
import org.sigmappg.synth.SyntheticPpgParams;

/**
 * Times the signal explorer on a long recording: a synthetic day at 125 Hz (10.8 million samples, with flat and
 * clipped stretches and a 1 Hz heart-rate label), pre-processed by the real pipeline, shown in the real view in
 * a real window. It measures the time from handing the record to the view to the first drawn frame (target
 * under 2 s) and, over a script of zoom and pan steps, the time from each step to its drawn frame (target a
 * median under 50 ms). Run it with {@code main}, or through {@link #run} from the command line's
 * {@code bench gui}; it needs a display (Xvfb will do) or the Monocle headless platform.
 */
public final class GuiBenchmark {
    /**
     * What to measure.
     *
     * @param hours length of the synthetic recording
     * @param fs its sampling rate in Hz
     * @param steps zoom and pan steps to time
     * @param seed seed of the recording's noise and of the step script
     * @param width window width in pixels
     * @param height window height in pixels
     */
    public record Config(double hours, double fs, int steps, long seed, int width, int height) {
        /** The day at 125 Hz of the brief, 50 steps, in a 1400 x 900 window. */
        public static Config defaults() {
            return new Config(24, 125, 50, 7, 1400, 900);
        }
    }

    /**
     * What was measured.
     *
     * @param samples raw samples in the recording
     * @param prepareSeconds synthesising and pre-processing the recording (not part of the view's figures)
     * @param firstRenderMs from the record in memory (building the view's model on a loading thread, as the workbench
     *        does after reading it) to the end of the first drawn frame
     * @param medianDrawMs median from a zoom or pan step to the end of the chart's drawing in the next pulse
     * @param medianFrameMs median from a step to the start of the pulse after its drawing (includes the renderer
     *        thread taking the frame and the 60 Hz pulse cadence): what a user waits for
     * @param plotWidth the plot's width in pixels
     * @param waveformPoints points the waveform held in the full-day view
     * @param pipeline the JavaFX graphics pipeline that drew
     */
    public record Result(long samples, double prepareSeconds, double firstRenderMs, double medianDrawMs, double p90DrawMs,
                         double medianFrameMs, double p90FrameMs, double maxFrameMs, int steps, int plotWidth,
                         int waveformPoints, String pipeline) {
        public boolean meetsTargets() {
            return firstRenderMs < 2000 && medianFrameMs < 50;
        }

        public String toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("samples", samples);
            m.put("prepareSeconds", round(prepareSeconds));
            m.put("firstRenderMs", round(firstRenderMs));
            m.put("medianDrawMs", round(medianDrawMs));
            m.put("p90DrawMs", round(p90DrawMs));
            m.put("medianFrameMs", round(medianFrameMs));
            m.put("p90FrameMs", round(p90FrameMs));
            m.put("maxFrameMs", round(maxFrameMs));
            m.put("steps", steps);
            m.put("plotWidth", plotWidth);
            m.put("waveformPoints", waveformPoints);
            m.put("pipeline", pipeline);
            m.put("meetsTargets", meetsTargets());
            return new GsonBuilder().setPrettyPrinting().create().toJson(m);
        }

        private static double round(double v) {
            return Math.round(v * 10) / 10.0;
        }

        /** The figures in one paragraph. */
        public String summary() {
            return String.format(Locale.ROOT, "%,d samples (prepared in %.1f s) on the %s pipeline, plot %d px wide, %d waveform points "
                            + "for the whole day%nfirst render %.0f ms (target < 2000)%nzoom/pan over %d steps: chart drawn in median %.1f ms "
                            + "(p90 %.1f), frame on screen in median %.1f ms (p90 %.1f, max %.1f; target < 50)%n%s",
                    samples, prepareSeconds, pipeline, plotWidth, waveformPoints, firstRenderMs, steps, medianDrawMs, p90DrawMs,
                    medianFrameMs, p90FrameMs, maxFrameMs, meetsTargets() ? "targets met" : "TARGETS MISSED");
        }
    }

    private GuiBenchmark() {
    }

    /**
     * Builds the recording, shows it in a window, runs the steps and closes the window. Call it from any thread but
     * the JavaFX one; it starts the JavaFX toolkit if needed and leaves it running ({@code Platform.exit()} ends it).
     *
     * @throws IllegalStateException when there is no display to open the window on (the message says what to do)
     */
    public static Result run(Config config) throws Exception {
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("the GUI benchmark waits for frames; call it from another thread");
        }
        java.util.Optional<String> noDisplay = org.sigmappg.app.shell.DisplayCheck.problem();
        if (noDisplay.isPresent()) {
            throw new IllegalStateException("the GUI benchmark opens a window, but " + noDisplay.get());
        }
        long p0 = System.nanoTime();
        RecordSignals signals = recording(config);
        double prepareSeconds = (System.nanoTime() - p0) / 1e9;
        startToolkit();

        CompletableFuture<Stage> stageReady = new CompletableFuture<>();
        // ChartFX builds its charts on the JavaFX thread only.
        SignalExplorerView view = onFx(() -> new SignalExplorerView(new RecordTarget("bench", "synthetic-day")));
        Platform.runLater(() -> {
            Stage stage = new Stage();
            stage.setTitle("SIGMA-PPG GUI benchmark");
            Scene scene = new Scene(new javafx.scene.layout.StackPane(view.node()), config.width(), config.height());
            Theme.LIGHT.apply(scene);
            stage.setScene(scene);
            stage.show();
            stageReady.complete(stage);
        });
        Stage stage = stageReady.get(60, TimeUnit.SECONDS);
        try {
            Frames frames = new Frames(view);
            // As the workbench does: the model is built on a loading thread, then handed to the view.
            long t0 = System.nanoTime();
            SignalExplorerModel model = new SignalExplorerModel(signals).prepare();
            onFx(() -> {
                view.show(model);
                return null;
            });
            double firstRenderMs = (frames.drawnAfter(t0, 120)[0] - t0) / 1e6;
            int plotWidth = onFx(() -> (int) Math.round(view.chart().getCanvas().getWidth()));
            int points = onFx(() -> view.waveformDataSet().getDataCount());

            Random random = new Random(config.seed());
            double[] draw = new double[config.steps()];
            double[] frame = new double[config.steps()];
            for (int i = 0; i < config.steps(); i++) {
                Runnable step = step(i, random, view);
                long s = onFx(() -> {
                    long start = System.nanoTime();
                    step.run();
                    return start;
                });
                long[] drawn = frames.drawnAfter(s, 30);
                draw[i] = (drawn[0] - s) / 1e6;
                frame[i] = (drawn[1] - s) / 1e6;
            }
            return new Result(signals.raw().length, prepareSeconds, firstRenderMs, percentile(draw, 0.5), percentile(draw, 0.9),
                    percentile(frame, 0.5), percentile(frame, 0.9), Arrays.stream(frame).max().orElse(0), config.steps(),
                    plotWidth, points, pipeline());
        } finally {
            Platform.runLater(stage::close);
        }
    }

    /**
     * Step {@code i} of the script, a cycle of ten: five zooms in by 4 about random times (from the whole day down
     * to about 80 s, where the 1 s patch grid shows), pans both ways, a zoom out, and back to the whole day.
     */
    private static Runnable step(int i, Random random, SignalExplorerView view) {
        double u = random.nextDouble();
        return switch (i % 10) {
            case 0, 1, 3, 5, 6 -> () -> view.zoomAbout(4.0, anchor(view, u));
            case 2, 7 -> () -> view.showRange(view.model().viewport().start() + 0.3 * view.model().viewport().span(),
                    view.model().viewport().end() + 0.3 * view.model().viewport().span());
            case 4 -> () -> view.showRange(view.model().viewport().start() - 0.2 * view.model().viewport().span(),
                    view.model().viewport().end() - 0.2 * view.model().viewport().span());
            case 8 -> () -> view.zoomAbout(0.5, anchor(view, u));
            default -> view::resetZoom;
        };
    }

    private static double anchor(SignalExplorerView view, double u) {
        return view.model().viewport().start() + u * view.model().viewport().span();
    }

    /** Watches the view's frames from an animation timer, which runs at the start of every pulse. */
    private static final class Frames {
        private final SignalExplorerView view;

        Frames(SignalExplorerView view) {
            this.view = view;
        }

        /**
         * Waits for the first drawing of the prior band (the last layer) that finished after {@code since}.
         * Returns when that drawing ended and when the next pulse began: a pulse starts only once the renderer
         * thread has taken the previous frame, so that is when the frame is on its way to the screen.
         */
        long[] drawnAfter(long since, int timeoutSeconds) throws Exception {
            CountDownLatch latch = new CountDownLatch(1);
            long[] result = {-1, -1};
            AnimationTimer timer = new AnimationTimer() {
                @Override
                public void handle(long pulse) {
                    long drawn = view.bandRenderer().lastRenderNanos();
                    if (drawn > since && view.waveformDataSet().getDataCount() > 0) {
                        result[0] = drawn;
                        result[1] = System.nanoTime();
                        stop();
                        latch.countDown();
                    }
                }
            };
            Platform.runLater(timer::start);
            if (!latch.await(timeoutSeconds, TimeUnit.SECONDS)) {
                Platform.runLater(timer::stop);
                throw new IllegalStateException("no frame was drawn within " + timeoutSeconds + " s");
            }
            return result;
        }
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    private static double percentile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.floor(q * (v.length - 1) + 0.5))];
    }

    private static void startToolkit() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        try {
            Platform.startup(started::countDown);
        } catch (IllegalStateException alreadyRunning) {
            started.countDown();
        }
        // The benchmark closes its window; the workbench or test that started the toolkit keeps it running.
        Platform.setImplicitExit(false);
        started.await();
    }

    private static String pipeline() {
        try {
            Object p = Class.forName("com.sun.prism.GraphicsPipeline").getMethod("getPipeline").invoke(null);
            return p.getClass().getSimpleName().replace("Pipeline", "").toLowerCase(Locale.ROOT);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // The pipeline class is internal; when it cannot be reached, whether 3D works tells hardware from software.
            return Platform.isSupported(ConditionalFeature.SCENE3D) ? "hardware" : "software";
        }
    }

    /**
     * The synthetic day: core's generator ({@link SyntheticPpg}, a healthy adult) at the config's rate and length,
     * with a sensor-off (flat) stretch and a saturated (clipped) stretch about every two hours; its PLETH channel
     * pre-processed by the import's pipeline, with its heart-rate label.
     */
    static RecordSignals recording(Config config) {
        SyntheticPpgParams params = SyntheticPpgParams.healthyAdult(config.seed()).toBuilder()
                .optSamplingRateHz(config.fs()).optDurationSeconds(config.hours() * 3600)
                .optFlatLineEventsPerMinute(1.0 / 120).optFlatLineDurationSeconds(30)
                .optClippingEventsPerMinute(1.0 / 120).optClippingDurationSeconds(20).build();
        Recording day = SyntheticPpg.generate(params);
        Channel pleth = day.channel(SyntheticPpg.PLETH).orElseThrow();
        PreprocessResult r = new Preprocessor(PreprocessParams.defaults()).process(pleth);
        List<LabelSeries> labels = day.labels().stream().filter(l -> l.name().equals(SyntheticPpg.HR)).toList();
        PreprocessResult.RawCounts c = r.rawCounts();
        return new RecordSignals("bench", "synthetic-day", "synthetic", pleth.name(), pleth.samples(), pleth.fs(), r.signal(), r.fs(),
                PatchTrack.fromWindows(r.windows(), r.fs()), labels, new RecordSignals.RawCounts(c.missing(), c.flat(), c.clipped()),
                java.util.Map.of(), java.util.Map.of(), List.of());
    }

    /** Runs the benchmark with the defaults ({@code --hours H} and {@code --steps N} change them) and prints the figures. */
    public static void main(String[] args) throws Exception {
        Config d = Config.defaults();
        double hours = d.hours();
        int steps = d.steps();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--hours" -> hours = Double.parseDouble(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (use --hours H, --steps N)");
            }
        }
        try {
            Result r = run(new Config(hours, d.fs(), steps, d.seed(), d.width(), d.height()));
            System.out.println(r.summary());
            System.out.println(r.toJson());
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } finally {
            Platform.exit();
        }
    }
}
