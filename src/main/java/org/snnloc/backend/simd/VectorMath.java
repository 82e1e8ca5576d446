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
}
