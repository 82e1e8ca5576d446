package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two products with the binary input x, event-driven: {@code h1 = x W1} adds the W1 rows of
 * the inputs that spike, {@code dW1 += x^T dh1} adds the dh1 rows of the steps at which an input
 * spikes. About 22% of x is 1, so this does a fifth of the work of a dense product, with adds
 * instead of multiply-adds (measured against a register-tiled dense kernel: README.md).
 *
 * <p>The kernels hold four vectors of an output row in registers while they walk an event list.
 * Columns go in blocks of four whole vectors ({@code rowPair}, {@code inputRow}), whose offsets
 * from the event's row are constants: C2 then folds them into the load instructions and checks
 * the bounds of a block once instead of per vector (a fifth fewer instructions per event,
 * measured 20% faster). The one to three vectors left at the end of {@code [from, to)} go
 * through the {@code ...Tail} kernels, whose extra accumulators repeat the last vector: they
 * compute and store the same value again, which is harmless and avoids a masked tail. Both do
 * the same adds in the same order for every column, so results do not depend on which ran. Row
 * lengths are whole vectors (hidden sizes are padded). Each call handles one or two rows, so the
 * kernels are called often with short loops, the pattern the JIT compiles soonest.
 */
final class InputProducts {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;
    private static final int BLOCK = 4 * L;

    private InputProducts() {}

    /**
     * {@code h1(t, c) = sum of W1(i, c) over the inputs i active at step t}, for steps
     * {@code [0, rows)} and columns {@code [from, to)}.
     *
     * @param w1 (inputs, hp) effective weights
     * @param h1 (steps, hp) output
     */
    static void inputCurrents(EventLists inputsByStep, int sample, int rows, float[] w1, int hp, int from, int to, float[] h1) {
        char[] active = inputsByStep.items(sample);
        // An odd last row is paired with itself: computed twice, stored twice, the same.
        for (int t = 0; t < rows; t += 2) {
            int u = Math.min(t + 1, rows - 1);
            int beginA = inputsByStep.begin(sample, t), endA = inputsByStep.end(sample, t);
            int beginB = inputsByStep.begin(sample, u), endB = inputsByStep.end(sample, u);
            int c0 = from;
            for (; c0 + BLOCK <= to; c0 += BLOCK) rowPair(active, beginA, endA, beginB, endB, w1, hp, c0, h1, t * hp, u * hp);
            if (c0 < to) rowPairTail(active, beginA, endA, beginB, endB, w1, hp, c0, to, h1, t * hp, u * hp);
        }
    }

