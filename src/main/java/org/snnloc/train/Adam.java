package org.snnloc.train;

/**
 * Adam (Kingma and Ba 2015) exactly as PyTorch 1.13's single-tensor implementation, in float32:
 * <pre>
 *   m = beta1 m + (1 - beta1) g
 *   v = beta2 v + (1 - beta2) g^2
 *   p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * The bias corrections are computed in double and rounded to float once per step, as PyTorch
 * passes them as Python scalars.
 */
public final class Adam {
    private final AdamConfig config;
    private int step;

    public Adam(AdamConfig config) {
        this.config = config;
    }

    public AdamConfig config() {
        return config;
    }

    public int step() {
        return step;
    }

    /** Continues from {@code steps} steps taken (a resumed training). */
    public void resume(int steps) {
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        step = steps;
    }

    public void reset() {
        step = 0;
    }

    /** Advances the step counter; call once per optimisation step, before {@link #update}. */
    public StepScalars nextStep() {
        step++;
        return scalars(config, step);
    }

    /** The per-step constants every backend's Adam kernel uses. */
    public static StepScalars scalars(AdamConfig config, int step) {
        double biasCorrection1 = 1 - Math.pow(config.beta1(), step);
        double biasCorrection2 = 1 - Math.pow(config.beta2(), step);
        return new StepScalars((float) config.beta1(), (float) (1 - config.beta1()),
                (float) config.beta2(), (float) (1 - config.beta2()),
                (float) (config.learningRate() / biasCorrection1), (float) Math.sqrt(biasCorrection2),
                (float) config.epsilon());
    }

    /** Updates {@code param} in place from {@code grad}, with moment buffers {@code m} and {@code v}. */
    public static void update(float[] param, float[] grad, float[] m, float[] v, StepScalars k) {
        for (int i = 0; i < param.length; i++) {
            float g = grad[i];
            m[i] = m[i] * k.beta1() + g * k.oneMinusBeta1();
            v[i] = v[i] * k.beta2() + g * g * k.oneMinusBeta2();
            float denominator = (float) Math.sqrt(v[i]) / k.sqrtBiasCorrection2() + k.epsilon();
            param[i] -= k.stepSize() * (m[i] / denominator);
        }
    }

    /** Constants of one Adam step, in float as the kernels use them. */
    public record StepScalars(float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2,
                              float stepSize, float sqrtBiasCorrection2, float epsilon) {}
}
