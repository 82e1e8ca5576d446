package org.snnloc.backend.scalar;

import org.snnloc.backend.Backend;
import org.snnloc.backend.FixtureParityContract;

class ScalarFixtureParityTest extends FixtureParityContract {
    @Override
    protected Backend backend() {
        return new ScalarBackend();
    }
}
