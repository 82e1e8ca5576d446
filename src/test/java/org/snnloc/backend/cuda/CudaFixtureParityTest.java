package org.snnloc.backend.cuda;

import org.snnloc.backend.Backend;
import org.snnloc.backend.FixtureParityContract;

/** The PyTorch fixture on the GPU; each test is skipped, with CUDA's reason, without a usable device. */
class CudaFixtureParityTest extends FixtureParityContract {
    @Override
    protected Backend backend() {
        return CudaTestSupport.backendOrSkip();
    }
}
