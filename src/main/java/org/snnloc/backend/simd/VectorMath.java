package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector functions built only from operations whose result is exactly defined (add, multiply,
 * fused multiply-add, bit moves). The Vector API's own {@code EXP} and {@code reduceLanes(ADD)}
 * may return different bits before and after C2 compiles the calling code (a Java loop of
 * {@code Math.exp} per lane and a sequential sum, then a vector library routine and a tree
 * sum), which made a training's result depend on when the JIT kicked in. These give the same
 * bits in every tier, so a seed always gives the same weights.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;

    // exp(x) = 2^n e^r with n = round(x / ln 2) and |r| <= ln 2 / 2 (Cody and Waite's split of ln 2).
    private static final float LOG2_E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;            // 1.5 * 2^23: adding it rounds to an integer
    private static final float MAX_ARGUMENT = 88f;                 // keeps n <= 127
    private static final float MIN_ARGUMENT = -87.3365478515625f; // keeps n >= -126, e^x normal
    // Minimax polynomial for (e^r - 1 - r) / r^2 on [-ln 2 / 2, ln 2 / 2] (Cephes expf): about 1 ulp.
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
            P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    private VectorMath() {}

    /** e^x per lane, within about 1 ulp; arguments are clamped to the float range of e^x. */
    static FloatVector exp(FloatVector x) {
        x = x.max(MIN_ARGUMENT).min(MAX_ARGUMENT);
        FloatVector shifted = x.mul(LOG2_E).add(ROUND);            // n + 1.5 * 2^23, n in the low mantissa bits
        FloatVector n = shifted.sub(ROUND);
        FloatVector r = n.mul(-LN2_HI).add(x).sub(n.mul(LN2_LO));
        FloatVector r2 = r.mul(r);
        FloatVector poly = r.fma(P0, P1).fma(r, FloatVector.broadcast(S, P2)).fma(r, FloatVector.broadcast(S, P3))
                .fma(r, FloatVector.broadcast(S, P4)).fma(r, FloatVector.broadcast(S, P5));
        FloatVector expR = poly.fma(r2, r).add(1f);
        IntVector exponent = ((IntVector) shifted.viewAsIntegralLanes()).sub(Float.floatToRawIntBits(ROUND)).add(127).lanewise(VectorOperators.LSHL, 23);
        return expR.mul((FloatVector) exponent.viewAsFloatingLanes());
    }

    /** The lanes of {@code v} summed first to last: the same bits in every compiler tier. */
    static float sumLanes(FloatVector v, float[] scratch) {
        v.intoArray(scratch, 0);
        float sum = scratch[0];
        for (int i = 1; i < L; i++) sum += scratch[i];
        return sum;
    }
}
