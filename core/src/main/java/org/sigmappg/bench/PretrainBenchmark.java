package org.sigmappg.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.sigmappg.model.BlockOptimiser;
import org.sigmappg.model.MaskedModellingStep;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.model.PaddingTools;
import org.sigmappg.model.StudentBlock;
import org.sigmappg.model.StudentParams;
import org.sigmappg.model.TeacherBlock;
import org.sigmappg.model.TeacherPolicy;
import org.sigmappg.model.TokenizerBlock;
import org.sigmappg.model.TokenizerParams;
import org.sigmappg.model.TrainingTools;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.TokenizerRunParams;

/**
 * Stage-2 training throughput in steps per second: the adversarial {@link MaskedModellingStep} of
 * {@code PretrainTask} (frozen tokenizer targets, teacher + prior + Gumbel-Top-k, student, REINFORCE, the
 * student's and the teacher's {@link BlockOptimiser}) against the same models and step in PyTorch
 * ({@code bench/pretrain_torch.py}), run alternately in one invocation. Each size uses the tokenizer preset
 * of the same name (whose codebook the student predicts); the tokenizer is randomly initialised, which
 * costs the same as a trained one.
 */
public final class PretrainBenchmark {
    static final String SCRIPT = "pretrain_torch.py";

    private PretrainBenchmark() {
    }

    /** Runs every size of the config. */
    public static TrainingThroughput.Result run(TrainingThroughput.Config config) throws IOException {
        return TrainingThroughput.run("stage-2 training step (tokenizer targets, teacher + Gumbel-Top-k, student, "
                        + "REINFORCE, backward, 2 x AdamW)", "steps/s", SCRIPT, config, PretrainBenchmark::open,
                (batch, patches, secondsPerStep) -> 1 / secondsPerStep);
    }

    /** {@code java -cp ... org.sigmappg.bench.PretrainBenchmark [sizes [batch [python]]]}, e.g. {@code tiny,base 16}. */
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
        TokenizerParams tokenizerParams = TokenizerRunParams.preset(size);
        StudentParams preset = PretrainRunParams.preset(size).withCodebookSize(tokenizerParams.codebookSize());
        if (preset.masking().strategy() != MaskingParams.Strategy.ADVERSARIAL) {
            throw new IllegalArgumentException("the " + size + " preset does not use the adversarial strategy, "
                    + "the only one bench/" + SCRIPT + " mirrors");
        }
        int batch = batchOrPreset != null ? batchOrPreset : preset.optimiser().batchSize();
        StudentParams params = preset.withOptimiser(preset.optimiser().withBatchSize(batch));
        TokenizerBlock tokenizer = new TokenizerBlock(tokenizerParams);
        tokenizer.initialize(manager);
        tokenizer.freezeParameters(true);
        StudentBlock student = new StudentBlock(params);
        student.initialize(manager);
        TeacherBlock teacher = new TeacherBlock(params);
        teacher.initialize(manager);
        TeacherPolicy policy = TeacherPolicy.of(params);
        ParameterStore ps = new ParameterStore(manager, false);
        long totalSteps = config.warmup() + (long) config.steps() * config.repetitions();
        BlockOptimiser studentOpt = new BlockOptimiser(student, params.optimiser(), totalSteps);
        BlockOptimiser teacherOpt = new BlockOptimiser(teacher, params.teacher().optimiser(), totalSteps);
        Random random = new Random(config.seed());
        NDArray patches = TokenizerBenchmark.randomWindows(manager, random, batch, config.patches(),
                params.patchSamples());
        float[] priorValues = new float[batch * config.patches()];
        for (int i = 0; i < priorValues.length; i++) {
            priorValues[i] = random.nextFloat();
        }
        NDArray prior = manager.create(priorValues, new Shape(batch, config.patches()));
        int[] full = new int[batch];
        Arrays.fill(full, config.patches());
        NDArray counts = PaddingTools.counts(manager, full);
        String json = "{\"tokenizer\": " + tokenizerParams.toJson() + ", \"student\": " + params.toJson() + "}";
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
                TrainingTools.run(new MaskedModellingStep(student, teacher, policy, tokenizer, ps, patches, counts, prior,
                        random), studentOpt, teacherOpt);
            }
        };
    }
}
