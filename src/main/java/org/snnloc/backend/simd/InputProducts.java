package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.snnloc.backend.InputGroups;
import org.snnloc.backend.cpu.EventLists;

/**
 * The two products with the binary input x, event-driven: {@code h1 = x W1} adds, per step, the
 * group sums of W1 rows ({@link InputGroups}) of the input groups that spike, looked up in a table
 * built once per weight update; {@code dW1 += x^T dh1} adds the dh1 rows of the steps at which an
 * input spikes. About 22% of x is 1, so this does a tenth (h1) and a fifth (dW1) of the work of a
 * dense product, with adds instead of multiply-adds (measured against a register-tiled dense
 * kernel: docs/performance.md). The same trick for dW1, with tables of dh1 rows summed over groups of four
 * steps, was measured no faster: its table is per sample and costs as much as it saves.
 *
 * <p>The kernels hold four vectors of an output row in registers while they walk an event list.
 * Columns go in blocks of four whole vectors ({@code stepRow}, {@code inputRow}), whose offsets
 * from the event's row are constants: C2 then folds them into the load instructions and checks
 * the bounds of a block once instead of per vector (a fifth fewer instructions per event,
 * measured 20% faster). The one to three vectors left at the end of {@code [from, to)} go two at
 * a time through the {@code ...Tail} kernels (the notebook's 30 neurons are two 512-bit
 * vectors); a lone last vector is paired with itself, computed and stored twice the same, which
 * is harmless and avoids a masked tail. Both do
 * the same adds in the same order for every column, so results do not depend on which ran. Row
 * lengths are whole vectors (hidden sizes are padded). Each call handles one row with one
 * accumulator per vector and one loop: measured 15-25% faster here than two rows at once or
 * even and odd events in separate accumulators (whose extra loops and tails cost more than the
 * shorter add chains gained), and the pattern the JIT compiles soonest.
 */
final class InputProducts {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;
    private static final int BLOCK = 4 * L;

    private InputProducts() {}

    /** Rows of the group-sum table for {@code inputs} inputs: {@code PATTERNS} per input group. */
    static int groupSumRows(int inputs) {
        return InputGroups.count(inputs) * InputGroups.PATTERNS;
    }

    /** The whole group-sum table, every group as {@link #groupSums(float[], int, int, int, float[])} builds one. */
    static void groupSums(float[] w1, int inputs, int hp, float[] table) {
        for (int group = 0; group < InputGroups.count(inputs); group++) groupSums(w1, inputs, hp, group, table);
    }

    /**
     * Rows {@code [group * PATTERNS, (group + 1) * PATTERNS)} of the group-sum table: row
     * {@code group * PATTERNS + p} is the sum, in ascending input order, of the W1 rows of the
     * group's inputs in subset p (each subset is a smaller one plus its highest input's row).
     * Rows of subsets no input can form (the empty one, beyond the last input) stay 0.
     *
     * @param w1 (inputs, hp) effective weights
     * @param table (groups * PATTERNS, hp)
     */
    static void groupSums(float[] w1, int inputs, int hp, int group, float[] table) {
        int firstInput = group * InputGroups.SIZE, members = Math.min(InputGroups.SIZE, inputs - firstInput);
        int base = group * InputGroups.PATTERNS * hp;
        for (int b = 0; b < members; b++) {
            int single = 1 << b, w = (firstInput + b) * hp;
            System.arraycopy(w1, w, table, base + single * hp, hp);
            for (int lower = 1; lower < single; lower++) {
                int from = base + lower * hp, to = base + (single | lower) * hp;
                for (int c = 0; c < hp; c += L) {
                    FloatVector.fromArray(S, table, from + c).add(FloatVector.fromArray(S, w1, w + c)).intoArray(table, to + c);
                }
            }
        }
    }

    /**
     * {@code h1(t, c) = sum of the group sums of the input groups active at step t}, for steps
     * {@code [0, rows)} and columns {@code [from, to)}.
     *
     * @param groupsByStep per step, the table rows of the groups that spike ({@code SpikeEvents})
     * @param groupSumTable (groups * PATTERNS, hp) from {@link #groupSums}
     * @param h1 (steps, hp) output
     */
    static void inputCurrents(EventLists groupsByStep, int sample, int rows, float[] groupSumTable, int hp, int from, int to,
                              float[] h1) {
        char[] active = groupsByStep.items(sample);
        int c0 = from;
        for (; c0 + BLOCK <= to; c0 += BLOCK) {
            for (int t = 0; t < rows; t++) stepRow(active, groupsByStep.begin(sample, t), groupsByStep.end(sample, t), groupSumTable, hp, c0, h1, t * hp);
        }
        for (; c0 < to; c0 += 2 * L) {
            int c1 = Math.min(c0 + L, to - L);
            for (int t = 0; t < rows; t++) stepRowTail(active, groupsByStep.begin(sample, t), groupsByStep.end(sample, t), groupSumTable, hp, c0, c1, h1, t * hp);
        }
    }

