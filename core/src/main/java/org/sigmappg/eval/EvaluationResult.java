package org.sigmappg.eval;

import java.util.List;
import java.util.Map;

/**
 * What an evaluation run found, as stored in the run's summary and in its {@code results.json}; the
 * report is rendered from this record only, so its numbers are the stored ones. Undefined figures (e.g.
 * AUROC on a fold with one class) are null.
 *
 * @param run the run id
 * @param kind {@code evaluate} or {@code finetune}
 * @param status FINISHED (a failed run stores no result)
 * @param task the task definition evaluated
 * @param dataset the dataset name
 * @param datasetHash the dataset cache's content hash
 * @param protocol {@code probe} or {@code finetune}
 * @param split a plain description of the outer split
 * @param folds number of outer folds
 * @param seed the evaluation seed
 * @param bootstrapResamples resamples per confidence interval
 * @param primaryLevel the unit metrics are computed on first (subject for per-subject labels)
 * @param subjects subjects with at least one labelled window
 * @param windows labelled windows used
 * @param datasetWindows windows of the dataset before exclusions
 * @param excluded windows left out, by reason
 * @param classNames class names (classification) in class order
 * @param classCounts labelled windows per class
 * @param testSubjectsPerFold number of test subjects in each outer fold
 * @param windowSeconds median, smallest and largest window duration in seconds
 * @param methods what each comparator was
 * @param rows every pooled figure with its 95 % CI, fold statistics and the difference from trivial
 * @param foldRows per-fold figures of every method
 * @param figures the PNG figures written next to the report (their data is in {@code figures.json})
 * @param notes plain-language caveats the report prints
 * @param engine the engine and device used for backbones, or null when none ran
 * @param seconds wall time
 * @param labelEfficiency every method's figures at the primary level when its heads were trained on a share of each
 *     fold's training subjects (fraction 1: the main rows); empty when no curve was asked for
 * @param labelDraws which training subjects were labelled in each draw, fold and fraction below 1
 * @param bloodPressure the AAMI and BHS figures of every method at the primary level (regression in mmHg), else empty
 */
