package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two products with the binary input x, event-driven: {@code h1 = x W1} adds the W1 rows of
 * the inputs that spike, {@code dW1 += x^T dh1} adds the dh1 rows of the steps at which an input
 * spikes. About 22% of x is 1, so this does a fifth of the work of a dense product, with adds
 * instead of multiply-adds (JMH comparison with a register-tiled dense kernel: README.md).
 *
 * <p>Both kernels hold four vectors of the output row in registers while they walk an event list
 * (four independent add chains hide the add latency). When fewer than four vectors remain in
 * {@code [from, to)}, the extra accumulators repeat the last vector: they compute and store the
 * same value again, which is harmless and keeps one code path with no masked tail. Every row
 * length is a whole number of vectors (hidden sizes are padded).
 */
final class InputProducts {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;

    private InputProducts() {}

    /**
     * {@code h1(t, c) = sum of W1(i, c) over the inputs i active at step t}, for steps
     * {@code [0, rows)} and columns {@code [from, to)}. The inputs are added in ascending order,
     * starting from 0, exactly as the scalar reference does, so h1 (and with it every spike) is
     * bit-identical to it.
     *
     * @param w1 (inputs, hp) effective weights
     * @param h1 (steps, hp) output
     */
    static void inputCurrents(EventLists inputsByStep, int sample, int rows, float[] w1, int hp, int from, int to, float[] h1) {
        int t = 0;
        for (; t + 1 < rows; t += 2) twoRows(inputsByStep, sample, t, w1, hp, from, to, h1);
        if (t < rows) oneRow(inputsByStep, sample, t, w1, hp, from, to, h1);
    }

