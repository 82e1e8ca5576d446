package org.snnloc.train;

/**
 * One epoch of training: 1-based epoch number, mean training and validation loss, validation
 * accuracy (percent, NaN where unknown), wall seconds, and for a layer that learns its signs how
 * many of its neurons ended the epoch with another sign than they began it (-1 for a layer whose
 * signs are fixed).
 */
public record EpochRecord(int epoch, double trainLoss, double validationLoss, double validationAccuracy, double seconds, int signFlipsW1,
                          int signFlipsW2) {

    /** An epoch of a network whose signs are fixed. */
    public EpochRecord(int epoch, double trainLoss, double validationLoss, double validationAccuracy, double seconds) {
        this(epoch, trainLoss, validationLoss, validationAccuracy, seconds, -1, -1);
    }

    /** Whether either layer learns its signs. */
    public boolean learnsSigns() {
        return signFlipsW1 >= 0 || signFlipsW2 >= 0;
    }
}
