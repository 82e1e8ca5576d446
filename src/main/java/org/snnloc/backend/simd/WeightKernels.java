package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.snnloc.train.Adam;

/**
 * Per-row weight updates: the fixed-order sum of partial gradients, Dale's law as
 * {@code W = |w| sign} with its chain rule, and Adam. Signs are stored in the weights' own layout
 * (a row's sign repeated along the row, or a column's down the column), so both layers share one
 * kernel; null signs mean an unconstrained layer ({@code W = w}). The arithmetic is the scalar
 * reference's operation for operation (no fused multiply-adds), so the same gradient gives the
 * same bits.
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

    /** In place, {@code grad = grad sign signum(raw)}: the gradient of {@code |raw| sign}, 0 where raw is 0. */
    static void rawGradient(float[] grad, float[] raw, float[] signs, int at, int length) {
        if (signs == null) return;
        for (int i = at, end = at + length; i < end; i += L) {
            FloatVector.fromArray(S, grad, i).mul(FloatVector.fromArray(S, signs, i)).mul(signum(FloatVector.fromArray(S, raw, i)))
                    .intoArray(grad, i);
        }
    }

    /** {@code effective = |raw| sign}, or a copy of raw when signs is null. */
    static void effective(float[] raw, float[] signs, int at, int length, float[] effective) {
        if (signs == null) {
            System.arraycopy(raw, at, effective, at, length);
            return;
        }
        for (int i = at, end = at + length; i < end; i += L) {
            FloatVector.fromArray(S, raw, i).lanewise(VectorOperators.ABS).mul(FloatVector.fromArray(S, signs, i)).intoArray(effective, i);
        }
    }

    /**
     * In one pass over a row, with {@code grad} the gradient of the effective weights: the chain
     * rule to the raw weights (left in grad), Adam as {@link Adam#update} (PyTorch 1.13:
     * {@code m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  p -= lr_t m / (sqrt(v) / sqrt(bc2) + eps)}),
     * and the new effective row.
     */
    static void adamStep(float[] raw, float[] grad, float[] signs, float[] m, float[] v, float[] effective, int at, int length,
                         Adam.StepScalars k) {
        if (signs == null) {
            for (int i = at, end = at + length; i < end; i += L) {
                FloatVector p = adam(FloatVector.fromArray(S, raw, i), FloatVector.fromArray(S, grad, i), m, v, i, k);
                p.intoArray(raw, i);
                p.intoArray(effective, i);
            }
            return;
        }
        for (int i = at, end = at + length; i < end; i += L) {
            FloatVector p = FloatVector.fromArray(S, raw, i), sign = FloatVector.fromArray(S, signs, i);
            FloatVector g = FloatVector.fromArray(S, grad, i).mul(sign).mul(signum(p));
            g.intoArray(grad, i);
            p = adam(p, g, m, v, i, k);
            p.intoArray(raw, i);
            p.lanewise(VectorOperators.ABS).mul(sign).intoArray(effective, i);
        }
    }

    /** Adam on one vector of parameters: updates the moments at {@code i} and returns the new parameters. */
    private static FloatVector adam(FloatVector p, FloatVector g, float[] m, float[] v, int i, Adam.StepScalars k) {
        FloatVector mi = FloatVector.fromArray(S, m, i).mul(k.beta1()).add(g.mul(k.oneMinusBeta1()));
        FloatVector vi = FloatVector.fromArray(S, v, i).mul(k.beta2()).add(g.mul(g).mul(k.oneMinusBeta2()));
        mi.intoArray(m, i);
        vi.intoArray(v, i);
        FloatVector denominator = vi.lanewise(VectorOperators.SQRT).div(k.sqrtBiasCorrection2()).add(k.epsilon());
        return p.sub(mi.div(denominator).mul(k.stepSize()));
    }

    private static FloatVector signum(FloatVector x) {
        FloatVector zero = FloatVector.zero(S);
        return zero.blend(1f, x.compare(VectorOperators.GT, 0f)).blend(-1f, x.compare(VectorOperators.LT, 0f));
    }
}
