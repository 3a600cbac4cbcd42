package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Random;

/**
 * The stage-1 tokenizer (VQ-VAE, METHOD section 2): {@code encoder} ({@link PatchEncoderBlock}),
 * {@code quantize} ({@link VectorQuantizerBlock}) and {@code decoder} ({@link SpectralDecoderBlock}).
 * Training: {@link #forwardWithLosses}; stage 2 and views: {@link #encode}. The DJL forward takes
 * (patches [B, P, S], counts [B]) and returns (z, zq, indices, amplitude[, phase]).
 */
public final class TokenizerBlock extends AbstractBlock implements CheckpointableBlock {
    private static final byte VERSION = 1;

    private final TokenizerParams params;
    private final ConsistencyAugmentation augmentation;
    private final PatchEncoderBlock encoder;
    private final VectorQuantizerBlock quantizer;
    private final SpectralDecoderBlock decoder;

    public TokenizerBlock(TokenizerParams params) {
        super(VERSION);
        this.params = params;
        this.augmentation = params.augmentation();
        encoder = addChildBlock("encoder", new PatchEncoderBlock(params));
        quantizer = addChildBlock("quantize", new VectorQuantizerBlock(params.codebookSize(), params.codeDim(),
                params.emaDecay(), params.deadCodeThreshold()));
        decoder = addChildBlock("decoder", new SpectralDecoderBlock(params));
    }

    /**
     * One training forward: encode, quantise, decode, the amplitude target, and the three losses on the
     * valid patches; the encoder also runs on the augmented view for the consistency loss and the
     * augmented codes.
     *
     * @param patches windows [B, P, S], min-max scaled
     * @param counts valid patches per window [B]
     * @param rng source of the augmentation (scale and noise)
     * @param training true for dropout and drop-path
     */
    public TokenizerOutput forwardWithLosses(ParameterStore ps, NDArray patches, NDArray counts, Random rng,
                                             boolean training) {
        NDArray valid = PaddingTools.validMask(counts, patches.getShape().get(1));
        NDList q = quantizer.quantize(ps, encoder.encode(ps, patches, valid, training), training);
        NDArray z = q.get(0);
        NDArray zq = q.get(1);
        NDList decoded = decoder.decode(ps, q.get(2), valid, training);
        NDArray target = SpectralTarget.target(patches, valid);
        NDArray reconstruction = reconstructionLoss(decoded.get(0), target, valid);
        NDArray phase = null;
        if (decoder.predictsPhase()) {
            phase = decoded.get(1);
            NDArray phaseTarget = SpectralTarget.normalise(SpectralTarget.phase(patches), valid);
            reconstruction = reconstruction.add(reconstructionLoss(phase, phaseTarget, valid));
        }
        NDArray commitment = PaddingTools.maskedMean(z.sub(zq.stopGradient()).square(), valid)
                .mul(AutogradTools.constant(z, params.commitmentWeight()));
        NDArray zAugmented = VectorQuantizerBlock.normalise(
                encoder.encode(ps, augmentation.apply(patches, rng), valid, training));
        NDArray consistency = PaddingTools.maskedMean(z.stopGradient().sub(zAugmented).square(), valid);
        NDArray augmentedIndices = quantizer.nearest(ps, zAugmented);
        NDArray total = reconstruction.add(commitment)
                .add(consistency.mul(AutogradTools.constant(z, params.consistencyWeight())));
        return new TokenizerOutput(valid, z, zq, q.get(3), decoded.get(0), phase, target, augmentedIndices,
                reconstruction, commitment, consistency, total);
    }

    private NDArray reconstructionLoss(NDArray predicted, NDArray target, NDArray valid) {
        NDArray error = predicted.sub(target);
        NDArray perElement = params.reconstructionLoss() == TokenizerParams.ReconstructionLoss.L1
                ? error.abs() : error.square();
        return PaddingTools.maskedMean(perElement, valid);
    }

    /** Code indices [B, P] int64 of windows (inference mode; call outside a gradient collector). */
    public NDArray encode(ParameterStore ps, NDArray patches, NDArray counts) {
        return quantizer.nearest(ps, embed(ps, patches, counts));
    }

    /** Normalised pre-quantisation embeddings [B, P, D] (inference mode), e.g. for the k-means samples. */
    public NDArray embed(ParameterStore ps, NDArray patches, NDArray counts) {
        NDArray valid = PaddingTools.validMask(counts, patches.getShape().get(1));
        return VectorQuantizerBlock.normalise(encoder.encode(ps, patches, valid, false));
    }

    /**
     * Normalised embeddings [M, D] of the valid patches of a batch, for the k-means initialisation. Runs
     * in its own scope; the result belongs to the batch's manager and is the caller's to close.
     */
    public NDArray kmeansSamples(ParameterStore ps, NDArray patches, NDArray counts) {
        try (NDScope scope = new NDScope()) {
            NDArray valid = PaddingTools.validMask(counts, patches.getShape().get(1));
            NDArray rows = VectorQuantizerBlock.validRows(embed(ps, patches, counts), valid);
            NDScope.unregister(rows);
            return rows;
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> ignored) {
        NDArray patches = inputs.get(0);
        NDArray valid = PaddingTools.validMask(inputs.get(1), patches.getShape().get(1));
        NDList q = quantizer.quantize(ps, encoder.encode(ps, patches, valid, training), training);
        NDList out = new NDList(q.get(0), q.get(1), q.get(3));
        out.addAll(decoder.decode(ps, q.get(2), valid, training));
        return out;
    }

    public PatchEncoderBlock encoder() {
        return encoder;
    }

    public VectorQuantizerBlock quantizer() {
        return quantizer;
    }

    public SpectralDecoderBlock decoder() {
        return decoder;
    }

    public TokenizerParams params() {
        return params;
    }

    @Override
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1, params.patchSamples()), new Shape(1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape patches = inputShapes[0];
        Shape codes = new Shape(patches.get(0), patches.get(1), params.codeDim());
        encoder.initialize(manager, dataType, inputShapes);
        quantizer.initialize(manager, dataType, codes);
        decoder.initialize(manager, dataType, codes, inputShapes[1]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape patches = inputShapes[0];
        Shape codes = new Shape(patches.get(0), patches.get(1), params.codeDim());
        Shape spectrum = new Shape(patches.get(0), patches.get(1), params.spectrumBins());
        Shape indices = new Shape(patches.get(0), patches.get(1));
        return params.reconstructPhase()
                ? new Shape[] {codes, codes, indices, spectrum, spectrum}
                : new Shape[] {codes, codes, indices, spectrum};
    }

    @Override
    public String architectureKind() {
        return "tokenizer";
    }

    @Override
    public String architecture() {
        return params.architecture();
    }

    @Override
    public String paramsJson() {
        return params.toJson();
    }
}
