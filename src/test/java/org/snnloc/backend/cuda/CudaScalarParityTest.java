package org.snnloc.backend.cuda;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snnloc.backend.BatchTrace;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.backend.scalar.ScalarBackend;
import org.snnloc.model.LeakyLayer;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.SpikingLayer;
import org.snnloc.model.Surrogate;
import org.snnloc.model.WeightMap;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.testing.Interneurons;
import org.snnloc.testing.Tolerance;
import org.snnloc.train.AdamConfig;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA engine against the scalar reference on awkward sizes (hidden 1, 7, 30, 33, 257; batch 1,
 * 5, 64; steps 1, 2, 100; inputs 1, 13, 200), with and without Dale's law. Skipped without a GPU.
 *
 * <p>The weights are multiples of 1/1024 small enough that every sum of them is exact in float32,
 * so the products come out identical whatever order cuBLAS adds in: hidden spikes, output voltages
 * and logits must then match the reference exactly. Gradients are sums of non-dyadic numbers and
 * are compared within a tolerance.
 */
class CudaScalarParityTest {
    private static CudaBackend cuda;
    private static final ScalarBackend SCALAR = new ScalarBackend();

    record Case(int hidden, int batch, int steps, int inputs, boolean dale, double tauOutputMs) {
        Case(int hidden, int batch, int steps, int inputs, boolean dale) {
            this(hidden, batch, steps, inputs, dale, 5);
        }

        NetworkConfig network() {
            NetworkConfig sized = NetworkConfig.notebook().withSizes(inputs, hidden, NetworkConfig.NOTEBOOK_CLASSES, steps);
            return new NetworkConfig(sized.inputs(), sized.hidden(), sized.classes(), sized.steps(), sized.dtSeconds(), sized.hiddenLayer(),
                    new LeakyLayer(tauOutputMs / 1e3), sized.readoutScale());
        }

        /** Small enough that a spike flipped by rounding in Adam-updated (no longer dyadic) weights is very unlikely. */
        boolean smallForTraining() {
            return (long) batch * steps * hidden <= 50_000;
        }

        @Override
        public String toString() {
            return "hidden " + hidden + ", batch " + batch + ", steps " + steps + ", inputs " + inputs + (dale ? ", Dale" : ", no Dale");
        }
    }

    static Stream<Case> cases() {
        return Stream.of(new Case(1, 1, 1, 1, true), new Case(7, 5, 2, 13, false), new Case(30, 64, 100, 200, true),
                new Case(33, 5, 100, 13, true, 9), new Case(257, 5, 100, 200, false), new Case(7, 64, 100, 1, true),
                new Case(30, 1, 2, 200, true), new Case(257, 64, 100, 200, true), new Case(1, 5, 100, 200, false));
    }

    @BeforeAll
    static void open() {
        if (CudaTestSupport.deviceUsable()) cuda = new CudaBackend();
    }

    @AfterAll
    static void close() {
        if (cuda != null) cuda.close();
    }

    private static CudaBackend cuda() {
        if (cuda == null) CudaTestSupport.backendOrSkip();
        return cuda;
    }

