package org.snnloc.backend.scalar;

import org.snnloc.backend.Backend;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.model.NetworkConfig;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.train.AdamConfig;

/** The readable reference backend: plain Java loops written straight from SPEC.md, one thread. */
public final class ScalarBackend implements Backend {
    public static final String NAME = "scalar";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "scalar reference (plain Java loops, 1 thread per training)";
    }

    @Override
    public PreparedData prepare(SpikeDataset data) {
        return new Packed(data);
    }

    @Override
    public Engine newEngine(NetworkConfig network, AdamConfig adam, int threads) {
        return new ScalarEngine(network, adam);
    }

    /** The scalar kernels read the packed bits directly. */
    record Packed(SpikeDataset source) implements PreparedData {}
}
