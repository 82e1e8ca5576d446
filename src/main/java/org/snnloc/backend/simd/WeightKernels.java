package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.snnloc.model.WeightMap;
import org.snnloc.train.Adam;

/**
 * Element-wise weight kernels: the fixed-order sum of partial gradients, each {@link WeightMap}'s
 * effective weights and pullback, and Adam. Each case computes its map's scalar formula operation
 * for operation (no fused multiply-adds), so the same inputs give the scalar reference's bits.
 * Signs are stored in the weights' own layout (a row's sign repeated along the row, or a column's
 * down the column), so both layers share one kernel.
 */
final class WeightKernels {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;

    private WeightKernels() {}

    /** {@code sum += part} over {@code [at, at + length)}: one step of a fixed-order reduction. */
    static void addTo(float[] part, float[] sum, int at, int length) {
        for (int i = at, end = at + length; i < end; i += L) {
            FloatVector.fromArray(S, sum, i).add(FloatVector.fromArray(S, part, i)).intoArray(sum, i);
        }
    }

    /** {@code effective = map.effective(raw, sign)}. */
    static void effective(WeightMap.Elementwise map, float[] raw, float[] signs, int at, int length, float[] effective) {
        switch (map) {
            case WeightMap.None none -> System.arraycopy(raw, at, effective, at, length);
            case WeightMap.Abs abs -> {
                for (int i = at, end = at + length; i < end; i += L) {
                    FloatVector.fromArray(S, raw, i).lanewise(VectorOperators.ABS).mul(FloatVector.fromArray(S, signs, i)).intoArray(effective, i);
                }
            }
            // Maps without a vector case run their record's formula: a weight update touches each
            // weight once per step, a small part of it.
            default -> map.effective(raw, signs, at, length, effective);
        }
    }

    /** In place, {@code grad = map.pullback(grad, raw, sign)}. */
    static void pullback(WeightMap.Elementwise map, float[] grad, float[] raw, float[] signs, int at, int length) {
        switch (map) {
            case WeightMap.None none -> {}
            case WeightMap.Abs abs -> {
                for (int i = at, end = at + length; i < end; i += L) {
                    FloatVector.fromArray(S, grad, i).mul(FloatVector.fromArray(S, signs, i)).mul(signum(FloatVector.fromArray(S, raw, i)))
                            .intoArray(grad, i);
                }
            }
            default -> map.pullback(grad, raw, signs, at, length);
        }
    }

    /** In place, {@code raw = map.project(raw)}: the clamp at 0 as a vector max, nothing for the maps without a projection. */
    static void project(WeightMap.Elementwise map, float[] raw, int at, int length) {
        switch (map) {
            case WeightMap.Clamp clamp -> {
                FloatVector zero = FloatVector.zero(S);
                for (int i = at, end = at + length; i < end; i += L) FloatVector.fromArray(S, raw, i).max(zero).intoArray(raw, i);
            }
            case WeightMap.Abs abs -> {}
            case WeightMap.None none -> {}
            default -> map.project(raw, at, length);
        }
    }

    /**
     * Adam as {@link Adam} (PyTorch 1.13): {@code m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
     * p -= m / (sqrt(v) / sqrt(bc2) + eps) lr_t}.
     */
    static void adam(float[] raw, float[] grad, float[] m, float[] v, int at, int length, Adam.StepScalars k) {
        for (int i = at, end = at + length; i < end; i += L) {
            FloatVector g = FloatVector.fromArray(S, grad, i);
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(k.beta1()).add(g.mul(k.oneMinusBeta1()));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(k.beta2()).add(g.mul(g).mul(k.oneMinusBeta2()));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector denominator = vi.lanewise(VectorOperators.SQRT).div(k.sqrtBiasCorrection2()).add(k.epsilon());
            FloatVector.fromArray(S, raw, i).sub(mi.div(denominator).mul(k.stepSize())).intoArray(raw, i);
        }
    }

    /** +1, -1, or +0 at both zeros. */
    private static FloatVector signum(FloatVector x) {
        FloatVector zero = FloatVector.zero(S);
        return zero.blend(1f, x.compare(VectorOperators.GT, 0f)).blend(-1f, x.compare(VectorOperators.LT, 0f));
    }
}
