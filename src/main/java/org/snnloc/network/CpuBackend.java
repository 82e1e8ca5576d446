package org.snnloc.network;

import org.snnloc.backend.Backend;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.backend.cpu.Kernels;
import org.snnloc.backend.cpu.SpikeEvents;
import org.snnloc.backend.cpu.WorkerPool;
import org.snnloc.model.NetworkConfig;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.train.AdamConfig;

/**
 * A CPU backend: data sets prepared as spike event lists, and {@link Network}s over one set of
 * {@link Kernels}. The scalar and the SIMD backend differ only in their kernels, and give the
 * same bits.
 */
public class CpuBackend implements Backend {
    private final String name;
    private final Kernels kernels;
    private final boolean multiThreaded;
    private final WorkerPool pool = WorkerPool.shared();
    private final int cores = Runtime.getRuntime().availableProcessors();

    /** {@code multiThreaded}: whether a network may use more than one thread for a step. */
    protected CpuBackend(String name, Kernels kernels, boolean multiThreaded) {
        this.name = name;
        this.kernels = kernels;
        this.multiThreaded = multiThreaded;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return name + " (" + kernels.description() + ", event-driven input products, "
                + (multiThreaded ? "multi-threaded" : "1 thread per training") + ")";
    }

    /** Builds the event lists with all cores. */
    @Override
    public PreparedData prepare(SpikeDataset data) {
        return new SpikeEvents(data, pool, cores);
    }

    @Override
    public Engine newEngine(NetworkConfig network, AdamConfig adam, int threads) {
        return new Network(network, adam, multiThreaded ? threads : 1, pool, kernels);
    }
}
