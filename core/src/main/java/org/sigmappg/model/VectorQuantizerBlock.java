package org.sigmappg.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.Random;

/**
 * Cosine-distance vector quantiser with an EMA codebook (METHOD section 2). Inputs are L2-normalised,
 * codes are unit vectors, the nearest code is the one with the largest dot product. The codebook is not
 * trained by gradients: its parameters ({@code weight} [K, D], {@code cluster_size} [K],
 * {@code embed_avg} [K, D], {@code initted} [1]) have {@code requiresGrad = false}, are saved with the
 * model, and change only through the explicit, in-place methods {@link #initialiseFromKMeans},
 * {@link #updateCodebook} and {@link #reseedDeadCodes}, which the training loop calls OUTSIDE the
 * gradient collector. The EMA follows VQ-VAE: {@code N_k <- d N_k + (1-d) n_k}, {@code m_k <- d m_k +
 * (1-d) sum_k}, code {@code e_k = m_k / N_k}, normalised; since only its direction matters this is
 * {@code normalise(m_k)} (no Laplace smoothing needed), recomputed only for codes that received
 * assignments in the step.
 */
public final class VectorQuantizerBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    /** As PyTorch's {@code F.normalize}: a norm below this is treated as this. */
    private static final double NORM_FLOOR = 1e-12;
    /** Rows per similarity product in k-means, so [rows, K] stays around 128 MB for K = 4096. */
    private static final int ASSIGN_CHUNK = 8192;

    private final int codebookSize;
    private final int codeDim;
    private final double decay;
    private final double deadCodeThreshold;
    private final Parameter weight;
    private final Parameter clusterSize;
    private final Parameter embedAvg;
    private final Parameter initted;

    /**
     * @param codebookSize K
     * @param codeDim D
     * @param decay EMA decay (0.99)
     * @param deadCodeThreshold EMA cluster size below which a code counts as dead (see {@link TokenizerParams})
     */
    public VectorQuantizerBlock(int codebookSize, int codeDim, double decay, double deadCodeThreshold) {
        super(VERSION);
        this.codebookSize = codebookSize;
        this.codeDim = codeDim;
        this.decay = decay;
        this.deadCodeThreshold = deadCodeThreshold;
        Initializer unitRows = (manager, shape, dataType) -> normalise(manager.randomNormal(shape, dataType));
        weight = addParameter(state("weight", new Shape(codebookSize, codeDim), unitRows));
        // A fresh code counts as used once per step, so it is not dead before it has had a chance.
        clusterSize = addParameter(state("cluster_size", new Shape(codebookSize), Initializer.ONES));
        embedAvg = addParameter(state("embed_avg", new Shape(codebookSize, codeDim), Initializer.ZEROS));
        initted = addParameter(state("initted", new Shape(1), Initializer.ZEROS));
    }

    private static Parameter state(String name, Shape shape, Initializer initializer) {
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(shape)
                .optInitializer(initializer).optRequiresGrad(false).build();
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        boolean fresh = !embedAvg.isInitialized();
        super.initialize(manager, dataType, inputShapes);
        if (fresh) {
            // The sum EMA starts at the initial codes with cluster size 1, i.e. mean = code. Copied through
            // Java: copyTo would make embed_avg alias the codebook's memory, which the first update frees.
            embedAvg.getArray().set(weight.getArray().toFloatArray());
        }
    }

    /** Rows of {@code z} scaled to unit L2 norm along the last axis, as {@code F.normalize(z, dim=-1)}. */
    public static NDArray normalise(NDArray z) {
        return z.normalize(2, z.getShape().dimension() - 1, NORM_FLOOR);
    }

    /**
     * Quantises encoder outputs.
     *
     * @param z unnormalised encoder outputs [B, P, D]
     * @return normalised z [B, P, D]; the chosen codes zq [B, P, D] (constants); the straight-through
     *     value {@code z + stopgrad(zq - z)} [B, P, D] whose gradient goes to z; code indices [B, P] int64
     */
    public NDList quantize(ParameterStore ps, NDArray z, boolean training) {
        NDArray zn = normalise(z);
        NDArray indices = nearest(ps, zn);
        NDArray codes = ps.getValue(weight, zn.getDevice(), training);
        NDArray zq = codes.get(new NDIndex("{}", indices.flatten())).reshape(zn.getShape());
        NDArray straightThrough = zn.add(zq.sub(zn).stopGradient());
        return new NDList(zn, zq, straightThrough, indices);
    }

    /** Index of the nearest code (largest cosine) for normalised vectors [..., D]; shape [...], int64. */
    public NDArray nearest(ParameterStore ps, NDArray zNormalised) {
        Shape shape = zNormalised.getShape();
        NDArray codes = ps.getValue(weight, zNormalised.getDevice(), false);
        NDArray flat = zNormalised.stopGradient().reshape(-1, codeDim);
        return flat.matMul(codes.transpose()).argMax(1).reshape(shape.slice(0, shape.dimension() - 1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        return quantize(ps, inputs.head(), training);
    }

    /** Whether the codebook has been initialised by k-means (saved with the model, so a resumed run skips it). */
    public boolean isInitialised() {
        return initted.getArray().getFloat(0) > 0;
    }

    /**
     * Spherical k-means initialisation of the codebook from encoder outputs of the first batches.
     * Seeds by k-means++ (each next centre drawn with probability proportional to the squared cosine
     * distance to the nearest centre so far; plain random seeds often put two centres in one cluster),
     * then alternates cosine assignment and normalised means; a cluster left empty keeps its centre (and
     * will be re-seeded as a dead code). Sets the cluster sizes to the final assignment counts and the
     * sum EMA consistently (centre x count). Call outside the gradient collector; temporaries are
     * released here.
     *
     * @param samples [M, D] embeddings of valid patches (e.g. {@link #validRows}); normalised here
     */
    public void initialiseFromKMeans(NDArray samples, int iterations, Random rng) {
        long rows = samples.getShape().get(0);
        if (rows == 0 || samples.getShape().get(1) != codeDim) {
            throw new IllegalArgumentException("k-means needs [M > 0, " + codeDim + "] samples, got "
                    + samples.getShape());
        }
        try (NDScope scope = new NDScope()) {
            NDArray x = normalise(samples.stopGradient());
            float[] data = x.toFloatArray();
            int n = (int) rows;
            float[] centres = seedCentres(data, n, rng);
            int[] everyRow = java.util.stream.IntStream.range(0, n).toArray();
            long[] assignment = assign(x, centres);
            for (int it = 0; it < iterations; it++) {
                double[] sums = new double[codebookSize * codeDim];
                long[] counts = accumulate(data, assignment, everyRow, sums);
                for (int k = 0; k < codebookSize; k++) {
                    if (counts[k] > 0) {
                        unitRow(sums, k * codeDim, centres, k);
                    }
                }
                assignment = assign(x, centres);
            }
            long[] counts = accumulate(data, assignment, everyRow, new double[codebookSize * codeDim]);
            float[] sizes = new float[codebookSize];
            float[] avg = new float[codebookSize * codeDim];
            for (int k = 0; k < codebookSize; k++) {
                sizes[k] = counts[k];
                for (int d = 0; d < codeDim; d++) {
                    avg[k * codeDim + d] = centres[k * codeDim + d] * counts[k];
                }
            }
            weight.getArray().set(centres);
            clusterSize.getArray().set(sizes);
            embedAvg.getArray().set(avg);
            initted.getArray().set(new float[] {1f});
        }
    }

    /**
     * One EMA step of the codebook from a training step's normalised encoder outputs and chosen codes;
     * padding patches are ignored. Call after backward, outside the gradient collector.
     *
     * @param z normalised encoder outputs [B, P, D] ({@link TokenizerOutput#z()})
     * @param indices chosen codes [B, P] ({@link TokenizerOutput#indices()})
     * @param valid validity [B, P]
     */
    public void updateCodebook(NDArray z, NDArray indices, NDArray valid) {
        float[] data = z.toFloatArray();
        long[] chosen = indices.toType(DataType.INT64, false).toLongArray();
        // DJL has no scatter-add, and a one-hot [N, K] matrix would take 126 MB at batch 32 x 240 x 4096:
        // sum in Java, O(N x D).
        double[] sums = new double[codebookSize * codeDim];
        long[] counts = accumulate(data, chosen, PaddingTools.validPositions(valid), sums);
        float[] sizes = clusterSize.getArray().toFloatArray();
        float[] avg = embedAvg.getArray().toFloatArray();
        float[] codes = weight.getArray().toFloatArray();
        double[] row = new double[codebookSize * codeDim];
        for (int k = 0; k < codebookSize; k++) {
            sizes[k] = (float) (decay * sizes[k] + (1 - decay) * counts[k]);
            for (int d = 0; d < codeDim; d++) {
                int j = k * codeDim + d;
                avg[j] = (float) (decay * avg[j] + (1 - decay) * sums[j]);
                row[j] = avg[j];
            }
            if (counts[k] > 0) {
                unitRow(row, k * codeDim, codes, k);
            }
        }
        clusterSize.getArray().set(sizes);
        embedAvg.getArray().set(avg);
        weight.getArray().set(codes);
    }

    /**
     * Re-seeds every dead code (EMA cluster size below the threshold) with a valid encoder output of the
     * step, giving it cluster size = threshold and mean = that output. The output is drawn k-means++ style:
     * with probability proportional to its squared distance to the nearest live (or just re-seeded) code,
     * so revived codes go where the codebook covers the outputs worst, not into the middle of a dense
     * cluster. A uniform draw would mostly split the busiest clusters, and every split puts a code boundary
     * through densely populated space, where small perturbations flip the code: on the sample set (tiny,
     * K 64, seed 2) uniform re-seeding late in training dropped the held-out ICR from 0.68 to 0.47. A code
     * that still attracts nothing falls below the threshold again and is re-seeded at a later pass. Call
     * outside the gradient collector.
     *
     * @return how many codes were re-seeded
     */
    public int reseedDeadCodes(NDArray z, NDArray valid, Random rng) {
        float[] sizes = clusterSize.getArray().toFloatArray();
        boolean[] dead = new boolean[codebookSize];
        int deadCount = 0;
        for (int k = 0; k < codebookSize; k++) {
            dead[k] = sizes[k] < deadCodeThreshold;
            deadCount += dead[k] ? 1 : 0;
        }
        float[] candidates = validRowData(z, valid);
        int n = candidates.length / codeDim;
        if (deadCount == 0 || n == 0) {
            return 0;
        }
        float[] codes = weight.getArray().toFloatArray();
        float[] avg = embedAvg.getArray().toFloatArray();
        double[] distance = nearestLiveDistances(z.getManager(), candidates, n, codes, dead, deadCount);
        int reseeded = 0;
        for (int k = 0; k < codebookSize; k++) {
            if (!dead[k]) {
                continue;
            }
            int r = drawProportional(distance, rng);
            double[] row = new double[codeDim];
            for (int d = 0; d < codeDim; d++) {
                row[d] = candidates[r * codeDim + d];
            }
            unitRow(row, 0, codes, k);
            for (int d = 0; d < codeDim; d++) {
                avg[k * codeDim + d] = (float) (codes[k * codeDim + d] * deadCodeThreshold);
            }
            sizes[k] = (float) deadCodeThreshold;
            // The new code now covers its neighbourhood: the next dead code goes elsewhere.
            for (int i = 0; i < n; i++) {
                distance[i] = Math.min(distance[i], squaredDistance(candidates, i, codes, k));
            }
            reseeded++;
        }
        weight.getArray().set(codes);
        embedAvg.getArray().set(avg);
        clusterSize.getArray().set(sizes);
        return reseeded;
    }

    /**
     * Squared Euclidean distance of each candidate row to its nearest live code; 1 for every row when
     * all codes are dead (any output is as good a seed as another). The similarities come from one
     * matrix product per chunk of rows (K = 4096 at batch 64 is 15,360 x 4,096 dot products).
     */
    private double[] nearestLiveDistances(NDManager parent, float[] candidates, int n, float[] codes, boolean[] dead,
                                          int deadCount) {
        double[] distance = new double[n];
        if (deadCount == codebookSize) {
            Arrays.fill(distance, 1);
            return distance;
        }
        float[] live = new float[(codebookSize - deadCount) * codeDim];
        for (int k = 0, j = 0; k < codebookSize; k++) {
            if (!dead[k]) {
                System.arraycopy(codes, k * codeDim, live, j++ * codeDim, codeDim);
            }
        }
        try (NDManager manager = parent.newSubManager()) {
            NDArray liveT = manager.create(live, new Shape(codebookSize - deadCount, codeDim)).transpose();
            NDArray rows = manager.create(candidates, new Shape(n, codeDim));
            for (int from = 0; from < n; from += ASSIGN_CHUNK) {
                int to = Math.min(n, from + ASSIGN_CHUNK);
                float[] best = rows.get(new NDIndex("{}:{}", from, to)).matMul(liveT).max(new int[] {1}).toFloatArray();
                for (int i = from; i < to; i++) {
                    double norm = 0;
                    for (int d = 0; d < codeDim; d++) {
                        norm += (double) candidates[i * codeDim + d] * candidates[i * codeDim + d];
                    }
                    // |x - e|^2 = |x|^2 + |e|^2 - 2 x.e with unit codes; rounding can make it slightly negative.
                    distance[i] = Math.max(0, norm + 1 - 2 * best[i - from]);
                }
            }
        }
        return distance;
    }

    private double squaredDistance(float[] rows, int row, float[] codes, int code) {
        double sum = 0;
        for (int d = 0; d < codeDim; d++) {
            double diff = rows[row * codeDim + d] - codes[code * codeDim + d];
            sum += diff * diff;
        }
        return sum;
    }

    /** An index drawn with probability proportional to its weight; uniform when every weight is 0. */
    static int drawProportional(double[] weights, Random rng) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        if (!(total > 0)) {
            return rng.nextInt(weights.length);
        }
        double u = rng.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        for (int i = weights.length - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** The rows of z [B, P, D] at valid patches, as a new [M, D] array on z's manager. */
    public static NDArray validRows(NDArray z, NDArray valid) {
        long dim = z.getShape().get(z.getShape().dimension() - 1);
        float[] rows = validRowData(z, valid);
        return z.getManager().create(rows, new Shape(rows.length / dim, dim));
    }

    private static float[] validRowData(NDArray z, NDArray valid) {
        int dim = (int) z.getShape().get(z.getShape().dimension() - 1);
        float[] data = z.toFloatArray();
        int[] positions = PaddingTools.validPositions(valid);
        float[] rows = new float[positions.length * dim];
        for (int j = 0; j < positions.length; j++) {
            System.arraycopy(data, positions[j] * dim, rows, j * dim, dim);
        }
        return rows;
    }

    /** EMA cluster sizes [K] (expected assignments per step). */
    public float[] clusterSizes() {
        return clusterSize.getArray().toFloatArray();
    }

    /** The codebook [K, D] of unit rows (the live parameter array: do not close). */
    public NDArray codebook() {
        return weight.getArray();
    }

    public int codebookSize() {
        return codebookSize;
    }

    public int codeDim() {
        return codeDim;
    }

    public double deadCodeThreshold() {
        return deadCodeThreshold;
    }

    private long[] assign(NDArray x, float[] centres) {
        long rows = x.getShape().get(0);
        NDArray c = x.getManager().create(centres, new Shape(codebookSize, codeDim)).transpose();
        long[] out = new long[(int) rows];
        for (long from = 0; from < rows; from += ASSIGN_CHUNK) {
            long to = Math.min(rows, from + ASSIGN_CHUNK);
            long[] part = x.get(new NDIndex("{}:{}", from, to)).matMul(c).argMax(1).toLongArray();
            System.arraycopy(part, 0, out, (int) from, part.length);
        }
        return out;
    }

    /** Adds the given rows of {@code data} to the sums of their codes; returns the count per code. */
    private long[] accumulate(float[] data, long[] codes, int[] rows, double[] sums) {
        long[] counts = new long[codebookSize];
        for (int i : rows) {
            int k = (int) codes[i];
            counts[k]++;
            for (int d = 0; d < codeDim; d++) {
                sums[k * codeDim + d] += data[i * codeDim + d];
            }
        }
        return counts;
    }

    /** Writes the normalised {@code source[offset .. offset + D)} into row {@code k} of {@code target}. */
    private void unitRow(double[] source, int offset, float[] target, int k) {
        double norm = 0;
        for (int d = 0; d < codeDim; d++) {
            norm += source[offset + d] * source[offset + d];
        }
        double scale = 1.0 / Math.max(Math.sqrt(norm), NORM_FLOOR);
        for (int d = 0; d < codeDim; d++) {
            target[k * codeDim + d] = (float) (source[offset + d] * scale);
        }
    }

    /** k-means++ seeding on the cosine distance 1 - x.c of unit rows; O(M x K x D). */
    private float[] seedCentres(float[] data, int n, Random rng) {
        float[] centres = new float[codebookSize * codeDim];
        double[] distance = new double[n];
        Arrays.fill(distance, Double.MAX_VALUE);
        int pick = rng.nextInt(n);
        for (int k = 0; k < codebookSize; k++) {
            System.arraycopy(data, pick * codeDim, centres, k * codeDim, codeDim);
            double total = 0;
            for (int i = 0; i < n; i++) {
                double dot = 0;
                for (int d = 0; d < codeDim; d++) {
                    dot += data[i * codeDim + d] * centres[k * codeDim + d];
                }
                double gap = Math.max(0, 1 - dot);
                distance[i] = Math.min(distance[i], gap * gap);
                total += distance[i];
            }
            // With fewer distinct samples than codes the remaining centres repeat uniformly drawn samples.
            pick = total > 0 ? drawProportional(distance, total, rng) : rng.nextInt(n);
        }
        return centres;
    }

    private static int drawProportional(double[] weights, double total, Random rng) {
        double u = rng.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape z = inputShapes[0];
        return new Shape[] {z, z, z, z.slice(0, z.dimension() - 1)};
    }
}
