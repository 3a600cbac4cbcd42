package org.sigmappg.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.sigmappg.model.MaskingParams;
import org.sigmappg.model.StudentParams;
import org.sigmappg.model.TokenizerParams;
import org.sigmappg.run.ParamOverrides;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.run.Workspace;
import org.sigmappg.train.PretrainRunParams;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.TokenizeTask;
import org.sigmappg.train.TokenizerRunParams;
import org.sigmappg.train.TokenizerTask;
import org.sigmappg.train.RunSettings;

/**
 * Tiny trained runs on the sample data for the view tests: a 2-epoch tokenizer with 32 codes that has tokenized
 * the sample set, and a 2-epoch adversarial pre-training on it with 3 inspection windows; seconds on a CPU.
 */
public final class TinyRuns {
    /** The workspace and the ids of its runs. */
    public record Trained(Workspace workspace, String tokenizer, String pretrain) {
    }

    private TinyRuns() {
    }

    /** A tokenizer run's parameters cut to a model that trains in well under a second an epoch. */
    public static TokenizerRunParams tokenizer(int epochs) {
        TokenizerParams small = ParamOverrides.apply(TokenizerParams.tiny(), List.of("encoder.width=32", "encoder.depth=1",
                "decoder.width=32", "decoder.depth=1", "codebookSize=32", "kmeansSamples=256", "kmeansIterations=3"), TokenizerParams::fromJson);
        return new TokenizerRunParams(TokenizerRunParams.VERSION, new RunSettings("sample", 3, 0.2, "subject", "cpu"), "tiny",
                small.withOptimiser(small.optimiser().withEpochs(epochs).withBatchSize(50).withLearningRate(1e-3)));
    }

    /** A pre-training run's parameters on {@code tokenizerRun}, cut to a model that trains in about a second an epoch. */
    public static PretrainRunParams pretrain(String tokenizerRun, int epochs) {
        StudentParams s = ParamOverrides.apply(StudentParams.tiny(), List.of("transformer.width=32", "transformer.depth=1",
                "teacher.transformer.width=16", "teacher.transformer.depth=1"), StudentParams::fromJson);
        s = s.withOptimiser(s.optimiser().withEpochs(epochs).withBatchSize(50)).withMasking(s.masking().withStrategy(MaskingParams.Strategy.ADVERSARIAL));
        return new PretrainRunParams(PretrainRunParams.VERSION, new RunSettings("sample", 5, 0.2, "window", "cpu"), tokenizerRun, "tiny", s, 3);
    }

    /** Imports the sample data into {@code dir}, trains the tokenizer, tokenizes the sample set and pre-trains. */
    public static Trained train(Path dir) throws IOException {
        Workspace ws = TestWorkspaces.withSample(dir);
        TokenizerTask tokenizer = new TokenizerTask(ws);
        String tok = tokenizer.create(tokenizer(2), "sigma-ppg train tokenizer (test)").id();
        tokenizer.run(tok, ProgressMonitor.NONE);
        new TokenizeTask(ws).run(tok, "sample", "cpu", ProgressMonitor.NONE);
        PretrainTask pretrain = new PretrainTask(ws);
        String pre = pretrain.create(pretrain(tok, 2), "sigma-ppg train pretrain (test)").id();
        pretrain.run(pre, ProgressMonitor.NONE);
        return new Trained(ws, tok, pre);
    }
}