public record EvaluationResult(String run, String kind, String status, TaskDefinition task, String dataset, String datasetHash, String protocol,
                               String split, int folds, long seed, int bootstrapResamples, String primaryLevel, int subjects, int windows,
                               int datasetWindows, TaskData.Exclusions excluded, List<String> classNames, List<Integer> classCounts,
                               List<Integer> testSubjectsPerFold, List<Double> windowSeconds, List<MethodInfo> methods, List<MetricRow> rows,
                               List<FoldRow> foldRows, List<Figure> figures, List<String> notes, String engine,
                               double seconds, List<LabelEfficiencyRow> labelEfficiency, List<LabelDraw> labelDraws,
                               List<BloodPressureCriteria.Summary> bloodPressure) {

    /** Results stored before these lists existed read them as empty. */
    public EvaluationResult {
        labelEfficiency = labelEfficiency == null ? List.of() : List.copyOf(labelEfficiency);
        labelDraws = labelDraws == null ? List.of() : List.copyOf(labelDraws);
        bloodPressure = bloodPressure == null ? List.of() : List.copyOf(bloodPressure);
    }

    /**
     * One comparator.
     *
     * @param method its name in rows and reports
     * @param spec the text it was given as
     * @param description what it is
     * @param run its pre-training run, or null
     * @param masking the run's masking strategy, or null
     * @param pretrainDataset the dataset the backbone was pre-trained on, or null
     * @param checkpointSha256 SHA-256 of the backbone checkpoint or of the embeddings file, or null
     * @param transductive whether the backbone was pre-trained (without labels) on recordings of the evaluated dataset,
     *        test subjects' included, whatever the datasets are named (decided by the recordings' content hashes)
     * @param lambdas the probe penalty chosen in each fold (probe heads), else empty
     * @param epochs the best epoch of each fold (fine-tuning), else empty
     * @param calibrations the line {@code [a, b]} of {@code value = a + b R} fitted in each fold (ratio-of-ratios), else empty
     */
    public record MethodInfo(String method, String spec, String description, String run, String masking, String pretrainDataset,
                             String checkpointSha256, boolean transductive, List<Double> lambdas, List<Integer> epochs,
                             List<List<Double>> calibrations) {
        public MethodInfo {
            calibrations = calibrations == null ? List.of() : calibrations;
        }
    }

    /**
     * One pooled figure of one method at one level.
     *
     * @param level window, record or subject
     * @param value the figure on all out-of-fold predictions
     * @param ciLow lower end of the 95 % subject-bootstrap interval
     * @param ciHigh upper end
     * @param folds number of outer folds
     * @param foldsDefined folds on which the figure was defined
     * @param foldMean mean of the per-fold figures
     * @param foldSd standard deviation of the per-fold figures
     * @param subjects subjects behind the figure
     * @param units units (windows, records or subjects) behind the figure
     * @param resamples bootstrap resamples on which the figure was defined
     * @param deltaVsTrivial this method's figure minus trivial's (null for trivial)
     * @param deltaCiLow lower end of the paired bootstrap interval of the difference
     * @param deltaCiHigh upper end
     */
    public record MetricRow(String task, String method, String level, String metric, Double value, Double ciLow, Double ciHigh, int folds,
                            int foldsDefined, Double foldMean, Double foldSd, int subjects, int units, int resamples, Double deltaVsTrivial,
                            Double deltaCiLow, Double deltaCiHigh) {
    }

    /**
     * One point of a label-efficiency curve: one method's pooled figure when the heads of every outer fold were
     * trained on a share of its training subjects, averaged over the draws of that share.
     *
     * @param labelFraction the share of each fold's training subjects labelled (1: all of them, the main evaluation)
     * @param draws draws of labelled subjects per fold
     * @param labelledSubjects labelled subjects per fold, mean over the folds
     * @param labelledSubjectsMin fewest labelled subjects of a fold
     * @param labelledSubjectsMax most labelled subjects of a fold
     * @param value the figure on all out-of-fold predictions, mean over the draws
     * @param ciLow lower end of the 95 % subject-bootstrap interval of that mean (the draws resampled together)
     * @param ciHigh upper end
     * @param drawSd standard deviation of the figure over the draws (null for one draw)
     * @param resamples bootstrap resamples on which the figure was defined
     */
    public record LabelEfficiencyRow(String task, String method, String level, String metric, double labelFraction, int draws,
                                     double labelledSubjects, int labelledSubjectsMin, int labelledSubjectsMax, Double value, Double ciLow,
                                     Double ciHigh, Double drawSd, int subjects, int units, int resamples) {
    }

    /** The training subjects labelled in one draw of one outer fold at one fraction below 1. */
    public record LabelDraw(double labelFraction, int draw, int fold, List<String> subjects) {
    }

    /** The label-efficiency points of one method and metric, by fraction. */
    public List<LabelEfficiencyRow> curve(String method, String metric) {
        return labelEfficiency().stream().filter(r -> r.method().equals(method) && r.metric().equals(metric)).toList();
    }

    /** One method's figures on one outer fold's test subjects. */
    public record FoldRow(String method, int fold, String level, int trainSubjects, int testSubjects, int testUnits,
                          Map<String, Double> metrics, Double lambda, Integer bestEpoch) {
    }

    /**
     * One figure.
     *
     * @param file the PNG's file name in the run folder
     * @param kind {@code predicted-vs-true}, {@code bland-altman} or {@code roc}
     * @param method the method shown, or null when it shows all of them
     * @param title the figure's title
     */
    public record Figure(String file, String kind, String method, String title) {
    }

    /** The rows of one method and level, in metric order. */
    public List<MetricRow> rowsOf(String method, String level) {
        return rows.stream().filter(r -> r.method().equals(method) && r.level().equals(level)).toList();
    }

    /** The levels reported, primary first. */
    public List<String> levels() {
        return rows.stream().map(MetricRow::level).distinct().toList();
    }
}
