package org.snnloc.network;

import org.snnloc.backend.cpu.Kernels;
import org.snnloc.model.WeightMap;
import org.snnloc.train.Adam;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One layer under {@link WeightMap.Dann}: its three raw matrices {@code W = A - B C} in their
 * natural row-major layout (rows = presynaptic neurons), their Adam state and the effective
 * weights they give. The network hands it {@code dL/dW} after each batch; the map's record holds
 * the formulas, so every CPU backend computes the same bits.
 */
final class InterneuronLayer {
    private static final WeightMap.Clamp NON_NEGATIVE = new WeightMap.Clamp();

    private final WeightMap.Dann map;
    private final Kernels kernels;
    private final int layer, rows, columns, interneurons;
    private final float[] a, b, c;                 // (rows, columns), (rows, NI), (NI, columns); padded for the vector kernels
    private final float[] gradA, gradB, gradC;
    private final float[] mA, vA, mB, vB, mC, vC;
    private final float[] effective;               // (rows, columns)

    InterneuronLayer(WeightMap.Dann map, int layer, int rows, int columns, Kernels kernels) {
        this.map = map;
        this.kernels = kernels;
        this.layer = layer;
        this.rows = rows;
        this.columns = columns;
        this.interneurons = map.interneurons();
        int sizeA = kernels.paddedLength(rows * columns), sizeB = kernels.paddedLength(rows * interneurons);
        int sizeC = kernels.paddedLength(interneurons * columns);
        a = new float[sizeA];
        b = new float[sizeB];
        c = new float[sizeC];
        gradA = new float[sizeA];
        gradB = new float[sizeB];
        gradC = new float[sizeC];
        mA = new float[sizeA];
        vA = new float[sizeA];
        mB = new float[sizeB];
        vB = new float[sizeB];
        mC = new float[sizeC];
        vC = new float[sizeC];
        effective = new float[rows * columns];
    }

    /** Takes the layer's arrays from a parameter set, clears Adam's state and computes W. */
    void set(Map<String, float[]> arrays) {
        copyIn(arrays.get(name("ee")), a);
        copyIn(arrays.get(name("ie")), b);
        copyIn(arrays.get(name("ei")), c);
        for (float[] s : new float[][] {mA, vA, mB, vB, mC, vC}) Arrays.fill(s, 0f);
        map.effective(a, b, c, rows, columns, effective);
    }

    /**
     * The gradients of A, B and C from {@code gradW} (rows x columns) and, when {@code step} is
     * given, one Adam step on each, the clamp at 0, and the new W.
     */
    void update(float[] gradW, Adam.StepScalars step) {
        map.pullback(gradW, b, c, rows, columns, gradA, gradB, gradC);
        if (step == null) return;
        for (float[][] p : new float[][][] {{a, gradA, mA, vA}, {b, gradB, mB, vB}, {c, gradC, mC, vC}}) {
            kernels.adam(p[0], p[1], p[2], p[3], 0, p[0].length, step);
            kernels.project(NON_NEGATIVE, p[0], 0, p[0].length);
        }
        map.effective(a, b, c, rows, columns, effective);
    }

    /** W (rows x columns); callers must not modify it. */
    float[] effective() {
        return effective;
    }

    /** The raw arrays, their gradients of the last {@link #update} or Adam's moments, by the raw arrays' names, copied. */
    Map<String, float[]> named(Network.Held what) {
        return switch (what) {
            case RAW -> named(a, b, c);
            case GRADIENT -> named(gradA, gradB, gradC);
            case FIRST_MOMENT -> named(mA, mB, mC);
            case SECOND_MOMENT -> named(vA, vB, vC);
        };
    }

    /** Adam's moments from a checkpoint. */
    void restoreMoments(Map<String, float[]> first, Map<String, float[]> second) {
        copyIn(first.get(name("ee")), mA);
        copyIn(first.get(name("ie")), mB);
        copyIn(first.get(name("ei")), mC);
        copyIn(second.get(name("ee")), vA);
        copyIn(second.get(name("ie")), vB);
        copyIn(second.get(name("ei")), vC);
    }

    private Map<String, float[]> named(float[] ee, float[] ie, float[] ei) {
        Map<String, float[]> m = new LinkedHashMap<>();
        m.put(name("ee"), Arrays.copyOf(ee, rows * columns));
        m.put(name("ie"), Arrays.copyOf(ie, rows * interneurons));
        m.put(name("ei"), Arrays.copyOf(ei, interneurons * columns));
        return m;
    }

    private String name(String part) {
        return "w" + layer + "_" + part;
    }

    private static void copyIn(float[] from, float[] to) {
        Arrays.fill(to, 0f);
        System.arraycopy(from, 0, to, 0, from.length);
    }
}
