package org.snnloc.backend.simd;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A strongly inhibited neuron's surrogate slope is far below any gradient; the backward pass stores
 * it as 0 instead of letting it shrink into subnormal floats (slow on x86), and leaves every other
 * neuron's gradient as the reference computes it.
 */
@Tag(SimdTests.TAG)
class SurrogateFlushTest {
    @Test
    void stronglyInhibitedNeuronsGetZeroGradientAndNothingIsSubnormal() {
        NetworkConfig net = NetworkConfig.notebook();
        int steps = 20, hp = 2 * Lanes.LENGTH, inhibited = 1, normal = 2;
        float[] pre = new float[steps * hp], spikes = new float[steps * hp], gradH1 = new float[steps * hp];
        float[] q = new float[hp];
        for (int j = 0; j < hp; j++) q[j] = 0.3f;
        for (int n = 0; n < steps; n++) {
            pre[n * hp + inhibited] = -20f;               // V - threshold = -21: beta z = -105, slope ~ 1e-45
            pre[n * hp + normal] = 0.5f + 0.01f * n;      // near threshold: ordinary slopes
        }
        float[] c = net.withSizes(net.inputs(), hp, net.classes(), steps).readoutCoefficients();
        Lif.backward(pre, spikes, q, c, steps, hp, 0, hp, net.hiddenAlpha(), net.threshold(), Surrogate.notebook(), gradH1);

        for (float g : gradH1) assertTrue(g == 0f || Math.abs(g) >= Float.MIN_NORMAL, "subnormal gradient " + g);
        for (int n = 0; n < steps; n++) assertEquals(0f, gradH1[n * hp + inhibited], "step " + n);
        // The ordinary neuron: the recurrence by hand with the reference surrogate, no spikes: the same bits.
        float gV = 0f, gS = q[normal] * c[steps - 1];
        for (int n = steps - 2; n >= 1; n--) {
            float gSn = q[normal] * c[n] - pre[n * hp + normal] * gV;
            float slope = Surrogate.notebook().slope(pre[(n - 1) * hp + normal] - net.threshold());
            gV = net.hiddenAlpha() * gV + gS * slope;
            assertEquals(gV, gradH1[(n - 1) * hp + normal], "step " + (n - 1));
            gS = gSn;
        }
    }
}
