package org.snnloc.testing;

import org.snnloc.model.Parameters;

/** Dann parameters for tests of gradients across backends. */
public final class Interneurons {
    private Interneurons() {}

    /**
     * {@code p} with every dann layer's C (wK_ei) varied by up to 50% along its entries. Dann's C
     * starts uniform, and then dB = -dW C^T of a readout is 0 up to rounding (softmax's gradient
     * sums to 0 over the classes): a comparison of such gradients, or of Adam steps taken on them,
     * would compare rounding noise.
     */
    public static Parameters varied(Parameters p) {
        for (String name : new String[] {"w1_ei", "w2_ei"}) {
            float[] uniform = p.array(name);
            if (uniform == null) continue;
            float[] varied = uniform.clone();
            for (int i = 0; i < varied.length; i++) varied[i] *= 1 + 0.5f * i / varied.length;
            p = p.with(name, varied);
        }
        return p;
    }
}
