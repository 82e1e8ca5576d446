package org.snnloc.backend.simd;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snnloc.backend.InputGroups;
import org.snnloc.backend.cpu.EventLists;
import org.snnloc.backend.cpu.SpikeEvents;
import org.snnloc.backend.cpu.WorkerPool;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.testing.SyntheticData;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * h1 through the group lists and the group-sum table equals, bit for bit, the W1 rows of the
 * spiking inputs summed within each group of consecutive inputs and then group by group, also
 * when the last group is partial and for dense and empty steps.
 */
@Tag(SimdTests.TAG)
class InputGroupTableTest {

    @ParameterizedTest(name = "{0} inputs")
    @ValueSource(ints = {1, 3, 5, 13, 64, 200})
    void tableLookupsEqualGroupWiseSums(int inputs) {
        int steps = 40, samples = 3, hidden = 30, hp = Lanes.padded(hidden);
        SpikeDataset data = SyntheticData.spikes(samples, steps, inputs, 12, 0.4, 17 + inputs);
        SpikeEvents events = new SpikeEvents(data, WorkerPool.shared(), 2);
        SplittableRandom random = new SplittableRandom(inputs);
        float[] w1 = new float[inputs * hp];
        for (int i = 0; i < inputs; i++) {
            for (int j = 0; j < hidden; j++) w1[i * hp + j] = (float) (random.nextDouble() * 2 - 1);
        }
        float[] table = new float[InputProducts.groupSumRows(inputs) * hp];
        InputProducts.groupSums(w1, inputs, hp, table);

        for (int sample = 0; sample < samples; sample++) {
            float[] h1 = new float[steps * hp];
            InputProducts.inputCurrents(events.groupsByStep(), sample, steps, table, hp, 0, hp, h1);
            for (int t = 0; t < steps; t++) {
                float[] expected = groupWiseSum(data, sample, t, w1, inputs, hp);
                for (int j = 0; j < hp; j++) {
                    assertEquals(Float.floatToIntBits(expected[j]), Float.floatToIntBits(h1[t * hp + j]),
                            "h1(" + t + ", " + j + ") of sample " + sample);
                }
            }
        }
    }

    @Test
    void theWidestInputLayerFitsSixteenBitRowsAndOneMoreIsRefusedNamingTheLimit() {
        int widest = SpikeEvents.MAX_INPUTS;
        SpikeDataset lastInputOnly = SpikeDataset.fromDense(1, 1, widest, flat -> flat == widest - 1, new double[] {0}, new int[] {0});
        EventLists lists = new SpikeEvents(lastInputOnly, WorkerPool.shared(), 1).groupsByStep();
        assertEquals(1, lists.end(0, 0) - lists.begin(0, 0));
        int lastGroupRow = (InputGroups.count(widest) - 1) * InputGroups.PATTERNS;
        assertEquals(lastGroupRow + (1 << (InputGroups.SIZE - 1)), lists.items(0)[0], "the last input is the top bit of the last group");

        SpikeDataset tooWide = SyntheticData.spikes(1, 1, widest + 1, 12, 0.2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SpikeEvents(tooWide, WorkerPool.shared(), 1));
        assertTrue(e.getMessage().contains(Integer.toString(widest)), e.getMessage());
    }

    private static float[] groupWiseSum(SpikeDataset data, int sample, int step, float[] w1, int inputs, int hp) {
        float[] total = new float[hp];
        for (int first = 0; first < inputs; first += InputGroups.SIZE) {
            float[] group = null;
            for (int i = first; i < Math.min(inputs, first + InputGroups.SIZE); i++) {
                if (!data.spike(sample, step, i)) continue;
                if (group == null) {
                    group = new float[hp];
                    System.arraycopy(w1, i * hp, group, 0, hp);
                } else {
                    for (int j = 0; j < hp; j++) group[j] += w1[i * hp + j];
                }
            }
            if (group != null) {
                for (int j = 0; j < hp; j++) total[j] += group[j];
            }
        }
        return total;
    }
}
