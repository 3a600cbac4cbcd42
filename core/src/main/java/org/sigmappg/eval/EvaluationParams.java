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
 */
public record EvaluationParams(int version, String kind, TaskDefinition task, List<String> methods, String protocol, int folds, long seed,
                               int innerFolds, int bootstrapResamples, FinetuneParams finetune, String device, int batchSize) {
    public static final int VERSION = 1;
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
