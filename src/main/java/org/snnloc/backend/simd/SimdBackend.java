package org.snnloc.backend.simd;

import org.snnloc.network.CpuBackend;

/**
 * The SIMD CPU backend: the Vector API kernels of {@link SimdKernels}, multi-threaded steps.
 * Create it through {@link SimdProvider}, which checks first that the vector module is there.
 */
public final class SimdBackend extends CpuBackend {
    public static final String NAME = "simd";

    SimdBackend() {
        super(NAME, SimdKernels.INSTANCE, true);
        KernelWarmUp.startOnce();
    }
}
