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
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.testing.SyntheticData;
import org.snnloc.testing.Tolerance;
import org.snnloc.train.AdamConfig;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The SIMD engine against the scalar reference on awkward sizes: hidden sizes that are not whole
 * vectors, a single sample, one or two steps, one input. Every listed value of hidden (1, 7, 30,
 * 33, 257), batch (1, 5, 64), steps (1, 2, 100) and inputs (1, 13, 200) appears in some case,
 * with each kind of sign constraint, plus a case wide enough for several column blocks.
 */
@Tag(SimdTests.TAG)
class SimdMatchesScalarTest {
    private static final int CLASSES = 12;

    record Case(int hidden, int batch, int steps, int inputs, LayerSigns layer1, LayerSigns layer2) {
        NetworkConfig network() {
            return NetworkConfig.notebook().withSizes(inputs, hidden, CLASSES, steps);
        }

        @Override
        public String toString() {
            return "hidden " + hidden + ", batch " + batch + ", steps " + steps + ", inputs " + inputs + ", " + layer1.describe() + "/"
                    + layer2.describe();
        }
    }

    static List<Case> cases() {
        LayerSigns dale = new LayerSigns.Dale(0.5), free = new LayerSigns.Free(), excitatory = new LayerSigns.ExcitatoryOnly();
        return List.of(
                new Case(30, 64, 100, 200, dale, dale),             // the notebook
                new Case(1, 5, 100, 200, dale, dale),
                new Case(7, 1, 2, 13, free, free),
                new Case(33, 5, 100, 13, excitatory, dale),
                new Case(257, 5, 100, 200, new LayerSigns.Dale(0.3), excitatory),
                new Case(257, 1, 1, 1, free, free),
                new Case(7, 64, 2, 1, dale, dale),
                new Case(33, 1, 100, 200, new LayerSigns.Dale(0.7), free),
                new Case(30, 5, 1, 13, dale, dale),
                new Case(1, 64, 100, 13, dale, excitatory),
                new Case(100, 5, 20, 1000, dale, dale));            // several column blocks
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardLossAndGradientsMatchTheScalarReference(Case c) {
        Setup s = new Setup(c);
        int[] samples = s.samples(c.batch);
        BatchTrace expected = s.scalar.trace(s.scalarData, samples);
        BatchTrace actual = s.simd.trace(s.simdData, samples);
        assertArrayEquals(expected.hiddenSpikes(), actual.hiddenSpikes(), "hidden spikes");
        double forward = Tolerance.forSumsOf(c.steps * c.hidden);
        Tolerance.assertClose("v_rec", expected.outputVoltage(), actual.outputVoltage(), forward);
        Tolerance.assertClose("m", expected.logits(), actual.logits(), forward);
        Tolerance.assertClose("loss", new float[] {expected.loss()}, new float[] {actual.loss()}, forward);
        double backward = Tolerance.forSumsOf(c.batch * c.steps * c.hidden);
        Tolerance.assertClose("dL/dw1", expected.gradW1(), actual.gradW1(), backward);
        Tolerance.assertClose("dL/dw2", expected.gradW2(), actual.gradW2(), backward);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void logitsOfAWholeDataSetMatch(Case c) {
        Setup s = new Setup(c);
        Tolerance.assertClose("logits", s.scalar.logits(s.scalarData), s.simd.logits(s.simdData),
                Tolerance.forSumsOf(c.steps * c.hidden));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void adamStepsStayClose(Case c) {
        Setup s = new Setup(c);
        int[] order = s.samples(2 * c.batch);
        float[] expectedLosses = s.scalar.train(s.scalarData, order, c.batch);
        float[] actualLosses = s.simd.train(s.simdData, order, c.batch);
        double tolerance = Tolerance.forSumsOf(c.batch * c.steps * c.hidden);
        Tolerance.assertClose("losses", expectedLosses, actualLosses, tolerance);
        Parameters expected = s.scalar.parameters(), actual = s.simd.parameters();
        // Adam divides by sqrt(v) + eps, so a tiny gradient difference can move a weight by up to ~lr.
        Tolerance.assertClose("w1 after 2 steps", expected.w1(), actual.w1(), 1e-3);
        Tolerance.assertClose("w2 after 2 steps", expected.w2(), actual.w2(), 1e-3);
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
            Parameters initial = Parameters.initialise(net, c.layer1, c.layer2, new SplittableRandom(11 + c.inputs));
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
