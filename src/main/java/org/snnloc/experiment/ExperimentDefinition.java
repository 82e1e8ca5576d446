package org.snnloc.experiment;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One of the notebook's experiments: which trainings it consists of. Definitions only list runs;
 * {@link ExperimentRunner} decides how they execute.
 */
public sealed interface ExperimentDefinition permits Baseline, Grid, Constraints {

    /** baseline, sweep or constraints: the {@code experiment} column of runs.csv. */
    String name();

    /**
     * The runs, derived from {@code template}: its network, stimulus, training settings and data
     * sizes are kept; signs and seeds are set by the experiment (seeds derived from the template's
     * user seed).
     */
    List<PlannedRun> runs(RunSpec template);

    /** The settings that define this experiment, for experiment.json. */
    Map<String, Object> describe();

    /** {@code 0.3 -> "0.30"}, {@code 0.125 -> "0.125"}: labels and folder names of ratios. */
    static String ratioLabel(double ratio) {
        BigDecimal exact = new BigDecimal(Double.toString(ratio)).stripTrailingZeros();
        return exact.setScale(Math.max(2, exact.scale())).toPlainString();
    }
}
