package org.sigmappg.eval;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.sigmappg.data.WindowInfo;
import org.sigmappg.model.BlockOptimiser;
import org.sigmappg.model.StudentBlock;
import org.sigmappg.model.TrainingStep;
import org.sigmappg.model.TrainingTools;
import org.sigmappg.run.CancelledException;
import org.sigmappg.run.ProgressMonitor;
import org.sigmappg.train.TrainingWindows;

/**
 * Full fine-tuning of one fold ({@link FinetuneParams}): a fresh student from its {@link BackboneSource}
 * plus a linear head on the pooled representation (with several PPG channels, each channel's window through the same
 * student and the pooled embeddings concatenated, as {@link BackboneSource#embed}), trained on the fold's fitting windows, stopped early
 * on the validation windows (subjects held out of the fold's training subjects), then the best epoch's
 * weights predict the test windows. Follows the DJL memory rules: one {@code NDScope} per step, the
 * optimiser updates outside it ({@link TrainingTools#run}), and the student's code head (unused
 * downstream) frozen so it neither trains nor decays.
 */
final class FinetuneTrainer {
    private static final float HEAD_STD = 0.02f;

    /** The test predictions of a fold and how training went. */
    record Outcome(double[][] predictions, int epochs, int bestEpoch, double bestValidationLoss) {
    }

    private final TrainingWindows source;
    private final FinetuneParams params;
    private final Device device;

    FinetuneTrainer(TrainingWindows source, FinetuneParams params, Device device) {
        this.source = source;
        this.params = params;
        this.device = device;
    }

