package org.snnloc.backend.cuda;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.snnloc.backend.BackendProvider;

/**
 * Opens the CUDA backend for a GPU test, or skips the test with CUDA's reason when there is no
 * usable device. With {@code -Dsnnloc.cuda.require=true} (bench/gpu-check.sh on a GPU machine) a
 * missing device fails the test instead, so a broken set-up cannot pass as "all skipped".
 */
final class CudaTestSupport {
    static final String REQUIRE_PROPERTY = "snnloc.cuda.require";

    private CudaTestSupport() {}

    static CudaBackend backendOrSkip() {
        BackendProvider.Availability availability = new CudaProvider().probe();
        if (Boolean.getBoolean(REQUIRE_PROPERTY)) {
            Assertions.assertTrue(availability.usable(), () -> "-D" + REQUIRE_PROPERTY + "=true but CUDA is not usable: " + availability.detail());
        }
        Assumptions.assumeTrue(availability.usable(), () -> "no usable CUDA device, GPU test skipped: " + availability.detail());
        return new CudaBackend();
    }

    static boolean deviceUsable() {
        return new CudaProvider().probe().usable();
    }
}
