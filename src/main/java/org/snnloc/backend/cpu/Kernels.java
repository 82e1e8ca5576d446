package org.snnloc.backend.cpu;

import org.snnloc.model.Surrogate;
import org.snnloc.model.WeightMap;
import org.snnloc.train.Adam;

/**
 * The primitives of a CPU backend: everything the network ({@code org.snnloc.network.Network})
 * asks of the scalar reference and of the Vector API implementation. The network is written once
 * over these; a backend implements them, and the two implementations give the same bits for the
 * same arguments, whatever the vector width (each output element is computed by the same
 * operations in the same order, lanes never mix).
 *
 * <p>Layouts: hidden-sized rows have {@code hp = paddedLength(hidden)} floats, the padding kept 0
 * in weights. {@code w1} and its gradient are (inputs, hp), input-major as docs/model.md; W2 is kept
 * transposed, {@code w2t} (classes, hp), so that every kernel runs along hidden neurons. A layer
 * of one sample through time is (steps, hp). Column ranges {@code [from, to)} are multiples of
 * {@link #lanes()}.
 */
public interface Kernels {

    /** One line for logs: what computes. */
    String description();

    /** Floats per vector (1 for the scalar reference): row lengths and column ranges are multiples of it. */
    int lanes();

    /** {@code n} rounded up to whole vectors. */
    default int paddedLength(int n) {
        return (n + lanes() - 1) / lanes() * lanes();
    }

    /**
     * Rows {@code [group * PATTERNS, (group + 1) * PATTERNS)} of the group-sum table
     * ({@link org.snnloc.backend.InputGroups}): row {@code group * PATTERNS + p} is the sum of the
     * W1 rows of the group's inputs in subset p, each subset a smaller one plus its highest
     * input's row. Rows no subset of existing inputs forms are left as they are (0).
     */
    void groupSums(float[] w1, int inputs, int hp, int group, float[] table);

    /**
     * {@code h1(t, c) = x(t, :) W1(:, c)} for steps {@code [0, rows)}: the group sums of the input
     * groups active at step t, added in ascending group order starting from 0.
     */
    void inputCurrents(EventLists groupsByStep, int sample, int rows, float[] table, int hp, int from, int to, float[] h1);

    /**
     * Layer 1 forward, LIF with reset by multiplication. With V[0] = S[0] = 0, for n = 0 .. T-2:
     * {@code P[n] = alpha V[n] + h1[n]} (P[0] = 0 + h1[0]), {@code V[n+1] = P[n] (1 - S[n])},
     * {@code S[n+1] = H(V[n] - threshold)}.
     *
     * @param pre    (steps, hp): h1 in rows 0 .. T-2 on entry, P on return
     * @param spikes (steps, hp): S on return
     */
    void lifForward(float[] pre, float[] spikes, int steps, int hp, int from, int to, float alpha, float threshold);

    /** {@code r(j) = sum_{n >= 1} S[n, j] c_n}, added from n = 1 on, into {@code r[rAt + j]}. */
    void weightedSpikeSums(float[] spikes, int steps, int hp, float[] c, float[] r, int rAt);

    /**
     * The readout {@code m(k) = sum_j r(j) W2(j, k)} for every class k below {@code cp}: fused
     * multiply-adds in neuron order, from 0. This is the one product that sums across neurons, so
     * it runs along classes: {@code w2} is W2 in its own layout, (hidden, cp), with
     * {@code cp = paddedLength(classes)} and the padding 0.
     */
    void readout(float[] r, int rAt, float[] w2, int hidden, int cp, float[] m);

    /** {@code q(j) = sum_k W2(j, k) dL/dm(k)} as fused multiply-adds in class order, from 0. */
    void spikeGradient(float[] gradM, int at, float[] w2t, int classes, int hp, float[] q);

    /**
     * Layer 1 backward through time: fills dL/dh1 (steps, hp). With slope[n] =
     * {@code surrogate.slope(V[n] - threshold)}:
     * <pre>
     *   gS[T-1] = c_{T-1} q,  gV[T-1] = 0
     *   gS[n]   = c_n q - P[n] gV[n+1]                                n = T-2 .. 1
     *   gV[n]   = (1 - S[n]) alpha gV[n+1] + gS[n+1] slope[n]
     *   gh1[n-1] = (1 - S[n-1]) gV[n];   gh1[T-1] = gh1[T-2] = 0
     * </pre>
     */
    void lifBackward(float[] pre, float[] spikes, float[] q, float[] c, int steps, int hp, int from, int to, float alpha,
                     float threshold, Surrogate surrogate, float[] gradH1);

    /** {@code dW1(i, c) += dh1(t, c)} for each step t at which input i spikes, steps ascending. */
    void accumulateWeightGradient(EventLists stepsByInput, int sample, int inputs, float[] gradH1, int hp, int from, int to,
                                  float[] gradW1);

    /** Row k of dW2^T: {@code dW2(j, k) = sum_b r(b, j) dL/dm(b, k)}, fused multiply-adds in sample order from 0. */
    void weightGradientRow(float[] r, float[] gradM, int batch, int classes, int k, int hp, float[] gradW2t);

    /** {@code sum += part} over {@code [at, at + length)}. */
    void addTo(float[] part, float[] sum, int at, int length);

    /** {@code effective = map.effective(raw, sign)} over a range; signs in the weights' layout, null for maps without row signs. */
    void effective(WeightMap.Elementwise map, float[] raw, float[] signs, int at, int length, float[] effective);

    /** In place, {@code grad = map.pullback(grad, raw, sign)} over a range. */
    void pullback(WeightMap.Elementwise map, float[] grad, float[] raw, float[] signs, int at, int length);

    /** In place, {@code raw = map.project(raw)} over a range: the map's constraint after an Adam step. */
    void project(WeightMap.Elementwise map, float[] raw, int at, int length);

    /** Adam over a range, as {@link Adam}: updates the moments m, v and the raw parameters. */
    void adam(float[] raw, float[] grad, float[] m, float[] v, int at, int length, Adam.StepScalars k);
}
