package org.sigmappg.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.model.GumbelTopK;
import org.sigmappg.model.MaskSample;
import org.sigmappg.model.MaskedCrossEntropy;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.model.PaddingTools;
import org.sigmappg.model.StudentBlock;
import org.sigmappg.model.TeacherBlock;
import org.sigmappg.model.TeacherPolicy;
import org.sigmappg.model.TokenizerBlock;

/**
 * Measures a student on held-out windows (inference mode, fixed seeds): masked loss and accuracy under the
 * run's masking policy and under uniformly random masks of the same ratio, accuracy on high- and low-prior
 * patches, the mean prior of masked and visible patches, and the policy's entropy. Also the per-patch data of
 * the inspection windows that the workbench draws as heatmaps.
 *
 * <p>The uniform masks are the same for every run that evaluates the same windows at the same ratio and number
 * of draws, whatever its masking policy and training batch size: they come from one seeded stream, the policy's
 * own draws take the same number of values from it whatever the policy, and the windows go through in batches of
 * {@link #BATCH}. So the figures under uniform masks compare students on one test; the figures under each run's own
 * masks do not.
 */
final class MaskEvaluation {
    private final StudentBlock student;
    private final TeacherBlock teacher;
    private final TeacherPolicy policy;
    private final TeacherPolicy random;
    private final TokenizerBlock tokenizer;
    private final ParameterStore ps;

    /**
     * Windows per evaluation batch, fixed because the uniform masks' random stream is consumed batch by batch. 16 is
     * the tiny preset's training batch, which its runs (the bundled ones included) were evaluated in, so their
     * figures stay reproducible.
     */
    static final int BATCH = 16;

    MaskEvaluation(StudentBlock student, TeacherBlock teacher, TeacherPolicy policy, TokenizerBlock tokenizer, ParameterStore ps) {
        this.student = student;
        this.teacher = teacher;
        this.policy = policy;
        MaskingParams m = policy.masking();
        this.random = new TeacherPolicy(m.withStrategy(MaskingParams.Strategy.RANDOM), 0);
        this.tokenizer = tokenizer;
        this.ps = ps;
    }

    /** Sums over the evaluated windows. */
    static final class Totals {
        double lossPolicy;
        double lossRandom;
        long maskedPolicy;
        long maskedRandom;
        long correct;
        long correctRandom;
        long highMasked;
        long highCorrect;
        long lowMasked;
        long lowCorrect;
        double priorMaskedSum;
        long priorMaskedCount;
        double priorVisibleSum;
        long priorVisibleCount;
        double entropySum;
        int batches;
        double teacherSpreadSum;
        int teacherSpreadWindows;
        long[] targetCounts;

        double maskedAccuracy() {
            return maskedPolicy == 0 ? Double.NaN : (double) correct / maskedPolicy;
        }

        double lossPolicy() {
            return maskedPolicy == 0 ? Double.NaN : lossPolicy / maskedPolicy;
        }

        double lossRandom() {
            return maskedRandom == 0 ? Double.NaN : lossRandom / maskedRandom;
        }

        double maskedAccuracyRandom() {
            return maskedRandom == 0 ? Double.NaN : (double) correctRandom / maskedRandom;
        }

        /** Accuracy of always predicting the most frequent code of the evaluated patches (the majority baseline). */
        double chanceAccuracy() {
            long max = 0;
            long total = 0;
            for (long c : targetCounts) {
                max = Math.max(max, c);
                total += c;
            }
            return total == 0 ? Double.NaN : (double) max / total;
        }

        double accuracyHigh() {
            return highMasked == 0 ? Double.NaN : (double) highCorrect / highMasked;
        }

        double accuracyLow() {
            return lowMasked == 0 ? Double.NaN : (double) lowCorrect / lowMasked;
        }

        double priorMasked() {
            return priorMaskedCount == 0 ? Double.NaN : priorMaskedSum / priorMaskedCount;
        }

        double priorVisible() {
            return priorVisibleCount == 0 ? Double.NaN : priorVisibleSum / priorVisibleCount;
        }

        double maskEntropy() {
            return batches == 0 ? Double.NaN : entropySum / batches;
        }

        /**
         * Mean over windows of the standard deviation of the teacher's own logits across the valid patches (NaN
         * without a teacher): 0 while the teacher adds the same to every patch and leaves the masks to the prior,
         * whose term has a spread of alpha.
         */
        double teacherSpread() {
            return teacherSpreadWindows == 0 ? Double.NaN : teacherSpreadSum / teacherSpreadWindows;
        }
    }

