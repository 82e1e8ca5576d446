package org.snnloc.testing;

import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;

import java.util.SplittableRandom;

/** Parameters whose readout is all zero, for tests of how tied logits are classified. */
public final class ZeroReadout {
    private ZeroReadout() {}

    /** Seeded random W1, W2 = 0 (every logit is 0 whatever the input), no signs. */
    public static Parameters parameters(NetworkConfig net, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] w1 = new float[net.inputs() * net.hidden()];
        for (int i = 0; i < w1.length; i++) w1[i] = (float) random.nextDouble(-1, 1);
        return new Parameters(net, w1, new float[net.hidden() * net.classes()], null, null);
    }
}
