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

    /** The scale of the surrogate (its steepness or height), the number after the colon. */
    float scale();

    /**
     * The constant derived from the scale that {@link #slope} uses besides it, rounded to float
     * once ({@code pi a / 2}, {@code a / sqrt(pi)}, {@code 1 / (2a)}), or 0 where there is none:
     * vector and GPU kernels receive it, so they compute with slope's exact floats.
     */
    default float derived() {
        return 0f;
    }

    /** Name and scale as the command line spells them, e.g. {@code sigmoid:5}. */
    default String describe() {
        return Variants.name(getClass()) + ":" + (scale() == Math.rint(scale()) ? String.valueOf((long) scale()) : Float.toString(scale()));
    }

    /** Where {@code -z} or {@code (a x)^2} exceeds this, an exponential surrogate's slope is 0 (see {@link Sigmoid}). */
    float NEGLIGIBLE_ABOVE = 60f;

    /** The names {@link #parse} knows, each with its default scale. */
    java.util.Map<String, Float> DEFAULT_SCALES = java.util.Map.of("sigmoid", 5f, "fast-sigmoid", 25f, "atan", 2f, "triangle", 2f,
            "gaussian", 2f, "boxcar", 1f);

    /**
     * {@code NAME} or {@code NAME:SCALE}, as {@code --surrogate} takes it: {@code sigmoid},
     * {@code fast-sigmoid:25}. Throws with the reason for an unknown name or a scale that is not a
     * positive number.
     */
    static Surrogate parse(String text) {
        String[] parts = text.trim().split(":", -1);
        String name = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
        Float fallback = DEFAULT_SCALES.get(name);
        if (fallback == null || parts.length > 2) {
            throw new IllegalArgumentException("unknown surrogate '" + text + "' (choose sigmoid, fast-sigmoid, atan, triangle, gaussian or boxcar, "
                    + "optionally with :SCALE)");
        }
        float scale = fallback;
        if (parts.length == 2) {
            try {
                scale = Float.parseFloat(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the surrogate's scale must be a number, got '" + parts[1] + "'");
            }
        }
        return switch (name) {
            case "sigmoid" -> new Sigmoid(scale);
            case "fast-sigmoid" -> new FastSigmoid(scale);
            case "atan" -> new Atan(scale);
            case "triangle" -> new Triangle(scale);
            case "gaussian" -> new Gaussian(scale);
            case "boxcar" -> new Boxcar(scale);
            default -> throw new IllegalStateException("no record for the surrogate '" + name + "'");
        };
    }

    private static void requireScale(float scale) {
        if (!(scale > 0) || !Float.isFinite(scale)) throw new IllegalArgumentException("the surrogate's scale must be a positive number, got " + scale);
    }

    /**
     * {@code dH/dx ~ b sigma(b x) (1 - sigma(b x))}, the derivative of a logistic sigmoid of
     * steepness b (SpyTorch, Stork, the notebook: b = 5).
     *
     * <p>{@code sigma(z) = 1 / (1 + e^-z)} with {@link FloatMath#exp}. Where {@code -z} exceeds
     * {@link #NEGLIGIBLE_ABOVE} the slope is 0: its true value (below {@code b e^-60}) is tens of
     * orders of magnitude under any gradient it meets, but left alone it shrinks through the
     * products of the backward pass into subnormal floats, which CPUs handle tens of times slower
     * (strongly inhibited neurons made a training step 25-30% slower).
     */
    record Sigmoid(float scale) implements Surrogate {
        public Sigmoid {
            requireScale(scale);
        }

        @Override
        public float slope(float x) {
            float minusZ = x * -scale;
            if (minusZ > NEGLIGIBLE_ABOVE) return 0f;
            if (minusZ < FloatMath.MIN_ARGUMENT) minusZ = FloatMath.MIN_ARGUMENT;
            float sigma = 1f / (FloatMath.exp(minusZ) + 1f);
            return sigma * scale * (1f - sigma);
        }
    }

    /** {@code dH/dx ~ 1 / (1 + k |x|)^2}: SuperSpike's fast sigmoid (Zenke and Ganguli 2018; snnTorch, Spyx: k = 25). */
    record FastSigmoid(float scale) implements Surrogate {
        public FastSigmoid {
            requireScale(scale);
        }

        @Override
        public float slope(float x) {
            float d = 1f + scale * Math.abs(x);
            return 1f / (d * d);
        }
    }

    /** {@code dH/dx ~ (a/2) / (1 + (pi a x / 2)^2)}, the derivative of an arctangent step (snnTorch's default, SpikingJelly: a = 2). */
    record Atan(float scale) implements Surrogate {
        public Atan {
            requireScale(scale);
        }

        /** {@code pi a / 2}, rounded to float once. */
        public float halfPiScale() {
            return (float) (Math.PI * scale / 2);
        }

        @Override
        public float derived() {
            return halfPiScale();
        }

        @Override
        public float slope(float x) {
            float u = x * halfPiScale();
            return scale * 0.5f / (1f + u * u);
        }
    }

    /** {@code dH/dx ~ max(0, 1 - k |x|)}, a triangle of half-width 1/k (Spyx: k = 2). */
    record Triangle(float scale) implements Surrogate {
        public Triangle {
            requireScale(scale);
        }

        @Override
        public float slope(float x) {
            return Math.max(0f, 1f - scale * Math.abs(x));
        }
    }

    /**
     * {@code dH/dx ~ (a / sqrt(pi)) exp(-(a x)^2)}, the derivative of {@code erf(a x) / 2}
     * (SpikingJelly's Erf: a = 2). As for {@link Sigmoid}, it is 0 where {@code (a x)^2} exceeds
     * {@link #NEGLIGIBLE_ABOVE}.
     */
    record Gaussian(float scale) implements Surrogate {
        public Gaussian {
            requireScale(scale);
        }

        /** {@code a / sqrt(pi)}, rounded to float once. */
        public float height() {
            return (float) (scale / Math.sqrt(Math.PI));
        }

        @Override
        public float derived() {
            return height();
        }

        @Override
        public float slope(float x) {
            float z = scale * x;
            float square = z * z;
            if (square > NEGLIGIBLE_ABOVE) return 0f;
            return height() * FloatMath.exp(-square);
        }
    }

    /** {@code dH/dx ~ a} where {@code |x| < 1/(2a)}, else 0: a rectangle of area 1 (SpikingJelly's Rect, Spyx: a = 1). */
    record Boxcar(float scale) implements Surrogate {
        public Boxcar {
            requireScale(scale);
        }

        /** {@code 1 / (2a)}, in float. */
        public float halfWidth() {
            return 0.5f / scale;
        }

        @Override
        public float derived() {
            return halfWidth();
        }

        @Override
        public float slope(float x) {
            return Math.abs(x) < halfWidth() ? scale : 0f;
        }
    }
}