    /**
     * Evaluates the student on the held-out windows.
     *
     * @param draws masks drawn per window and per masking (the run's policy and uniform): every figure is
     *     averaged over them. One draw of 24 windows leaves the policy-vs-random loss difference uncertain
     *     by about 0.1 nats (two uniform draws for the same student differed by 0.04-0.13 on the sample set)
     */
    Totals evaluate(TrainingWindows windows, List<WindowInfo> eval, NDManager manager, long seed, int codebookSize, int draws) {
        Totals t = new Totals();
        t.targetCounts = new long[codebookSize];
        Random rng = new Random(seed);
        for (List<WindowInfo> chunk : TrainingWindows.chunks(eval, BATCH)) {
            // The scope also frees results of ops on parameters, which DJL files under the model's manager.
            try (NDScope scope = new NDScope(); NDManager sub = manager.newSubManager()) {
                TrainingWindows.Batch batch = windows.batch(sub, chunk);
                long p = batch.patches().getShape().get(1);
                NDArray targets = tokenizer.encode(ps, batch.patches(), batch.counts());
                NDArray teacherLogits = policy.usesTeacher() ? teacher.logits(ps, batch.patches(), batch.counts(), false) : null;
                HeldOutBatch facts = HeldOutBatch.of(batch, targets, chunk.size(), (int) p);
                facts.countTargets(t.targetCounts);
                if (teacherLogits != null) {
                    addTeacherSpread(t, teacherLogits.toFloatArray(), facts.counts(), (int) p);
                }
                for (int draw = 0; draw < draws; draw++) {
                    addDraw(t, facts, batch, p, teacherLogits, rng);
                }
            }
        }
        return t;
    }

    /**
     * What stays the same across a batch's mask draws: the target codes, the priors, each window's valid count
     * and median prior.
     */
    private record HeldOutBatch(NDArray targets, long[] codes, float[] prior, int[] counts, double[] medians, int patches) {
        static HeldOutBatch of(TrainingWindows.Batch batch, NDArray targets, int windows, int patches) {
            float[] prior = batch.priors().toFloatArray();
            int[] counts = PaddingTools.toIntArray(batch.counts());
            double[] medians = new double[windows];
            for (int b = 0; b < windows; b++) {
                medians[b] = medianPrior(prior, b, patches, counts[b]);
            }
            NDArray codes = targets.toType(DataType.INT64, false);
            return new HeldOutBatch(codes, codes.toLongArray(), prior, counts, medians, patches);
        }

        void countTargets(long[] targetCounts) {
            for (int b = 0; b < medians.length; b++) {
                for (int i = 0; i < counts[b]; i++) {
                    targetCounts[(int) codes[b * patches + i]]++;
                }
            }
        }
    }

    private void addDraw(Totals t, HeldOutBatch facts, TrainingWindows.Batch batch, long p, NDArray teacherLogits, Random rng) {
        NDArray targets = facts.targets();
        MaskSample own = policy.sample(teacherLogits, batch.priors(), batch.counts(), p, rng);
        MaskSample uniform = random.sample(null, batch.priors(), batch.counts(), p, rng);
        NDArray logitsOwn = student.forward(ps, batch.patches(), batch.counts(), own.mask(), false).logits();
        NDArray logitsRandom = student.forward(ps, batch.patches(), batch.counts(), uniform.mask(), false).logits();
        long maskedOwn = (long) own.mask().sum().getFloat();
        long maskedRandom = (long) uniform.mask().sum().getFloat();
        t.lossPolicy += MaskedCrossEntropy.mean(logitsOwn, targets, own.mask()).getFloat() * maskedOwn;
        t.lossRandom += MaskedCrossEntropy.mean(logitsRandom, targets, uniform.mask()).getFloat() * maskedRandom;
        t.maskedPolicy += maskedOwn;
        t.maskedRandom += maskedRandom;
        t.correctRandom += (long) logitsRandom.argMax(2).eq(targets).toType(DataType.FLOAT32, false).mul(uniform.mask()).sum().getFloat();
        t.entropySum += TeacherPolicy.maskEntropy(own.finalLogits(), own.valid());
        t.batches++;
        float[] hit = logitsOwn.argMax(2).eq(targets).toType(DataType.FLOAT32, false).toFloatArray();
        float[] mask = own.mask().toFloatArray();
        float[] prior = facts.prior();
        for (int b = 0; b < facts.medians().length; b++) {
            double median = facts.medians()[b];
            for (int i = 0; i < facts.counts()[b]; i++) {
                int at = b * (int) p + i;
                if (mask[at] > 0) {
                    t.correct += hit[at] > 0 ? 1 : 0;
                    t.priorMaskedSum += prior[at];
                    t.priorMaskedCount++;
                    if (prior[at] > median) {
                        t.highMasked++;
                        t.highCorrect += hit[at] > 0 ? 1 : 0;
                    } else if (prior[at] < median) {
                        t.lowMasked++;
                        t.lowCorrect += hit[at] > 0 ? 1 : 0;
                    }
                } else {
                    t.priorVisibleSum += prior[at];
                    t.priorVisibleCount++;
                }
            }
        }
    }

