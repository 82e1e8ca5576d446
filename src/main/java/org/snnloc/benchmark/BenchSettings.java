package org.snnloc.benchmark;

/**
 * How long to time each measurement.
 *
 * @param batches        timed batches per measurement (fewer when maxSeconds runs out first, at least one)
 * @param warmupBatches  untimed batches first, so the JIT has compiled the kernels
 * @param warmupSeconds  ... and at least this long
 * @param maxSeconds     time cap of one measurement, warm-up included (the scalar engine at the
 *                       largest size takes seconds per step)
 * @param threads        threads per engine
 */
public record BenchSettings(int batches, int warmupBatches, double warmupSeconds, double maxSeconds, int threads) {
    public BenchSettings {
        if (batches <= 0) throw new IllegalArgumentException("the number of timed batches must be positive, got " + batches);
        if (warmupBatches < 0 || warmupSeconds < 0) throw new IllegalArgumentException("warm-up must not be negative");
        if (!(maxSeconds > 0)) throw new IllegalArgumentException("the time cap must be positive, got " + maxSeconds);
        if (threads <= 0) throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
}
