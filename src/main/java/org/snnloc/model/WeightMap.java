package org.snnloc.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * How one layer's raw parameters become its effective weights W (rows = presynaptic neurons), and
 * how a gradient with respect to W is pulled back to them. Adam updates the raw parameters; the
 * network uses W. A map declares the named arrays it needs ({@link #arrays}); {@code model.npz},
 * traces and the optimiser go by those names.
 *
 * <p>Three kinds: an {@link Elementwise} map takes one raw weight per synapse and a sign per row
 * (the notebook's {@code abs} and the maps that keep synapses alive); {@link LearnedSigns} trains
 * that row sign too; {@link Dann} builds W from three non-negative matrices through inhibitory
 * interneurons. {@link #effective(Map, int, int, int)} is each one's readable truth for a whole layer.
 */
public sealed interface WeightMap permits WeightMap.Elementwise, WeightMap.LearnedSigns, WeightMap.Dann {

    /** One named array a map needs for its layer (1 or 2): its name, shape and whether Adam trains it. */
    record ArraySpec(String name, int layer, int[] shape, boolean trainable) {
        public int length() {
            int n = 1;
            for (int d : shape) n = Math.multiplyExact(n, d);
            return n;
        }
    }

    /** The named arrays this map's layer {@code layer} (1 or 2) holds, for a weight matrix of {@code rows x columns}. */
    List<ArraySpec> arrays(int layer, int rows, int columns);

    /** Whether each row has a sign (+1 excitatory, -1 inhibitory) that the map applies: Dale's law per presynaptic neuron. */
    default boolean hasRowSigns() {
        return true;
    }

    /** The layer's effective weights (rows x columns, row-major) from its named arrays. */
    float[] effective(Map<String, float[]> arrays, int layer, int rows, int columns);

    /**
     * The row signs of layer {@code layer} from its arrays (fixed or learned), or null for a map
     * without row signs.
     */
    float[] rowSigns(Map<String, float[]> arrays, int layer);

    /**
     * The layer's initial trainable weights (without its row signs, which are drawn after both
     * layers' weights): for the sign maps the notebook's uniform draw in (-b, b),
     * {@code b = 1/sqrt(columns)} (PyTorch takes fan_in from the second dimension, a quirk kept on
     * purpose), turned into each map's raw value.
     */
    Map<String, float[]> initialWeights(int layer, int rows, int columns, RandomGenerator random);

    /** The name of the array that holds layer {@code layer}'s row signs ({@code signK}, {@code signK_raw}), or null. */
    default String signArray(int layer) {
        return hasRowSigns() ? "sign" + layer : null;
    }

    /** The same map with its sizes resolved for a layer of {@code columns} postsynaptic neurons (dann's default NI). */
    default WeightMap forLayer(int columns) {
        return this;
    }

    /** Name as configs and the command line spell it: {@code abs}, {@code softplus}, {@code dann:10}. */
    default String describe() {
        return Variants.name(getClass());
    }

    /** The names {@link #parse} knows. */
    List<String> NAMES = List.of("abs", "rectify", "clamp", "softplus", "dann[:NI]", "none");

    /** A map by the name {@code --weight-map} takes; throws naming the known ones. */
    static WeightMap parse(String name) {
        String spelled = name.trim().toLowerCase(Locale.ROOT);
        if (spelled.equals("dann")) return new Dann(0);
        if (spelled.startsWith("dann:")) {
            String count = spelled.substring(5);
            int interneurons;
            try {
                interneurons = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("dann's interneuron count must be a whole number, got '" + count + "'");
            }
            if (interneurons <= 0) throw new IllegalArgumentException("dann needs at least one interneuron, got " + interneurons);
            return new Dann(interneurons);
        }
        return switch (spelled) {
            case "abs" -> new Abs();
            case "rectify" -> new Rectify();
            case "clamp" -> new Clamp();
            case "softplus" -> new Softplus();
            case "none" -> new None();
            default -> throw new IllegalArgumentException("unknown weight map '" + name + "' (choose " + String.join(", ", NAMES) + ")");
        };
    }

    /** The notebook's uniform draw of one layer, in row-major order. */
    private static float[] notebookUniform(int rows, int columns, RandomGenerator random) {
        double bound = 1.0 / Math.sqrt(columns);
        float[] u = new float[Math.multiplyExact(rows, columns)];
        for (int i = 0; i < u.length; i++) u[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        return u;
    }

    /**
     * A map with one raw weight per synapse and a fixed sign per row: {@code W[r,c] = effective(w[r,c], s_r)}.
     * {@link #effective(float, float)} and {@link #pullback(float, float, float)} are the readable
     * truth of each map, element by element: the scalar backend calls them, the vector backends
     * reproduce them bit for bit. {@code sign} is unused by a map without row signs.
     */
    sealed interface Elementwise extends WeightMap permits Abs, Rectify, Clamp, Softplus, None {

        /** {@code W = effective(w, sign)}. */
        float effective(float w, float sign);

        /** {@code dL/dw} from {@code dL/dW} at the raw value {@code w}. */
        float pullback(float gradEffective, float w, float sign);

        /** The raw parameter after each Adam step (a projection, e.g. onto {@code w >= 0}); the identity by default. */
        default float project(float w) {
            return w;
        }

        /** The raw initial value for a draw {@code u} of the notebook's uniform initialisation. */
        default float initial(float u) {
            return Math.abs(u);
        }

        /** The raw weights {@code wK} and, for a map with row signs, the fixed signs {@code signK} (one per row). */
        @Override
        default List<ArraySpec> arrays(int layer, int rows, int columns) {
            ArraySpec weights = new ArraySpec("w" + layer, layer, new int[] {rows, columns}, true);
            return hasRowSigns() ? List.of(weights, new ArraySpec(signArray(layer), layer, new int[] {rows}, false)) : List.of(weights);
        }

        @Override
        default float[] effective(Map<String, float[]> arrays, int layer, int rows, int columns) {
            return effectiveWithSigns(arrays.get("w" + layer), rowSigns(arrays, layer), columns);
        }

        @Override
        default float[] rowSigns(Map<String, float[]> arrays, int layer) {
            return hasRowSigns() ? arrays.get(signArray(layer)) : null;
        }

        @Override
        default Map<String, float[]> initialWeights(int layer, int rows, int columns, RandomGenerator random) {
            float[] w = notebookUniform(rows, columns, random);
            for (int i = 0; i < w.length; i++) w[i] = initial(w[i]);
            return Map.of("w" + layer, w);
        }

        /** {@code W[r,c] = effective(w[r,c], s_r)} over a whole layer; signs null for a map without them. */
        default float[] effectiveWithSigns(float[] raw, float[] rowSigns, int columns) {
            float[] out = new float[raw.length];
            for (int i = 0; i < raw.length; i++) out[i] = effective(raw[i], rowSigns == null ? 1f : rowSigns[i / columns]);
            return out;
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

        /**
         * The gradient of a learned row sign (docs/model.md): straight through the sign,
         * {@code dL/da_r = sum_c dL/dW[r,c] m(w[r,c])} with the magnitude {@code m(w) = effective(w, +1)},
         * summed over {@code [at, at + length)} in order, in float.
         */
        default float signGradient(float[] gradEffective, float[] raw, int at, int length) {
            float sum = 0f;
            for (int i = at; i < at + length; i++) sum += gradEffective[i] * effective(raw[i], 1f);
            return sum;
        }
    }

    /**
     * An elementwise sign map whose row signs are trained (the notebook's "train the sign matrix"):
     * each row r has a raw parameter {@code a_r} ({@code signK_raw}), started at the row's initial
     * sign and updated by Adam with the weights; the forward pass uses {@code s_r = +1 if a_r >= 0
     * else -1}, so every neuron obeys Dale's law at every step, and the gradient passes straight
     * through the sign ({@link Elementwise#signGradient}).
     */
    record LearnedSigns(Elementwise magnitude) implements WeightMap {
        public LearnedSigns {
            if (!magnitude.hasRowSigns()) throw new IllegalArgumentException("learned signs need a sign map, not '" + magnitude.describe() + "'");
        }

        /** {@code s = +1 if a >= 0 else -1}. */
        public static float sign(float raw) {
            return raw >= 0f ? 1f : -1f;
        }

        @Override
        public List<ArraySpec> arrays(int layer, int rows, int columns) {
            return List.of(new ArraySpec("w" + layer, layer, new int[] {rows, columns}, true),
                    new ArraySpec(signArray(layer), layer, new int[] {rows}, true));
        }

        @Override
        public float[] effective(Map<String, float[]> arrays, int layer, int rows, int columns) {
            return magnitude.effectiveWithSigns(arrays.get("w" + layer), rowSigns(arrays, layer), columns);
        }

        @Override
        public float[] rowSigns(Map<String, float[]> arrays, int layer) {
            float[] raw = arrays.get(signArray(layer));
            float[] signs = new float[raw.length];
            for (int r = 0; r < raw.length; r++) signs[r] = sign(raw[r]);
            return signs;
        }

        /** The magnitude map's weights; the raw signs start at the row's drawn sign (+1 or -1). */
        @Override
        public Map<String, float[]> initialWeights(int layer, int rows, int columns, RandomGenerator random) {
            return magnitude.initialWeights(layer, rows, columns, random);
        }

        @Override
        public String signArray(int layer) {
            return "sign" + layer + "_raw";
        }

        @Override
        public String describe() {
            return magnitude.describe() + "+learned-signs";
        }
    }

    /**
     * Dale's ANNs (Cornford et al. 2021, ICLR): {@code W = A - B C} with {@code A} (rows x columns,
     * {@code wK_ee}), {@code B} (rows x NI, {@code wK_ie}) and {@code C} (NI x columns,
     * {@code wK_ei}), all kept {@code >= 0} by a clamp after every Adam step. Every input of the
     * layer is excitatory; inhibition reaches the postsynaptic neurons through NI linear
     * interneurons. {@code interneurons} 0 means the default {@code max(1, round(columns / 10))},
     * resolved by {@link #forLayer}.
     *
     * <p>Initialisation as in their code: A and B exponential, C = 1/NI, so that W has mean 0. The
     * rate is {@code lambda = sqrt(3 columns (1 + 1/NI))}, which gives W the variance of the
     * notebook's uniform draw, {@code 1/(3 columns)} (their rate targets a ReLU network's fan-in).
     */
    record Dann(int interneurons) implements WeightMap {
        public Dann {
            if (interneurons < 0) throw new IllegalArgumentException("dann needs at least one interneuron, got " + interneurons);
        }

        @Override
        public WeightMap forLayer(int columns) {
            return interneurons > 0 ? this : new Dann(Math.max(1, (int) Math.round(columns / 10.0)));
        }

        private int requireResolved() {
            if (interneurons == 0) throw new IllegalStateException("dann's interneuron count is not resolved for its layer");
            return interneurons;
        }

        @Override
        public boolean hasRowSigns() {
            return false;
        }

        @Override
        public List<ArraySpec> arrays(int layer, int rows, int columns) {
            int ni = requireResolved();
            return List.of(new ArraySpec("w" + layer + "_ee", layer, new int[] {rows, columns}, true),
                    new ArraySpec("w" + layer + "_ie", layer, new int[] {rows, ni}, true),
                    new ArraySpec("w" + layer + "_ei", layer, new int[] {ni, columns}, true));
        }

        @Override
        public float[] effective(Map<String, float[]> arrays, int layer, int rows, int columns) {
            float[] w = new float[rows * columns];
            effective(arrays.get("w" + layer + "_ee"), arrays.get("w" + layer + "_ie"), arrays.get("w" + layer + "_ei"), rows, columns, w);
            return w;
        }

        /** {@code W[r,c] = A[r,c] - sum_n B[r,n] C[n,c]}, the sum in float in the order of n. */
        public void effective(float[] a, float[] b, float[] c, int rows, int columns, float[] w) {
            int ni = requireResolved();
            for (int r = 0; r < rows; r++) {
                for (int col = 0; col < columns; col++) {
                    float inhibition = 0f;
                    for (int n = 0; n < ni; n++) inhibition += b[r * ni + n] * c[n * columns + col];
                    w[r * columns + col] = a[r * columns + col] - inhibition;
                }
            }
        }

        /**
         * The gradients of A, B and C from {@code dL/dW}: {@code dA = dW}, {@code dB = -dW C^T},
         * {@code dC = -B^T dW}, each sum in float in the order of its index.
         */
        public void pullback(float[] gradW, float[] b, float[] c, int rows, int columns, float[] gradA, float[] gradB, float[] gradC) {
            int ni = requireResolved();
            System.arraycopy(gradW, 0, gradA, 0, rows * columns);
            for (int r = 0; r < rows; r++) {
                for (int n = 0; n < ni; n++) {
                    float sum = 0f;
                    for (int col = 0; col < columns; col++) sum += gradW[r * columns + col] * c[n * columns + col];
                    gradB[r * ni + n] = -sum;
                }
            }
            for (int n = 0; n < ni; n++) {
                for (int col = 0; col < columns; col++) {
                    float sum = 0f;
                    for (int r = 0; r < rows; r++) sum += b[r * ni + n] * gradW[r * columns + col];
                    gradC[n * columns + col] = -sum;
                }
            }
        }

        @Override
        public float[] rowSigns(Map<String, float[]> arrays, int layer) {
            return null;
        }

        @Override
        public Map<String, float[]> initialWeights(int layer, int rows, int columns, RandomGenerator random) {
            int ni = requireResolved();
            double rate = Math.sqrt(3.0 * columns * (1 + 1.0 / ni));
            float[] a = exponential(rows * columns, rate, random), b = exponential(rows * ni, rate, random);
            float[] c = new float[ni * columns];
            Arrays.fill(c, 1f / ni);
            Map<String, float[]> arrays = new LinkedHashMap<>();
            arrays.put("w" + layer + "_ee", a);
            arrays.put("w" + layer + "_ie", b);
            arrays.put("w" + layer + "_ei", c);
            return arrays;
        }

        private static float[] exponential(int n, double rate, RandomGenerator random) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) x[i] = (float) (-Math.log1p(-random.nextDouble()) / rate);
            return x;
        }

        @Override
        public String describe() {
            return interneurons == 0 ? "dann" : "dann:" + interneurons;
        }
    }

    /**
     * The notebook's Dale's law: {@code W = |w| sign}. PyTorch's gradient of |w| is signum(w),
     * which is 0 at w = 0, so a synapse that reaches exactly 0 stays dead (a quirk kept on purpose).
     */
    record Abs() implements Elementwise {
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
    record Rectify() implements Elementwise {
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
    record Clamp() implements Elementwise {
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
    record Softplus() implements Elementwise {
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
    record None() implements Elementwise {
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
