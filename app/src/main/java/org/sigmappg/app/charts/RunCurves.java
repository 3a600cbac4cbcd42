package org.sigmappg.app.charts;

import java.util.List;
import java.util.Map;
import org.sigmappg.app.help.Glossary;
import org.sigmappg.run.RunStore;

/**
 * Which curves a run's page plots, without JavaFX: panels of metrics the training tasks log (per epoch, and
 * {@code step_loss} every 10 steps), each metric as x/y arrays against the optimiser step or the epoch.
 */
public final class RunCurves {
    /** One line: a metric the run store holds and its name in the legend. */
    public record Line(String metric, String label) {
    }

    /** One chart: its title, the name of its y axis and its lines. */
    public record Panel(String title, String yName, List<Line> lines) {
    }

    /** A metric's points. */
    public record Points(double[] x, double[] y) {
        public int size() {
            return x.length;
        }
    }

    private static final List<Panel> TOKENIZER = List.of(
            new Panel("Loss", "loss", List.of(new Line("step_loss", "step loss"), new Line("loss", "loss"), new Line("recon_loss", "reconstruction"),
                    new Line("commitment_loss", "commitment"), new Line("consistency_loss", "consistency"))),
            new Panel("Codebook health", "fraction", List.of(new Line("icr", "ICR (held out)"), new Line("unused_codes", "unused codes"),
                    new Line("unused_codes_held_out", "unused codes (held out)"))),
            new Panel("Perplexity", "perplexity", List.of(new Line("perplexity", "perplexity"), new Line("perplexity_held_out", "perplexity (held out)"))),
            new Panel("Learning rate", "learning rate", List.of(new Line("lr", "learning rate"))));

    private static final List<Panel> PRETRAIN = List.of(
            new Panel("Loss", "cross-entropy", List.of(new Line("step_loss", "step loss"), new Line("student_loss", "student (train)"),
                    new Line("masked_loss", "held out, own masks"), new Line("loss_random_masks", "held out, random masks"))),
            new Panel("Accuracy", "accuracy", List.of(new Line("step_accuracy", "step accuracy"), new Line("train_masked_accuracy", "train"),
                    new Line("masked_accuracy", "held out, own masks"), new Line("masked_accuracy_random_masks", "held out, random masks"))),
            new Panel("Teacher", "value", List.of(new Line("mask_entropy", "mask entropy"), new Line("mean_reward", "mean reward"),
                    new Line("teacher_logit_spread", "teacher logit spread (the prior's: alpha)"))),
            new Panel("Learning rate", "learning rate", List.of(new Line("lr", "learning rate"))));

    private RunCurves() {
    }

    /** The panels of a run of {@code kind} ({@code tokenizer}, {@code pretrain}; other kinds have none). */
    public static List<Panel> panels(String kind) {
        return switch (kind) {
            case "tokenizer" -> TOKENIZER;
            case "pretrain" -> PRETRAIN;
            default -> List.of();
        };
    }

    /** The glossary terms ({@link Glossary} keys) the panels of a run of {@code kind} show. */
    public static List<String> terms(String kind) {
        return switch (kind) {
            case "tokenizer" -> List.of(Glossary.ICR, Glossary.UNUSED_CODES, Glossary.PERPLEXITY);
            case "pretrain" -> List.of(Glossary.MASKED_ACCURACY, Glossary.MASK_ENTROPY, Glossary.PRIOR);
            default -> List.of();
        };
    }

    /** A metric against the optimiser step it was logged at. */
    public static Points bySteps(Map<String, List<RunStore.Metric>> metrics, String name) {
        List<RunStore.Metric> m = metrics.getOrDefault(name, List.of());
        double[] x = new double[m.size()];
        double[] y = new double[m.size()];
        for (int i = 0; i < m.size(); i++) {
            x[i] = m.get(i).step();
            y[i] = m.get(i).value();
        }
        return new Points(x, y);
    }

    /** A per-epoch metric against the epoch, counted from 1. */
    public static Points byEpochs(Map<String, List<RunStore.Metric>> metrics, String name) {
        List<RunStore.Metric> m = metrics.getOrDefault(name, List.of());
        double[] x = new double[m.size()];
        double[] y = new double[m.size()];
        for (int i = 0; i < m.size(); i++) {
            x[i] = m.get(i).epoch() + 1;
            y[i] = m.get(i).value();
        }
        return new Points(x, y);
    }

    /** The last value of a metric, or NaN when it was never logged. */
    public static double last(Map<String, List<RunStore.Metric>> metrics, String name) {
        List<RunStore.Metric> m = metrics.getOrDefault(name, List.of());
        return m.isEmpty() ? Double.NaN : m.get(m.size() - 1).value();
    }
}
