package org.snnloc.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NetworkConfigTest {
    @Test
    void readoutCoefficientsAreTheLeakySumOfTheReadout() {
        NetworkConfig net = NetworkConfig.notebook();
        float[] c = net.readoutCoefficients();
        int last = net.steps() - 1;
        assertEquals(net.steps(), c.length);
        assertEquals(0f, c[last], "the last step's spikes never reach the output");
        assertEquals(net.readoutScale(), c[last - 1]);
        assertEquals(net.readoutScale() + net.outputAlpha() * net.readoutScale(), c[last - 2]);
        // c_0 = scale * sum_{n=0}^{T-2} alpha^n, a geometric series
        double alpha = net.outputAlpha();
        double expected = net.readoutScale() * (1 - Math.pow(alpha, last)) / (1 - alpha);
        assertEquals(expected, c[0], 1e-6 * expected);
    }
}
