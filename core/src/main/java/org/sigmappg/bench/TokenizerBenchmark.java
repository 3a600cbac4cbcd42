package org.sigmappg.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.sigmappg.model.BlockOptimiser;
import org.sigmappg.model.OptimiserParams;
import org.sigmappg.model.PaddingTools;
import org.sigmappg.model.TokenizerBlock;
import org.sigmappg.model.TokenizerParams;
import org.sigmappg.model.TokenizerStep;
import org.sigmappg.model.TrainingTools;
import org.sigmappg.train.TokenizerRunParams;

/**
 * Stage-1 training throughput in patches per second: the tokenizer training step of {@code TokenizerTask}
 * ({@link TokenizerStep} with the decoder's and the encoder's {@link BlockOptimiser}) against the same
 * model and step in PyTorch ({@code bench/tokenizer_torch.py}), run alternately in one invocation.
 * The codebook starts from random unit codes instead of k-means: the initialisation is not a step.
 */
public final class TokenizerBenchmark {
    static final String SCRIPT = "tokenizer_torch.py";

    private TokenizerBenchmark() {
    }

    /** Runs every size of the config. */
    public static TrainingThroughput.Result run(TrainingThroughput.Config config) throws IOException {
        return TrainingThroughput.run("tokenizer training step (encoder x2, VQ, decoder, backward, EMA codebook, "
                        + "2 x AdamW)", "patches/s", SCRIPT, config, TokenizerBenchmark::open,
                (batch, patches, secondsPerStep) -> batch * (double) patches / secondsPerStep);
    }

    /** {@code java -cp ... org.sigmappg.bench.TokenizerBenchmark [sizes [batch [python]]]}, e.g. {@code tiny,base 16}. */
    public static void main(String[] args) throws IOException {
        TrainingThroughput.Config d = TrainingThroughput.Config.defaults();
        TrainingThroughput.Config config = new TrainingThroughput.Config(
                args.length > 0 ? Arrays.asList(args[0].split(",")) : d.sizes(),
                args.length > 1 ? Integer.valueOf(args[1]) : d.batch(), d.patches(), d.steps(), d.warmup(),
                d.repetitions(), d.threads(), d.seed(), args.length > 2 ? args[2] : d.python());
        System.out.print(run(config).summary());
    }

    private static TrainingThroughput.Workload open(String size, Integer batchOrPreset, TrainingThroughput.Config config,
                                                    NDManager manager) {
        TokenizerParams preset = TokenizerRunParams.preset(size);
        int batch = batchOrPreset != null ? batchOrPreset : preset.optimiser().batchSize();
        TokenizerParams params = preset.withOptimiser(preset.optimiser().withBatchSize(batch));
        TokenizerBlock tokenizer = new TokenizerBlock(params);
        tokenizer.initialize(manager);
        ParameterStore ps = new ParameterStore(manager, false);
        long totalSteps = config.warmup() + (long) config.steps() * config.repetitions();
        OptimiserParams o = params.optimiser();
        BlockOptimiser decoder = new BlockOptimiser(tokenizer.decoder(), o, totalSteps);
        BlockOptimiser encoder = new BlockOptimiser(tokenizer.encoder(),
                o.withLearningRate(o.learningRate() * params.encoderLearningRateScale()), totalSteps);
        Random random = new Random(config.seed());
        NDArray patches = randomWindows(manager, random, batch, config.patches(), params.patchSamples());
        int[] full = new int[batch];
        Arrays.fill(full, config.patches());
        NDArray counts = PaddingTools.counts(manager, full);
        String json = "{\"tokenizer\": " + params.toJson() + "}";
        return new TrainingThroughput.Workload() {
            @Override
            public int batch() {
                return batch;
            }

            @Override
            public String paramsJson() {
                return json;
            }

            @Override
            public void step(long number) {
                TrainingTools.run(new TokenizerStep(tokenizer, ps, patches, counts, number, random), decoder, encoder);
            }
        };
    }

    /** Uniform [0, 1] windows [batch, patches, samples], like min-max-scaled ones. */
    static NDArray randomWindows(NDManager manager, Random random, int batch, int patches, int samples) {
        float[] x = new float[batch * patches * samples];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        return manager.create(x, new Shape(batch, patches, samples));
    }
}
