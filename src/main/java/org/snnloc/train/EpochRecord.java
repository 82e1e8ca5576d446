package org.snnloc.train;

/**
 * One epoch of training: 1-based epoch number, mean training loss and training accuracy (percent
 * of the epoch's full batches classified correctly, each batch in the forward pass that gave its
 * loss, before its update), validation loss and accuracy (percent), wall seconds, and for a layer
 * that learns its signs how many of its neurons ended the epoch with another sign than they began
 * it (-1 for a layer whose signs are fixed). Either accuracy is NaN where unknown (a history.csv
 * written before it was recorded).
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double validationLoss, double validationAccuracy, double seconds,
                          int signFlipsW1, int signFlipsW2) {

    /** An epoch of a network whose signs are fixed. */
    public EpochRecord(int epoch, double trainLoss, double trainAccuracy, double validationLoss, double validationAccuracy, double seconds) {
        this(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, seconds, -1, -1);
    }

    /** Whether either layer learns its signs. */
    public boolean learnsSigns() {
        return signFlipsW1 >= 0 || signFlipsW2 >= 0;
    }
}
