package org.snnloc.backend;

import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;

/**
 * One network on one backend: its parameters, its optimiser state and the work buffers of its
 * kernels. Engines are not thread-safe; use one per training.
 *
 * <p>Every implementation computes the network of docs/model.md exactly: the forward pass, the loss, the
 * hand-written backward pass through time and the Adam update.
 */
public interface Engine extends AutoCloseable {

    NetworkConfig network();

    /** Copies {@code parameters} in and resets the optimiser state. */
    void setParameters(Parameters parameters);

    /** A copy of the current parameters. */
    Parameters parameters();

    /** A copy of Adam's state: its steps and the moments of every trained array, by name. */
    org.snnloc.train.OptimizerState optimizerState();

    /** Continues from {@code state} (after {@link #setParameters} with the parameters it belongs to). */
    void restoreOptimizer(org.snnloc.train.OptimizerState state);

    /**
     * Takes one Adam step per full batch of {@code order} (consecutive runs of {@code batchSize}
     * sample indices; a partial tail is dropped, as the notebook) and returns each step's mean
     * batch loss, measured before its update.
     */
    default float[] train(PreparedData data, int[] order, int batchSize) {
        return train(data, order, batchSize, null);
    }

    /**
     * {@link #train(PreparedData, int[], int)}, and when {@code correct} is given (at least one
     * entry per step) writes to {@code correct[step]} how many samples of the step's batch the
     * readout classified correctly ({@link org.snnloc.eval.Scores#argmax(float[], int, int)} equal
     * to the label), from the same forward pass as the step's loss, before its update.
     */
    float[] train(PreparedData data, int[] order, int batchSize, int[] correct);

    /** The readout {@code m} of every sample, (size, classes) row-major; changes nothing. */
    float[] logits(PreparedData data);

    /**
     * Forward and backward pass of one batch with everything recorded, for tests and figures;
     * changes nothing.
     */
    BatchTrace trace(PreparedData data, int[] samples);

    /**
     * Asks the engine to use {@code threads} threads from its next batch on; may be called from
     * another thread while it trains. Results never depend on the thread count, so an experiment
     * can hand the cores of finished runs to the runs still training. Engines that use a fixed
     * number of threads ignore it.
     */
    default void setThreads(int threads) {}

    @Override
    default void close() {}
}
