package org.snnloc.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaleMaskTest {

    @ParameterizedTest(name = "{0} rows at ratio {1}: {2} inhibitory")
    @CsvSource({"200, 0, 0", "200, 0.1, 20", "200, 0.3, 60", "200, 0.5, 100", "200, 0.7, 140", "200, 1.0, 200",
            "30, 0, 0", "30, 0.1, 3", "30, 0.3, 9", "30, 0.5, 15", "30, 0.7, 21", "30, 1.0, 30", "7, 0.5, 3"})
    void inhibitoryRowCountIsTheNotebooks(int rows, double ratio, int expected) {
        for (long seed = 0; seed < 5; seed++) {
            float[] signs = DaleMask.rowSigns(rows, ratio, new SplittableRandom(seed));
            assertEquals(rows, signs.length);
            assertEquals(expected, DaleMask.countInhibitory(signs));
            for (float s : signs) assertTrue(s == 1f || s == -1f);
        }
    }

    @Test
    void inhibitoryRowsAreChosenUniformly() {
        int rows = 30, draws = 6000;
        int[] hits = new int[rows];
        SplittableRandom random = new SplittableRandom(7);
        for (int d = 0; d < draws; d++) {
            float[] signs = DaleMask.rowSigns(rows, 0.5, random);
            for (int r = 0; r < rows; r++) if (signs[r] < 0) hits[r]++;
        }
        for (int r = 0; r < rows; r++) {
            // each row is inhibitory with probability 1/2: 3000 +- 5 standard deviations (~39)
            assertTrue(Math.abs(hits[r] - draws / 2) < 200, "row " + r + " was inhibitory " + hits[r] + " times of " + draws);
        }
    }

    @Test
    void ratiosOutsideTheUnitIntervalAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DaleMask.rowSigns(10, -0.1, new SplittableRandom(0)));
        assertThrows(IllegalArgumentException.class, () -> DaleMask.rowSigns(10, 1.5, new SplittableRandom(0)));
        assertThrows(IllegalArgumentException.class, () -> new LayerSigns.Dale(Double.NaN));
    }

    @Test
    void effectiveWeightsFollowTheRowSignsAndTheGradientOfAbsIsZeroAtZero() {
        float[] raw = {0.5f, -0.25f, 0f, -1f};   // 2 rows x 2 columns
        float[] signs = {-1f, 1f};
        Parameters p = new Parameters(NetworkConfig.notebook().withSizes(2, 2, 2, 5), raw, new float[] {1, 1, 1, 1}, signs, null);
        float[] effective = p.effectiveW1();
        assertEquals(-0.5f, effective[0]);
        assertEquals(-0.25f, effective[1]);
        assertEquals(0f, effective[2]);
        assertEquals(1f, effective[3]);
        WeightMap.Elementwise abs = (WeightMap.Elementwise) p.weightMap1();
        assertEquals(-1f, abs.pullback(1f, raw[0], signs[0]));   // d(-|w|)/dw at w > 0
        assertEquals(1f, abs.pullback(1f, raw[1], signs[0]));    // d(-|w|)/dw at w < 0
        assertEquals(0f, abs.pullback(1f, raw[2], signs[1]));    // a synapse at exactly 0 stays dead, as PyTorch's abs
        assertEquals(-1f, abs.pullback(1f, raw[3], signs[1]));
        assertFalse(new Parameters(NetworkConfig.notebook().withSizes(2, 2, 2, 5), raw.clone(), new float[] {1, 1, 1, 1},
                new float[] {1f, 1f}, null).effectiveW1()[1] < 0);
    }
}