    /**
     * Trains on {@code fit}, stops on {@code validation}, predicts {@code test}.
     *
     * @param target regression values or class indices, indexed like {@code windows}
     * @param classes number of classes (0 for regression)
     * @param label what the progress messages name (method and fold)
     * @return per test window: the value ([1]) or the class probabilities ([classes])
     */
    Outcome run(BackboneSource backbone, List<WindowInfo> windows, double[] target, int classes, int[] fit, int[] validation, int[] test,
                long seed, String label, ProgressMonitor monitor) throws IOException {
        int outputs = classes == 0 ? 1 : classes;
        double mean = 0;
        double sd = 1;
        if (classes == 0) {
            // Standardised targets keep MSE and the head's initial scale sensible whatever the unit (mmHg, %).
            for (int r : fit) {
                mean += target[r];
            }
            mean /= fit.length;
            double ss = 0;
            for (int r : fit) {
                ss += (target[r] - mean) * (target[r] - mean);
            }
            sd = Math.max(1e-6, Math.sqrt(ss / fit.length));
        }
        Scaling scaling = new Scaling(mean, sd);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            StudentBlock student = backbone.create(manager);
            BackboneSource.checkLength(student, source, windows);
            for (Pair<String, Block> child : student.getChildren()) {
                if (child.getKey().endsWith("lm_head")) {
                    child.getValue().freezeParameters(true);
                }
            }
            Engine.getInstance().setRandomSeed((int) (seed ^ 0x5DEECE66DL));
            Linear head = Linear.builder().setUnits(outputs).optBias(true).build();
            head.setInitializer(new NormalInitializer(HEAD_STD), Parameter.Type.WEIGHT);
            head.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
            head.initialize(manager, DataType.FLOAT32, new Shape(1, (long) source.channels() * student.params().transformer().width()));
            long stepsPerEpoch = (fit.length + params.batchSize() - 1) / params.batchSize();
            long totalSteps = stepsPerEpoch * params.maxEpochs();
            BlockOptimiser backboneOptimiser = new BlockOptimiser(student, params.optimiser(params.backboneLearningRate()), totalSteps);
            BlockOptimiser headOptimiser = new BlockOptimiser(head, params.optimiser(params.headLearningRate()), totalSteps);
            ParameterStore ps = new ParameterStore(manager, false);
            Random random = new Random(seed);
            double best = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            byte[] bestWeights = null;
            int epoch = 0;
            List<Integer> order = new ArrayList<>();
            for (int r : fit) {
                order.add(r);
            }
            while (epoch < params.maxEpochs() && epoch - bestEpoch < params.patience()) {
                Collections.shuffle(order, random);
                for (int from = 0; from < order.size(); from += params.batchSize()) {
                    if (monitor.isCancelled()) {
                        throw new CancelledException("fine-tuning");
                    }
                    List<Integer> rows = order.subList(from, Math.min(order.size(), from + params.batchSize()));
                    try (NDManager batchManager = manager.newSubManager()) {
                        Batch b = batch(batchManager, windows, target, rows, classes, scaling);
                        double loss = TrainingTools.run(new Step(student, head, ps, b, classes), backboneOptimiser, headOptimiser);
                        if (!Double.isFinite(loss)) {
                            throw new IllegalStateException("fine-tuning loss became " + loss + " at epoch " + (epoch + 1)
                                    + "; lower the learning rates (--set backboneLearningRate=..., headLearningRate=...)");
                        }
                    }
                }
                epoch++;
                double validationLoss = validationLoss(student, head, ps, manager, windows, target, validation, classes, scaling);
                if (validationLoss < best - 1e-9) {
                    best = validationLoss;
                    bestEpoch = epoch;
                    bestWeights = snapshot(student, head);
                }
                monitor.message(String.format(Locale.ROOT, "%s epoch %d/%d, validation loss %.4f (best %.4f at epoch %d)", label, epoch,
                        params.maxEpochs(), validationLoss, best, bestEpoch));
            }
            restore(student, head, manager, bestWeights);
            ParameterStore fresh = new ParameterStore(manager, false);
            double[][] predictions = predict(student, head, fresh, manager, windows, test, classes, scaling);
            return new Outcome(predictions, epoch, bestEpoch, best);
        }
    }

    /** The regression target's training mean and SD. */
    private record Scaling(double mean, double sd) {
    }

    /** Windows of every PPG channel, one batch per channel in the dataset's order, and their targets. */
    private record Batch(List<TrainingWindows.Batch> channels, NDArray target) {
    }

    /** The batches of {@code chosen} on each PPG channel. */
    private List<TrainingWindows.Batch> channelBatches(NDManager manager, List<WindowInfo> chosen) {
        List<TrainingWindows.Batch> out = new ArrayList<>();
        for (int c = 0; c < source.channels(); c++) {
            out.add(source.batch(manager, source.onChannel(chosen, c)));
        }
        return out;
    }

    private Batch batch(NDManager manager, List<WindowInfo> windows, double[] target, List<Integer> rows, int classes, Scaling scaling) {
        List<WindowInfo> chosen = new ArrayList<>();
        for (int r : rows) {
            chosen.add(windows.get(r));
        }
        List<TrainingWindows.Batch> b = channelBatches(manager, chosen);
        NDArray t;
        if (classes == 0) {
            float[] y = new float[rows.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = (float) ((target[rows.get(i)] - scaling.mean()) / scaling.sd());
            }
            t = manager.create(y);
        } else {
            float[] oneHot = new float[rows.size() * classes];
            for (int i = 0; i < rows.size(); i++) {
                oneHot[i * classes + (int) target[rows.get(i)]] = 1;
            }
            t = manager.create(oneHot, new Shape(rows.size(), classes));
        }
        return new Batch(b, t);
    }

    private static NDArray output(StudentBlock student, Linear head, ParameterStore ps, List<TrainingWindows.Batch> channels,
                                  boolean training) {
        NDList pooled = new NDList();
        for (TrainingWindows.Batch b : channels) {
            pooled.add(student.pooled(ps, b.patches(), b.counts(), training));
        }
        NDArray joined = pooled.size() == 1 ? pooled.head() : NDArrays.concat(pooled, 1);
        return head.forward(ps, new NDList(joined), training).head();
    }

    private static NDArray loss(NDArray out, NDArray target, int classes) {
        if (classes == 0) {
            return out.reshape(-1).sub(target).square().mean();
        }
        return out.logSoftmax(1).mul(target).sum(new int[] {1}).neg().mean();
    }

    /** One optimisation step's forward pass; the loss array lives until the step's scope closes. */
    private static final class Step implements TrainingStep<Double> {
        private final StudentBlock student;
        private final Linear head;
        private final ParameterStore ps;
        private final Batch batch;
        private final int classes;
        private NDArray loss;

        Step(StudentBlock student, Linear head, ParameterStore ps, Batch batch, int classes) {
            this.student = student;
            this.head = head;
            this.ps = ps;
            this.batch = batch;
            this.classes = classes;
        }

        @Override
        public NDArray loss() {
            loss = FinetuneTrainer.loss(output(student, head, ps, batch.channels(), true), batch.target(), classes);
            return loss;
        }

        @Override
        public Double finish() {
            return (double) loss.getFloat();
        }
    }

    private double validationLoss(StudentBlock student, Linear head, ParameterStore ps, NDManager manager, List<WindowInfo> windows,
                                  double[] target, int[] rows, int classes, Scaling scaling) {
        double sum = 0;
        for (int from = 0; from < rows.length; from += params.batchSize()) {
            List<Integer> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(rows.length, from + params.batchSize()); i++) {
                chunk.add(rows[i]);
            }
            try (NDScope scope = new NDScope(); NDManager batchManager = manager.newSubManager()) {
                Batch b = batch(batchManager, windows, target, chunk, classes, scaling);
                NDArray out = output(student, head, ps, b.channels(), false);
                sum += loss(out, b.target(), classes).getFloat() * chunk.size();
            }
        }
        return sum / rows.length;
    }

    private double[][] predict(StudentBlock student, Linear head, ParameterStore ps, NDManager manager, List<WindowInfo> windows,
                               int[] rows, int classes, Scaling scaling) {
        double[][] out = new double[rows.length][];
        for (int from = 0; from < rows.length; from += params.batchSize()) {
            List<WindowInfo> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(rows.length, from + params.batchSize()); i++) {
                chunk.add(windows.get(rows[i]));
            }
            try (NDScope scope = new NDScope(); NDManager batchManager = manager.newSubManager()) {
                NDArray o = output(student, head, ps, channelBatches(batchManager, chunk), false);
                float[] v = (classes == 0 ? o : o.softmax(1)).toFloatArray();
                int width = classes == 0 ? 1 : classes;
                for (int i = 0; i < chunk.size(); i++) {
                    double[] row = new double[width];
                    for (int j = 0; j < width; j++) {
                        row[j] = classes == 0 ? v[i] * scaling.sd() + scaling.mean() : v[i * width + j];
                    }
                    out[from + i] = row;
                }
            }
        }
        return out;
    }

    private static byte[] snapshot(StudentBlock student, Linear head) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            student.saveParameters(out);
            head.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    /** Puts back the best epoch's weights; the replaced arrays are closed (a new ParameterStore must follow). */
    private static void restore(StudentBlock student, Linear head, NDManager manager, byte[] weights) throws IOException {
        if (weights == null) {
            return;
        }
        List<NDArray> previous = new ArrayList<>();
        for (Block b : List.of(student, head)) {
            for (Pair<String, Parameter> p : b.getParameters()) {
                previous.add(p.getValue().getArray());
            }
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights))) {
            student.loadParameters(manager, in);
            head.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("could not restore the best fine-tuning epoch: " + e.getMessage(), e);
        }
        previous.forEach(NDArray::close);
    }
}
