package org.snnloc.backend.simd;

import org.junit.jupiter.api.Tag;
import org.snnloc.backend.Backend;
import org.snnloc.backend.FixtureParityContract;

/** The SIMD engine against the notebook's PyTorch fixture; also run at every forced vector width. */
@Tag(SimdTests.TAG)
class SimdFixtureParityTest extends FixtureParityContract {
    @Override
    protected Backend backend() {
        return new SimdProvider().create();
    }
}
