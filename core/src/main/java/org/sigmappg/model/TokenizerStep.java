package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.Random;

/**
 * One stage-1 training step for {@link TrainingTools#run}: the tokenizer's losses (inside the gradient
 * collector), then, after backward and outside the collector, the codebook's EMA update with this
 * step's normalised encoder outputs and codes, and on every {@link TokenizerParams#deadCodeCheckInterval()}-th
 * step the dead-code re-seeding from those outputs.
 */
public final class TokenizerStep implements TrainingStep<TokenizerStep.Result> {
    private final TokenizerBlock tokenizer;
    private final ParameterStore ps;
    private final NDArray patches;
    private final NDArray counts;
    private final Random rng;
    private final boolean reseed;
    private TokenizerOutput out;

    /**
     * What one step reports.
     *
     * @param totalLoss total loss
     * @param reconstructionLoss spectrum reconstruction loss
     * @param commitmentLoss weighted commitment loss
     * @param consistencyLoss unweighted consistency loss
     * @param indexConsistency share of this batch's valid patches whose code survived the augmentation
     * @param codes the codes chosen at this batch's valid patches (for {@link CodebookUsage#add(long[])})
     * @param reseededCodes dead codes re-seeded after this step
     */
    public record Result(double totalLoss, double reconstructionLoss, double commitmentLoss, double consistencyLoss,
                         double indexConsistency, long[] codes, int reseededCodes) {
    }

    /**
     * @param step 1-based number of this step in the run (decides the dead-code passes)
     * @param rng source of the augmentation and of the re-seeding choices
     */
    public TokenizerStep(TokenizerBlock tokenizer, ParameterStore ps, NDArray patches, NDArray counts, long step,
                         Random rng) {
        this.tokenizer = tokenizer;
        this.ps = ps;
        this.patches = patches;
        this.counts = counts;
        this.rng = rng;
        int interval = tokenizer.params().deadCodeCheckInterval();
        this.reseed = interval > 0 && step % interval == 0;
    }

    @Override
    public NDArray loss() {
        out = tokenizer.forwardWithLosses(ps, patches, counts, rng, true);
        return out.totalLoss();
    }

    @Override
    public Result finish() {
        VectorQuantizerBlock quantizer = tokenizer.quantizer();
        quantizer.updateCodebook(out.z(), out.indices(), out.valid());
        int reseeded = reseed ? quantizer.reseedDeadCodes(out.z(), out.valid(), rng) : 0;
        return new Result(out.totalLoss().getFloat(), out.reconstructionLoss().getFloat(),
                out.commitmentLoss().getFloat(), out.consistencyLoss().getFloat(),
                IndexConsistencyRate.of(out.indices(), out.augmentedIndices(), out.valid()),
                PaddingTools.validValues(out.indices(), out.valid()), reseeded);
    }
}
