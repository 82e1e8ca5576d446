package org.snnloc.backend;

import org.snnloc.model.NetworkConfig;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.train.AdamConfig;

/**
 * A compute backend: the scalar reference, the SIMD CPU engine or the CUDA engine.
 *
 * <p>One backend is chosen at start-up by {@link BackendSelector}. It prepares data sets once in
 * whatever form its kernels want (packed bits, active-input lists, a copy on the GPU) and opens any
 * number of {@link Engine}s, one per network being trained; prepared data may be shared by all
 * engines of the backend that prepared it.
 */
public interface Backend extends AutoCloseable {

    /** Lower-case name used by {@code --backend}: scalar, simd, cuda. */
    String name();

    /** One line for logs: what exactly runs (vector width, threads, device). */
    String description();

    PreparedData prepare(SpikeDataset data);

    /**
     * A fresh engine for one network; {@code threads} is how many threads it may use inside a step
     * (experiments that run several trainings at once give each engine fewer).
     */
    Engine newEngine(NetworkConfig network, AdamConfig adam, int threads);

    @Override
    default void close() {}
}
