package org.snnloc.model;

/**
 * Sizes and neurons of the two-layer network of docs/model.md.
 *
 * <p>Weights are input-major: W1 is {@code inputs x hidden}, W2 is {@code hidden x classes}.
 *
 * @param inputs       input fibres (both ears; left ear first)
 * @param hidden       hidden LIF neurons
 * @param classes      output units, one per IPD class
 * @param steps        time steps T of a stimulus
 * @param dtSeconds    simulation step
 * @param hiddenLayer  the hidden neurons: tau, threshold, surrogate
 * @param outputLayer  the readout neurons: tau
 * @param readoutScale logits are {@code readoutScale * sum_t v_rec}
 */
public record NetworkConfig(int inputs, int hidden, int classes, int steps, double dtSeconds, SpikingLayer hiddenLayer,
                            LeakyLayer outputLayer, float readoutScale) {

    public static final int NOTEBOOK_INPUTS = 200;
    public static final int NOTEBOOK_HIDDEN = 30;
    public static final int NOTEBOOK_CLASSES = 12;
    public static final int NOTEBOOK_STEPS = 100;
    public static final double NOTEBOOK_DT = 1e-3;
    public static final double NOTEBOOK_TAU = 5e-3;

    public NetworkConfig {
        requirePositive("inputs", inputs);
        requirePositive("hidden", hidden);
        if (classes < 2) throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        requirePositive("steps", steps);
        if (!(dtSeconds > 0) || !Double.isFinite(dtSeconds)) throw new IllegalArgumentException("dt must be a positive number, got " + dtSeconds);
        if (hiddenLayer == null || outputLayer == null) throw new IllegalArgumentException("both layers' neuron parameters are required");
        for (long product : new long[] {(long) inputs * hidden, (long) hidden * classes, (long) steps * hidden * 4})
            if (product > Integer.MAX_VALUE - 1024) {
                throw new IllegalArgumentException("a network of " + inputs + " inputs, " + hidden + " hidden neurons and " + steps
                        + " steps is too large for this engine's arrays");
            }
        if (!Float.isFinite(readoutScale)) throw new IllegalArgumentException("readout scale must be finite");
    }

    /** The notebook's network: 200 inputs, 30 hidden, 12 classes, 100 steps of 1 ms, tau 5 ms in both layers. */
    public static NetworkConfig notebook() {
        return new NetworkConfig(NOTEBOOK_INPUTS, NOTEBOOK_HIDDEN, NOTEBOOK_CLASSES, NOTEBOOK_STEPS, NOTEBOOK_DT,
                SpikingLayer.notebook(), LeakyLayer.notebook(), 0.01f);
    }

    public NetworkConfig withHidden(int newHidden) {
        return new NetworkConfig(inputs, newHidden, classes, steps, dtSeconds, hiddenLayer, outputLayer, readoutScale);
    }

    public NetworkConfig withSizes(int newInputs, int newHidden, int newClasses, int newSteps) {
        return new NetworkConfig(newInputs, newHidden, newClasses, newSteps, dtSeconds, hiddenLayer, outputLayer, readoutScale);
    }

    public float threshold() {
        return hiddenLayer.threshold();
    }

    public Surrogate surrogate() {
        return hiddenLayer.surrogate();
    }

    /** The hidden membrane's decay per step. */
    public float hiddenAlpha() {
        return alpha(hiddenLayer.tauSeconds());
    }

    /** The readout membrane's decay per step. */
    public float outputAlpha() {
        return alpha(outputLayer.tauSeconds());
    }

    /**
     * {@code exp(-dt / tau)} rounded to float once: PyTorch multiplies a float32 tensor by the
     * Python float exp(-dt/tau), which it rounds to float32.
     */
    private float alpha(double tauSeconds) {
        return (float) Math.exp(-dtSeconds / tauSeconds);
    }

    /**
     * The readout's weight of each step's hidden spikes. Layer 2 is linear and leaky, so the logits
     * {@code m = readoutScale * sum_t v_rec(t)} equal {@code sum_t c_t s_rec(t) W2} with
     * {@code c_t = readoutScale * sum_{n=0}^{T-2-t} alpha^n} (the readout's alpha) and
     * {@code c_{T-1} = 0}, summed from the last step backwards in float as every backend does.
     */
    public float[] readoutCoefficients() {
        float alpha = outputAlpha();
        float[] coefficient = new float[steps];
        float c = 0f;
        for (int t = steps - 2; t >= 0; t--) {
            c = readoutScale + alpha * c;
            coefficient[t] = c;
        }
        return coefficient;
    }

    static void requireTau(double tauSeconds) {
        if (!(tauSeconds > 0) || !Double.isFinite(tauSeconds)) throw new IllegalArgumentException("tau must be a positive number, got " + tauSeconds);
    }

    private static void requirePositive(String what, int value) {
        if (value <= 0) throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
}
