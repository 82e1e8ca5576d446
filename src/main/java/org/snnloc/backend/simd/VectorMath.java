package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import org.snnloc.model.FloatMath;

/**
 * {@link FloatMath#powerOfTwo} lane by lane. The Vector API's own {@code EXP} may return other
 * bits before and after C2 compiles the calling code, so the kernels build e^x from
 * {@link FloatMath}'s exactly defined operations instead.
 */
final class VectorMath {
    private VectorMath() {}

    /** 2^n as a float, from {@code shifted = n + 1.5 * 2^23} (n in [-126, 127]): n + 127 moved into the exponent bits. */
    static FloatVector powerOfTwo(FloatVector shifted) {
        IntVector exponent = ((IntVector) shifted.viewAsIntegralLanes()).sub(Float.floatToRawIntBits(FloatMath.ROUND)).add(127)
                .lanewise(VectorOperators.LSHL, 23);
        return (FloatVector) exponent.viewAsFloatingLanes();
    }

    /**
     * {@link FloatMath#exp} lane by lane, for {@code MIN_ARGUMENT <= x <= 88}: the same operations
     * in the same order, so the same bits. (The sigmoid's slopes write it out in their loop, where
     * C2 compiles it faster.)
     */
    static FloatVector exp(FloatVector x) {
        FloatVector shifted = x.mul(FloatMath.LOG2_E).add(FloatMath.ROUND);
        FloatVector n = shifted.sub(FloatMath.ROUND);
        FloatVector r = n.mul(-FloatMath.LN2_HI).add(x).sub(n.mul(FloatMath.LN2_LO));
        FloatVector poly = r.fma(FloatMath.P0, FloatMath.P1).fma(r, FloatVector.broadcast(r.species(), FloatMath.P2))
                .fma(r, FloatVector.broadcast(r.species(), FloatMath.P3)).fma(r, FloatVector.broadcast(r.species(), FloatMath.P4))
                .fma(r, FloatVector.broadcast(r.species(), FloatMath.P5));
        return poly.fma(r.mul(r), r).add(1f).mul(powerOfTwo(shifted));
    }
}
