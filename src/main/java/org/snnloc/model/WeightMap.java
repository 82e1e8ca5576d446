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

    /** One named array a map needs for layer {@code K}: its name, shape and whether Adam trains it. */
    record ArraySpec(String name, int[] shape, boolean trainable) {
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
        ArraySpec weights = new ArraySpec("w" + layer, new int[] {rows, columns}, true);
        return hasRowSigns() ? java.util.List.of(weights, new ArraySpec("sign" + layer, new int[] {rows}, false)) : java.util.List.of(weights);
    }

    /** {@code W = effective(w, sign)}. */
    float effective(float w, float sign);

    /** {@code dL/dw} from {@code dL/dW} at the raw value {@code w}. */
    float pullback(float gradEffective, float w, float sign);

    /** Whether rows have a fixed sign that {@link #effective} applies (Dale's law). */
    boolean hasRowSigns();

    /** Name as configs and the command line spell it: {@code abs}, {@code none}. */
    String describe();

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

        @Override
        public boolean hasRowSigns() {
            return true;
        }

        @Override
        public String describe() {
            return "abs";
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
        public String describe() {
            return "none";
        }
    }
}
