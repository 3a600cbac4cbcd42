package org.sigmappg.model;

import com.google.gson.Gson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of stage 2 (METHOD sections 3 and 5): the student's architecture and optimiser, the
 * masking policy and the teacher. Presets: {@link #tiny()}, {@link #base()} (about 5.8 M backbone
 * parameters), {@link #pro()} (about 30 M with its code head). METHOD fixes neither the AdamW betas nor
 * the warm-up length nor a gradient clip for stage 2: betas (0.9, 0.98) and clip 3.0 follow LaBraM's
 * masked pre-training, the warm-up is 10 % as in stage 1.
 *
 * @param version version of this record's layout ({@link #VERSION})
 * @param patchSamples samples per patch; must equal the tokenizer's
 * @param maxPatches most patches per window the position embedding covers
 * @param temporalConv the per-patch temporal convolution stack (shared design with the tokenizer)
 * @param transformer student transformer
 * @param codebookSize K, the number of classes of the code head; must equal the tokenizer's codebook size
 * @param optimiser student AdamW (METHOD: lr 5e-4, weight decay 0.05, warm-up then cosine, 80 epochs)
 * @param masking masking strategy, ratio 0.5, prior alpha 2.0, prior on
 * @param teacher the mask generator (width 64, 2 layers, 4 heads; AdamW lr 1e-4, weight decay 0.05); its optimiser's batch
 *     size and epochs are the student's
 */
public record StudentParams(int version, int patchSamples, int maxPatches, TemporalConvParams temporalConv,
                            TransformerParams transformer, int codebookSize, OptimiserParams optimiser,
                            MaskingParams masking, TeacherParams teacher) {

    public static final int VERSION = 1;

    public StudentParams {
        if (version != VERSION) {
            throw new IllegalArgumentException("student parameters of version " + version + " cannot be read by this "
                    + "build, which reads version " + VERSION);
        }
        if (patchSamples < 2 || maxPatches < 1 || codebookSize < 2) {
            throw new IllegalArgumentException("student sizes must be positive (patch >= 2 samples, K >= 2)");
        }
        temporalConv.outputLength(patchSamples);
        // The teacher draws masks for the student's batches over the student's steps: its own batch size and epochs
        // were never read, so they follow the student's instead of standing as settings of their own.
        if (teacher != null && optimiser != null) {
            teacher = teacher.withOptimiser(teacher.optimiser().withBatchSize(optimiser.batchSize()).withEpochs(optimiser.epochs()));
        }
    }

    /**
     * Trains on a laptop CPU in minutes: width 64, 2 layers, 4 heads, K 64 (the tiny tokenizer's codebook),
     * 150 epochs at batch 16. Its student learns at 1e-3; its teacher learns at 5e-3 with per-patch credit
     * ({@link TeacherParams.RewardBaseline#PER_PATCH}) and an entropy bonus of 1.0. At METHOD's 1e-4 with the
     * batch-mean baseline the teacher's policy did not move from the prior within the few hundred steps a
     * sample-set demo takes; with whole-mask credit (batch mean, random mask, second draw) or without the entropy
     * bonus (the policy collapses onto a fixed half of the patches, entropy 0.2-0.3, and the student never learns
     * the other half), the final student found the teacher's masks EASIER than random ones on every seed tried.
     */
    public static StudentParams tiny() {
        StudentParams d = defaults(TransformerParams.of(64, 2, 4), 64, 16, 150);
        TeacherParams t = d.teacher();
        return d.withOptimiser(d.optimiser().withLearningRate(1e-3))
                .withTeacher(new TeacherParams(t.transformer(), t.optimiser().withLearningRate(5e-3), 1.0,
                        TeacherParams.RewardBaseline.PER_PATCH));
    }

    /**
     * Width 200, 12 layers, 10 heads, qkv bias, drop-path 0.1, K 4096: 5,851,976 backbone parameters
     * (6,675,272 with the code head).
     */
    public static StudentParams base() {
        return defaults(TransformerParams.of(200, 12, 10).withRegularisation(0, 0, 0.1), 4096, 64, 80);
    }

    /**
     * The published 'pro' student ({@code sigma_pro_patch100_12000_8k_vocab}), whose weights load into it exactly
     * (METHOD section 5): 2 s patches (100 samples), 120 positions (a 240 s window), a temporal convolution with 12
     * channels and window-level group-norm statistics, width 360, 18 layers, 12 heads, QK-LayerNorm, no qkv bias,
     * drop-path 0.15, dropout 0.08 and attention dropout 0.08 (the reference's defaults). The code head has the
     * tokenizer's K (the published head has 8192). The reference's single-channel {@code pos_embed} row is folded
     * into {@code time_embed} and {@code cls_token} (see {@code ParameterNames}).
     */
    public static StudentParams pro() {
        TransformerParams t = new TransformerParams(360, 18, 12, 4.0, false, true, 0.08, 0.08, 0.15, 1e-6);
        StudentParams d = defaults(t, 4096, 64, 80);
        TemporalConvParams conv = TemporalConvParams.reference().withChannels(12)
                .withNormScope(TemporalConvParams.NormScope.WINDOW);
        return new StudentParams(VERSION, 100, 120, conv, t, d.codebookSize(), d.optimiser(), d.masking(), d.teacher());
    }

    private static StudentParams defaults(TransformerParams transformer, int codebookSize, int batchSize, int epochs) {
        OptimiserParams student = new OptimiserParams(5e-4, 0, 0.9, 0.98, 1e-8, 0.05, 0.1, 3.0, batchSize, epochs);
        OptimiserParams teacherOptimiser = new OptimiserParams(1e-4, 0, 0.9, 0.98, 1e-8, 0.05, 0.1, 3.0, batchSize,
                epochs);
        TeacherParams teacher = new TeacherParams(TransformerParams.of(64, 2, 4), teacherOptimiser, 0,
                TeacherParams.RewardBaseline.BATCH_MEAN);
        return new StudentParams(VERSION, 50, 240, TemporalConvParams.reference(), transformer, codebookSize, student,
                MaskingParams.defaults(), teacher);
    }

    /** The student predicts the tokenizer's codes: its head must have exactly the tokenizer's codebook size. */
    public StudentParams withCodebookSize(int newCodebookSize) {
        return new StudentParams(version, patchSamples, maxPatches, temporalConv, transformer, newCodebookSize,
                optimiser, masking, teacher);
    }

    public StudentParams withMasking(MaskingParams newMasking) {
        return new StudentParams(version, patchSamples, maxPatches, temporalConv, transformer, codebookSize,
                optimiser, newMasking, teacher);
    }

    public StudentParams withOptimiser(OptimiserParams newOptimiser) {
        return new StudentParams(version, patchSamples, maxPatches, temporalConv, transformer, codebookSize,
                newOptimiser, masking, teacher);
    }

    public StudentParams withTeacher(TeacherParams newTeacher) {
        return new StudentParams(version, patchSamples, maxPatches, temporalConv, transformer, codebookSize,
                optimiser, masking, newTeacher);
    }

    /** Canonical JSON of the student's parameter-defining fields (checkpoint compatibility). */
    public String architecture() {
        Map<String, Object> m = patchArchitecture();
        m.put("transformer", transformer.architecture());
        m.put("codebookSize", codebookSize);
        return new Gson().toJson(m);
    }

    /** Canonical JSON of the teacher's parameter-defining fields (checkpoint compatibility). */
    public String teacherArchitecture() {
        Map<String, Object> m = patchArchitecture();
        m.putAll(teacher.architecture());
        return new Gson().toJson(m);
    }

    private Map<String, Object> patchArchitecture() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("patchSamples", patchSamples);
        m.put("maxPatches", maxPatches);
        m.put("temporalConv", temporalConv.architecture());
        return m;
    }

    public String toJson() {
        return new Gson().toJson(this);
    }

    public static StudentParams fromJson(String json) {
        return new Gson().fromJson(json, StudentParams.class);
    }
}
