package org.snnloc.backend.simd;

import org.snnloc.backend.Backend;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.model.NetworkConfig;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.train.AdamConfig;

/**
 * The SIMD CPU backend: Vector API kernels, event-driven products with the binary input, and a
 * shared worker pool for multi-threaded steps. Create it through {@link SimdProvider}, which
 * checks first that the vector module is there.
 */
public final class SimdBackend implements Backend {
    public static final String NAME = "simd";

    private final WorkerPool pool = WorkerPool.shared();
    private final int cores = Runtime.getRuntime().availableProcessors();

    public SimdBackend() {
        KernelWarmUp.startOnce();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "simd (Vector API, " + Lanes.describe() + ", event-driven input products, multi-threaded)";
    }

    /** Builds the event lists with all cores. */
    @Override
    public PreparedData prepare(SpikeDataset data) {
        return new SpikeEvents(data, pool, cores);
    }

    @Override
    public Engine newEngine(NetworkConfig network, AdamConfig adam, int threads) {
        return new SimdEngine(network, adam, threads, pool);
    }
}
