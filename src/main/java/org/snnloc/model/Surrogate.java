package org.snnloc.model;

/**
 * The spike nonlinearity and the surrogate of its derivative (docs/model.md).
 *
 * <p>Forward, every surrogate is the Heaviside step {@code H(x) = [x > 0]} of {@code x = V -
 * threshold}. Backward, {@code dH/dx}, which is 0 almost everywhere, is replaced by {@link #slope}.
 * Each implementation's {@code slope} is the readable truth that the scalar backend calls and the
 * vector backends reproduce bit for bit.
 */
public sealed interface Surrogate {

    /** The forward pass of every surrogate: 1 if {@code x > 0}, else 0. */
    static float heaviside(float x) {
        return x > 0f ? 1f : 0f;
    }

    /** The notebook's surrogate: sigmoid of steepness 5. */
    static Surrogate notebook() {
        return new Sigmoid(5f);
    }

    /** The surrogate derivative at {@code x = V - threshold}. */
    float slope(float x);

    /** Name and scale as the command line spells them, e.g. {@code sigmoid:5}. */
    String describe();

    /**
     * {@code dH/dx ~ b sigma(b x) (1 - sigma(b x))}, the derivative of a logistic sigmoid of
     * steepness b (SpyTorch, the notebook: b = 5).
     *
     * <p>{@code sigma(z) = 1 / (1 + e^-z)} with {@link FloatMath#exp}. Where {@code -z} exceeds
     * {@link #NEGLIGIBLE_ABOVE} the slope is 0: its true value (below {@code b e^-60}) is tens of
     * orders of magnitude under any gradient it meets, but left alone it shrinks through the
     * products of the backward pass into subnormal floats, which CPUs handle tens of times slower
     * (strongly inhibited neurons made a training step 25-30% slower).
     */
    record Sigmoid(float scale) implements Surrogate {
        public static final float NEGLIGIBLE_ABOVE = 60f;

        public Sigmoid {
            if (!(scale > 0) || !Float.isFinite(scale)) throw new IllegalArgumentException("the sigmoid's scale must be a positive number, got " + scale);
        }

        @Override
        public float slope(float x) {
            float minusZ = x * -scale;
            if (minusZ > NEGLIGIBLE_ABOVE) return 0f;
            if (minusZ < FloatMath.MIN_ARGUMENT) minusZ = FloatMath.MIN_ARGUMENT;
            float sigma = 1f / (FloatMath.exp(minusZ) + 1f);
            return sigma * scale * (1f - sigma);
        }

        @Override
        public String describe() {
            return "sigmoid:" + (scale == Math.rint(scale) ? String.valueOf((long) scale) : Float.toString(scale));
        }
    }
}
