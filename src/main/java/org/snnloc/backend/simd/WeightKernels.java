package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.snnloc.train.Adam;

/**
 * Per-row weight updates: Dale's law as {@code W = |w| sign}, its chain rule, and Adam. Rows are
 * whole vectors long. The arithmetic is the scalar reference's, operation for operation (no
 * fused multiply-adds), so the same gradient gives the same bits.
 */
final class WeightKernels {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;

    private WeightKernels() {}

    /** {@code out = |raw| sign} over {@code [at, at + length)}, one sign for the whole row (a W1 row). */
    static void effective(float[] raw, float sign, int at, int length, float[] out) {
        for (int i = at, end = at + length; i < end; i += L) {
            FloatVector.fromArray(S, raw, i).lanewise(VectorOperators.ABS).mul(sign).intoArray(out, i);
        }
    }

    /** {@code out = |raw| signs} with one sign per column (a row of W2^T); {@code signs} has length hp. */
    static void effective(float[] raw, float[] signs, int at, int length, float[] out) {
        for (int i = 0; i < length; i += L) {
            FloatVector.fromArray(S, raw, at + i).lanewise(VectorOperators.ABS).mul(FloatVector.fromArray(S, signs, i)).intoArray(out, at + i);
        }
    }

    /** {@code sum += part} over {@code [at, at + length)}: one step of a fixed-order reduction. */
    static void addTo(float[] part, float[] sum, int at, int length) {
        for (int i = at, end = at + length; i < end; i += L) {
            FloatVector.fromArray(S, sum, i).add(FloatVector.fromArray(S, part, i)).intoArray(sum, i);
        }
    }

    /** In place, {@code grad = grad sign signum(raw)}: the gradient of {@code |raw| sign}, 0 where raw is 0. */
    static void rawGradient(float[] grad, float[] raw, float sign, int at, int length) {
        for (int i = at, end = at + length; i < end; i += L) {
            FloatVector.fromArray(S, grad, i).mul(sign).mul(signum(FloatVector.fromArray(S, raw, i))).intoArray(grad, i);
        }
    }

    /** As above with one sign per column. */
    static void rawGradient(float[] grad, float[] raw, float[] signs, int at, int length) {
        for (int i = 0; i < length; i += L) {
            FloatVector.fromArray(S, grad, at + i).mul(FloatVector.fromArray(S, signs, i))
                    .mul(signum(FloatVector.fromArray(S, raw, at + i))).intoArray(grad, at + i);
        }
    }

    private static FloatVector signum(FloatVector x) {
        FloatVector zero = FloatVector.zero(S);
        return zero.blend(1f, x.compare(VectorOperators.GT, 0f)).blend(-1f, x.compare(VectorOperators.LT, 0f));
    }

    /**
     * Adam as {@link Adam#update}, PyTorch 1.13's formula:
     * {@code m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  p -= lr_t m / (sqrt(v) / sqrt(bc2) + eps)}.
     */
    static void adam(float[] param, float[] grad, float[] m, float[] v, int at, int length, Adam.StepScalars k) {
        for (int i = at, end = at + length; i < end; i += L) {
            FloatVector g = FloatVector.fromArray(S, grad, i);
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(k.beta1()).add(g.mul(k.oneMinusBeta1()));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(k.beta2()).add(g.mul(g).mul(k.oneMinusBeta2()));
            FloatVector denominator = vi.lanewise(VectorOperators.SQRT).div(k.sqrtBiasCorrection2()).add(k.epsilon());
            FloatVector p = FloatVector.fromArray(S, param, i);
            p.sub(mi.div(denominator).mul(k.stepSize())).intoArray(param, i);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
        }
    }
}
