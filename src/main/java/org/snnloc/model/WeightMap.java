package org.snnloc.model;

/**
 * How one layer's raw parameters w become its effective weights W (rows = presynaptic neurons),
 * and how a gradient with respect to W is pulled back to w. Adam updates w; the network uses W.
 *
 * <p>{@link #effective} and {@link #pullback} are the readable truth of each map, element by
 * element: the scalar backend calls them, the vector backends reproduce them bit for bit.
 * {@code sign} is the row's sign (+1 excitatory, -1 inhibitory) for a map with row signs, and
 * unused otherwise.
 */
public sealed interface WeightMap {

    /** One named array a map needs for its layer (1 or 2): its name, shape and whether Adam trains it. */
    record ArraySpec(String name, int layer, int[] shape, boolean trainable) {
        public int length() {
            int n = 1;
            for (int d : shape) n = Math.multiplyExact(n, d);
            return n;
        }
    }

    /**
     * The named arrays this map's layer {@code layer} (1 or 2) holds, for a weight matrix of
     * {@code rows x columns}: the raw weights {@code wK} and, for a map with row signs, the fixed
     * signs {@code signK} (one per row).
     */
    default java.util.List<ArraySpec> arrays(int layer, int rows, int columns) {
        ArraySpec weights = new ArraySpec("w" + layer, layer, new int[] {rows, columns}, true);
        return hasRowSigns() ? java.util.List.of(weights, new ArraySpec("sign" + layer, layer, new int[] {rows}, false)) : java.util.List.of(weights);
    }

    /** {@code W = effective(w, sign)}. */
    float effective(float w, float sign);

    /** {@code dL/dw} from {@code dL/dW} at the raw value {@code w}. */
    float pullback(float gradEffective, float w, float sign);

    /** Whether rows have a fixed sign that {@link #effective} applies (Dale's law). */
    default boolean hasRowSigns() {
        return true;
    }

    /** The raw parameter after each Adam step (a projection, e.g. onto {@code w >= 0}); the identity by default. */
    default float project(float w) {
        return w;
    }

    /**
     * {@link #effective} over {@code [at, at + length)}: the scalar reference, and what a backend
     * runs for a map it has no faster case for. Signs are in the weights' layout, null for a map
     * without row signs.
     */
    default void effective(float[] raw, float[] signs, int at, int length, float[] effective) {
        for (int i = at; i < at + length; i++) effective[i] = effective(raw[i], signs == null ? 1f : signs[i]);
    }

    /** {@link #pullback} in place over {@code [at, at + length)}. */
    default void pullback(float[] grad, float[] raw, float[] signs, int at, int length) {
        for (int i = at; i < at + length; i++) grad[i] = pullback(grad[i], raw[i], signs == null ? 1f : signs[i]);
    }

    /** {@link #project} in place over {@code [at, at + length)}. */
    default void project(float[] raw, int at, int length) {
        for (int i = at; i < at + length; i++) raw[i] = project(raw[i]);
    }

    /** The raw initial value for a draw {@code u} of the notebook's uniform initialisation. */
    default float initial(float u) {
        return Math.abs(u);
    }

    /** Name as configs and the command line spell it: {@code abs}, {@code softplus}. */
    default String describe() {
        return Variants.name(getClass());
    }

    /** The names {@link #parse} knows. */
    java.util.List<String> NAMES = java.util.List.of("abs", "rectify", "clamp", "softplus", "none");

    /** A map by the name {@code --weight-map} takes; throws naming the known ones. */
    static WeightMap parse(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "abs" -> new Abs();
            case "rectify" -> new Rectify();
            case "clamp" -> new Clamp();
            case "softplus" -> new Softplus();
            case "none" -> new None();
            default -> throw new IllegalArgumentException("unknown weight map '" + name + "' (choose " + String.join(", ", NAMES) + ")");
        };
    }

    /**
     * The notebook's Dale's law: {@code W = |w| sign}. PyTorch's gradient of |w| is signum(w),
     * which is 0 at w = 0, so a synapse that reaches exactly 0 stays dead (a quirk kept on purpose).
     */
    record Abs() implements WeightMap {
        @Override
        public float effective(float w, float sign) {
            return Math.abs(w) * sign;
        }

        @Override
        public float pullback(float gradEffective, float w, float sign) {
            return gradEffective * sign * (w > 0f ? 1f : w < 0f ? -1f : 0f);   // signum, +0 at both zeros
        }

        /** The notebook's draw as it is: signed raw weights. */
        @Override
        public float initial(float u) {
            return u;
        }
    }

    /**
     * {@code W = max(w, 0) sign} (Song, Yang and Wang 2016), raw weights initialised to
     * {@code |u|}. The gradient is 0 where {@code w <= 0}: a synapse is dead while negative.
     */
    record Rectify() implements WeightMap {
        @Override
        public float effective(float w, float sign) {
            return Math.max(w, 0f) * sign;
        }

        @Override
        public float pullback(float gradEffective, float w, float sign) {
            return w > 0f ? gradEffective * sign : 0f;
        }
    }

    /**
     * {@code W = w sign} with {@code w <- max(w, 0)} after every Adam step: projected gradient
     * descent (Stork; the DANN code). The gradient still reaches a synapse at 0, so it can grow back.
     */
    record Clamp() implements WeightMap {
        @Override
        public float effective(float w, float sign) {
            return w * sign;
        }

        @Override
        public float pullback(float gradEffective, float w, float sign) {
            return gradEffective * sign;
        }

        @Override
        public float project(float w) {
            return Math.max(w, 0f);
        }
    }

    /**
     * {@code W = log(1 + e^w) sign}: never 0, never dead. Raw weights start at
     * {@code softplus^-1(|u|)}, so the first effective weights equal {@link Abs}'s.
     */
    record Softplus() implements WeightMap {
        @Override
        public float effective(float w, float sign) {
            return softplus(w) * sign;
        }

        @Override
        public float pullback(float gradEffective, float w, float sign) {
            return gradEffective * sign * (float) (1 / (1 + Math.exp(-(double) w)));
        }

        @Override
        public float initial(float u) {
            double magnitude = Math.max(Math.abs(u), 1e-30);
            return (float) Math.log(Math.expm1(magnitude));
        }

        /** {@code log(1 + e^w)} in double, rounded once; {@code w} itself above 30, where they agree in float. */
        static float softplus(float w) {
            return w > 30f ? w : (float) Math.log1p(Math.exp(w));
        }
    }

    /** No sign constraint: {@code W = w} (the starting notebook). */
    record None() implements WeightMap {
        @Override
        public float effective(float w, float sign) {
            return w;
        }

        @Override
        public float pullback(float gradEffective, float w, float sign) {
            return gradEffective;
        }

        @Override
        public boolean hasRowSigns() {
            return false;
        }

        @Override
        public float initial(float u) {
            return u;
        }
    }
}
