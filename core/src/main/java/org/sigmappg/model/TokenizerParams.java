package org.sigmappg.model;

import com.google.gson.Gson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of the stage-1 tokenizer (METHOD sections 2 and 5): architecture, quantiser, losses,
 * augmentation and optimiser. Presets: {@link #tiny()}, {@link #base()}, {@link #pro()}.
 *
 * @param version version of this record's layout ({@link #VERSION})
 * @param patchSamples samples per patch (50: 1 s at 50 Hz)
 * @param maxPatches most patches per window the position embedding covers (240: a 240 s window)
 * @param temporalConv the per-patch temporal convolution stack
 * @param encoder encoder transformer (reference: width 200, 12 layers, 10 heads)
 * @param codeDim dimension of the codes (reference 64)
 * @param codebookSize number of codes K (reference 4096)
 * @param decoder decoder transformer (reference: width 200, 3 layers)
 * @param reconstructPhase also predict each patch's Fourier phase (off: METHOD reconstructs amplitude only)
 * @param reconstructionLoss loss between predicted and target spectra (paper L1; reference code MSE)
 * @param commitmentWeight weight of the commitment loss MSE(z, stopgrad(zq)) (reference 1.0)
 * @param emaDecay decay of the codebook's exponential moving averages (reference 0.99)
 * @param deadCodeThreshold a code whose EMA cluster size (expected assignments per step) falls below
 *     this is dead and may be re-seeded; 0.05 means "unused for about 300 steps after having been used
 *     once per step"; 0 turns re-seeding off
 * @param deadCodeCheckInterval steps between dead-code re-seeding passes (0: never)
 * @param kmeansIterations spherical k-means iterations for the codebook initialisation
 * @param kmeansSamples valid patch embeddings to collect from the first batches before the k-means initialisation
 * @param consistencyWeight weight of the semantic consistency loss MSE(stopgrad(z), z_augmented) (paper and METHOD
 *     0.5, the default; the reference code uses 1.0, as does the tiny preset)
 * @param augmentScaleMin lower bound of the per-window amplitude scale (reference 0.9)
 * @param augmentScaleMax upper bound of the per-window amplitude scale (reference 1.1)
 * @param augmentNoiseSigma standard deviation of the per-sample Gaussian noise (reference 0.05)
 * @param optimiser AdamW and schedule (reference: betas 0.9/0.99, lr 5e-5, wd 1e-4, 10 % warm-up, cosine, clip 1.0,
 *     batch 4096, 100 epochs)
 * @param encoderLearningRateScale the encoder learns at this multiple of the optimiser's learning rate, the
 *     decoder at the full rate. Not in METHOD (the reference trains both at 5e-5 with batches of 4096, i.e.
 *     1.0). At workstation batch sizes an encoder as fast as the decoder collapses onto one code within a
 *     few steps: before the decoder can read the codes, the reconstruction gradient that reaches the
 *     encoder through the straight-through estimator is nearly the same for every patch, and AdamW turns it
 *     into a shift shared by all embeddings. At 0.1 the decoder learns to read the codes first (measured
 *     on the sample set, tiny, 60 steps: 1 code in use at 1.0, 300 of 512 per batch at 0.1, same
 *     reconstruction loss). Default 0.1 for tiny and base, 1.0 for pro
 * @param inputLowPass cutoff of a fixed low-pass the encoder puts in front of its temporal convolution, as a
 *     fraction of the Nyquist frequency (0.32 = 8 Hz at 50 Hz, the pre-processing band-pass's upper edge);
 *     0 = off (the reference encoder). Not in METHOD. The model's input is band-limited to 0.5-8 Hz by
 *     the pre-processing, so on real windows the filter changes almost nothing; the consistency
 *     augmentation's white noise, however, spreads over 0-25 Hz, and an encoder that reads the whole band
 *     lets about two thirds of that noise move its embeddings. On the sample set (tiny, K 64, three seeds)
 *     the held-out ICR went from 0.54-0.75 to 0.76-0.88 at the same reconstruction loss and code usage.
 *     A {@value #INPUT_LOW_PASS_TAPS}-tap windowed sinc (Hamming) with unit gain at DC, across patch
 *     borders. No parameters: a checkpoint's parameter set is the same either way. Default 0.32 for
 *     tiny, 0 for base and pro (the reference's architecture, for the published weights)
 */
public record TokenizerParams(int version, int patchSamples, int maxPatches, TemporalConvParams temporalConv,
                              TransformerParams encoder, int codeDim, int codebookSize, TransformerParams decoder,
                              boolean reconstructPhase, ReconstructionLoss reconstructionLoss, double commitmentWeight,
                              double emaDecay, double deadCodeThreshold, int deadCodeCheckInterval,
                              int kmeansIterations, int kmeansSamples, double consistencyWeight,
                              double augmentScaleMin, double augmentScaleMax, double augmentNoiseSigma,
                              OptimiserParams optimiser, double encoderLearningRateScale, double inputLowPass) {

    public static final int VERSION = 1;
    /** Taps of the optional input low-pass ({@link #inputLowPass}). */
    public static final int INPUT_LOW_PASS_TAPS = 21;

    /** Loss between the predicted and the target spectrum. */
    public enum ReconstructionLoss {
        /** Mean absolute error (the paper). */
        L1,
        /** Mean squared error (the reference code). */
        MSE
    }

    public TokenizerParams {
        if (version != VERSION) {
            throw new IllegalArgumentException("tokenizer parameters of version " + version + " cannot be read by this "
                    + "build, which reads version " + VERSION);
        }
        if (patchSamples < 2 || maxPatches < 1 || codeDim < 1 || codebookSize < 2) {
            throw new IllegalArgumentException("tokenizer sizes must be positive (patch >= 2 samples, K >= 2): "
                    + patchSamples + " samples, " + maxPatches + " patches, dim " + codeDim + ", K " + codebookSize);
        }
        temporalConv.outputLength(patchSamples);
        if (!(encoderLearningRateScale > 0 && encoderLearningRateScale <= 1)) {
            throw new IllegalArgumentException("encoder learning-rate scale must be in (0, 1]: " + encoderLearningRateScale);
        }
        if (!(inputLowPass >= 0 && inputLowPass < 1)) {
            throw new IllegalArgumentException("input low-pass must be 0 (off) or a fraction of Nyquist in (0, 1): "
                    + inputLowPass);
        }
        if (!(emaDecay > 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in (0, 1): " + emaDecay);
        }
        if (commitmentWeight < 0 || consistencyWeight < 0 || deadCodeThreshold < 0 || deadCodeCheckInterval < 0) {
            throw new IllegalArgumentException("loss weights, dead-code threshold and interval must be >= 0");
        }
        if (kmeansIterations < 0 || kmeansSamples < 0) {
            throw new IllegalArgumentException("k-means iterations and samples must be >= 0");
        }
        if (!(augmentScaleMin > 0 && augmentScaleMin <= augmentScaleMax) || augmentNoiseSigma < 0) {
            throw new IllegalArgumentException("augmentation needs 0 < scale min <= scale max and sigma >= 0: ["
                    + augmentScaleMin + ", " + augmentScaleMax + "], sigma " + augmentNoiseSigma);
        }
    }

    /**
     * Small enough to train on a laptop CPU in minutes (demos and tests): width 64, 2 + 1 layers, K 64;
     * learning rate 1e-3 instead of 5e-5 so that a 64-wide model moves at batch 16 within a few epochs.
     */
    public static TokenizerParams tiny() {
        // Sized for a laptop CPU and a small dataset (the bundled sample set has about 6,000 training
        // patches): 64 codes keep about 90 patches per code (at 128 the held-out ICR fell to 0.70 for one
        // seed of three); dead codes are re-seeded after a few idle epochs rather than after ~500 steps;
        // consistency weighted 1.0 (0.5 in METHOD) because on the sample set it raised the held-out ICR
        // at equal reconstruction loss (K 64, no re-seeding, no low-pass: 0.72 at 0.5, 0.77 at 1.0); the
        // input low-pass at the band-pass's 8 Hz edge (see inputLowPass).
        return new TokenizerParams(VERSION, 50, 240, TemporalConvParams.reference(), TransformerParams.of(64, 2, 4), 64,
                64, TransformerParams.of(64, 1, 4), false, ReconstructionLoss.L1, 1.0, 0.99, 0.5, 20, 10, 1024, 1.0,
                0.9, 1.1, 0.05, new OptimiserParams(1e-3, 0, 0.9, 0.99, 1e-8, 1e-4, 0.1, 1.0, 16, 100), 0.1, 0.32);
    }

    /** Half the reference encoder depth, reference widths and codebook; METHOD's optimiser at a workstation batch. */
    public static TokenizerParams base() {
        return defaults(TransformerParams.of(200, 6, 10), 4096, TransformerParams.of(200, 2, 10),
                referenceOptimiser().withBatchSize(64), 0.1);
    }

    /**
     * The reference tokenizer ({@code vqnsp_encoder_base_decoder_3x250x12}): 2 s patches (100 samples, its default
     * and the published pro student's), 120 positions, window-level group-norm statistics, encoder 12 layers width
     * 200 10 heads, decoder 3 layers width 200, K 4096, dim 64.
     */
    public static TokenizerParams pro() {
        TokenizerParams d = defaults(TransformerParams.of(200, 12, 10), 4096, TransformerParams.of(200, 3, 10),
                referenceOptimiser(), 1.0);
        return new TokenizerParams(VERSION, 100, 120,
                d.temporalConv().withNormScope(TemporalConvParams.NormScope.WINDOW), d.encoder(), d.codeDim(),
                d.codebookSize(), d.decoder(), d.reconstructPhase(), d.reconstructionLoss(), d.commitmentWeight(),
                d.emaDecay(), d.deadCodeThreshold(), d.deadCodeCheckInterval(), d.kmeansIterations(), d.kmeansSamples(),
                d.consistencyWeight(), d.augmentScaleMin(), d.augmentScaleMax(), d.augmentNoiseSigma(), d.optimiser(),
                d.encoderLearningRateScale(), d.inputLowPass());
    }

    /** METHOD section 2: AdamW (0.9, 0.99), lr 5e-5, wd 1e-4, 10 % warm-up, cosine, clip 1, batch 4096, 100 epochs. */
    public static OptimiserParams referenceOptimiser() {
        return new OptimiserParams(5e-5, 0, 0.9, 0.99, 1e-8, 1e-4, 0.1, 1.0, 4096, 100);
    }

    private static TokenizerParams defaults(TransformerParams encoder, int codebookSize, TransformerParams decoder,
                                            OptimiserParams optimiser, double encoderLearningRateScale) {
        return new TokenizerParams(VERSION, 50, 240, TemporalConvParams.reference(), encoder, 64, codebookSize, decoder,
                false, ReconstructionLoss.L1, 1.0, 0.99, 0.05, 100, 10, 8 * codebookSize, 0.5, 0.9, 1.1, 0.05,
                optimiser, encoderLearningRateScale, 0);
    }

    public TokenizerParams withOptimiser(OptimiserParams newOptimiser) {
        return new TokenizerParams(version, patchSamples, maxPatches, temporalConv, encoder, codeDim, codebookSize,
                decoder, reconstructPhase, reconstructionLoss, commitmentWeight, emaDecay, deadCodeThreshold,
                deadCodeCheckInterval, kmeansIterations, kmeansSamples, consistencyWeight, augmentScaleMin,
                augmentScaleMax, augmentNoiseSigma, newOptimiser, encoderLearningRateScale, inputLowPass);
    }

    public TokenizerParams withReconstruction(ReconstructionLoss newLoss, boolean newReconstructPhase) {
        return new TokenizerParams(version, patchSamples, maxPatches, temporalConv, encoder, codeDim, codebookSize,
                decoder, newReconstructPhase, newLoss, commitmentWeight, emaDecay, deadCodeThreshold,
                deadCodeCheckInterval, kmeansIterations, kmeansSamples, consistencyWeight, augmentScaleMin,
                augmentScaleMax, augmentNoiseSigma, optimiser, encoderLearningRateScale, inputLowPass);
    }

    /** Number of amplitude (and phase) bins per patch: the rfft length {@code patchSamples / 2 + 1} (26 for 50). */
    public int spectrumBins() {
        return SpectralTarget.bins(patchSamples);
    }

    public ConsistencyAugmentation augmentation() {
        return new ConsistencyAugmentation(augmentScaleMin, augmentScaleMax, augmentNoiseSigma);
    }

    /** Canonical JSON of the fields that decide the parameter set; a checkpoint loads only into an equal one. */
    public String architecture() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("patchSamples", patchSamples);
        m.put("maxPatches", maxPatches);
        m.put("temporalConv", temporalConv.architecture());
        m.put("encoder", encoder.architecture());
        m.put("codeDim", codeDim);
        m.put("codebookSize", codebookSize);
        m.put("decoder", decoder.architecture());
        m.put("reconstructPhase", reconstructPhase);
        if (inputLowPass > 0) {
            // Not a parameter, but it changes what the parameters compute; absent when off, so checkpoints
            // written before the setting existed keep their architecture.
            m.put("inputLowPass", inputLowPass);
        }
        return new Gson().toJson(m);
    }

    public String toJson() {
        return new Gson().toJson(this);
    }

    public static TokenizerParams fromJson(String json) {
        return new Gson().fromJson(json, TokenizerParams.class);
    }
}
