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
 * The stage-2 mask generator (METHOD section 3): the same temporal-convolution patch embedding and
 * learned positions, a small transformer (width 64, 2 layers, 4 heads) and a linear {@code head} giving
 * one logit per patch. {@link TeacherPolicy} adds the prior and samples the mask. The DJL forward takes
 * (patches [B, P, S], counts [B]) and returns the logits [B, P].
 */
public final class TeacherBlock extends PatchTransformerBlock implements CheckpointableBlock {
    private final StudentParams params;
    private final Linear head;

    /** Built from the stage-2 parameters: patch length, positions and convolution are the student's. */
    public TeacherBlock(StudentParams params) {
        super(new TemporalConvBlock(params.temporalConv(), params.patchSamples(),
                        params.teacher().transformer().width()),
                params.maxPatches(), params.teacher().transformer(), false, false);
        this.params = params;
        head = addChildBlock("head", InitialisationTools.linear(1, true));
    }

    /** One logit per patch [B, P] (padding positions hold meaningless values; the policy ignores them). */
    public NDArray logits(ParameterStore ps, NDArray patches, NDArray counts, boolean training) {
        NDArray valid = PaddingTools.validMask(counts, patches.getShape().get(1));
        NDArray tokens = trunk(ps, patches, valid, null, training).tokens();
        return head.forward(ps, new NDList(tokens), training).head().squeeze(2);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> ignored) {
        return new NDList(logits(ps, inputs.get(0), inputs.get(1), training));
    }

    @Override
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1, params.patchSamples()), new Shape(1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initializeChildBlocks(manager, dataType, inputShapes);
        head.initialize(manager, dataType, tokenShape(inputShapes[0]));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1))};
    }

    @Override
    public String architectureKind() {
        return "teacher";
    }

    @Override
    public String architecture() {
        return params.teacherArchitecture();
    }

    @Override
    public String paramsJson() {
        return params.toJson();
    }
}
