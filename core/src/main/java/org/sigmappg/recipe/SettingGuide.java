package org.sigmappg.recipe;

import java.util.List;
import java.util.Map;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.train.PretrainTask;
import org.sigmappg.train.TokenizerTask;

/**
 * What a run recipe says about each setting of a run, for the new-run sheets and the command line's help alike: the
 * group the method puts it in, a readable name and one line of explanation (from METHOD.md and the parameter records'
 * documentation), looked up by its path in the run's parameter record ({@code model.optimiser.learningRate}). A
 * setting a later version adds still appears, under "Other" with its path as its name, so the sheet never hides one.
 */
public final class SettingGuide {
    /** The groups of a tokenizer run, in the order the sheet shows them. */
    static final List<String> TOKENIZER_GROUPS = List.of("Data", "Tokenizer", "Quantiser", "Losses", "Augmentation", "Optimisation",
            "Run", "Other");
    /** The groups of a pre-training run, in the order the sheet shows them. */
    static final List<String> PRETRAIN_GROUPS = List.of("Data", "Student", "Teacher and masking", "Optimisation", "Run", "Other");
    /** The groups of an evaluation or fine-tuning run, in the order the sheet shows them. */
    static final List<String> EVALUATION_GROUPS = List.of("Task", "Methods", "Split", "Run", "Fine-tuning", "Other");

    /** A setting's name and explanation. */
    public record Entry(String label, String description) {
    }

    private static final Map<String, Entry> RUN = Map.of(
            "run.dataset", new Entry("Dataset", "the dataset to train on"),
            "tokenizerRun", new Entry("Tokenizer run", "the frozen tokenizer whose codes the student learns to predict; "
                    + "the student's code head takes its codebook size"),
            "size", new Entry("Size", "the preset every model setting starts from: tiny, base or pro"),
            "run.seed", new Entry("Seed", "random seed of initialisation, batch order, masks and the held-out split"),
            "run.heldOutFraction", new Entry("Held-out fraction", "share kept out of training for the health figures: of each "
                    + "subject's windows (its last ones) when held out by window, of the subjects when by subject; in [0, 1), 0 measures none"),
            "run.heldOutBy", new Entry("Hold out by", "what is held out: window, the last stretch of every subject; subject, whole subjects"),
            "run.device", new Entry("Device", "where to compute: cpu, or gpu when the engine has CUDA"),
            "inspectionWindows", new Entry("Inspection windows", "held-out windows whose teacher probabilities, masks and student "
                    + "answers are kept every epoch for the Masks view"));

    private static final Map<String, Entry> EVALUATION = Map.ofEntries(
            Map.entry("task", new Entry("Task", "what is predicted: a built-in task or one from a task file, on its dataset")),
            Map.entry("dataset", new Entry("Dataset", "the dataset whose labels are predicted")),
            Map.entry("pretrained", new Entry("Pre-trained backbone", "the pre-training run or imported weights whose student is "
                    + "fine-tuned")),
            Map.entry("methods", new Entry("Methods", "comparators, comma-separated: trivial, features, scratch, sigma:RUN, "
                    + "random-masking:RUN, pretrained:RUN, embeddings:FILE.npy, ratio-of-ratios:A/B (trivial always comes first)")),
            Map.entry("protocol", new Entry("Protocol", "probe: frozen backbone and a linear head; finetune: the backbone trains too")),
            Map.entry("folds", new Entry("Outer folds", "subject-level cross-validation folds (0: leave one subject out)")),
            Map.entry("seed", new Entry("Seed", "seed of the split, the bootstrap and the initialisations")),
            Map.entry("innerFolds", new Entry("Inner folds", "folds over the training subjects that choose the probe's penalty")),
            Map.entry("bootstrapResamples", new Entry("Bootstrap resamples", "subject-bootstrap resamples per 95 % interval "
                    + "(1000-2000 is usual)")),
            Map.entry("device", new Entry("Device", "where to compute: cpu, or gpu when the engine has CUDA")),
            Map.entry("batchSize", new Entry("Batch size", "windows per batch when embedding")),
            Map.entry("labelFractions", new Entry("Label fractions", "label-efficiency curves: shares of each fold's training "
                    + "subjects the heads are trained on, e.g. 0.1,0.25,0.5,1 (the test subjects stay the same)")),
            Map.entry("labelDraws", new Entry("Label draws", "draws of labelled subjects per fold at every share below 1")),
            Map.entry("finetune.backboneLearningRate", new Entry("Backbone learning rate", "peak learning rate of the pre-trained backbone")),
            Map.entry("finetune.headLearningRate", new Entry("Head learning rate", "peak learning rate of the linear head")),
            Map.entry("finetune.weightDecay", new Entry("Weight decay", "decoupled AdamW weight decay")),
            Map.entry("finetune.batchSize", new Entry("Fine-tuning batch size", "windows per fine-tuning step")),
            Map.entry("finetune.maxEpochs", new Entry("Most fine-tuning epochs", "upper bound on fine-tuning epochs (early stopping "
                    + "may end sooner)")),
            Map.entry("finetune.patience", new Entry("Patience", "epochs without a lower validation loss before stopping")),
            Map.entry("finetune.validationFraction", new Entry("Validation fraction", "share of each fold's training subjects held out "
                    + "for early stopping")),
            Map.entry("finetune.warmupFraction", new Entry("Warm-up fraction", "share of the steps in the linear warm-up")),
            Map.entry("finetune.gradientClipNorm", new Entry("Gradient clip norm", "largest global gradient norm; 0 turns clipping off")));

