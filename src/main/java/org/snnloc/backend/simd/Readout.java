package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The readout's kernels along hidden neurons (the network's doc says why {@code m = r W2}):
 * the weighted spike sums r, {@code q = W2 dL/dm} and the rows of {@code dW2 = r^T dL/dm}. W2 is
 * kept transposed, (classes, hp).
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

    /**
     * {@code m(k) = sum_j r(j) W2(j, k)}, one vector of classes at a time: each lane sums its class
     * over the neurons in order, so the result does not depend on the width. w2 is (hidden, cp).
     */
    static void logits(float[] r, int rAt, float[] w2, int hidden, int cp, float[] m) {
        for (int k = 0; k < cp; k += L) {
            FloatVector sum = FloatVector.zero(S);
            for (int j = 0; j < hidden; j++) sum = FloatVector.broadcast(S, r[rAt + j]).fma(FloatVector.fromArray(S, w2, j * cp + k), sum);
            sum.intoArray(m, k);
        }
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
