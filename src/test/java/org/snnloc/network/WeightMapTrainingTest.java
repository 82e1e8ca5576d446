package org.snnloc.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snnloc.backend.Backend;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.backend.scalar.ScalarBackend;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.model.WeightMap;
import org.snnloc.testing.SyntheticData;
import org.snnloc.train.AdamConfig;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training under each weight map: Dale's law holds after every run (each row of W single-signed,
 * with its declared sign), and a synapse at 0 grows back under clamp and softplus but stays dead
 * under the notebook's abs.
 */
class WeightMapTrainingTest {
    private static final NetworkConfig NET = NetworkConfig.notebook().withSizes(20, 9, 4, 30);
    private static final int STEPS = 30, BATCH = 16;

    static List<WeightMap> signMaps() {
        return List.of(new WeightMap.Abs(), new WeightMap.Rectify(), new WeightMap.Clamp(), new WeightMap.Softplus());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signMaps")
    void dalesLawHoldsAfterTrainingWithEveryRowItsDeclaredSign(WeightMap map) {
        Parameters initial = Parameters.initialise(NET, new LayerSigns.Dale(0.4), new LayerSigns.Dale(0.6), map, map, new SplittableRandom(3));
        Parameters trained = train(initial);
        assertTrue(trained.respectsDale(), map.describe() + ": every effective weight has its row's sign");
        assertEquals(initial.sign1().length, trained.sign1().length);
        for (int i = 0; i < trained.sign1().length; i++) assertEquals(initial.sign1()[i], trained.sign1()[i], "the signs are fixed");
        assertTrue(changed(initial.w1(), trained.w1()), map.describe() + ": the weights trained");
        if (map instanceof WeightMap.Clamp) for (float w : trained.w1()) assertTrue(w >= 0f, "clamp keeps raw weights >= 0");
    }

    @Test
    void aSynapseAtZeroGrowsBackUnderClampAndSoftplusButNotUnderAbs() {
        int[] silenced = {0, 5, 11, 17, 23, 29, 31, 40, 47, 52, 66, 71, 88, 93, 104, 117, 130, 151, 166, 179};
        for (WeightMap map : List.of(new WeightMap.Abs(), new WeightMap.Clamp(), new WeightMap.Softplus())) {
            Parameters p = Parameters.initialise(NET, new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5), map, map, new SplittableRandom(4));
            float[] w1 = p.w1().clone();
            // The map's zero: raw 0 for abs and clamp; softplus weights are never 0, so W = softplus(-5), about 0.007.
            float zero = map instanceof WeightMap.Softplus ? -5f : 0f;
            for (int i : silenced) w1[i] = zero;
            Parameters start = p.withWeights(w1, p.w2());
            Parameters trained = train(start);
            float[] before = start.effectiveW1(), after = trained.effectiveW1();
            int grown = 0;
            for (int i : silenced) {
                if (map instanceof WeightMap.Abs) assertEquals(0f, trained.w1()[i], "abs: synapse " + i + " stays exactly 0");
                if (Math.abs(after[i]) > 1.1f * Math.abs(before[i])) grown++;
            }
            if (map instanceof WeightMap.Abs) assertEquals(0, grown);
            else assertTrue(grown >= silenced.length / 4, map.describe() + ": " + grown + " of " + silenced.length + " synapses grew back");
        }
    }

    private static Parameters train(Parameters initial) {
        Backend backend = new ScalarBackend();
        try (PreparedData data = backend.prepare(SyntheticData.spikes(STEPS * BATCH / 4, NET.steps(), NET.inputs(), NET.classes(), 0.3, 9));
             Engine engine = backend.newEngine(NET, AdamConfig.notebook(), 1)) {
            engine.setParameters(initial);
            int[] order = new int[data.size()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            for (int epoch = 0; epoch < 4; epoch++) engine.train(data, order, BATCH);
            return engine.parameters();
        }
    }

    private static boolean changed(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) return true;
        return false;
    }
}
