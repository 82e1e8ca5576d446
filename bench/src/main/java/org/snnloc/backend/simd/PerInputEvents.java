package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.snnloc.stimulus.SpikeDataset;

/**
 * The engine's previous h1 kernel, kept here to measure the input-group table against (docs/performance.md):
 * per step, one W1 row per spiking input, four vectors of columns in registers. It does about
 * twice the row additions of {@link InputProducts#inputCurrents} but reads them from W1, which
 * is a quarter of the size of the group-sum table.
 */
final class PerInputEvents {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;

    private final char[][] active;   // per sample: the spiking inputs of step 0, then step 1, ...
    private final int[][] start;     // per sample: where each step's inputs begin, (steps + 1)

    PerInputEvents(SpikeDataset data) {
        int steps = data.steps();
        active = new char[data.size()][];
        start = new int[data.size()][steps + 1];
        int[] row = new int[data.inputs()];
        for (int b = 0; b < data.size(); b++) {
            StringBuilder events = new StringBuilder();
            for (int t = 0; t < steps; t++) {
                start[b][t] = events.length();
                int count = data.activeInputs(b, t, row);
                for (int a = 0; a < count; a++) events.append((char) row[a]);
            }
            start[b][steps] = events.length();
            active[b] = events.toString().toCharArray();
        }
    }

    /** h1 (rows, hp) of one sample: blocks of four vectors, then one vector at a time. */
    void inputCurrents(int sample, int rows, float[] w1, int hp, float[] h1) {
        char[] events = active[sample];
        for (int t = 0; t < rows; t++) {
            int c0 = 0;
            for (; c0 + 4 * L <= hp; c0 += 4 * L) {
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
                for (int e = start[sample][t], end = start[sample][t + 1]; e < end; e++) {
                    int w = events[e] * hp + c0;
                    a0 = a0.add(FloatVector.fromArray(S, w1, w));
                    a1 = a1.add(FloatVector.fromArray(S, w1, w + L));
                    a2 = a2.add(FloatVector.fromArray(S, w1, w + 2 * L));
                    a3 = a3.add(FloatVector.fromArray(S, w1, w + 3 * L));
                }
                a0.intoArray(h1, t * hp + c0);
                a1.intoArray(h1, t * hp + c0 + L);
                a2.intoArray(h1, t * hp + c0 + 2 * L);
                a3.intoArray(h1, t * hp + c0 + 3 * L);
            }
            for (; c0 < hp; c0 += L) {
                FloatVector a = FloatVector.zero(S);
                for (int e = start[sample][t], end = start[sample][t + 1]; e < end; e++) {
                    a = a.add(FloatVector.fromArray(S, w1, events[e] * hp + c0));
                }
                a.intoArray(h1, t * hp + c0);
            }
        }
    }
}