    private static final Map<String, Entry> MODEL = Map.ofEntries(
            Map.entry("patchSamples", new Entry("Samples per patch", "samples per patch (50: 1 s at 50 Hz); must match the dataset")),
            Map.entry("maxPatches", new Entry("Patches per window (max)", "most patches per window the position embedding covers "
                    + "(240: a 240 s window)")),
            Map.entry("codeDim", new Entry("Code dimension", "dimension of the codes (reference 64)")),
            Map.entry("codebookSize", new Entry("Codebook size K", "number of codes (reference 4096)")),
            Map.entry("reconstructPhase", new Entry("Reconstruct phase", "also predict each patch's Fourier phase (off: METHOD "
                    + "reconstructs the amplitude only)")),
            Map.entry("reconstructionLoss", new Entry("Reconstruction loss", "L1 (the paper) or MSE (the reference code) between "
                    + "predicted and target spectra")),
            Map.entry("commitmentWeight", new Entry("Commitment weight", "weight of MSE(z, stopgrad(zq)) (reference 1.0)")),
            Map.entry("emaDecay", new Entry("EMA decay", "decay of the codebook's moving averages, in (0, 1) (reference 0.99)")),
            Map.entry("deadCodeThreshold", new Entry("Dead-code threshold", "a code whose average assignments per step fall below "
                    + "this is re-seeded; 0 turns re-seeding off")),
            Map.entry("deadCodeCheckInterval", new Entry("Dead-code check interval", "steps between re-seeding passes (0: never)")),
            Map.entry("kmeansIterations", new Entry("k-means iterations", "spherical k-means iterations of the codebook initialisation")),
            Map.entry("kmeansSamples", new Entry("k-means samples", "patch embeddings collected for the codebook initialisation")),
            Map.entry("consistencyWeight", new Entry("Consistency weight", "weight of MSE(stopgrad(z), z of the augmented window) "
                    + "(reference 0.5)")),
            Map.entry("augmentScaleMin", new Entry("Amplitude scale min", "lower bound of the per-window amplitude scale (0.9)")),
            Map.entry("augmentScaleMax", new Entry("Amplitude scale max", "upper bound of the per-window amplitude scale (1.1)")),
            Map.entry("augmentNoiseSigma", new Entry("Noise sigma", "standard deviation of the added Gaussian noise (0.05)")),
            Map.entry("encoderLearningRateScale", new Entry("Encoder learning-rate scale", "the encoder learns at this multiple of "
                    + "the learning rate, in (0, 1]; below 1 keeps small batches from collapsing onto one code")),
            Map.entry("inputLowPass", new Entry("Encoder input low-pass", "cutoff of a fixed low-pass before the encoder, as a "
                    + "fraction of Nyquist (0.32 = 8 Hz at 50 Hz); 0 = off, the reference encoder")),
            Map.entry("strategy", new Entry("Masking strategy", "ADVERSARIAL (teacher + prior), RANDOM (uniform baseline) or "
                    + "PRIOR_ONLY")),
            Map.entry("maskRatio", new Entry("Mask ratio", "share of each window's patches hidden from the student, in (0, 1)")),
            Map.entry("priorAlpha", new Entry("Prior weight alpha", "weight of the z-scored prior added to the teacher's logits (2.0)")),
            Map.entry("usePrior", new Entry("Use the prior", "add alpha x zscore(prior) to the adversarial masks (METHOD: on)")),
            Map.entry("entropyBonusWeight", new Entry("Entropy bonus", "weight of the policy entropy in the teacher's loss (0: off)")),
            Map.entry("baseline", new Entry("Reward baseline", "BATCH_MEAN (METHOD), RANDOM_MASK (the same window under a "
                    + "random mask), SECOND_DRAW (the same window under a second mask of the same policy; both draws learn) or "
                    + "PER_PATCH (each masked patch's own loss against the window's mean; the tiny preset)")));

