package org.snnloc.model;

/**
 * The readout's neurons: leaky integrators that never spike (docs/model.md).
 *
 * @param tauSeconds membrane time constant
 */
public record LeakyLayer(double tauSeconds) {
    public LeakyLayer {
        NetworkConfig.requireTau(tauSeconds);
    }

    /** The notebook's: tau 5 ms. */
    public static LeakyLayer notebook() {
        return new LeakyLayer(NetworkConfig.NOTEBOOK_TAU);
    }
}
