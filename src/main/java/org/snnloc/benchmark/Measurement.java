package org.snnloc.benchmark;

/**
 * One timed workload.
 *
 * @param backend        backend name
 * @param size           batch and hidden size
 * @param kind           {@link Kind#TRAINING_STEP} (forward, backward and Adam of one batch) or {@link Kind#INFERENCE} (logits of one batch)
 * @param medianMs       median wall time of one batch, the figure reported (robust to a noisy machine)
 * @param minMs          fastest batch
 * @param meanMs         mean over the timed batches
 * @param batchesTimed   how many batches were timed
 * @param denseFlops     floating-point operations of the notebook's dense formulation of one batch
 */
public record Measurement(String backend, BenchSize size, Kind kind, double medianMs, double minMs, double meanMs,
                          int batchesTimed, double denseFlops) {

    public enum Kind {
        TRAINING_STEP("training step"), INFERENCE("inference");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public double samplesPerSecond() {
        return size.batch() / (medianMs / 1e3);
    }

    /** Dense-equivalent GFLOP/s: the dense work PyTorch would do, divided by our time. */
    public double effectiveGflops() {
        return denseFlops / (medianMs * 1e6);
    }
}
