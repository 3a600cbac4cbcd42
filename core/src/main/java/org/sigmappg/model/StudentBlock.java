package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The stage-2 student (METHOD section 3): temporal-convolution patch embedding, learned mask embedding
 * at masked patches, learned positions, a class token and a transformer, then a linear head
 * ({@code lm_head}) over the K tokenizer codes at every patch. Downstream heads use {@link #pooled}
 * (mean of the valid patch tokens) or {@link #features}. The DJL forward takes (patches [B, P, S],
 * counts [B][, mask [B, P]]) and returns (logits, tokens, class token).
 */
public final class StudentBlock extends PatchTransformerBlock implements CheckpointableBlock {
    private final StudentParams params;
    private final Linear lmHead;

    public StudentBlock(StudentParams params) {
        super(new TemporalConvBlock(params.temporalConv(), params.patchSamples(), params.transformer().width()),
                params.maxPatches(), params.transformer(), true, true);
        this.params = params;
        lmHead = addChildBlock("lm_head", InitialisationTools.linear(params.codebookSize(), true));
    }

    /**
     * @param mask 1 at patches replaced by the mask embedding [B, P] float32; null for no masking
     */
    public StudentOutput forward(ParameterStore ps, NDArray patches, NDArray counts, NDArray mask, boolean training) {
        NDArray valid = PaddingTools.validMask(counts, patches.getShape().get(1));
        Trunk trunk = trunk(ps, patches, valid, mask, training);
        NDArray logits = lmHead.forward(ps, new NDList(trunk.tokens()), training).head();
        return new StudentOutput(logits, trunk.tokens(), trunk.classToken(), valid);
    }

    /** Per-patch features [B, P, W] without masking and without the code head. */
    public NDArray features(ParameterStore ps, NDArray patches, NDArray counts, boolean training) {
        NDArray valid = PaddingTools.validMask(counts, patches.getShape().get(1));
        return trunk(ps, patches, valid, null, training).tokens();
    }

    /** Pooled representation [B, W]: mean over each window's valid patch tokens. */
    public NDArray pooled(ParameterStore ps, NDArray patches, NDArray counts, boolean training) {
        NDArray valid = PaddingTools.validMask(counts, patches.getShape().get(1));
        return PaddingTools.windowMean(trunk(ps, patches, valid, null, training).tokens(), valid);
    }

    /** All parameters, code head included (requires an initialised block). */
    public long parameterCount() {
        return ParameterNames.count(this);
    }

    /** Parameters without the code head: what a downstream task keeps. */
    public long backboneParameterCount() {
        return parameterCount() - ParameterNames.count(lmHead);
    }

    public StudentParams params() {
        return params;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> ignored) {
        NDArray mask = inputs.size() > 2 ? inputs.get(2) : null;
        StudentOutput out = forward(ps, inputs.get(0), inputs.get(1), mask, training);
        return new NDList(out.logits(), out.tokens(), out.classToken());
    }

    @Override
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1, params.patchSamples()), new Shape(1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initializeChildBlocks(manager, dataType, inputShapes);
        lmHead.initialize(manager, dataType, tokenShape(inputShapes[0]));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape tokens = tokenShape(inputShapes[0]);
        return new Shape[] {
            new Shape(tokens.get(0), tokens.get(1), params.codebookSize()), tokens,
            new Shape(tokens.get(0), tokens.get(2))
        };
    }

    @Override
    public String architectureKind() {
        return "student";
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
