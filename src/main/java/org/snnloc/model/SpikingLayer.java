package org.snnloc.model;

/**
 * The hidden layer's neurons: leaky integrate-and-fire with reset by multiplication
 * (docs/model.md).
 *
 * @param tauSeconds membrane time constant
 * @param threshold  firing threshold of the membrane potential
 * @param surrogate  the surrogate derivative of the spike, used backwards
 */
public record SpikingLayer(double tauSeconds, float threshold, Surrogate surrogate) {
    public SpikingLayer {
        NetworkConfig.requireTau(tauSeconds);
        if (!Float.isFinite(threshold)) throw new IllegalArgumentException("threshold must be finite, got " + threshold);
        if (surrogate == null) throw new IllegalArgumentException("a surrogate is required");
    }

    /** The notebook's: tau 5 ms, threshold 1, sigmoid surrogate of scale 5. */
    public static SpikingLayer notebook() {
        return new SpikingLayer(NetworkConfig.NOTEBOOK_TAU, 1f, Surrogate.notebook());
    }
}
