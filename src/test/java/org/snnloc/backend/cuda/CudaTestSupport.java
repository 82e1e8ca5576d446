package org.snnloc.backend.cuda;

import org.junit.jupiter.api.Assumptions;
import org.snnloc.backend.BackendProvider;

/** Opens the CUDA backend for a GPU test, or skips the test with CUDA's reason when there is no usable device. */
final class CudaTestSupport {
    private CudaTestSupport() {}

    static CudaBackend backendOrSkip() {
        BackendProvider.Availability availability = new CudaProvider().probe();
        Assumptions.assumeTrue(availability.usable(), () -> "no usable CUDA device, GPU test skipped: " + availability.detail());
        return new CudaBackend();
    }

    static boolean deviceUsable() {
        return new CudaProvider().probe().usable();
    }
}
