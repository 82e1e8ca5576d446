package org.snnloc.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The parameters of one network: a set of named arrays, as each layer's {@link WeightMap} declares
 * them ({@link WeightMap#arrays}): raw weights {@code w1}, {@code w2} that Adam trains and, for the
 * sign maps, the fixed row signs {@code sign1}, {@code sign2}; learned signs' {@code signK_raw};
 * dann's {@code wK_ee}, {@code wK_ie}, {@code wK_ei}. {@code model.npz}, traces and the optimiser go
 * by these names, so a map that needs other arrays brings them with it.
 *
 * <p>Arrays are row-major; a layer's effective weights are its map's
 * {@link WeightMap#effective(Map, int, int, int)}.
 */
public final class Parameters {
    private final NetworkConfig config;
    private final WeightMap map1, map2;
    private final List<WeightMap.ArraySpec> specs;
    private final Map<String, float[]> arrays;   // in the order of specs

    /**
     * Checks every array the maps declare: present, of the right length, finite, signs of exactly
     * +1 or -1, dann's matrices non-negative. Nothing else may be given. Dann's default
     * interneuron count is resolved for its layer.
     */
    public Parameters(NetworkConfig config, WeightMap map1, WeightMap map2, Map<String, float[]> arrays) {
        this.config = config;
        this.map1 = map1 = map1.forLayer(config.hidden());
        this.map2 = map2 = map2.forLayer(config.classes());
        List<WeightMap.ArraySpec> all = new ArrayList<>(map1.arrays(1, config.inputs(), config.hidden()));
        all.addAll(map2.arrays(2, config.hidden(), config.classes()));
        this.specs = List.copyOf(all);
        Map<String, float[]> checked = new LinkedHashMap<>();
        for (WeightMap.ArraySpec spec : specs) {
            float[] a = arrays.get(spec.name());
            if (a == null) {
                throw new IllegalArgumentException("the parameters lack '" + spec.name() + "' (weight map " + (spec.layer() == 1 ? map1 : map2).describe() + ")");
            }
            checked.put(spec.name(), spec.trainable() ? requireFinite(spec.name(), a, spec.length()) : requireSigns(spec.name(), a, spec.length()));
            if ((spec.layer() == 1 ? map1 : map2) instanceof WeightMap.Dann) requireNonNegative(spec.name(), a);
        }
        for (String name : arrays.keySet()) {
            if (!checked.containsKey(name)) throw new IllegalArgumentException("'" + name + "' is not a parameter of these weight maps");
        }
        this.arrays = Collections.unmodifiableMap(checked);
    }

    /** Raw weights and optional row signs: a layer with signs has Dale's law ({@code abs}), one without is unconstrained. */
    public Parameters(NetworkConfig config, float[] w1, float[] w2, float[] sign1, float[] sign2) {
        this(config, mapFor(sign1), mapFor(sign2), named(mapFor(sign1), mapFor(sign2), w1, w2, sign1, sign2));
    }

    /**
     * Elementwise or learned-sign maps' arrays from raw weights and row signs (null for a map
     * without them; the raw signs for learned ones).
     */
    public static Parameters of(NetworkConfig config, WeightMap map1, WeightMap map2, float[] w1, float[] w2, float[] sign1, float[] sign2) {
        return new Parameters(config, map1, map2, named(map1, map2, w1, w2, sign1, sign2));
    }

    private static WeightMap mapFor(float[] signs) {
        return signs == null ? new WeightMap.None() : new WeightMap.Abs();
    }

    private static Map<String, float[]> named(WeightMap map1, WeightMap map2, float[] w1, float[] w2, float[] sign1, float[] sign2) {
        Map<String, float[]> m = new LinkedHashMap<>();
        m.put("w1", w1);
        if (sign1 != null) m.put(map1.signArray(1), sign1);
        m.put("w2", w2);
        if (sign2 != null) m.put(map2.signArray(2), sign2);
        return m;
    }

    /**
     * The notebook's initialisation: uniform in (-b, b) with {@code b = 1/sqrt(columns)}, because
     * PyTorch takes fan_in from a 2-D tensor's second dimension (a quirk kept on purpose).
     */
    public static Parameters initialise(NetworkConfig config, LayerSigns layer1, LayerSigns layer2, RandomGenerator random) {
        return initialise(config, layer1, layer2, mapFor(layer1), mapFor(layer2), random);
    }

    /**
     * Each map's initial weights ({@link WeightMap#initialWeights}: the notebook's draws, as
     * {@code |u|} for the maps that keep weights non-negative so that the first effective weights
     * are the same for every sign map), layer 1's then layer 2's, then the row signs in the same
     * order, as the notebook draws them.
     */
    public static Parameters initialise(NetworkConfig config, LayerSigns layer1, LayerSigns layer2, WeightMap map1, WeightMap map2,
                                        RandomGenerator random) {
        map1 = map1.forLayer(config.hidden());
        map2 = map2.forLayer(config.classes());
        Map<String, float[]> arrays = new LinkedHashMap<>(map1.initialWeights(1, config.inputs(), config.hidden(), random));
        Map<String, float[]> second = map2.initialWeights(2, config.hidden(), config.classes(), random);
        float[] sign1 = layer1.rowSigns(config.inputs(), random), sign2 = layer2.rowSigns(config.hidden(), random);
        if (map1.hasRowSigns()) arrays.put(map1.signArray(1), sign1);
        arrays.putAll(second);
        if (map2.hasRowSigns()) arrays.put(map2.signArray(2), sign2);
        return new Parameters(config, map1, map2, arrays);
    }

    /** The map the notebook uses for a layer's signs: {@code |w| sign} with signs, the identity without. */
    public static WeightMap mapFor(LayerSigns signs) {
        return signs instanceof LayerSigns.Free ? new WeightMap.None() : new WeightMap.Abs();
    }

    public NetworkConfig config() { return config; }

    public WeightMap weightMap1() { return map1; }

    public WeightMap weightMap2() { return map2; }

    /** Every array's name, shape and whether it is trained, layer 1 first. */
    public List<WeightMap.ArraySpec> specs() { return specs; }

    /** The named arrays, in the order of {@link #specs()}; callers must not modify them. */
    public Map<String, float[]> arrays() { return arrays; }

    /** One named array, or null; callers must not modify it. */
    public float[] array(String name) { return arrays.get(name); }

    /** The raw W1 parameter of an elementwise or learned-sign map (null for dann); callers must not modify it. */
    public float[] w1() { return arrays.get("w1"); }

    public float[] w2() { return arrays.get("w2"); }

    /** Layer 1's row signs (fixed, or from the learned raw signs), or null when its map has none. */
    public float[] sign1() { return map1.rowSigns(arrays, 1); }

    public float[] sign2() { return map2.rowSigns(arrays, 2); }

    public float[] effectiveW1() {
        return map1.effective(arrays, 1, config.inputs(), config.hidden());
    }

    public float[] effectiveW2() {
        return map2.effective(arrays, 2, config.hidden(), config.classes());
    }

    public Parameters copy() {
        Map<String, float[]> copies = new LinkedHashMap<>();
        arrays.forEach((name, a) -> copies.put(name, a.clone()));
        return new Parameters(config, map1, map2, copies);
    }

    /** The same arrays for a network of other steps or constants (the same sizes). */
    public Parameters withConfig(NetworkConfig other) {
        return new Parameters(other, map1, map2, arrays);
    }

    /** The same maps and signs with other raw weights. */
    public Parameters withWeights(float[] newW1, float[] newW2) {
        return with("w1", newW1).with("w2", newW2);
    }

    /** The same parameters with one array replaced. */
    public Parameters with(String name, float[] values) {
        if (!arrays.containsKey(name)) throw new IllegalArgumentException("'" + name + "' is not a parameter of these weight maps");
        Map<String, float[]> m = new LinkedHashMap<>(arrays);
        m.put(name, values);
        return new Parameters(config, map1, map2, m);
    }

    /** True when every effective weight of an inhibitory row is <= 0 and of an excitatory row >= 0. */
    public boolean respectsDale() {
        return respects(effectiveW1(), sign1(), config.hidden()) && respects(effectiveW2(), sign2(), config.classes());
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

    private static float[] requireFinite(String name, float[] a, int expected) {
        if (a.length != expected) throw new IllegalArgumentException(name + " has " + a.length + " values, expected " + expected);
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) throw new IllegalArgumentException(name + " holds a non-finite value (" + a[i] + ") at flat index " + i);
        }
        return a;
    }

    private static void requireNonNegative(String name, float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] < 0f) throw new IllegalArgumentException(name + " holds a negative value (" + a[i] + ") at flat index " + i + "; dann's matrices are >= 0");
        }
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
        if (!(o instanceof Parameters p) || !config.equals(p.config) || !map1.equals(p.map1) || !map2.equals(p.map2)) return false;
        if (!arrays.keySet().equals(p.arrays.keySet())) return false;
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            if (!Arrays.equals(e.getValue(), p.arrays.get(e.getKey()))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = map1.hashCode() * 31 + map2.hashCode();
        for (float[] a : arrays.values()) h = h * 31 + Arrays.hashCode(a);
        return h;
    }
}
