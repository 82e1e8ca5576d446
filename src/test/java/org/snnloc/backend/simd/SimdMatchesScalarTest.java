package org.snnloc.backend.simd;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snnloc.backend.Backend;
import org.snnloc.backend.BatchTrace;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.backend.scalar.ScalarBackend;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.LeakyLayer;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.SpikingLayer;
import org.snnloc.model.Surrogate;
import org.snnloc.model.WeightMap;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.testing.SyntheticData;
import org.snnloc.train.AdamConfig;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SIMD kernels give the scalar reference's bits, at the vector width this JVM was forced to
 * (pom.xml runs this class at 128, 256 and 512 bits), on awkward sizes: hidden sizes that are not
 * whole vectors, a single sample, one or two steps, one input. Every listed value of hidden (1, 7, 30,
 * 33, 257), batch (1, 5, 64), steps (1, 2, 100) and inputs (1, 13, 200) appears in some case,
 * with each kind of sign constraint, plus a case wide enough for several column blocks.
 */
@Tag(SimdTests.TAG)
class SimdMatchesScalarTest {
    private static final int CLASSES = 12;

    record Case(int hidden, int batch, int steps, int inputs, LayerSigns layer1, LayerSigns layer2, double tauOutputMs, Surrogate surrogate,
                WeightMap map1, WeightMap map2) {
        Case(int hidden, int batch, int steps, int inputs, LayerSigns layer1, LayerSigns layer2) {
            this(hidden, batch, steps, inputs, layer1, layer2, 5, Surrogate.notebook());
        }

        Case(int hidden, int batch, int steps, int inputs, LayerSigns layer1, LayerSigns layer2, double tauOutputMs, Surrogate surrogate) {
            this(hidden, batch, steps, inputs, layer1, layer2, tauOutputMs, surrogate, Parameters.mapFor(layer1), Parameters.mapFor(layer2));
        }

        NetworkConfig network() {
            NetworkConfig sized = NetworkConfig.notebook().withSizes(inputs, hidden, CLASSES, steps);
            return new NetworkConfig(sized.inputs(), sized.hidden(), sized.classes(), sized.steps(), sized.dtSeconds(),
                    new SpikingLayer(sized.hiddenLayer().tauSeconds(), sized.threshold(), surrogate), new LeakyLayer(tauOutputMs / 1e3),
                    sized.readoutScale());
        }

        @Override
        public String toString() {
            return surrogate.describe() + ", " + map1.describe() + "/" + map2.describe() + ", hidden " + hidden + ", batch " + batch + ", steps " + steps + ", inputs " + inputs + ", " + layer1.describe() + "/"
                    + layer2.describe();
        }
    }

