package org.snnloc.model;

/**
 * The spike nonlinearity and its surrogate derivative (SPEC.md section 2).
 *
 * <p>Forward: Heaviside, {@code H(x) = 1 if x > 0 else 0}. Backward: the derivative of a logistic
 * sigmoid of steepness beta, {@code beta * sigma(beta x) * (1 - sigma(beta x))}, the
 * "SuperSpike"-style choice of Zenke and Ganguli (2018) used by SpyTorch and the notebook (beta 5).
 */
public final class Surrogate {
    private Surrogate() {}

    public static float heaviside(float x) {
        return x > 0f ? 1f : 0f;
    }

    public static float sigmoidDerivative(float x, float beta) {
        float sigma = (float) (1.0 / (1.0 + Math.exp(-beta * x)));
        return beta * sigma * (1f - sigma);
    }
}
