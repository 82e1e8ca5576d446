package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.snnloc.model.FloatMath;
import org.snnloc.model.Surrogate;

/**
 * Layer 1, leaky integrate-and-fire with reset by multiplication, forward and backward through
 * time for one sample, vectorised over hidden neurons (docs/model.md). With array index n
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
     * <p>Two vectors of columns at a time go down all the steps with P and the last two rows of S
     * in registers: each step then waits only on its own multiply and add, not on reloading what
     * the step before stored (which made the loop a chain of store-to-load forwards; this is 30%
     * faster). A last odd vector goes row by row through memory.
     *
     * @param pre    (steps, hp) holds h1[n] in rows 0 .. T-2 on entry, P[n] on return
     * @param spikes (steps, hp) receives S = s_rec, rows 0 .. T-1
     */
    static void forward(float[] pre, float[] spikes, int steps, int hp, int from, int to, float alpha, float threshold) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        for (int c = from; c < to; c += L) zero.intoArray(spikes, c);
        if (steps < 2) return;
        int c = from;
        for (; c + 2 * L <= to; c += 2 * L) {
            // n = 0: V[0] = 0, so P[0] = 0 + h1[0] (as the scalar engine adds it) and S[1] = H(-threshold).
            FloatVector p0 = zero.add(FloatVector.fromArray(S, pre, c)), p1 = zero.add(FloatVector.fromArray(S, pre, c + L));
            p0.intoArray(pre, c);
            p1.intoArray(pre, c + L);
            FloatVector before0 = zero, before1 = zero;                                   // S[n-1]
            FloatVector s0 = zero.blend(one, zero.compare(VectorOperators.GT, threshold)), s1 = s0;   // S[n]
            s0.intoArray(spikes, hp + c);
            s1.intoArray(spikes, hp + c + L);
            for (int n = 1; n < steps - 1; n++) {
                int row = n * hp + c, next = row + hp;
                FloatVector v0 = p0.mul(one.sub(before0)), v1 = p1.mul(one.sub(before1));
                p0 = v0.mul(alpha).add(FloatVector.fromArray(S, pre, row));
                p1 = v1.mul(alpha).add(FloatVector.fromArray(S, pre, row + L));
                p0.intoArray(pre, row);
                p1.intoArray(pre, row + L);
                before0 = s0;
                before1 = s1;
                s0 = zero.blend(one, v0.compare(VectorOperators.GT, threshold));
                s1 = zero.blend(one, v1.compare(VectorOperators.GT, threshold));
                s0.intoArray(spikes, next);
                s1.intoArray(spikes, next + L);
            }
        }
        if (c == to) return;
        for (int j = c; j < to; j += L) {
            zero.add(FloatVector.fromArray(S, pre, j)).intoArray(pre, j);
            zero.blend(one, zero.compare(VectorOperators.GT, threshold)).intoArray(spikes, hp + j);
        }
        for (int n = 1; n < steps - 1; n++) {
            int row = n * hp, previous = row - hp, next = row + hp;
            for (int j = c; j < to; j += L) {
                FloatVector v = FloatVector.fromArray(S, pre, previous + j).mul(one.sub(FloatVector.fromArray(S, spikes, previous + j)));
                v.mul(alpha).add(FloatVector.fromArray(S, pre, row + j)).intoArray(pre, row + j);
                zero.blend(one, v.compare(VectorOperators.GT, threshold)).intoArray(spikes, next + j);
            }
        }
    }

    /**
     * Backpropagation through time over columns {@code [from, to)}: fills dL/dh1. The loss reaches
     * the spikes through the readout, {@code dL/dS[n] = c_n q}, and through the reset factor
     * (1 - S[n]) of V[n+1]; the Heaviside step's derivative is the surrogate's slope:
     * <pre>
     *   gS[n]    = c_n q - P[n] gV[n+1]                                   (second term for n <= T-2)
     *   gV[n]    = (1 - S[n]) alpha gV[n+1] + gS[n+1] slope(V[n] - threshold)   (0 for n = T-1)
     *   gh1[n-1] = (1 - S[n-1]) gV[n]
     * </pre>
     * so gh1[T-1] = gh1[T-2] = 0.
     *
     * @param q      (hp) dL/dm W2^T of this sample
     * @param c      (steps) readout coefficients c_n
     * @param gradH1 (steps, hp) output dL/dh1
     */
    static void backward(float[] pre, float[] spikes, float[] q, float[] c, int steps, int hp, int from, int to,
                         float alpha, float threshold, Surrogate surrogate, float[] gradH1) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        int last = steps - 1;
        for (int j = from; j < to; j += L) zero.intoArray(gradH1, last * hp + j);
        if (last == 0) return;
        if (surrogate instanceof Surrogate.Sigmoid sigmoid) sigmoidSlopes(pre, spikes, last, hp, from, to, threshold, sigmoid.scale(), gradH1);
        else slopes(pre, spikes, last, hp, from, to, threshold, surrogate, gradH1);
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

    /**
     * Pass 1 of the backward pass, every (n, j) independent: {@link Surrogate.Sigmoid#slope} of
     * {@code V[n] - threshold}, parked in gh1[n-1], which the recurrence reads just before it
     * overwrites that row. Out of the recurrence, the exp and the division of many steps overlap
     * instead of stalling each one.
     *
     * <p>{@link FloatMath#exp} is written out in the loop: C2 compiled it about 20% faster than the
     * same operations behind a method (the backward pass is a quarter of a step). The clamps are a
     * compare and blend rather than {@code max/min}, whose NaN and signed-zero rules cost several
     * instructions each.
     */
    private static void sigmoidSlopes(float[] pre, float[] spikes, int last, int hp, int from, int to, float threshold,
                                      float beta, float[] gradH1) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        FloatVector lowest = FloatVector.broadcast(S, FloatMath.MIN_ARGUMENT), negligible = FloatVector.broadcast(S, Surrogate.NEGLIGIBLE_ABOVE);
        for (int n = 1; n < last; n++) {
            int previous = (n - 1) * hp;
            for (int j = from; j < to; j += L) {
                FloatVector vN = FloatVector.fromArray(S, pre, previous + j).mul(one.sub(FloatVector.fromArray(S, spikes, previous + j)));
                // x = -z, clamped to where e^x is a normal float; a slope beyond NEGLIGIBLE_ABOVE becomes 0
                FloatVector x = vN.sub(threshold).mul(-beta);
                VectorMask<Float> flushed = x.compare(VectorOperators.GT, negligible);
                x = x.blend(lowest, x.compare(VectorOperators.LT, lowest));
                x = x.blend(negligible, flushed);
                // e^x = 2^m e^r, m = round(x / ln 2), |r| <= ln 2 / 2
                FloatVector shifted = x.mul(FloatMath.LOG2_E).add(FloatMath.ROUND);
                FloatVector m = shifted.sub(FloatMath.ROUND);
                FloatVector r = m.mul(-FloatMath.LN2_HI).add(x).sub(m.mul(FloatMath.LN2_LO));
                FloatVector poly = r.fma(FloatMath.P0, FloatMath.P1).fma(r, FloatVector.broadcast(S, FloatMath.P2))
                        .fma(r, FloatVector.broadcast(S, FloatMath.P3)).fma(r, FloatVector.broadcast(S, FloatMath.P4))
                        .fma(r, FloatVector.broadcast(S, FloatMath.P5));
                FloatVector expR = poly.fma(r.mul(r), r).add(1f);
                FloatVector expX = expR.mul(VectorMath.powerOfTwo(shifted));
                // sigma(z) = 1 / (1 + e^-z)
                FloatVector sigma = one.div(expX.add(1f));
                sigma.mul(beta).mul(one.sub(sigma)).blend(zero, flushed).intoArray(gradH1, previous + j);
            }
        }
    }

    private static final int FAST_SIGMOID = 0, ATAN = 1, TRIANGLE = 2, GAUSSIAN = 3, BOXCAR = 4;

    /**
     * Pass 1 for the surrogates other than the sigmoid: each case is its record's {@code slope},
     * operation for operation, lane by lane. The case is chosen once per call, so the loop switches
     * on an int.
     */
    private static void slopes(float[] pre, float[] spikes, int last, int hp, int from, int to, float threshold, Surrogate surrogate,
                               float[] gradH1) {
        int kind = switch (surrogate) {
            case Surrogate.FastSigmoid f -> FAST_SIGMOID;
            case Surrogate.Atan a -> ATAN;
            case Surrogate.Triangle t -> TRIANGLE;
            case Surrogate.Gaussian g -> GAUSSIAN;
            case Surrogate.Boxcar b -> BOXCAR;
            case Surrogate.Sigmoid sigmoid -> throw new IllegalArgumentException("the sigmoid has its own loop");
        };
        float scale = surrogate.scale();
        float parameter = surrogate.derived();
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        for (int n = 1; n < last; n++) {
            int previous = (n - 1) * hp;
            for (int j = from; j < to; j += L) {
                FloatVector vN = FloatVector.fromArray(S, pre, previous + j).mul(one.sub(FloatVector.fromArray(S, spikes, previous + j)));
                FloatVector x = vN.sub(threshold);
                FloatVector slope = switch (kind) {
                    case FAST_SIGMOID -> {
                        FloatVector d = one.add(x.abs().mul(scale));
                        yield one.div(d.mul(d));
                    }
                    case ATAN -> {
                        FloatVector u = x.mul(parameter);
                        yield FloatVector.broadcast(S, scale * 0.5f).div(one.add(u.mul(u)));
                    }
                    case TRIANGLE -> one.sub(x.abs().mul(scale)).max(zero);
                    case GAUSSIAN -> {
                        FloatVector z = x.mul(scale);
                        FloatVector square = z.mul(z);
                        VectorMask<Float> flushed = square.compare(VectorOperators.GT, Surrogate.NEGLIGIBLE_ABOVE);
                        FloatVector e = VectorMath.exp(square.blend(zero, flushed).neg());
                        yield e.mul(parameter).blend(zero, flushed);
                    }
                    default -> zero.blend(scale, x.abs().compare(VectorOperators.LT, parameter));
                };
                slope.intoArray(gradH1, previous + j);
            }
        }
    }
}
