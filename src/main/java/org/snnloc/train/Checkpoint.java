package org.snnloc.train;

import org.snnloc.model.Parameters;

import java.util.List;

/**
 * Where a training stands after an epoch: everything a resumed training needs to take exactly the
 * steps an uninterrupted one takes (the shuffles are replayed from the training's seed).
 *
 * @param epochs           epochs finished
 * @param history          one record per finished epoch
 * @param validationLosses the validation loss of each finished epoch, for the early-stopping rule
 * @param bestLoss         the lowest validation loss so far
 * @param bestEpoch        its 1-based epoch
 * @param best             the parameters of that epoch
 * @param current          the parameters now
 * @param optimizer        Adam's state now
 */
public record Checkpoint(int epochs, List<EpochRecord> history, double[] validationLosses, double bestLoss, int bestEpoch, Parameters best,
                         Parameters current, OptimizerState optimizer) {
    public Checkpoint {
        history = List.copyOf(history);
        validationLosses = validationLosses.clone();
        if (history.size() != epochs || validationLosses.length != epochs) {
            throw new IllegalArgumentException("a checkpoint after " + epochs + " epochs has " + history.size() + " history rows and "
                    + validationLosses.length + " validation losses");
        }
        if (epochs < 1 || bestEpoch < 1 || bestEpoch > epochs) throw new IllegalArgumentException("a checkpoint's best epoch must be one of its epochs");
    }
}
