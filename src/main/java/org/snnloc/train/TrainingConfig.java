package org.snnloc.train;

/**
 * How one network is trained (docs/model.md).
 *
 * @param epochs            at most this many passes over the training set
 * @param batchSize         samples per Adam step; a partial last batch is dropped
 * @param shuffleSeed       seeds the per-epoch shuffles
 * @param earlyStopWindow   stop after epoch e (0-based) when e > window and the oldest of the last
 *                          {@code window} validation losses is their minimum; 0 turns it off
 * @param keep              which weights the run returns
 */
public record TrainingConfig(int epochs, int batchSize, long shuffleSeed, int earlyStopWindow, KeepPolicy keep) {

    public static final int NOTEBOOK_EPOCHS = 30;
    public static final int NOTEBOOK_BATCH = 64;
    public static final int NOTEBOOK_EARLY_STOP_WINDOW = 10;

    public TrainingConfig {
        if (epochs <= 0) throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        if (earlyStopWindow < 0) throw new IllegalArgumentException("early-stop window must be >= 0, got " + earlyStopWindow);
    }

    /** Which weights a training returns. */
    public enum KeepPolicy {
        /** The weights of the lowest validation loss, always (the sensible default). */
        BEST,
        /** As the notebook: the best weights on early stop, the final weights otherwise. */
        NOTEBOOK
    }
}
