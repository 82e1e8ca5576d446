package org.snnloc.experiment;

import java.util.Map;

/**
 * One row of runs.csv: a finished run of an experiment.
 *
 * @param run            folder name under {@code runs/}
 * @param experiment     baseline, sweep or constraints
 * @param condition      e.g. {@code r=0.30}, {@code +/-}, {@code W1+}, {@code W2+}
 * @param values         the run's value of each varied key, in order
 * @param repeat         1-based repeat
 * @param seed           the run's own seed (its config.json lists every derived seed)
 * @param settingsHash   {@link Grid#settingsHash} of the run's settings
 * @param epochsRun      epochs trained
 * @param earlyStopped   whether the early-stopping rule ended the training
 * @param trainAccuracy  percent correct on the training set, with the kept weights
 * @param testAccuracy   percent correct on the test set
 * @param testMaeDeg     mean absolute IPD error on the test set, degrees
 * @param seconds        wall time of the run (training and scoring)
 * @param backend        the backend that trained it
 */
public record RunResult(String run, String experiment, String condition, Map<String, Object> values, int repeat, long seed,
                        String settingsHash, int epochsRun, boolean earlyStopped, double trainAccuracy, double testAccuracy,
                        double testMaeDeg, double seconds, String backend) {

    static RunResult of(PlannedRun planned, RunOutcome outcome) {
        return new RunResult(planned.name(), planned.experiment(), planned.condition(), planned.values(), planned.repeat(),
                planned.spec().seeds().seed(), Grid.settingsHash(planned.spec()), outcome.training().epochsRun(), outcome.training().earlyStopped(),
                outcome.train().accuracy(), outcome.test().accuracy(), outcome.test().maeDegrees(), outcome.seconds(),
                outcome.backend());
    }
}
