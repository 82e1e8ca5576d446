package org.snnloc.model;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parameters are the named arrays each layer's weight map declares, checked by name. */
class ParametersTest {
    private static final NetworkConfig NET = NetworkConfig.notebook().withSizes(4, 3, 2, 5);

    @Test
    void eachMapDeclaresItsArraysAndTheParametersHoldExactlyThose() {
        Parameters p = Parameters.initialise(NET, new LayerSigns.Dale(0.5), new LayerSigns.Free(), new SplittableRandom(1));
        assertEquals(new WeightMap.Abs(), p.weightMap1());
        assertEquals(new WeightMap.None(), p.weightMap2());
        assertEquals(List.of("w1", "sign1", "w2"), p.specs().stream().map(WeightMap.ArraySpec::name).toList());
        assertEquals(List.of("w1", "sign1", "w2"), List.copyOf(p.arrays().keySet()));
        assertArrayEquals(new int[] {4, 3}, p.specs().get(0).shape());
        assertTrue(p.specs().get(0).trainable() && !p.specs().get(1).trainable());
        assertEquals(2, DaleMask.countInhibitory(p.sign1()));
        assertEquals(p, p.copy());
        assertNotEquals(p, p.withWeights(new float[12], p.w2()));
    }

    @Test
    void missingExtraMisshapenOrNonFiniteArraysAreRefusedByName() {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("w1", new float[12]);
        arrays.put("w2", new float[6]);
        WeightMap abs = new WeightMap.Abs(), none = new WeightMap.None();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Parameters(NET, abs, none, arrays));
        assertTrue(e.getMessage().contains("lack 'sign1'"), e.getMessage());
        arrays.put("sign2", new float[] {1, 1, 1});
        e = assertThrows(IllegalArgumentException.class, () -> new Parameters(NET, none, none, arrays));
        assertTrue(e.getMessage().contains("'sign2' is not a parameter"), e.getMessage());
        arrays.remove("sign2");
        arrays.put("w2", new float[5]);
        e = assertThrows(IllegalArgumentException.class, () -> new Parameters(NET, none, none, arrays));
        assertTrue(e.getMessage().contains("w2 has 5 values, expected 6"), e.getMessage());
        arrays.put("w2", new float[] {0, 0, Float.NaN, 0, 0, 0});
        e = assertThrows(IllegalArgumentException.class, () -> new Parameters(NET, none, none, arrays));
        assertTrue(e.getMessage().contains("w2 holds a non-finite value"), e.getMessage());
        arrays.put("w2", new float[6]);
        arrays.put("sign1", new float[] {1, 0, 1, 1});
        e = assertThrows(IllegalArgumentException.class, () -> new Parameters(NET, abs, none, arrays));
        assertTrue(e.getMessage().contains("sign1 row 1 is 0.0"), e.getMessage());
    }
}
