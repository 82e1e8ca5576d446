package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector math built only from operations whose result is exactly defined (add, multiply, fused
 * multiply-add, bit moves): the constants of the exp that the backward pass computes in its loop
 * ({@code Lif}), 2^n from bits, and a fixed-order lane sum. The Vector API's own {@code EXP} and {@code reduceLanes(ADD)}
 * may return different bits before and after C2 compiles the calling code (a Java loop of
 * {@code Math.exp} per lane and a sequential sum, then a vector library routine and a tree
 * sum), which made a training's result depend on when the JIT kicked in. These give the same
 * bits in every tier, so a seed always gives the same weights.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;

    // exp(x) = 2^n e^r with n = round(x / ln 2) and |r| <= ln 2 / 2 (Cody and Waite's split of ln 2).
    static final float LOG2_E = 1.44269504088896341f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float ROUND = 12582912f;            // 1.5 * 2^23: adding it rounds to an integer
    static final float MIN_ARGUMENT = -87.3365478515625f; // keeps n >= -126, e^x normal
    // Minimax polynomial for (e^r - 1 - r) / r^2 on [-ln 2 / 2, ln 2 / 2] (Cephes expf): about 1 ulp.
    static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
            P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    private VectorMath() {}

    /** 2^n as a float, from {@code shifted = n + 1.5 * 2^23} (n in [-126, 127]): n + 127 moved into the exponent bits. */
    static FloatVector powerOfTwo(FloatVector shifted) {
        IntVector exponent = ((IntVector) shifted.viewAsIntegralLanes()).sub(Float.floatToRawIntBits(ROUND)).add(127)
                .lanewise(VectorOperators.LSHL, 23);
        return (FloatVector) exponent.viewAsFloatingLanes();
    }

    /** The lanes of {@code v} summed first to last: the same bits in every compiler tier. */
    static float sumLanes(FloatVector v, float[] scratch) {
        v.intoArray(scratch, 0);
        float sum = scratch[0];
        for (int i = 1; i < L; i++) sum += scratch[i];
        return sum;
    }
}