    static List<Case> cases() {
        LayerSigns dale = new LayerSigns.Dale(0.5), free = new LayerSigns.Free(), excitatory = new LayerSigns.ExcitatoryOnly();
        return List.of(
                new Case(30, 64, 100, 200, dale, dale),             // the notebook
                new Case(1, 5, 100, 200, dale, dale),
                new Case(7, 1, 2, 13, free, free),
                new Case(33, 5, 100, 13, excitatory, dale, 9, Surrogate.notebook()),   // a readout slower than the hidden layer
                new Case(30, 5, 100, 200, dale, dale, 5, new Surrogate.FastSigmoid(25f)),
                new Case(7, 5, 100, 13, free, dale, 5, new Surrogate.Atan(2f)),
                new Case(33, 5, 100, 200, dale, free, 5, new Surrogate.Triangle(2f)),
                new Case(257, 5, 20, 13, dale, dale, 5, new Surrogate.Gaussian(2f)),
                new Case(30, 5, 100, 200, excitatory, dale, 5, new Surrogate.Boxcar(1f)),
                new Case(33, 5, 100, 200, dale, dale, 5, Surrogate.notebook(), new WeightMap.Rectify(), new WeightMap.Clamp()),
                new Case(30, 64, 100, 200, excitatory, dale, 5, Surrogate.notebook(), new WeightMap.Softplus(), new WeightMap.Softplus()),
                new Case(7, 5, 20, 13, dale, dale, 5, new Surrogate.Triangle(2f), new WeightMap.Clamp(), new WeightMap.Rectify()),
                new Case(257, 5, 100, 200, new LayerSigns.Dale(0.3), excitatory),
                new Case(257, 1, 1, 1, free, free),
                new Case(7, 64, 2, 1, dale, dale),
                new Case(33, 1, 100, 200, new LayerSigns.Dale(0.7), free),
                new Case(30, 5, 1, 13, dale, dale),
                new Case(1, 64, 100, 13, dale, excitatory),
                new Case(100, 5, 20, 1000, dale, dale),             // several column blocks
                new Case(30, 64, 100, 200, dale, dale, 5, Surrogate.notebook(), new WeightMap.LearnedSigns(new WeightMap.Abs()),
                        new WeightMap.LearnedSigns(new WeightMap.Softplus())),
                new Case(33, 5, 20, 13, dale, dale, 5, new Surrogate.Atan(2f), new WeightMap.LearnedSigns(new WeightMap.Clamp()), new WeightMap.Abs()),
                new Case(30, 64, 100, 200, free, dale, 5, Surrogate.notebook(), new WeightMap.Dann(0), new WeightMap.Abs()),
                new Case(17, 5, 20, 13, free, free, 5, new Surrogate.Triangle(2f), new WeightMap.Dann(4), new WeightMap.Dann(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardLossAndGradientsEqualTheScalarReference(Case c) {
        Setup s = new Setup(c);
        int[] samples = s.samples(c.batch);
        BatchTrace expected = s.scalar.trace(s.scalarData, samples);
        BatchTrace actual = s.simd.trace(s.simdData, samples);
        assertArrayEquals(expected.hiddenSpikes(), actual.hiddenSpikes(), "hidden spikes");
        assertArrayEquals(expected.hiddenVoltage(), actual.hiddenVoltage(), "hidden V");
        assertArrayEquals(expected.outputVoltage(), actual.outputVoltage(), "v_rec");
        assertArrayEquals(expected.logits(), actual.logits(), "m");
        assertEquals(expected.loss(), actual.loss(), "loss");
        assertEquals(expected.gradients().keySet(), actual.gradients().keySet(), "raw parameters");
        for (String name : expected.gradients().keySet()) {
            assertArrayEquals(expected.gradients().get(name), actual.gradients().get(name), "dL/d" + name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void logitsOfAWholeDataSetAreEqual(Case c) {
        Setup s = new Setup(c);
        assertArrayEquals(s.scalar.logits(s.scalarData), s.simd.logits(s.simdData));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void adamStepsGiveTheSameBits(Case c) {
        Setup s = new Setup(c);
        int[] order = s.samples(3 * c.batch);
        int[] expectedCorrect = new int[3], actualCorrect = new int[3];
        assertArrayEquals(s.scalar.train(s.scalarData, order, c.batch, expectedCorrect), s.simd.train(s.simdData, order, c.batch, actualCorrect),
                "losses");
        assertArrayEquals(expectedCorrect, actualCorrect, "samples classified correctly in each step");
        Parameters expected = s.scalar.parameters(), actual = s.simd.parameters();
        for (String name : expected.arrays().keySet()) assertArrayEquals(expected.array(name), actual.array(name), name + " after 3 steps");
        assertEquals(expected, actual, "parameters after 3 steps");
    }

    /** The same network and data on both engines; 3 samples more than the batch so logits has a ragged end. */
    private static final class Setup {
        final Engine scalar, simd;
        final PreparedData scalarData, simdData;
        final int size;

        Setup(Case c) {
            NetworkConfig net = c.network();
            size = c.batch * 2 + 3;
            SpikeDataset data = SyntheticData.spikes(size, c.steps, c.inputs, CLASSES, SyntheticData.NOTEBOOK_DENSITY, 7 + c.hidden);
            Parameters initial = Parameters.initialise(net, c.layer1, c.layer2, c.map1, c.map2, new SplittableRandom(11 + c.inputs));
            Backend scalarBackend = new ScalarBackend(), simdBackend = new SimdProvider().create();
            scalar = scalarBackend.newEngine(net, AdamConfig.notebook(), 1);
            simd = simdBackend.newEngine(net, AdamConfig.notebook(), 2);
            scalar.setParameters(initial);
            simd.setParameters(initial);
            scalarData = scalarBackend.prepare(data);
            simdData = simdBackend.prepare(data);
        }

        int[] samples(int n) {
            int[] s = new int[n];
            for (int i = 0; i < n; i++) s[i] = (i * 7 + 1) % size;
            return s;
        }
    }
}
