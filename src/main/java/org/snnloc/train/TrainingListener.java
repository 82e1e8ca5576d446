package org.snnloc.train;

/** Told about each finished epoch, e.g. to print a progress line. */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener SILENT = (record, epochs, improved) -> {};

    void epochFinished(EpochRecord record, int maxEpochs, boolean improved);
}