    private static final Map<String, Entry> TRANSFORMER = Map.of(
            "width", new Entry("width", "token width"),
            "depth", new Entry("layers", "number of transformer layers"),
            "heads", new Entry("heads", "attention heads; must divide the width"),
            "mlpRatio", new Entry("MLP ratio", "hidden width of the MLP as a multiple of the width (4)"),
            "qkvBias", new Entry("qkv bias", "bias in the query/key/value projection"),
            "qkNorm", new Entry("QK-norm", "layer-normalise queries and keys per head"),
            "dropout", new Entry("dropout", "dropout after embedding, attention projection and in the MLP, in [0, 1)"),
            "attentionDropout", new Entry("attention dropout", "dropout on the attention probabilities, in [0, 1)"),
            "dropPath", new Entry("drop-path", "stochastic-depth rate of the last layer, in [0, 1)"),
            "layerNormEps", new Entry("LayerNorm eps", "LayerNorm epsilon (1e-6)"));

    private static final Map<String, Entry> CONV = Map.of(
            "channels", new Entry("channels", "output channels of every convolution (8)"),
            "kernel", new Entry("kernel", "kernel of the first, strided convolution (15)"),
            "stride", new Entry("stride", "stride of the first convolution (8)"),
            "padding", new Entry("padding", "zero padding of the first convolution (7)"),
            "refineKernel", new Entry("refinement kernel", "kernel of the two refinement convolutions (3)"),
            "refinePadding", new Entry("refinement padding", "padding of the refinement convolutions (1)"),
            "groups", new Entry("group-norm groups", "group-normalisation groups; must divide the channels (4)"),
            "groupNormEps", new Entry("group-norm eps", "group-normalisation epsilon (1e-5)"),
            "normScope", new Entry("group-norm scope", "where group normalisation takes its statistics: PATCH, each patch alone; "
                    + "WINDOW, the window's valid patches together, as the published reference model (the pro preset)"));

    private static final Map<String, Entry> OPTIMISER = Map.of(
            "learningRate", new Entry("learning rate (peak)", "peak learning rate, reached at the end of the warm-up; > 0"),
            "minLearningRate", new Entry("learning rate (end)", "learning rate at the end of the cosine decay; <= the peak"),
            "beta1", new Entry("AdamW beta1", "first-moment decay, in [0, 1)"),
            "beta2", new Entry("AdamW beta2", "second-moment decay, in [0, 1)"),
            "epsilon", new Entry("AdamW epsilon", "denominator epsilon; > 0"),
            "weightDecay", new Entry("weight decay", "decoupled weight decay of the weight matrices; >= 0"),
            "warmupFraction", new Entry("warm-up fraction", "share of all steps in the linear warm-up, in [0, 1)"),
            "gradientClipNorm", new Entry("gradient clip norm", "largest global gradient norm; 0 turns clipping off"),
            "batchSize", new Entry("batch size", "windows per step"),
            "epochs", new Entry("epochs", "passes over the training windows"));

    /** Nested records and the words their settings' names start with. */
    private static final Map<String, String> PREFIX = Map.of(
            "temporalConv", "Temporal conv",
            "encoder", "Encoder",
            "decoder", "Decoder",
            "transformer", "Student",
            "teacher.transformer", "Teacher",
            "optimiser", "",
            "teacher.optimiser", "Teacher",
            "masking", "",
            "teacher", "Teacher");

    private SettingGuide() {
    }

