package org.snnloc.io;

import org.snnloc.model.LeakyLayer;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.model.SpikingLayer;
import org.snnloc.model.Surrogate;
import org.snnloc.model.WeightMap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code model.npz}: a trained network that NumPy opens with {@code numpy.load} and that a model
 * trained elsewhere (PyTorch, saved with {@code numpy.savez}) can be given as.
 *
 * <pre>
 *   w1            (inputs, hidden)   float32  raw parameter
 *   w2            (hidden, classes)  float32  raw parameter
 *   sign1         (inputs, hidden)   float32  +-1, constant along each row; absent = W1 unconstrained
 *   sign2         (hidden, classes)  float32  likewise for W2
 *   sign1_raw     (inputs,)          float32  learned signs instead of sign1: s = +1 if raw >= 0 else -1
 *   w1_ee, w1_ie, w1_ei  (inputs, hidden), (inputs, NI), (NI, hidden)  float32  dann instead of w1: W1 = ee - ie @ ei
 *   w1_effective  (inputs, hidden)   float32  what the network uses (|w1| * sign1 for the notebook's map)
 *   w2_effective  (hidden, classes)  float32
 *   tau_ms (hidden), tau_output_ms, dt_ms, threshold, surrogate_beta, readout_scale   0-d float64
 *   steps, classes                                            0-d int64
 *   model_json    (bytes,)           uint8    UTF-8 JSON of the network and its weight maps
 * </pre>
 * {@code model_json} ({@code json.loads(bytes(m["model_json"]))} in Python) rebuilds exactly the
 * network that trained the model: its surrogate, its constants, each layer's weight map. A file
 * without it (written by NumPy) takes the scalars, and the notebook's value for every scalar that
 * is missing (tau 5 ms, dt 1 ms, threshold 1, 100 steps, ...). Signs may also be given per row,
 * shaped (inputs,) and (hidden,).
 */
public final class ModelFile {
    static final String DESCRIPTION = "model_json";

    /** What {@code model_json} holds. */
    record Description(NetworkConfig network, WeightMap w1Map, WeightMap w2Map) {}

    private ModelFile() {}

    public static void write(Path file, Parameters p) throws IOException {
        Npz.write(file, arrays(p), false);
    }

    public static Map<String, NpyArray> arrays(Parameters p) {
        NetworkConfig net = p.config();
        int I = net.inputs(), H = net.hidden(), C = net.classes();
        Map<String, NpyArray> a = new LinkedHashMap<>();
        for (WeightMap.ArraySpec spec : p.specs()) {
            float[] values = p.arrays().get(spec.name());
            int columns = spec.layer() == 1 ? H : C;
            // Row signs are written as the notebook keeps them: the full (rows, columns) matrix.
            if (!spec.trainable()) a.put(spec.name(), NpyArray.ofFloats(broadcastRows(values, columns), values.length, columns));
            else a.put(spec.name(), NpyArray.ofFloats(values, spec.shape()));
        }
        a.put("w1_effective", NpyArray.ofFloats(p.effectiveW1(), I, H));
        a.put("w2_effective", NpyArray.ofFloats(p.effectiveW2(), H, C));
        a.put("tau_ms", NpyArray.scalarFloat64(net.hiddenLayer().tauSeconds() * 1e3));
        a.put("tau_output_ms", NpyArray.scalarFloat64(net.outputLayer().tauSeconds() * 1e3));
        a.put("dt_ms", NpyArray.scalarFloat64(net.dtSeconds() * 1e3));
        a.put("threshold", NpyArray.scalarFloat64(asDecimal(net.threshold())));
        // The notebook's surrogate as a scalar for NumPy readers; every surrogate is in model_json.
        if (net.surrogate() instanceof Surrogate.Sigmoid sigmoid) a.put("surrogate_beta", NpyArray.scalarFloat64(asDecimal(sigmoid.scale())));
        a.put("readout_scale", NpyArray.scalarFloat64(asDecimal(net.readoutScale())));
        a.put("steps", NpyArray.scalarInt64(net.steps()));
        a.put("classes", NpyArray.scalarInt64(C));
        byte[] description = Json.toString(new Description(net, p.weightMap1(), p.weightMap2())).getBytes(StandardCharsets.UTF_8);
        a.put(DESCRIPTION, NpyArray.ofUint8(description, description.length));
        return a;
    }

    /**
     * A model as read: its parameters, and whether the file records its network and weight maps
     * ({@code model_json}; snnloc's own models do, NumPy-written ones do not).
     */
    public record Loaded(Parameters parameters, boolean describesItself) {}

    /** Reads and checks a model; every problem is reported as an {@link NpyFormatException} naming it. */
    public static Parameters read(Path file) {
        return load(file).parameters();
    }

    /** {@link #read}, also saying whether the file describes its own model. */
    public static Loaded load(Path file) {
        Map<String, NpyArray> a = Npz.read(file);
        // A layer's matrix: its raw weights, or dann's excitatory matrix of the same shape.
        String first = !a.containsKey("w1") && a.containsKey("w1_ee") ? "w1_ee" : "w1";
        String second = !a.containsKey("w2") && a.containsKey("w2_ee") ? "w2_ee" : "w2";
        NpyArray w1 = require(a, first, file);
        NpyArray w2 = require(a, second, file);
        requireFloat(w1, first, file);
        requireFloat(w2, second, file);
        if (w1.rank() != 2 || w2.rank() != 2) {
            throw new NpyFormatException(file + ": " + first + " and " + second + " must be 2-D (inputs x hidden, hidden x classes), found "
                    + Arrays.toString(w1.shape()) + " and " + Arrays.toString(w2.shape()));
        }
        int I = w1.shape()[0], H = w1.shape()[1], C = w2.shape()[1];
        if (w2.shape()[0] != H) {
            throw new NpyFormatException(file + ": " + first + " has " + H + " hidden columns but " + second + " has " + w2.shape()[0] + " rows");
        }
        if (I == 0 || H == 0 || C < 2) throw new NpyFormatException(file + ": weight matrices are empty or have fewer than 2 classes");
        if (a.containsKey(DESCRIPTION)) return new Loaded(described(a, w1, w2, file), true);
        NetworkConfig notebook = NetworkConfig.notebook();
        long steps = (long) scalar(a, "steps", notebook.steps(), file);
        if (a.containsKey("classes") && (long) scalar(a, "classes", C, file) != C) {
            throw new NpyFormatException(file + ": 'classes' says " + (long) scalar(a, "classes", C, file) + " but " + second + " has " + C + " columns");
        }
        NetworkConfig net;
        try {
            double tauMs = scalar(a, "tau_ms", notebook.hiddenLayer().tauSeconds() * 1e3, file);
            net = new NetworkConfig(I, H, C, Math.toIntExact(steps),
                    scalar(a, "dt_ms", notebook.dtSeconds() * 1e3, file) / 1e3,
                    new SpikingLayer(tauMs / 1e3, (float) scalar(a, "threshold", notebook.threshold(), file),
                            new Surrogate.Sigmoid((float) scalar(a, "surrogate_beta", 5.0, file))),
                    new LeakyLayer(scalar(a, "tau_output_ms", tauMs, file) / 1e3),
                    (float) scalar(a, "readout_scale", notebook.readoutScale(), file));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new NpyFormatException(file + ": " + e.getMessage());
        }
        Map<String, float[]> arrays = new LinkedHashMap<>();
        WeightMap map1 = numpyLayer(a, 1, I, H, file, arrays), map2 = numpyLayer(a, 2, H, C, file, arrays);
        try {
            return new Loaded(new Parameters(net, map1, map2, arrays), false);
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(file + ": " + e.getMessage());
        }
    }

    /**
     * One layer of a file without {@code model_json}, by the arrays it holds: dann's three
     * matrices, raw weights with learned signs ({@code signK_raw}), with fixed signs, or alone.
     * The map found here is the arrays' natural reading; the command's options say which map
     * trains them ({@code ModelOptions.adopt}).
     */
    private static WeightMap numpyLayer(Map<String, NpyArray> a, int layer, int rows, int columns, Path file, Map<String, float[]> arrays) {
        String w = "w" + layer, sign = "sign" + layer;
        if (!a.containsKey(w) && a.containsKey(w + "_ee")) {
            NpyArray ie = require(a, w + "_ie", file), ei = require(a, w + "_ei", file);
            int ni = ie.rank() == 2 ? ie.shape()[1] : -1;
            if (ie.rank() != 2 || ie.shape()[0] != rows || ni < 1) {
                throw new NpyFormatException(file + ": " + w + "_ie has shape " + Arrays.toString(ie.shape()) + ", expected (" + rows + ", NI)");
            }
            if (ei.rank() != 2 || ei.shape()[0] != ni || ei.shape()[1] != columns) {
                throw new NpyFormatException(file + ": " + w + "_ei has shape " + Arrays.toString(ei.shape()) + ", expected (" + ni + ", " + columns + ")");
            }
            for (String part : List.of("_ee", "_ie", "_ei")) {
                requireFloat(a.get(w + part), w + part, file);
                arrays.put(w + part, finite(a.get(w + part), w + part, file));
            }
            return new WeightMap.Dann(ni);
        }
        arrays.put(w, finite(a.get(w), w, file));
        NpyArray raw = a.get(sign + "_raw");
        if (raw != null) {
            requireFloat(raw, sign + "_raw", file);
            if (raw.rank() != 1 || raw.shape()[0] != rows) {
                throw new NpyFormatException(file + ": " + sign + "_raw has shape " + Arrays.toString(raw.shape()) + ", expected (" + rows + ",)");
            }
            arrays.put(sign + "_raw", raw.toFloats());
            return new WeightMap.LearnedSigns(new WeightMap.Abs());
        }
        float[] signs = rowSigns(a.get(sign), sign, rows, columns, file);
        if (signs == null) return new WeightMap.None();
        arrays.put(sign, signs);
        return new WeightMap.Abs();
    }

    /** A model that records its network: the weights must fit it, and the signs its weight maps. */
    private static Parameters described(Map<String, NpyArray> a, NpyArray w1, NpyArray w2, Path file) {
        NpyArray bytes = a.get(DESCRIPTION);
        if (bytes.dtype() != NpyArray.DType.UINT8 || bytes.rank() != 1) {
            throw new NpyFormatException(file + ": '" + DESCRIPTION + "' must be a 1-D uint8 array of UTF-8 JSON");
        }
        byte[] text = new byte[Math.toIntExact(bytes.size())];
        for (int i = 0; i < text.length; i++) text[i] = (byte) bytes.getLong(i);
        Description d;
        try {
            d = Json.read(new String(text, StandardCharsets.UTF_8), Description.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new NpyFormatException(file + ": '" + DESCRIPTION + "' is not a model description ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (d.network() == null || d.w1Map() == null || d.w2Map() == null) {
            throw new NpyFormatException(file + ": '" + DESCRIPTION + "' lacks the network or a layer's weight map");
        }
        NetworkConfig net = d.network();
        int I = w1.shape()[0], H = w1.shape()[1], C = w2.shape()[1];
        if (net.inputs() != I || net.hidden() != H || net.classes() != C) {
            throw new NpyFormatException(file + ": '" + DESCRIPTION + "' describes " + net.inputs() + " x " + net.hidden() + " x "
                    + net.classes() + " neurons, the weights are " + I + " x " + H + " x " + C);
        }
        Map<String, float[]> arrays = new LinkedHashMap<>();
        List<WeightMap.ArraySpec> specs = new ArrayList<>(d.w1Map().arrays(1, I, H));
        specs.addAll(d.w2Map().arrays(2, H, C));
        for (WeightMap.ArraySpec spec : specs) {
            NpyArray array = a.get(spec.name());
            if (array == null) {
                throw new NpyFormatException(file + ": the weight map '" + (spec.layer() == 1 ? d.w1Map() : d.w2Map()).describe()
                        + "' needs '" + spec.name() + "', which is missing");
            }
            if (spec.trainable()) {
                requireFloat(array, spec.name(), file);
                if (spec.shape().length == 1 && array.rank() == 1 && array.shape()[0] == spec.shape()[0]) {   // learned raw signs
                    arrays.put(spec.name(), array.toFloats());
                    continue;
                }
                if (!Arrays.equals(array.shape(), spec.shape())) {
                    throw new NpyFormatException(file + ": " + spec.name() + " has shape " + Arrays.toString(array.shape()) + ", expected "
                            + Arrays.toString(spec.shape()));
                }
                arrays.put(spec.name(), finite(array, spec.name(), file));
            } else {
                arrays.put(spec.name(), rowSigns(array, spec.name(), spec.shape()[0], spec.layer() == 1 ? H : C, file));
            }
        }
        for (String extra : List.of("sign1", "sign2", "sign1_raw", "sign2_raw")) {
            if (a.containsKey(extra) && !arrays.containsKey(extra)) {
                WeightMap map = extra.startsWith("sign1") ? d.w1Map() : d.w2Map();
                throw new NpyFormatException(file + ": the weight map '" + map.describe() + "' does not use " + extra + ", but it is there");
            }
        }
        try {
            return new Parameters(net, d.w1Map(), d.w2Map(), arrays);
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(file + ": " + e.getMessage());
        }
    }

    /** The shortest decimal that reads back as {@code f}: 0.01f is written as 0.01, not 0.009999999776. */
    private static double asDecimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private static float[] broadcastRows(float[] rowSigns, int columns) {
        float[] out = new float[rowSigns.length * columns];
        for (int r = 0; r < rowSigns.length; r++) Arrays.fill(out, r * columns, (r + 1) * columns, rowSigns[r]);
        return out;
    }

    private static NpyArray require(Map<String, NpyArray> a, String name, Path file) {
        NpyArray array = a.get(name);
        if (array == null) throw new NpyFormatException(file + " has no array '" + name + "' (it holds " + String.join(", ", a.keySet()) + ")");
        return array;
    }

    private static void requireFloat(NpyArray array, String name, Path file) {
        if (!array.dtype().floating) {
            throw new NpyFormatException(file + ": " + name + " has dtype " + array.dtype().numpyName + ", expected float32 or float64");
        }
    }

    private static double scalar(Map<String, NpyArray> a, String name, double fallback, Path file) {
        NpyArray array = a.get(name);
        if (array == null) return fallback;
        if (array.size() != 1) throw new NpyFormatException(file + ": '" + name + "' must be a single value, found shape " + Arrays.toString(array.shape()));
        double v = array.getDouble(0);
        if (!Double.isFinite(v)) throw new NpyFormatException(file + ": '" + name + "' is " + v);
        return v;
    }

    private static float[] finite(NpyArray array, String name, Path file) {
        float[] values = array.toFloats();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                int cols = array.shape()[1];
                throw new NpyFormatException(file + ": " + name + " holds " + values[i] + " at [" + i / cols + ", " + i % cols + "]");
            }
        }
        return values;
    }

    private static float[] rowSigns(NpyArray signs, String name, int rows, int columns, Path file) {
        if (signs == null) return null;
        int[] shape = signs.shape();
        boolean perRow = shape.length == 1 && shape[0] == rows;
        boolean full = shape.length == 2 && shape[0] == rows && shape[1] == columns;
        if (!perRow && !full) {
            throw new NpyFormatException(file + ": " + name + " has shape " + Arrays.toString(shape) + ", expected ("
                    + rows + ", " + columns + ") or (" + rows + ",)");
        }
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            int stride = perRow ? 1 : columns;
            double first = signs.getDouble((long) r * stride);
            if (first != 1 && first != -1) throw new NpyFormatException(file + ": " + name + " row " + r + " holds " + first + "; signs must be +1 or -1");
            for (int c = 1; !perRow && c < columns; c++) {
                if (signs.getDouble((long) r * columns + c) != first) {
                    throw new NpyFormatException(file + ": " + name + " row " + r + " mixes signs; Dale's law needs one sign per presynaptic row");
                }
            }
            out[r] = (float) first;
        }
        return out;
    }
}
