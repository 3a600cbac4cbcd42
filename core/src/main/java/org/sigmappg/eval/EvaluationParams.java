package org.sigmappg.eval;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.List;
import java.util.Locale;

/**
 * Everything an evaluation run was asked to do, stored as the run's parameters so it can be repeated: the
 * full task definition (user tasks included), the comparators, the protocol, the outer split, the seed,
 * the inner cross-validation of the probe, the bootstrap and the fine-tuning settings.
 *
 * @param version layout version ({@link #VERSION})
 * @param kind the run kind: {@code evaluate} (a comparison of methods) or {@code finetune} (one backbone)
 * @param task the task, its dataset resolved
 * @param methods the comparators as {@link MethodSpec#spec()} texts, {@code trivial} first
 * @param protocol {@code probe} (frozen backbone, linear head) or {@code finetune} (backbone trained with the head)
 * @param folds number of subject-level folds, or 0 for leave-one-subject-out
 * @param seed seed of the splits, the inner splits, the bootstrap and every initialisation
 * @param innerFolds folds of the inner cross-validation that picks the probe's penalty
 * @param bootstrapResamples subject-level bootstrap resamples per confidence interval
 * @param finetune settings of the fine-tuning protocol (kept for the probe too, unused there)
 * @param device {@code cpu} or {@code gpu}
 * @param batchSize windows per batch when embedding
 * @param labelFractions shares of each fold's training subjects for label-efficiency curves, ascending in (0, 1]
 *     (empty: none); 1 is the main evaluation and always ends a curve
 * @param labelDraws draws of labelled subjects per fold at every fraction below 1
 */
public record EvaluationParams(int version, String kind, TaskDefinition task, List<String> methods, String protocol, int folds, long seed,
                               int innerFolds, int bootstrapResamples, FinetuneParams finetune, String device, int batchSize,
                               List<Double> labelFractions, int labelDraws) {
    public static final int VERSION = 1;
    /** Draws of labelled subjects per fold and fraction unless asked otherwise. */
    public static final int DEFAULT_LABEL_DRAWS = 5;
    public static final String PROBE = "probe";
    public static final String FINETUNE = "finetune";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    public EvaluationParams {
        if (version != VERSION) {
            throw new IllegalArgumentException("evaluation parameters of version " + version + " are not readable by this build (version "
                    + VERSION + ")");
        }
        if (!EvaluationTask.KIND.equals(kind) && !EvaluationTask.FINETUNE_KIND.equals(kind)) {
            throw new IllegalArgumentException("evaluation kind must be " + EvaluationTask.KIND + " or " + EvaluationTask.FINETUNE_KIND);
        }
        protocol = protocol == null ? null : protocol.toLowerCase(Locale.ROOT);
        if (!PROBE.equals(protocol) && !FINETUNE.equals(protocol)) {
            throw new IllegalArgumentException("protocol must be 'probe' (frozen backbone, linear head) or 'finetune' (full fine-tuning), not '"
                    + protocol + "'");
        }
        if (folds == 1 || folds < 0) {
            throw new IllegalArgumentException("folds must be 2 or more (or leave-one-subject-out), not " + folds);
        }
        if (innerFolds < 2) {
            throw new IllegalArgumentException("inner folds must be 2 or more, not " + innerFolds);
        }
        if (bootstrapResamples < 100) {
            throw new IllegalArgumentException("use at least 100 bootstrap resamples (1000-2000 is usual), not " + bootstrapResamples);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, not " + batchSize);
        }
        methods = List.copyOf(methods);
        methods.forEach(MethodSpec::parse);
        // Runs stored before label-efficiency curves existed have neither field.
        labelFractions = labelFractions == null ? List.of() : List.copyOf(new java.util.TreeSet<>(labelFractions));
        for (double f : labelFractions) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("label fractions are shares of the training subjects in (0, 1], e.g. 0.1,0.25,0.5,1; not "
                        + f);
            }
        }
        if (labelDraws == 0 && labelFractions.isEmpty()) {
            labelDraws = DEFAULT_LABEL_DRAWS;
        }
        if (labelDraws < 1) {
            throw new IllegalArgumentException("label draws must be 1 or more, not " + labelDraws);
        }
    }

    /** Parameters without label-efficiency curves. */
    public EvaluationParams(int version, String kind, TaskDefinition task, List<String> methods, String protocol, int folds, long seed,
                            int innerFolds, int bootstrapResamples, FinetuneParams finetune, String device, int batchSize) {
        this(version, kind, task, methods, protocol, folds, seed, innerFolds, bootstrapResamples, finetune, device, batchSize, List.of(),
                DEFAULT_LABEL_DRAWS);
    }

    /**
     * The defaults of a new run of {@code kind}, its task still to be chosen: an evaluation compares trivial, features and
     * scratch through a linear probe, a fine-tuning run has its backbone still to be chosen and fine-tunes it; 5 outer and
     * 5 inner subject-level folds, seed 1, 1000 bootstrap resamples, {@link FinetuneParams#defaults()}, the CPU, batches of
     * 64 windows, no label-efficiency curves.
     */
    public static EvaluationParams defaults(String kind) {
        boolean finetune = EvaluationTask.FINETUNE_KIND.equals(kind);
        return new EvaluationParams(VERSION, kind, null, finetune ? List.of() : List.of("trivial", "features", "scratch"),
                finetune ? FINETUNE : PROBE, 5, 1, 5, 1000, FinetuneParams.defaults(), "cpu", 64, List.of(), DEFAULT_LABEL_DRAWS);
    }

    /** These parameters on {@code newTask}. */
    public EvaluationParams withTask(TaskDefinition newTask) {
        return new EvaluationParams(version, kind, newTask, methods, protocol, folds, seed, innerFolds, bootstrapResamples, finetune, device,
                batchSize, labelFractions, labelDraws);
    }

    /** These parameters with label-efficiency curves at {@code fractions}, {@code draws} draws at each fraction below 1. */
    public EvaluationParams withLabelFractions(List<Double> fractions, int draws) {
        return new EvaluationParams(version, kind, task, methods, protocol, folds, seed, innerFolds, bootstrapResamples, finetune, device,
                batchSize, fractions, draws);
    }

    /** The fractions of the curves, 1 included, ascending; empty when no curve was asked for. */
    public List<Double> curveFractions() {
        if (labelFractions.isEmpty()) {
            return List.of();
        }
        java.util.TreeSet<Double> all = new java.util.TreeSet<>(labelFractions);
        all.add(1.0);
        return List.copyOf(all);
    }

    public boolean leaveOneSubjectOut() {
        return folds == 0;
    }

    public List<MethodSpec> methodSpecs() {
        return methods.stream().map(MethodSpec::parse).toList();
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static EvaluationParams fromJson(String json) {
        return GSON.fromJson(json, EvaluationParams.class);
    }
}
