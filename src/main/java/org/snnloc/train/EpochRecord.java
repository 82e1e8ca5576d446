package org.snnloc.train;

/** One epoch of training: 1-based epoch number, mean training and validation loss, wall seconds. */
public record EpochRecord(int epoch, double trainLoss, double validationLoss, double seconds) {}
