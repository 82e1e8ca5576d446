package org.snnloc.train;

import org.snnloc.model.Parameters;

import java.util.List;

/**
 * The outcome of a training.
 *
 * @param history      one record per epoch run
 * @param bestEpoch    1-based epoch of the lowest validation loss
 * @param earlyStopped whether the early-stopping rule ended the run
 * @param keptEpoch    1-based epoch whose weights {@code parameters} holds
 * @param keptWhich    "best" or "final"
 * @param parameters   the kept weights
 * @param seconds      wall time of the whole training
 */
public record TrainingResult(List<EpochRecord> history, int bestEpoch, boolean earlyStopped, int keptEpoch,
                             String keptWhich, Parameters parameters, double seconds) {

    public int epochsRun() {
        return history.size();
    }
}