    static void addTeacherSpread(Totals t, float[] logits, int[] counts, int patches) {
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] < 2) {
                continue;
            }
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < counts[b]; i++) {
                sum += logits[b * patches + i];
            }
            double mean = sum / counts[b];
            for (int i = 0; i < counts[b]; i++) {
                double d = logits[b * patches + i] - mean;
                squares += d * d;
            }
            t.teacherSpreadSum += Math.sqrt(squares / counts[b]);
            t.teacherSpreadWindows++;
        }
    }

    private static double medianPrior(float[] prior, int b, int p, int count) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = prior[b * p + i];
        }
        java.util.Arrays.sort(v);
        return count % 2 == 1 ? v[count / 2] : 0.5 * (v[count / 2 - 1] + v[count / 2]);
    }

    /** Draws used to estimate each patch's probability of being masked by the policy. */
    private static final int PROBABILITY_DRAWS = 200;

    List<InspectionData.Window> inspect(TrainingWindows windows, List<WindowInfo> inspected, NDManager manager, long seed) {
        List<InspectionData.Window> out = new ArrayList<>();
        if (inspected.isEmpty()) {
            return out;
        }
        try (NDScope scope = new NDScope(); NDManager sub = manager.newSubManager()) {
            TrainingWindows.Batch batch = windows.batch(sub, inspected);
            long p = batch.patches().getShape().get(1);
            NDArray valid = PaddingTools.validMask(batch.counts(), p);
            NDArray targets = tokenizer.encode(ps, batch.patches(), batch.counts());
            NDArray teacherLogits = policy.usesTeacher() ? teacher.logits(ps, batch.patches(), batch.counts(), false) : null;
            NDArray finalLogits = policy.finalLogits(teacherLogits, batch.priors(), valid);
            int[] picks = GumbelTopK.pickCounts(PaddingTools.toIntArray(batch.counts()), policy.masking().maskRatio());
            Random rng = new Random(seed);
            float[] probability = new float[(int) (inspected.size() * p)];
            for (int d = 0; d < PROBABILITY_DRAWS; d++) {
                float[] m = GumbelTopK.sample(finalLogits, valid, picks, rng).mask().toFloatArray();
                for (int i = 0; i < m.length; i++) {
                    probability[i] += m[i] / PROBABILITY_DRAWS;
                }
            }
            MaskSample own = policy.sample(teacherLogits, batch.priors(), batch.counts(), p, new Random(seed + 1));
            MaskSample uniform = random.sample(null, batch.priors(), batch.counts(), p, new Random(seed + 2));
            NDArray logitsOwn = student.forward(ps, batch.patches(), batch.counts(), own.mask(), false).logits();
            NDArray logitsRandom = student.forward(ps, batch.patches(), batch.counts(), uniform.mask(), false).logits();
            float[] lossOwn = MaskedCrossEntropy.perWindow(logitsOwn, targets, own.mask()).toFloatArray();
            float[] lossRandom = MaskedCrossEntropy.perWindow(logitsRandom, targets, uniform.mask()).toFloatArray();
            float[] hitOwn = logitsOwn.argMax(2).eq(targets.toType(DataType.INT64, false)).toType(DataType.FLOAT32, false).toFloatArray();
            float[] hitRandom = logitsRandom.argMax(2).eq(targets.toType(DataType.INT64, false)).toType(DataType.FLOAT32, false).toFloatArray();
            float[] maskOwn = own.mask().toFloatArray();
            float[] maskRandom = uniform.mask().toFloatArray();
            float[] prior = batch.priors().toFloatArray();
            int[] counts = PaddingTools.toIntArray(batch.counts());
            for (int b = 0; b < inspected.size(); b++) {
                int n = counts[b];
                float[] pr = new float[n];
                float[] prob = new float[n];
                int[] m = new int[n];
                int[] c = new int[n];
                int[] rm = new int[n];
                int[] rc = new int[n];
                for (int i = 0; i < n; i++) {
                    int at = b * (int) p + i;
                    pr[i] = prior[at];
                    prob[i] = probability[at];
                    m[i] = maskOwn[at] > 0 ? 1 : 0;
                    c[i] = m[i] == 1 ? (hitOwn[at] > 0 ? 1 : 0) : -1;
                    rm[i] = maskRandom[at] > 0 ? 1 : 0;
                    rc[i] = rm[i] == 1 ? (hitRandom[at] > 0 ? 1 : 0) : -1;
                }
                WindowInfo w = inspected.get(b);
                out.add(new InspectionData.Window(w.id(), w.subject(), n, pr, prob, m, c, rm, rc, lossOwn[b], lossRandom[b]));
            }
        }
        return out;
    }
}
