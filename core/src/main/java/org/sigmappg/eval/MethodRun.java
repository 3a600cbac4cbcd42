package org.sigmappg.eval;

import java.util.List;

/**
 * Out-of-fold window predictions of one method and what was chosen in each fold, with the predictions of
 * every label share ({@code shares}, in the same order) and the SHA-256 of an embeddings file.
 */
record MethodRun(MethodSpec spec, String description, BackboneSource backbone, double[][] predictions, List<Double> lambdas,
                 List<Integer> epochs, List<RatioOfRatios.Line> lines, List<double[][]> sharePredictions, String fileSha256,
                 Transduction transduction, long withoutRatio) {
}
