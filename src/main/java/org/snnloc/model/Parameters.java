package org.snnloc.model;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The trainable raw weights of one network and the fixed Dale row signs that constrain them.
 *
 * <p>The effective weight is {@code W = |w| * sign} (sign broadcast along the row) when a layer
 * has signs, and the raw {@code w} itself when it has none (the unconstrained starting notebook).
 * The optimiser updates the raw {@code w}; the gradient of |w| at 0 is 0, as PyTorch's, so a
 * synapse that reaches exactly 0 stays dead (a quirk of the notebook kept on purpose).
 */
public final class Parameters {
    private final NetworkConfig config;
    private final float[] w1;     // (inputs, hidden) raw
    private final float[] w2;     // (hidden, classes) raw
    private final float[] sign1;  // (inputs) row signs of W1, or null when W1 is unconstrained
    private final float[] sign2;  // (hidden) row signs of W2, or null when W2 is unconstrained

    public Parameters(NetworkConfig config, float[] w1, float[] w2, float[] sign1, float[] sign2) {
        this.config = config;
        this.w1 = requireLength("w1", w1, config.inputs() * config.hidden());
        this.w2 = requireLength("w2", w2, config.hidden() * config.classes());
        this.sign1 = sign1 == null ? null : requireSigns("sign1", sign1, config.inputs());
        this.sign2 = sign2 == null ? null : requireSigns("sign2", sign2, config.hidden());
    }

    /**
     * The notebook's initialisation: uniform in (-b, b) with {@code b = 1/sqrt(columns)}, because
     * PyTorch takes fan_in from a 2-D tensor's second dimension (a quirk kept on purpose).
     */
    public static Parameters initialise(NetworkConfig config, LayerSigns layer1, LayerSigns layer2, RandomGenerator random) {
        float[] w1 = uniform(config.inputs() * config.hidden(), 1.0 / Math.sqrt(config.hidden()), random);
        float[] w2 = uniform(config.hidden() * config.classes(), 1.0 / Math.sqrt(config.classes()), random);
        return new Parameters(config, w1, w2, layer1.rowSigns(config.inputs(), random), layer2.rowSigns(config.hidden(), random));
    }

    private static float[] uniform(int n, double bound, RandomGenerator random) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        return w;
    }

    public NetworkConfig config() { return config; }

    /** The raw W1 parameter; callers must not modify it. */
    public float[] w1() { return w1; }

    public float[] w2() { return w2; }

    public float[] sign1() { return sign1; }

    public float[] sign2() { return sign2; }

    /** Layer 1's weight map: {@code |w| sign} with row signs, the identity without. */
    public WeightMap weightMap1() { return sign1 == null ? new WeightMap.None() : new WeightMap.Abs(); }

    public WeightMap weightMap2() { return sign2 == null ? new WeightMap.None() : new WeightMap.Abs(); }

    public float[] effectiveW1() {
        float[] out = new float[w1.length];
        effective(w1, sign1, config.hidden(), out);
        return out;
    }

    public float[] effectiveW2() {
        float[] out = new float[w2.length];
        effective(w2, sign2, config.classes(), out);
        return out;
    }

    /** {@code out = |raw| * sign} row by row, or {@code raw} when {@code rowSigns} is null. */
    public static void effective(float[] raw, float[] rowSigns, int columns, float[] out) {
        if (rowSigns == null) {
            System.arraycopy(raw, 0, out, 0, raw.length);
            return;
        }
        for (int row = 0; row < rowSigns.length; row++) {
            float sign = rowSigns[row];
            for (int c = row * columns, end = c + columns; c < end; c++) out[c] = Math.abs(raw[c]) * sign;
        }
    }

    /**
     * Chain rule through {@code |raw| * sign}: {@code dL/draw = dL/dW * sign * signum(raw)}, with
     * signum(0) = 0 as PyTorch's gradient of abs; the identity when {@code rowSigns} is null.
     */
    public static void rawGradient(float[] gradEffective, float[] raw, float[] rowSigns, int columns, float[] out) {
        if (rowSigns == null) {
            System.arraycopy(gradEffective, 0, out, 0, raw.length);
            return;
        }
        for (int row = 0; row < rowSigns.length; row++) {
            float sign = rowSigns[row];
            for (int c = row * columns, end = c + columns; c < end; c++) out[c] = gradEffective[c] * sign * Math.signum(raw[c]);
        }
    }

    public Parameters copy() {
        return new Parameters(config, w1.clone(), w2.clone(),
                sign1 == null ? null : sign1.clone(), sign2 == null ? null : sign2.clone());
    }

    public Parameters withWeights(float[] newW1, float[] newW2) {
        return new Parameters(config, newW1, newW2, sign1, sign2);
    }

    /** True when every effective weight of an inhibitory row is <= 0 and of an excitatory row >= 0. */
    public boolean respectsDale() {
        return respects(effectiveW1(), sign1, config.hidden()) && respects(effectiveW2(), sign2, config.classes());
    }

    private static boolean respects(float[] effective, float[] rowSigns, int columns) {
        if (rowSigns == null) return true;
        for (int row = 0; row < rowSigns.length; row++) {
            for (int c = row * columns, end = c + columns; c < end; c++) {
                if (rowSigns[row] < 0 ? effective[c] > 0 : effective[c] < 0) return false;
            }
        }
        return true;
    }

    private static float[] requireLength(String name, float[] a, int expected) {
        if (a.length != expected) throw new IllegalArgumentException(name + " has " + a.length + " values, expected " + expected);
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) throw new IllegalArgumentException(name + " holds a non-finite value (" + a[i] + ") at flat index " + i);
        }
        return a;
    }

    private static float[] requireSigns(String name, float[] signs, int rows) {
        if (signs.length != rows) throw new IllegalArgumentException(name + " has " + signs.length + " row signs, expected " + rows);
        for (int i = 0; i < rows; i++) {
            if (signs[i] != 1f && signs[i] != -1f) throw new IllegalArgumentException(name + " row " + i + " is " + signs[i] + ", expected +1 or -1");
        }
        return signs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters p && config.equals(p.config) && Arrays.equals(w1, p.w1) && Arrays.equals(w2, p.w2)
                && Arrays.equals(sign1, p.sign1) && Arrays.equals(sign2, p.sign2);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(w1) * 31 + Arrays.hashCode(w2);
    }
}
