/**
 * Downstream evaluation (METHOD section 4): tasks, subject-level splits, the linear-probe and fine-tuning
 * protocols, the comparators, metrics with subject-bootstrap confidence intervals, reports and embedding
 * export.
 *
 * <h2>Choices a reviewer should know</h2>
 * <ul>
 *   <li><b>Splits are by subject, always</b> ({@link org.sigmappg.eval.SubjectFolds}): k-fold (stratified by
 *       each subject's rarest class for classification) or leave-one-subject-out. Inner splits (the
 *       probe's penalty, early stopping) come from the outer fold's training subjects only. The task refuses
 *       to run if a fold ever shares a subject.
 *   <li><b>Same splits, same protocol for every comparator</b>: trivial, features, scratch, outside
 *       embeddings and the pre-trained backbones see identical outer folds, inner-split seeds and bootstrap
 *       resamples.
 *   <li><b>Per-window prediction, per-unit metrics</b>: every window is predicted on its own; for a label per
 *       subject (or record) the unit's prediction is the mean over its windows (the mean probability for
 *       classes) and the subject-level figures are primary, with window-level figures also reported.
 *   <li><b>Pooled out-of-fold figures</b>: metrics are computed once on all out-of-fold predictions (each
 *       unit predicted by the one model that did not see it); per-fold figures are kept beside them.
 *   <li><b>Confidence intervals</b> ({@link org.sigmappg.eval.SubjectBootstrap}): 95 % percentile bootstrap
 *       over subjects, a drawn subject bringing all its units; differences from trivial are paired (same
 *       resamples).
 *   <li><b>trivial</b>: the training fold's mean (regression); for classification the class frequencies of
 *       the training fold's windows, predicting their majority class. It ranks no unit above another (AUROC 0.5,
 *       AUPRC the prevalence): ranked across folds, fold-wise frequencies would move against the held-out labels
 *       and bias the pooled AUROC far below 0.5.
 *   <li><b>Outside models</b> ({@link org.sigmappg.eval.EmbeddingFile}): {@code embeddings:FILE.npy} brings
 *       embeddings computed elsewhere (e.g. on the windows {@code export-windows} writes), matched to the
 *       windows by id, through the same folds, heads and bootstrap as every other comparator.
 *   <li><b>Label efficiency</b> ({@link org.sigmappg.eval.SubjectFolds#labelledShare}): the heads of each
 *       outer fold trained on a share of its training subjects (drawn by subject, stratified, several draws,
 *       nested across shares), tested on the same held-out subjects.
 *   <li><b>Blood pressure</b> ({@link org.sigmappg.eval.BloodPressureCriteria}): regression in mmHg adds the
 *       SD of the errors, the AAMI/ISO 81060-2 criterion 1 and the BHS grade, with intervals.
 *   <li><b>Linear heads</b> ({@link org.sigmappg.eval.LinearProbe}): standardisation and missing-value
 *       imputation fitted on the training fold; ridge (Cholesky) or L2 logistic (L-BFGS, multinomial beyond
 *       two classes); the penalty from 10^-4 to 10^3 chosen by inner cross-validation over training subjects.
 *   <li><b>Fine-tuning</b> ({@link org.sigmappg.eval.FinetuneTrainer}): backbone and linear head trained
 *       with AdamW, early stopping on a validation share of the training subjects, best epoch kept.
 * </ul>
 *
 * <h2>Use</h2>
 * <pre>{@code
 * TaskDefinition task = TaskCatalogue.builtIn().resolve("SBP", "ppgbp", new Catalogue(workspace));
 * EvaluationParams p = new EvaluationParams(EvaluationParams.VERSION, EvaluationTask.KIND, task,
 *         List.of("trivial", "features", "scratch", "sigma:pre-0001", "random-masking:pre-0002"), EvaluationParams.PROBE,
 *         5, 1, 5, 1000, FinetuneParams.defaults(), "cpu", 64);
 * EvaluationTask evaluation = new EvaluationTask(workspace);
 * EvaluationResult r = evaluation.run(evaluation.create(p, "sigma-ppg evaluate ...").id(), monitor);
 * // runs/<run>/report.md, report.html, results.json, figures.json, predictions.csv, *.png
 * }</pre>
 */
package org.sigmappg.eval;
