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
import org.snnloc.train.EpochRecord;
import org.snnloc.train.Trainer;
import org.snnloc.train.TrainingConfig;
import org.snnloc.train.TrainingListener;
import org.snnloc.train.TrainingResult;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training under each weight map: Dale's law holds after every run (each row of W single-signed,
 * with its declared sign; learned signs: with the sign its raw parameter gives, the flips counted;
 * dann: its three matrices non-negative), and a synapse at 0 grows back under clamp and softplus
 * but stays dead under the notebook's abs.
 */
class WeightMapTrainingTest {
    private static final NetworkConfig NET = NetworkConfig.notebook().withSizes(20, 9, 4, 30);
    private static final int STEPS = 30, BATCH = 16;

    static List<WeightMap.Elementwise> signMaps() {
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

    @Test
    void dannKeepsItsThreeMatricesNonNegativeAndInhibitsThroughItsInterneurons() {
        Parameters initial = Parameters.initialise(NET, new LayerSigns.Free(), new LayerSigns.Dale(0.5), new WeightMap.Dann(0), new WeightMap.Abs(),
                new SplittableRandom(5));
        assertEquals(new WeightMap.Dann(1), initial.weightMap1(), "NI = max(1, round(9 / 10))");
        Parameters trained = train(initial);
        for (String name : List.of("w1_ee", "w1_ie", "w1_ei")) {
            assertTrue(changed(initial.array(name), trained.array(name)), name + " trained");
            for (float x : trained.array(name)) assertTrue(x >= 0f, name + " stays >= 0: every input excitatory, every interneuron inhibitory");
        }
        int negative = 0;
        for (float w : trained.effectiveW1()) if (w < 0f) negative++;
        assertTrue(negative > 0, "the interneurons make some effective input weights inhibitory");
        assertTrue(trained.respectsDale(), "W2 keeps its row signs");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signMaps")
    void learnedSignsKeepEveryRowSingleSignedAndTheTrainerCountsTheFlips(WeightMap.Elementwise magnitude) {
        WeightMap learned = new WeightMap.LearnedSigns(magnitude);
        Parameters initial = Parameters.initialise(NET, new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5), learned, learned, new SplittableRandom(6));
        assertArrayEquals(initial.array("sign1_raw"), initial.sign1(), "raw signs start at the drawn signs");
        Backend backend = new ScalarBackend();
        TrainingResult result;
        try (PreparedData data = backend.prepare(SyntheticData.spikes(STEPS * BATCH / 4, NET.steps(), NET.inputs(), NET.classes(), 0.3, 9));
             Engine engine = backend.newEngine(NET, AdamConfig.withLearningRate(0.2), 1)) {
            // A large learning rate, so that raw signs cross 0 within a few epochs.
            result = new Trainer(new TrainingConfig(6, BATCH, 1, 0, TrainingConfig.KeepPolicy.NOTEBOOK)).train(engine, initial, data, data,
                    TrainingListener.SILENT);
        }
        Parameters trained = result.parameters();
        assertTrue(trained.respectsDale(), magnitude.describe() + ": every row of W has its (learned) sign");
        int flipped = 0, recorded = 0;
        for (int r = 0; r < NET.inputs(); r++) if (initial.sign1()[r] != trained.sign1()[r]) flipped++;
        for (int r = 0; r < NET.hidden(); r++) if (initial.sign2()[r] != trained.sign2()[r]) flipped++;
        for (EpochRecord e : result.history()) {
            assertTrue(e.signFlipsW1() >= 0 && e.signFlipsW1() <= NET.inputs() && e.signFlipsW2() >= 0 && e.signFlipsW2() <= NET.hidden());
            recorded += e.signFlipsW1() + e.signFlipsW2();
        }
        assertTrue(flipped > 0, magnitude.describe() + ": some signs flipped");
        assertTrue(recorded >= flipped && (recorded - flipped) % 2 == 0,
                "the epochs' flips (" + recorded + ") account for every neuron whose sign changed (" + flipped + ")");
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
