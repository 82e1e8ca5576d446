package org.snnloc.backend.scalar;

import org.snnloc.network.CpuBackend;

/** The readable reference backend: {@link ScalarKernels}, one thread per training. */
public final class ScalarBackend extends CpuBackend {
    public static final String NAME = "scalar";

    public ScalarBackend() {
        super(NAME, new ScalarKernels(), false);
    }
}