    /**
     * Columns {@code [c0, c0 + 4 vectors)} of one row of h1. Groups are added in ascending order
     * starting from 0, exactly as the scalar reference, so h1 and with it every spike are
     * bit-identical to it.
     */
    private static void stepRow(char[] active, int begin, int end, float[] table, int hp, int c0, float[] h1, int row) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int e = begin; e < end; e++) {
            int w = active[e] * hp + c0;
            a0 = a0.add(FloatVector.fromArray(S, table, w));
            a1 = a1.add(FloatVector.fromArray(S, table, w + L));
            a2 = a2.add(FloatVector.fromArray(S, table, w + 2 * L));
            a3 = a3.add(FloatVector.fromArray(S, table, w + 3 * L));
        }
        a0.intoArray(h1, row + c0);
        a1.intoArray(h1, row + c0 + L);
        a2.intoArray(h1, row + c0 + 2 * L);
        a3.intoArray(h1, row + c0 + 3 * L);
    }

    /** {@link #stepRow} for two vectors at {@code c0} and {@code c1}, or one when they are equal (stored twice, the same). */
    private static void stepRowTail(char[] active, int begin, int end, float[] table, int hp, int c0, int c1, float[] h1, int row) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0;
        for (int e = begin; e < end; e++) {
            int w = active[e] * hp;
            a0 = a0.add(FloatVector.fromArray(S, table, w + c0));
            a1 = a1.add(FloatVector.fromArray(S, table, w + c1));
        }
        a0.intoArray(h1, row + c0);
        a1.intoArray(h1, row + c1);
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
        int c0 = from;
        for (; c0 + BLOCK <= to; c0 += BLOCK) {
            for (int i = 0; i < inputs; i++) inputRow(steps, stepsByInput.begin(sample, i), stepsByInput.end(sample, i), gradH1, hp, c0, gradW1, i * hp);
        }
        for (; c0 < to; c0 += 2 * L) {
            int c1 = Math.min(c0 + L, to - L);
            for (int i = 0; i < inputs; i++) inputRowTail(steps, stepsByInput.begin(sample, i), stepsByInput.end(sample, i), gradH1, hp, c0, c1, gradW1, i * hp);
        }
    }

    /** Columns {@code [c0, c0 + 4 vectors)} of one row of dW1: the current row plus the dh1 rows of the input's events, in order. */
    private static void inputRow(char[] steps, int begin, int end, float[] gradH1, int hp, int c0, float[] gradW1, int row) {
        int at = row + c0;
        FloatVector a0 = FloatVector.fromArray(S, gradW1, at);
        FloatVector a1 = FloatVector.fromArray(S, gradW1, at + L);
        FloatVector a2 = FloatVector.fromArray(S, gradW1, at + 2 * L);
        FloatVector a3 = FloatVector.fromArray(S, gradW1, at + 3 * L);
        for (int e = begin; e < end; e++) {
            int g = steps[e] * hp + c0;
            a0 = a0.add(FloatVector.fromArray(S, gradH1, g));
            a1 = a1.add(FloatVector.fromArray(S, gradH1, g + L));
            a2 = a2.add(FloatVector.fromArray(S, gradH1, g + 2 * L));
            a3 = a3.add(FloatVector.fromArray(S, gradH1, g + 3 * L));
        }
        a0.intoArray(gradW1, at);
        a1.intoArray(gradW1, at + L);
        a2.intoArray(gradW1, at + 2 * L);
        a3.intoArray(gradW1, at + 3 * L);
    }

    /**
     * {@link #inputRow} for two vectors at {@code c0} and {@code c1}, or one when they are equal.
     * The accumulators start from the current row, so a repeated vector stores the same value
     * twice instead of adding twice.
     */
    private static void inputRowTail(char[] steps, int begin, int end, float[] gradH1, int hp, int c0, int c1, float[] gradW1, int row) {
        FloatVector a0 = FloatVector.fromArray(S, gradW1, row + c0);
        FloatVector a1 = FloatVector.fromArray(S, gradW1, row + c1);
        for (int e = begin; e < end; e++) {
            int g = steps[e] * hp;
            a0 = a0.add(FloatVector.fromArray(S, gradH1, g + c0));
            a1 = a1.add(FloatVector.fromArray(S, gradH1, g + c1));
        }
        a0.intoArray(gradW1, row + c0);
        a1.intoArray(gradW1, row + c1);
    }
}
