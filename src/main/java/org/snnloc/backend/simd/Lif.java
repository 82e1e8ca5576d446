package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Layer 1, leaky integrate-and-fire with reset by multiplication, forward and backward through
 * time for one sample, vectorised over hidden neurons (SPEC.md section 2). With array index n
 * (V[0] = S[0] = 0):
 * <pre>
 *   P[n]   = alpha V[n] + h1[n]          pre-reset potential, n = 0 .. T-2
 *   V[n+1] = P[n] (1 - S[n])
 *   S[n+1] = H(V[n] - threshold)         from the old V, as the notebook
 * </pre>
 * Only P and S are stored: {@code V[n] = P[n-1] (1 - S[n-1])} is recomputed bit for bit when
 * needed. Operations are never fused into FMAs, so P, V and S are bit-identical to the scalar
 * reference.
 */
final class Lif {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;

    private Lif() {}

    /**
     * Runs layer 1 forward over columns {@code [from, to)}.
     *
     * @param pre    (steps, hp) holds h1[n] in rows 0 .. T-2 on entry, P[n] on return
     * @param spikes (steps, hp) receives S = s_rec, rows 0 .. T-1
     */
    static void forward(float[] pre, float[] spikes, int steps, int hp, int from, int to, float alpha, float threshold) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        for (int c = from; c < to; c += L) zero.intoArray(spikes, c);
        if (steps < 2) return;
        // n = 0: V[0] = 0, so P[0] = 0 + h1[0] (as the scalar engine adds it) and S[1] = H(-threshold).
        for (int c = from; c < to; c += L) {
            zero.add(FloatVector.fromArray(S, pre, c)).intoArray(pre, c);
            zero.blend(one, zero.compare(VectorOperators.GT, threshold)).intoArray(spikes, hp + c);
        }
        // Row by row, columns inside: a row depends on the previous one only through memory, so
        // the columns of a row are independent and the CPU overlaps them.
        for (int n = 1; n < steps - 1; n++) {
            int row = n * hp, previous = row - hp, next = row + hp;
            for (int c = from; c < to; c += L) {
                FloatVector v = FloatVector.fromArray(S, pre, previous + c).mul(one.sub(FloatVector.fromArray(S, spikes, previous + c)));
                v.mul(alpha).add(FloatVector.fromArray(S, pre, row + c)).intoArray(pre, row + c);
                zero.blend(one, v.compare(VectorOperators.GT, threshold)).intoArray(spikes, next + c);
            }
        }
    }

    /**
     * Backpropagation through time over columns {@code [from, to)}: fills dL/dh1. The loss reaches
     * the spikes through the readout, {@code dL/dS[n] = c_n q}, and through the reset factor
     * (1 - S[n]) of V[n+1]; the Heaviside step's derivative is the sigmoid surrogate:
     * <pre>
     *   gS[n]    = c_n q - P[n] gV[n+1]                                   (second term for n <= T-2)
     *   gV[n]    = alpha (1 - S[n]) gV[n+1] + gS[n+1] surrogate'(V[n] - threshold)   (0 for n = T-1)
     *   gh1[n-1] = (1 - S[n-1]) gV[n]
     * </pre>
     * so gh1[T-1] = gh1[T-2] = 0.
     *
     * @param q      (hp) dL/dm W2^T of this sample
     * @param c      (steps) readout coefficients c_n
     * @param gradH1 (steps, hp) output dL/dh1
     */
    static void backward(float[] pre, float[] spikes, float[] q, float[] c, int steps, int hp, int from, int to,
                         float alpha, float threshold, float beta, float[] gradH1) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        int last = steps - 1;
        for (int j = from; j < to; j += L) zero.intoArray(gradH1, last * hp + j);
        if (last == 0) return;
        // Pass 1, every (n, j) independent: the surrogate slopes, parked in gh1[n-1], which the
        // recurrence reads just before it overwrites that row. Out of the recurrence, the exp
        // and the division overlap freely instead of stalling each step.
        for (int n = 1; n < last; n++) {
            int row = n * hp, previous = row - hp;
            for (int j = from; j < to; j += L) {
                FloatVector vN = FloatVector.fromArray(S, pre, previous + j).mul(one.sub(FloatVector.fromArray(S, spikes, previous + j)));
                surrogate(vN.sub(threshold), beta).intoArray(gradH1, previous + j);
            }
        }
        // Pass 2, the recurrence, one column vector at a time.
        for (int j = from; j < to; j += L) {
            FloatVector qj = FloatVector.fromArray(S, q, j);
            // n = T-1: S[T-1] feeds only the readout, and V[T-1] nothing.
            FloatVector gS = qj.mul(c[last]);
            FloatVector gV = zero;
            zero.intoArray(gradH1, (last - 1) * hp + j);
            for (int n = last - 1; n >= 1; n--) {
                int row = n * hp + j, previous = row - hp;
                FloatVector slope = FloatVector.fromArray(S, gradH1, previous);
                FloatVector sN = FloatVector.fromArray(S, spikes, row);
                FloatVector gSn = qj.mul(c[n]).sub(FloatVector.fromArray(S, pre, row).mul(gV));
                FloatVector gVn = one.sub(sN).mul(alpha).mul(gV).add(gS.mul(slope));
                one.sub(FloatVector.fromArray(S, spikes, previous)).mul(gVn).intoArray(gradH1, previous);
                gV = gVn;
                gS = gSn;
            }
        }
    }

    /** beta sigma(beta x) (1 - sigma(beta x)), the derivative of a logistic of steepness beta. */
    private static FloatVector surrogate(FloatVector x, float beta) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector sigma = one.div(VectorMath.exp(x.mul(-beta)).add(1f));
        return sigma.mul(beta).mul(one.sub(sigma));
    }
}