    /** Name and explanation of the setting at {@code key} of a run of {@code kind} (a run field, or {@code model.} and a path in the model record). */
    public static Entry entry(String kind, String key) {
        if (isEvaluation(kind)) {
            return EVALUATION.getOrDefault(key, new Entry(key, ""));
        }
        if (!key.startsWith("model.")) {
            return RUN.getOrDefault(key, new Entry(key, ""));
        }
        String path = key.substring("model.".length());
        int dot = path.lastIndexOf('.');
        String parent = dot < 0 ? "" : path.substring(0, dot);
        String leaf = path.substring(dot + 1);
        Map<String, Entry> table = switch (parent) {
            case "temporalConv" -> CONV;
            case "encoder", "decoder", "transformer", "teacher.transformer" -> TRANSFORMER;
            case "optimiser", "teacher.optimiser" -> OPTIMISER;
            default -> MODEL;
        };
        Entry e = table.get(leaf);
        if (e == null) {
            return new Entry(path, "");
        }
        String prefix = parent.isEmpty() ? "" : PREFIX.getOrDefault(parent, parent);
        if (kind.equals(PretrainTask.KIND) && parent.equals("optimiser")) {
            prefix = "Student";
        }
        if (prefix.isEmpty()) {
            return new Entry(capitalise(e.label()), e.description());
        }
        // Top-level names are written as sentences ("Entropy bonus"); after a prefix they continue one.
        String label = table == MODEL ? Character.toLowerCase(e.label().charAt(0)) + e.label().substring(1) : e.label();
        return new Entry(prefix + " " + label, e.description());
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static boolean isEvaluation(String kind) {
        return kind.equals(EvaluationTask.KIND) || kind.equals(EvaluationTask.FINETUNE_KIND);
    }

    /** The group the method puts the setting at {@code key} of a run of {@code kind} in. */
    public static String group(String kind, String key) {
        if (isEvaluation(kind)) {
            return switch (key) {
                case "task" -> "Task";
                case "methods", "protocol" -> "Methods";
                case "folds", "innerFolds", "seed", "bootstrapResamples", "labelFractions", "labelDraws" -> "Split";
                case "device", "batchSize" -> "Run";
                default -> key.startsWith("finetune.") ? "Fine-tuning" : "Other";
            };
        }
        switch (key) {
            case "run.dataset", "tokenizerRun", "run.heldOutFraction", "run.heldOutBy", "inspectionWindows":
                return "Data";
            case "run.seed", "run.device", "size":
                return "Run";
            default:
                break;
        }
        String path = key.startsWith("model.") ? key.substring("model.".length()) : key;
        if (path.equals("patchSamples") || path.equals("maxPatches")) {
            return "Data";
        }
        if (kind.equals(TokenizerTask.KIND)) {
            if (path.startsWith("optimiser.") || path.equals("encoderLearningRateScale")) {
                return "Optimisation";
            }
            if (path.startsWith("temporalConv.") || path.startsWith("encoder.") || path.startsWith("decoder.")
                    || path.equals("codeDim") || path.equals("reconstructPhase") || path.equals("inputLowPass")) {
                return "Tokenizer";
            }
            if (path.equals("codebookSize") || path.equals("emaDecay") || path.startsWith("deadCode") || path.startsWith("kmeans")) {
                return "Quantiser";
            }
            if (path.equals("reconstructionLoss") || path.equals("commitmentWeight") || path.equals("consistencyWeight")) {
                return "Losses";
            }
            if (path.startsWith("augment")) {
                return "Augmentation";
            }
            return "Other";
        }
        if (path.startsWith("optimiser.") || path.startsWith("teacher.optimiser.")) {
            return "Optimisation";
        }
        if (path.startsWith("masking.") || path.startsWith("teacher.")) {
            return "Teacher and masking";
        }
        if (path.startsWith("temporalConv.") || path.startsWith("transformer.") || path.equals("codebookSize")) {
            return "Student";
        }
        return "Other";
    }

    /** The groups of a run of {@code kind}, in the order the sheet shows them. */
    public static List<String> groups(String kind) {
        if (isEvaluation(kind)) {
            return EVALUATION_GROUPS;
        }
        return kind.equals(TokenizerTask.KIND) ? TOKENIZER_GROUPS : PRETRAIN_GROUPS;
    }
}
