package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Layer 2 and the loss without a time loop. The output layer is linear, so
 * {@code m = scale sum_t v_rec(t) = sum_n c_n s_rec(n) W2 = r W2} with {@code r = sum_n c_n s_rec(n)}
 * and {@code c_n = scale sum_{k=0}^{T-2-n} alpha^k}: the (batch x time x hidden x classes)
 * products of the notebook shrink to (batch x hidden x classes) ones. Backwards,
 * {@code dL/ds_rec(n) = c_n dL/dm W2^T = c_n q} and {@code dW2 = r^T dL/dm}.
 *
 * <p>W2 is kept transposed, (classes, hp), so every product runs along hidden neurons.
 */
final class Readout {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;

    private Readout() {}

    /**
     * {@code r(j) = sum_n c_n S[n, j]}; spikes is (steps, hp), r is written at {@code rAt .. rAt + hp}.
     * Four vectors of columns go down the steps together: one column's sum is a chain of dependent
     * adds, and four chains side by side keep the adder busy (one at a time, this was 4% of a
     * training, mostly waiting on the previous add and its per-load bounds check).
     */
    static void weightedSpikeSums(float[] spikes, int steps, int hp, float[] c, float[] r, int rAt) {
        int j = 0;
        for (; j + 4 * L <= hp; j += 4 * L) {
            FloatVector r0 = FloatVector.zero(S), r1 = r0, r2 = r0, r3 = r0;
            for (int n = 1; n < steps; n++) {
                int at = n * hp + j;
                float cn = c[n];
                r0 = r0.add(FloatVector.fromArray(S, spikes, at).mul(cn));
                r1 = r1.add(FloatVector.fromArray(S, spikes, at + L).mul(cn));
                r2 = r2.add(FloatVector.fromArray(S, spikes, at + 2 * L).mul(cn));
                r3 = r3.add(FloatVector.fromArray(S, spikes, at + 3 * L).mul(cn));
            }
            r0.intoArray(r, rAt + j);
            r1.intoArray(r, rAt + j + L);
            r2.intoArray(r, rAt + j + 2 * L);
            r3.intoArray(r, rAt + j + 3 * L);
        }
        for (; j < hp; j += L) {
            FloatVector sum = FloatVector.zero(S);
            for (int n = 1; n < steps; n++) sum = sum.add(FloatVector.fromArray(S, spikes, n * hp + j).mul(c[n]));
            sum.intoArray(r, rAt + j);
        }
    }

    /** {@code m(c) = sum_j r(j) W2(j, c)} for every class; w2t is (classes, hp), lanes is scratch of one vector. */
    static void logits(float[] r, int rAt, float[] w2t, int classes, int hp, float[] m, int mAt, float[] lanes) {
        for (int k = 0; k < classes; k++) {
            FloatVector sum = FloatVector.zero(S);
            for (int j = 0; j < hp; j += L) {
                sum = FloatVector.fromArray(S, r, rAt + j).fma(FloatVector.fromArray(S, w2t, k * hp + j), sum);
            }
            m[mAt + k] = VectorMath.sumLanes(sum, lanes);
        }
    }

    /**
     * Mean-NLL share of one sample, as the scalar reference (in double): writes
     * {@code dL/dm = (softmax(m) - onehot(label)) / batch} and returns {@code -log softmax(m)[label]}.
     */
    static double lossAndGradient(float[] m, int at, int classes, int label, int batch, float[] gradM) {
        float max = m[at];
        for (int k = 1; k < classes; k++) max = Math.max(max, m[at + k]);
        double sumExp = 0;
        for (int k = 0; k < classes; k++) sumExp += Math.exp(m[at + k] - max);
        double logSumExp = Math.log(sumExp);
        for (int k = 0; k < classes; k++) {
            double softmax = Math.exp(m[at + k] - max - logSumExp);
            gradM[at + k] = (float) ((softmax - (k == label ? 1 : 0)) / batch);
        }
        return logSumExp - (m[at + label] - max);
    }

    /** {@code q(j) = sum_c dL/dm(c) W2(j, c)}: dL/ds_rec(n) is c_n q. */
    static void spikeGradient(float[] gradM, int at, float[] w2t, int classes, int hp, float[] q) {
        for (int j = 0; j < hp; j += L) {
            FloatVector sum = FloatVector.zero(S);
            for (int k = 0; k < classes; k++) sum = FloatVector.fromArray(S, w2t, k * hp + j).fma(FloatVector.broadcast(S, gradM[at + k]), sum);
            sum.intoArray(q, j);
        }
    }

    /** Row {@code k} of dW2^T: {@code dW2(j, k) = sum_b r(b, j) dL/dm(b, k)}, samples in order. */
    static void weightGradientRow(float[] r, float[] gradM, int batch, int classes, int k, int hp, float[] gradW2t) {
        int row = k * hp;
        for (int j = 0; j < hp; j += L) {
            FloatVector sum = FloatVector.zero(S);
            for (int b = 0; b < batch; b++) sum = FloatVector.fromArray(S, r, b * hp + j).fma(FloatVector.broadcast(S, gradM[b * classes + k]), sum);
            sum.intoArray(gradW2t, row + j);
        }
    }
}