    /** Random 0/1 spikes of about 20% density. */
    static SpikeDataset randomData(int size, int steps, int inputs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] spikes = new boolean[size * steps * inputs];
        for (int i = 0; i < spikes.length; i++) spikes[i] = random.nextDouble() < 0.2;
        double[] ipd = new double[size];
        int[] label = new int[size];
        for (int s = 0; s < size; s++) {
            label[s] = random.nextInt(NetworkConfig.NOTEBOOK_CLASSES);
            ipd[s] = (label[s] + 0.5) / NetworkConfig.NOTEBOOK_CLASSES * Math.PI - Math.PI / 2;
        }
        return SpikeDataset.fromDense(size, steps, inputs, i -> spikes[(int) i], ipd, label);
    }

    /** Weights k / 1024 with |k| bounded so that neurons fire sometimes; a few exact zeros (dead synapses). */
    static Parameters dyadicParameters(NetworkConfig net, boolean dale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] w1 = dyadic(net.inputs() * net.hidden(), 1.5 / Math.sqrt(Math.max(1.0, 0.2 * net.inputs())), random);
        float[] w2 = dyadic(net.hidden() * net.classes(), 1.0 / Math.sqrt(net.hidden()), random);
        w1[0] = 0f;
        w2[w2.length - 1] = 0f;
        return new Parameters(net, w1, w2, dale ? signs(net.inputs(), random) : null, dale ? signs(net.hidden(), random) : null);
    }

    private static float[] dyadic(int n, double bound, SplittableRandom random) {
        int limit = Math.max(1, (int) Math.round(bound * 1024));
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = random.nextInt(-limit, limit + 1) / 1024f;
        return w;
    }

    private static float[] signs(int rows, SplittableRandom random) {
        float[] s = new float[rows];
        for (int r = 0; r < rows; r++) s[r] = random.nextBoolean() ? 1f : -1f;
        return s;
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndBackwardMatchTheReference(Case c) {
        CudaBackend backend = cuda();
        NetworkConfig net = c.network();
        SpikeDataset data = randomData(c.batch() + 3, c.steps(), c.inputs(), 11);
        Parameters p = dyadicParameters(net, c.dale(), 12);
        int[] samples = java.util.Arrays.copyOf(shuffled(data.size(), 13), c.batch());
        BatchTrace expected, actual;
        float[] expectedLogits, actualLogits;
        try (Engine reference = SCALAR.newEngine(net, AdamConfig.notebook(), 1); PreparedData d = SCALAR.prepare(data)) {
            reference.setParameters(p);
            expected = reference.trace(d, samples);
            expectedLogits = reference.logits(d);
        }
        try (Engine engine = backend.newEngine(net, AdamConfig.notebook(), 1); PreparedData d = backend.prepare(data)) {
            engine.setParameters(p);
            actual = engine.trace(d, samples);
            actualLogits = engine.logits(d);
            assertEquals(p, engine.parameters(), "trace and logits change nothing");
        }
        assertArrayEquals(expected.hiddenSpikes(), actual.hiddenSpikes(), "hidden spikes");
        Tolerance.assertClose("hidden V", expected.hiddenVoltage(), actual.hiddenVoltage(), 1e-6);
        Tolerance.assertClose("v_rec", expected.outputVoltage(), actual.outputVoltage(), 1e-6);
        Tolerance.assertClose("m", expected.logits(), actual.logits(), 1e-6);
        Tolerance.assertClose("loss", new float[] {expected.loss()}, new float[] {actual.loss()}, 1e-6);
        Tolerance.assertClose("dL/dw1", expected.gradW1(), actual.gradW1(), 1e-4);
        Tolerance.assertClose("dL/dw2", expected.gradW2(), actual.gradW2(), 1e-4);
        Tolerance.assertClose("logits of every sample", expectedLogits, actualLogits, 1e-6);
    }

    static Stream<Surrogate> surrogates() {
        return Stream.of(new Surrogate.Sigmoid(2f), new Surrogate.FastSigmoid(25f), new Surrogate.Atan(2f), new Surrogate.Triangle(2f),
                new Surrogate.Gaussian(2f), new Surrogate.Boxcar(1f));
    }

    static Stream<WeightMap> weightMaps() {
        return Stream.of(new WeightMap.Rectify(), new WeightMap.Clamp(), new WeightMap.Softplus());
    }

    /** Each weight map's case in the kernels gives the reference's gradients and, after Adam steps, weights. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("weightMaps")
    void everyWeightMapGivesTheReferenceGradientsAndSteps(WeightMap map) {
        CudaBackend backend = cuda();
        NetworkConfig net = NetworkConfig.notebook().withSizes(13, 7, NetworkConfig.NOTEBOOK_CLASSES, 20);
        SpikeDataset data = randomData(16, net.steps(), net.inputs(), 31);
        Parameters p = Parameters.initialise(net, new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5), map, map, new SplittableRandom(32));
        int[] order = shuffled(data.size(), 33);
        BatchTrace expected, actual;
        Parameters expectedAfter, actualAfter;
        try (Engine reference = SCALAR.newEngine(net, AdamConfig.notebook(), 1); PreparedData d = SCALAR.prepare(data)) {
            reference.setParameters(p);
            expected = reference.trace(d, java.util.Arrays.copyOf(order, 5));
            reference.train(d, order, 4);
            expectedAfter = reference.parameters();
        }
        try (Engine engine = backend.newEngine(net, AdamConfig.notebook(), 1); PreparedData d = backend.prepare(data)) {
            engine.setParameters(p);
            actual = engine.trace(d, java.util.Arrays.copyOf(order, 5));
            engine.train(d, order, 4);
            actualAfter = engine.parameters();
        }
        Tolerance.assertClose("dL/dw1", expected.gradW1(), actual.gradW1(), 1e-4);
        Tolerance.assertClose("dL/dw2", expected.gradW2(), actual.gradW2(), 1e-4);
        assertWithin("w1 after 4 Adam steps", expectedAfter.w1(), actualAfter.w1(), 1e-3);
        assertEquals(map, actualAfter.weightMap1());
        assertEquals(true, actualAfter.respectsDale());
    }

    static Stream<WeightMap[]> layerMaps() {
        WeightMap learned = new WeightMap.LearnedSigns(new WeightMap.Abs());
        return Stream.of(new WeightMap[] {new WeightMap.Dann(2), new WeightMap.Abs()}, new WeightMap[] {learned, learned},
                new WeightMap[] {new WeightMap.LearnedSigns(new WeightMap.Softplus()), new WeightMap.Dann(0)},
                new WeightMap[] {new WeightMap.Dann(0), new WeightMap.LearnedSigns(new WeightMap.Clamp())});
    }

    /** Parameters of these weight maps (Dale's signs where a map has row signs), with dann's C varied so its products are not trivial. */
    private static Parameters variedParameters(NetworkConfig net, WeightMap map1, WeightMap map2, long seed) {
        LayerSigns signs1 = map1.hasRowSigns() ? new LayerSigns.Dale(0.5) : new LayerSigns.Free();
        LayerSigns signs2 = map2.hasRowSigns() ? new LayerSigns.Dale(0.5) : new LayerSigns.Free();
        return Interneurons.varied(Parameters.initialise(net, signs1, signs2, map1, map2, new SplittableRandom(seed)));
    }

    /** Dann's products and learned signs' kernels give the reference's gradients of every raw array and, after Adam steps, arrays. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layerMaps")
    void dannAndLearnedSignsGiveTheReferenceGradientsAndSteps(WeightMap map1, WeightMap map2) {
        CudaBackend backend = cuda();
        NetworkConfig net = NetworkConfig.notebook().withSizes(13, 7, NetworkConfig.NOTEBOOK_CLASSES, 20);
        SpikeDataset data = randomData(16, net.steps(), net.inputs(), 51);
        Parameters p = variedParameters(net, map1, map2, 52);
        // Raw signs near 0, so that some cross it within the 4 steps.
        for (String name : java.util.List.of("sign1_raw", "sign2_raw")) {
            if (p.array(name) == null) continue;
            float[] near = p.array(name).clone();
            for (int i = 0; i < near.length; i++) near[i] *= 0.01f * (1 + i % 3);
            p = p.with(name, near);
        }
        int[] order = shuffled(data.size(), 53);
        BatchTrace expected, actual;
        Parameters expectedAfter, actualAfter;
        try (Engine reference = SCALAR.newEngine(net, AdamConfig.withLearningRate(0.05), 1); PreparedData d = SCALAR.prepare(data)) {
            reference.setParameters(p);
            expected = reference.trace(d, java.util.Arrays.copyOf(order, 5));
            reference.train(d, order, 4);
            expectedAfter = reference.parameters();
        }
        try (Engine engine = backend.newEngine(net, AdamConfig.withLearningRate(0.05), 1); PreparedData d = backend.prepare(data)) {
            engine.setParameters(p);
            assertEquals(p, engine.parameters(), "the arrays go to the device and back unchanged");
            actual = engine.trace(d, java.util.Arrays.copyOf(order, 5));
            engine.train(d, order, 4);
            actualAfter = engine.parameters();
        }
        assertEquals(expected.gradients().keySet(), actual.gradients().keySet());
        for (String name : expected.gradients().keySet()) {
            Tolerance.assertClose("dL/d" + name, expected.gradients().get(name), actual.gradients().get(name), 1e-4);
        }
        for (String name : expectedAfter.arrays().keySet()) {
            assertWithin(name + " after 4 Adam steps", expectedAfter.array(name), actualAfter.array(name), 1e-3);
        }
        assertEquals(expectedAfter.weightMap1(), actualAfter.weightMap1());
        assertEquals(true, actualAfter.respectsDale());
        if (map1 instanceof WeightMap.LearnedSigns) {
            assertArrayEquals(expectedAfter.sign1(), actualAfter.sign1(), "the same signs");
            assertTrue(!java.util.Arrays.equals(p.sign1(), actualAfter.sign1()), "some signs flipped");
        }
    }

    /** Adam's state leaves the device as the reference has it, and a fresh engine given it goes on exactly as the first. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layerMaps")
    void theOptimiserStateMatchesTheReferenceAndContinuesAfterARestore(WeightMap map1, WeightMap map2) {
        CudaBackend backend = cuda();
        NetworkConfig net = NetworkConfig.notebook().withSizes(13, 7, NetworkConfig.NOTEBOOK_CLASSES, 20);
        SpikeDataset data = randomData(16, net.steps(), net.inputs(), 61);
        Parameters p = variedParameters(net, map1, map2, 62);
        int[] order = shuffled(data.size(), 63);
        org.snnloc.train.OptimizerState expected;
        try (Engine reference = SCALAR.newEngine(net, AdamConfig.notebook(), 1); PreparedData d = SCALAR.prepare(data)) {
            reference.setParameters(p);
            reference.train(d, order, 4);
            expected = reference.optimizerState();
        }
        try (PreparedData d = backend.prepare(data); Engine first = backend.newEngine(net, AdamConfig.notebook(), 1);
             Engine second = backend.newEngine(net, AdamConfig.notebook(), 1)) {
            first.setParameters(p);
            first.train(d, order, 4);
            org.snnloc.train.OptimizerState actual = first.optimizerState();
            assertEquals(expected.steps(), actual.steps());
            assertEquals(expected.firstMoments().keySet(), actual.firstMoments().keySet());
            for (String name : expected.firstMoments().keySet()) {
                assertWithin("Adam m of " + name, expected.firstMoments().get(name), actual.firstMoments().get(name), 1e-5);
                assertWithin("Adam v of " + name, expected.secondMoments().get(name), actual.secondMoments().get(name), 1e-6);
            }
            second.setParameters(first.parameters());
            second.restoreOptimizer(actual);
            assertArrayEquals(first.train(d, order, 4), second.train(d, order, 4), "the same losses after the restore");
            assertEquals(first.parameters(), second.parameters(), "the same parameters after the restore");
        }
    }

    /** Each surrogate's case in the LIF backward kernel gives the reference's gradients. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("surrogates")
    void everySurrogateGivesTheReferenceGradients(Surrogate surrogate) {
        CudaBackend backend = cuda();
        NetworkConfig sized = NetworkConfig.notebook().withSizes(13, 33, NetworkConfig.NOTEBOOK_CLASSES, 100);
        NetworkConfig net = new NetworkConfig(sized.inputs(), sized.hidden(), sized.classes(), sized.steps(), sized.dtSeconds(),
                new SpikingLayer(sized.hiddenLayer().tauSeconds(), sized.threshold(), surrogate), sized.outputLayer(), sized.readoutScale());
        SpikeDataset data = randomData(8, net.steps(), net.inputs(), 21);
        Parameters p = dyadicParameters(net, true, 22);
        int[] samples = java.util.Arrays.copyOf(shuffled(data.size(), 23), 5);
        BatchTrace expected, actual;
        try (Engine reference = SCALAR.newEngine(net, AdamConfig.notebook(), 1); PreparedData d = SCALAR.prepare(data)) {
            reference.setParameters(p);
            expected = reference.trace(d, samples);
        }
        try (Engine engine = backend.newEngine(net, AdamConfig.notebook(), 1); PreparedData d = backend.prepare(data)) {
            engine.setParameters(p);
            actual = engine.trace(d, samples);
        }
        assertArrayEquals(expected.hiddenSpikes(), actual.hiddenSpikes(), "hidden spikes");
        Tolerance.assertClose("dL/dw1", expected.gradW1(), actual.gradW1(), 1e-4);
        Tolerance.assertClose("dL/dw2", expected.gradW2(), actual.gradW2(), 1e-4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void threeAdamStepsMatchTheReference(Case c) {
        org.junit.jupiter.api.Assumptions.assumeTrue(c.smallForTraining(), "too many neurons to rule out a spike flipped by rounding");
        CudaBackend backend = cuda();
        NetworkConfig net = c.network();
        SpikeDataset data = randomData(4 * c.batch() + 2, c.steps(), c.inputs(), 21);
        Parameters p = dyadicParameters(net, c.dale(), 22);
        // 3 full batches and a partial one of batch - 1 samples, which is dropped
        int[] order = java.util.Arrays.copyOf(shuffled(data.size(), 23), 4 * c.batch() - 1);
        float[] expectedLosses, actualLosses;
        int[] expectedCorrect = new int[3], actualCorrect = new int[3];
        Parameters expected, actual;
        try (Engine reference = SCALAR.newEngine(net, AdamConfig.notebook(), 1); PreparedData d = SCALAR.prepare(data)) {
            reference.setParameters(p);
            expectedLosses = reference.train(d, order, c.batch(), expectedCorrect);
            expected = reference.parameters();
        }
        try (Engine engine = backend.newEngine(net, AdamConfig.notebook(), 1); PreparedData d = backend.prepare(data)) {
            engine.setParameters(p);
            actualLosses = engine.train(d, order, c.batch(), actualCorrect);
            actual = engine.parameters();
        }
        assertEquals(3, actualLosses.length);
        Tolerance.assertClose("losses of 3 steps", expectedLosses, actualLosses, 1e-5);
        assertArrayEquals(expectedCorrect, actualCorrect, "samples classified correctly in each step");
        assertWithin("w1 after 3 Adam steps", expected.w1(), actual.w1(), 1e-4);
        assertWithin("w2 after 3 Adam steps", expected.w2(), actual.w2(), 1e-4);
        assertEquals(expected.respectsDale(), actual.respectsDale());
    }

    @Test
    void tiedLogitsGoToTheFirstClassAsOnTheReference() {
        // W2 = 0: every logit is 0, every sample is classified as class 0, the first of the tied (one
        // step only: after it, columns of W2 that got the same update tie within rounding, which
        // cuBLAS and the reference need not round alike)
        CudaBackend backend = cuda();
        NetworkConfig net = NetworkConfig.notebook().withSizes(13, 33, NetworkConfig.NOTEBOOK_CLASSES, 100);
        SpikeDataset data = randomData(96, net.steps(), net.inputs(), 51);
        Parameters p = org.snnloc.testing.ZeroReadout.parameters(net, 52);
        int[] batch = java.util.Arrays.copyOf(shuffled(data.size(), 54), 48);
        int[] labels = data.labels(), reference = new int[1], actual = new int[1];
        int labelledZero = 0, labelledLast = 0;
        for (int sample : batch) {
            if (labels[sample] == 0) labelledZero++;
            if (labels[sample] == net.classes() - 1) labelledLast++;
        }
        assertTrue(labelledZero > 0 && labelledZero != labelledLast, "a batch that tells the first class from the last: " + labelledZero
                + " of class 0, " + labelledLast + " of the last");
        try (Engine engine = SCALAR.newEngine(net, AdamConfig.notebook(), 1); PreparedData d = SCALAR.prepare(data)) {
            engine.setParameters(p);
            engine.train(d, batch, batch.length, reference);
        }
        try (Engine engine = backend.newEngine(net, AdamConfig.notebook(), 1); PreparedData d = backend.prepare(data)) {
            engine.setParameters(p);
            engine.train(d, batch, batch.length, actual);
        }
        assertEquals(labelledZero, reference[0], "the reference: the batch's samples of class 0");
        assertEquals(labelledZero, actual[0], "the batch's samples of class 0");
    }

    @Test
    void logitsInSeveralChunksMatchTheReference() {
        CudaBackend backend = cuda();
        NetworkConfig net = NetworkConfig.notebook().withSizes(13, 33, NetworkConfig.NOTEBOOK_CLASSES, 100);
        SpikeDataset data = randomData(37, 100, 13, 31);
        Parameters p = dyadicParameters(net, true, 32);
        float[] expected;
        try (Engine reference = SCALAR.newEngine(net, AdamConfig.notebook(), 1); PreparedData d = SCALAR.prepare(data)) {
            reference.setParameters(p);
            expected = reference.logits(d);
        }
        try (CudaEngine engine = (CudaEngine) backend.newEngine(net, AdamConfig.notebook(), 1); PreparedData d = backend.prepare(data)) {
            engine.limitLogitsChunk(5L * 100 * 33);   // 5 samples a chunk: 8 chunks, the last of 2
            engine.setParameters(p);
            Tolerance.assertClose("logits in chunks", expected, engine.logits(d), 1e-6);
        }
    }

    @Test
    void trainingRepeatsExactly() {
        CudaBackend backend = cuda();
        NetworkConfig net = NetworkConfig.notebook();
        SpikeDataset data = randomData(256, 100, 200, 41);
        Parameters p = dyadicParameters(net, true, 42);
        int[] order = shuffled(256, 43);
        float[][] losses = new float[2][];
        Parameters[] after = new Parameters[2];
        try (PreparedData d = backend.prepare(data)) {
            for (int run = 0; run < 2; run++) {
                try (Engine engine = backend.newEngine(net, AdamConfig.notebook(), 1)) {
                    engine.setParameters(p);
                    losses[run] = engine.train(d, order, 64);
                    losses[run] = concat(losses[run], engine.train(d, order, 64));
                    after[run] = engine.parameters();
                }
            }
        }
        assertArrayEquals(losses[0], losses[1], "losses repeat bit for bit");
        assertEquals(after[0], after[1], "weights repeat bit for bit");
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void assertWithin(String what, float[] expected, float[] actual, double absolute) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= absolute)) {
                throw new AssertionError(what + " differs at " + i + ": expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }
}