    /**
     * Rows t and t+1 together: each output vector is one chain of dependent adds (3 cycles
     * each), so a single row would wait on latency; two rows give eight independent chains. The
     * rows' lists differ in length, so the longer one finishes alone.
     */
    private static void twoRows(EventLists inputsByStep, int sample, int t, float[] w1, int hp, int from, int to, float[] h1) {
        char[] active = inputsByStep.items(sample);
        int beginA = inputsByStep.begin(sample, t), endA = inputsByStep.end(sample, t);
        int beginB = endA, endB = inputsByStep.end(sample, t + 1);
        int both = Math.min(endA - beginA, endB - beginB);
        int rowA = t * hp, rowB = rowA + hp;
        int lastVector = to - L;
        for (int c0 = from; c0 < to; c0 += 4 * L) {
            int c1 = Math.min(c0 + L, lastVector), c2 = Math.min(c0 + 2 * L, lastVector), c3 = Math.min(c0 + 3 * L, lastVector);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int k = 0; k < both; k++) {
                int wa = active[beginA + k] * hp, wb = active[beginB + k] * hp;
                a0 = a0.add(FloatVector.fromArray(S, w1, wa + c0));
                b0 = b0.add(FloatVector.fromArray(S, w1, wb + c0));
                a1 = a1.add(FloatVector.fromArray(S, w1, wa + c1));
                b1 = b1.add(FloatVector.fromArray(S, w1, wb + c1));
                a2 = a2.add(FloatVector.fromArray(S, w1, wa + c2));
                b2 = b2.add(FloatVector.fromArray(S, w1, wb + c2));
                a3 = a3.add(FloatVector.fromArray(S, w1, wa + c3));
                b3 = b3.add(FloatVector.fromArray(S, w1, wb + c3));
            }
            for (int e = beginA + both; e < endA; e++) {
                int w = active[e] * hp;
                a0 = a0.add(FloatVector.fromArray(S, w1, w + c0));
                a1 = a1.add(FloatVector.fromArray(S, w1, w + c1));
                a2 = a2.add(FloatVector.fromArray(S, w1, w + c2));
                a3 = a3.add(FloatVector.fromArray(S, w1, w + c3));
            }
            for (int e = beginB + both; e < endB; e++) {
                int w = active[e] * hp;
                b0 = b0.add(FloatVector.fromArray(S, w1, w + c0));
                b1 = b1.add(FloatVector.fromArray(S, w1, w + c1));
                b2 = b2.add(FloatVector.fromArray(S, w1, w + c2));
                b3 = b3.add(FloatVector.fromArray(S, w1, w + c3));
            }
            a0.intoArray(h1, rowA + c0);
            a1.intoArray(h1, rowA + c1);
            a2.intoArray(h1, rowA + c2);
            a3.intoArray(h1, rowA + c3);
            b0.intoArray(h1, rowB + c0);
            b1.intoArray(h1, rowB + c1);
            b2.intoArray(h1, rowB + c2);
            b3.intoArray(h1, rowB + c3);
        }
    }

    private static void oneRow(EventLists inputsByStep, int sample, int t, float[] w1, int hp, int from, int to, float[] h1) {
        char[] active = inputsByStep.items(sample);
        int begin = inputsByStep.begin(sample, t), end = inputsByStep.end(sample, t);
        int row = t * hp;
        int lastVector = to - L;
        for (int c0 = from; c0 < to; c0 += 4 * L) {
            int c1 = Math.min(c0 + L, lastVector), c2 = Math.min(c0 + 2 * L, lastVector), c3 = Math.min(c0 + 3 * L, lastVector);
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int e = begin; e < end; e++) {
                int w = active[e] * hp;
                a0 = a0.add(FloatVector.fromArray(S, w1, w + c0));
                a1 = a1.add(FloatVector.fromArray(S, w1, w + c1));
                a2 = a2.add(FloatVector.fromArray(S, w1, w + c2));
                a3 = a3.add(FloatVector.fromArray(S, w1, w + c3));
            }
            a0.intoArray(h1, row + c0);
            a1.intoArray(h1, row + c1);
            a2.intoArray(h1, row + c2);
            a3.intoArray(h1, row + c3);
        }
    }

    /**
     * {@code dW1(i, c) += sum of dh1(t, c) over the steps t at which input i spikes}, for every
     * input and columns {@code [from, to)}: one sample's share of {@code x^T dh1}. The
     * accumulators start from the current dW1 row, so a repeated tail vector stores the same
     * value twice instead of adding twice.
     *
     * @param gradH1 (steps, hp) dL/dh1 of the sample
     * @param gradW1 (inputs, hp) accumulated in place
     */
    static void accumulateWeightGradient(EventLists stepsByInput, int sample, int inputs, float[] gradH1, int hp, int from, int to,
                                         float[] gradW1) {
        char[] steps = stepsByInput.items(sample);
        int lastVector = to - L;
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < inputs; i++) {
            int begin = stepsByInput.begin(sample, i), end = stepsByInput.end(sample, i);
            if (begin == end) continue;
            int row = i * hp;
            int pairsEnd = begin + ((end - begin) & ~1);
            for (int c0 = from; c0 < to; c0 += 4 * L) {
                int c1 = Math.min(c0 + L, lastVector), c2 = Math.min(c0 + 2 * L, lastVector), c3 = Math.min(c0 + 3 * L, lastVector);
                // Even and odd events in separate accumulators: eight independent add chains.
                FloatVector a0 = FloatVector.fromArray(S, gradW1, row + c0);
                FloatVector a1 = FloatVector.fromArray(S, gradW1, row + c1);
                FloatVector a2 = FloatVector.fromArray(S, gradW1, row + c2);
                FloatVector a3 = FloatVector.fromArray(S, gradW1, row + c3);
                FloatVector b0 = zero, b1 = zero, b2 = zero, b3 = zero;
                for (int e = begin; e < pairsEnd; e += 2) {
                    int g = steps[e] * hp, h = steps[e + 1] * hp;
                    a0 = a0.add(FloatVector.fromArray(S, gradH1, g + c0));
                    b0 = b0.add(FloatVector.fromArray(S, gradH1, h + c0));
                    a1 = a1.add(FloatVector.fromArray(S, gradH1, g + c1));
                    b1 = b1.add(FloatVector.fromArray(S, gradH1, h + c1));
                    a2 = a2.add(FloatVector.fromArray(S, gradH1, g + c2));
                    b2 = b2.add(FloatVector.fromArray(S, gradH1, h + c2));
                    a3 = a3.add(FloatVector.fromArray(S, gradH1, g + c3));
                    b3 = b3.add(FloatVector.fromArray(S, gradH1, h + c3));
                }
                if (pairsEnd < end) {
                    int g = steps[pairsEnd] * hp;
                    a0 = a0.add(FloatVector.fromArray(S, gradH1, g + c0));
                    a1 = a1.add(FloatVector.fromArray(S, gradH1, g + c1));
                    a2 = a2.add(FloatVector.fromArray(S, gradH1, g + c2));
                    a3 = a3.add(FloatVector.fromArray(S, gradH1, g + c3));
                }
                a0.add(b0).intoArray(gradW1, row + c0);
                a1.add(b1).intoArray(gradW1, row + c1);
                a2.add(b2).intoArray(gradW1, row + c2);
                a3.add(b3).intoArray(gradW1, row + c3);
            }
        }
    }
}