    /**
     * Columns {@code [c0, c0 + 4 vectors)} of rows a and b of h1 at once. A row's output vector
     * is one chain of dependent adds (3-4 cycles each), so one row alone would wait on latency;
     * two rows give eight independent chains. Inputs are added in ascending order starting from
     * 0, exactly as the scalar reference, so h1 and with it every spike are bit-identical to it.
     * The lists differ in length: the longer one finishes alone.
     */
    private static void rowPair(char[] active, int beginA, int endA, int beginB, int endB, float[] w1, int hp, int c0,
                                float[] h1, int rowA, int rowB) {
        int both = Math.min(endA - beginA, endB - beginB);
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int k = 0; k < both; k++) {
            int wa = active[beginA + k] * hp + c0, wb = active[beginB + k] * hp + c0;
            a0 = a0.add(FloatVector.fromArray(S, w1, wa));
            b0 = b0.add(FloatVector.fromArray(S, w1, wb));
            a1 = a1.add(FloatVector.fromArray(S, w1, wa + L));
            b1 = b1.add(FloatVector.fromArray(S, w1, wb + L));
            a2 = a2.add(FloatVector.fromArray(S, w1, wa + 2 * L));
            b2 = b2.add(FloatVector.fromArray(S, w1, wb + 2 * L));
            a3 = a3.add(FloatVector.fromArray(S, w1, wa + 3 * L));
            b3 = b3.add(FloatVector.fromArray(S, w1, wb + 3 * L));
        }
        for (int e = beginA + both; e < endA; e++) {
            int w = active[e] * hp + c0;
            a0 = a0.add(FloatVector.fromArray(S, w1, w));
            a1 = a1.add(FloatVector.fromArray(S, w1, w + L));
            a2 = a2.add(FloatVector.fromArray(S, w1, w + 2 * L));
            a3 = a3.add(FloatVector.fromArray(S, w1, w + 3 * L));
        }
        for (int e = beginB + both; e < endB; e++) {
            int w = active[e] * hp + c0;
            b0 = b0.add(FloatVector.fromArray(S, w1, w));
            b1 = b1.add(FloatVector.fromArray(S, w1, w + L));
            b2 = b2.add(FloatVector.fromArray(S, w1, w + 2 * L));
            b3 = b3.add(FloatVector.fromArray(S, w1, w + 3 * L));
        }
        a0.intoArray(h1, rowA + c0);
        a1.intoArray(h1, rowA + c0 + L);
        a2.intoArray(h1, rowA + c0 + 2 * L);
        a3.intoArray(h1, rowA + c0 + 3 * L);
        b0.intoArray(h1, rowB + c0);
        b1.intoArray(h1, rowB + c0 + L);
        b2.intoArray(h1, rowB + c0 + 2 * L);
        b3.intoArray(h1, rowB + c0 + 3 * L);
    }

    /** {@link #rowPair} for the last one to three vectors {@code [c0, to)}; the extra accumulators repeat the last vector. */
    private static void rowPairTail(char[] active, int beginA, int endA, int beginB, int endB, float[] w1, int hp, int c0, int to,
                                    float[] h1, int rowA, int rowB) {
        int both = Math.min(endA - beginA, endB - beginB);
        int lastVector = to - L;
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

    /**
     * {@code dW1(i, c) += sum of dh1(t, c) over the steps t at which input i spikes}, for every
     * input and columns {@code [from, to)}: one sample's share of {@code x^T dh1}.
     *
     * @param gradH1 (steps, hp) dL/dh1 of the sample
     * @param gradW1 (inputs, hp) accumulated in place
     */
    static void accumulateWeightGradient(EventLists stepsByInput, int sample, int inputs, float[] gradH1, int hp, int from, int to,
                                         float[] gradW1) {
        char[] steps = stepsByInput.items(sample);
        for (int i = 0; i < inputs; i++) {
            int begin = stepsByInput.begin(sample, i), end = stepsByInput.end(sample, i);
            int c0 = from;
            for (; c0 + BLOCK <= to; c0 += BLOCK) inputRow(steps, begin, end, gradH1, hp, c0, gradW1, i * hp);
            if (c0 < to) inputRowTail(steps, begin, end, gradH1, hp, c0, to, gradW1, i * hp);
        }
    }

    /**
     * Columns {@code [c0, c0 + 4 vectors)} of one row of dW1. The accumulators start from the
     * current row; even and odd events go to separate accumulators (eight independent add
     * chains), summed at the end.
     */
    private static void inputRow(char[] steps, int begin, int end, float[] gradH1, int hp, int c0, float[] gradW1, int row) {
        int pairsEnd = begin + ((end - begin) & ~1);
        int at = row + c0;
        FloatVector a0 = FloatVector.fromArray(S, gradW1, at);
        FloatVector a1 = FloatVector.fromArray(S, gradW1, at + L);
        FloatVector a2 = FloatVector.fromArray(S, gradW1, at + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, gradW1, at + 3 * L);
        FloatVector b0 = FloatVector.zero(S), b1 = b0, b2 = b0, b3 = b0;
        for (int e = begin; e < pairsEnd; e += 2) {
            int g = steps[e] * hp + c0, h = steps[e + 1] * hp + c0;
            a0 = a0.add(FloatVector.fromArray(S, gradH1, g));
            b0 = b0.add(FloatVector.fromArray(S, gradH1, h));
            a1 = a1.add(FloatVector.fromArray(S, gradH1, g + L));
            b1 = b1.add(FloatVector.fromArray(S, gradH1, h + L));
            a2 = a2.add(FloatVector.fromArray(S, gradH1, g + 2 * L));
            b2 = b2.add(FloatVector.fromArray(S, gradH1, h + 2 * L));
            a3 = a3.add(FloatVector.fromArray(S, gradH1, g + 3 * L));
            b3 = b3.add(FloatVector.fromArray(S, gradH1, h + 3 * L));
        }
        if (pairsEnd < end) {   // an odd count: one event left
            int g = steps[pairsEnd] * hp + c0;
            a0 = a0.add(FloatVector.fromArray(S, gradH1, g));
            a1 = a1.add(FloatVector.fromArray(S, gradH1, g + L));
            a2 = a2.add(FloatVector.fromArray(S, gradH1, g + 2 * L));
            a3 = a3.add(FloatVector.fromArray(S, gradH1, g + 3 * L));
        }
        a0.add(b0).intoArray(gradW1, at);
        a1.add(b1).intoArray(gradW1, at + L);
        a2.add(b2).intoArray(gradW1, at + 2 * L);
        a3.add(b3).intoArray(gradW1, at + 3 * L);
    }

    /**
     * {@link #inputRow} for the last one to three vectors {@code [c0, to)}. The accumulators start
     * from the current row, so a repeated vector stores the same value twice instead of adding twice.
     */
    private static void inputRowTail(char[] steps, int begin, int end, float[] gradH1, int hp, int c0, int to, float[] gradW1, int row) {
        int pairsEnd = begin + ((end - begin) & ~1);
        int lastVector = to - L;
        int c1 = Math.min(c0 + L, lastVector), c2 = Math.min(c0 + 2 * L, lastVector), c3 = Math.min(c0 + 3 * L, lastVector);
        FloatVector a0 = FloatVector.fromArray(S, gradW1, row + c0);
        FloatVector a1 = FloatVector.fromArray(S, gradW1, row + c1);
        FloatVector a2 = FloatVector.fromArray(S, gradW1, row + c2);
        FloatVector a3 = FloatVector.fromArray(S, gradW1, row + c3);
        FloatVector b0 = FloatVector.zero(S), b1 = b0, b2 = b0, b3 = b0;
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
        if (pairsEnd < end) {   // an odd count: one event left
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
