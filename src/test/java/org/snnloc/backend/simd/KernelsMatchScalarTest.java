package org.snnloc.backend.simd;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snnloc.backend.InputGroups;
import org.snnloc.backend.cpu.Kernels;
import org.snnloc.backend.cpu.SpikeEvents;
import org.snnloc.backend.cpu.WorkerPool;
import org.snnloc.backend.scalar.ScalarKernels;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Surrogate;
import org.snnloc.model.WeightMap;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.testing.SyntheticData;
import org.snnloc.train.Adam;
import org.snnloc.train.AdamConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Every primitive of the Vector API kernels gives the scalar reference's bits for the same
 * arguments, on awkward sizes (hidden sizes that are not whole vectors, one or two steps, one
 * input), over the whole row and over a column range that leaves vectors out on both sides. The
 * class runs again at 128, 256 and 512 bits (pom.xml).
 */
@Tag(SimdTests.TAG)
class KernelsMatchScalarTest {
    private static final Kernels SCALAR = new ScalarKernels(), SIMD = SimdKernels.INSTANCE;
    private static final int CLASSES = 12, BATCH = 5;
    private static final List<Surrogate> SURROGATES = List.of(Surrogate.notebook(), new Surrogate.Sigmoid(0.5f), new Surrogate.Sigmoid(40f),
            new Surrogate.FastSigmoid(25f), new Surrogate.Atan(2f), new Surrogate.Atan(0.3f), new Surrogate.Triangle(2f),
            new Surrogate.Gaussian(2f), new Surrogate.Gaussian(9f), new Surrogate.Boxcar(1f), new Surrogate.Boxcar(3f));

    record Size(int hidden, int steps, int inputs) {
        int hp() {
            return SIMD.paddedLength(hidden);
        }

        @Override
        public String toString() {
            return "hidden " + hidden + ", steps " + steps + ", inputs " + inputs;
        }
    }

    static List<Size> sizes() {
        List<Size> sizes = new ArrayList<>();
        for (int hidden : new int[] {1, 7, 30, 33, 257}) {
            for (int steps : new int[] {1, 2, 13, 100}) sizes.add(new Size(hidden, steps, hidden % 2 == 0 ? 200 : 13));
        }
        sizes.add(new Size(30, 100, 1));
        return sizes;
    }

    /** Column ranges: every column, and one that starts one vector in and ends one vector early where there is room. */
    private static List<int[]> ranges(int hp) {
        int lanes = SIMD.lanes();
        List<int[]> ranges = new ArrayList<>(List.of(new int[] {0, hp}));
        if (hp >= 3 * lanes) ranges.add(new int[] {lanes, hp - lanes});
        return ranges;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizes")
    void inputProductsAndTheGroupSumTable(Size size) {
        int hp = size.hp(), inputs = size.inputs(), steps = size.steps();
        SplittableRandom random = new SplittableRandom(size.hashCode());
        SpikeEvents events = new SpikeEvents(SyntheticData.spikes(BATCH, steps, inputs, CLASSES, 0.3, size.hashCode()), WorkerPool.shared(), 1);
        float[] w1 = weights(inputs * hp, size.hidden(), hp, random);
        int groups = InputGroups.count(inputs);
        float[] expectedTable = new float[groups * InputGroups.PATTERNS * hp], actualTable = expectedTable.clone();
        for (int g = 0; g < groups; g++) {
            SCALAR.groupSums(w1, inputs, hp, g, expectedTable);
            SIMD.groupSums(w1, inputs, hp, g, actualTable);
        }
        assertArrayEquals(expectedTable, actualTable, "group-sum table");
        float[] gradH1 = random(steps * hp, random);
        for (int[] r : ranges(hp)) {
            for (int sample = 0; sample < BATCH; sample++) {
                float[] expected = new float[steps * hp], actual = new float[steps * hp];
                SCALAR.inputCurrents(events.groupsByStep(), sample, Math.max(0, steps - 1), expectedTable, hp, r[0], r[1], expected);
                SIMD.inputCurrents(events.groupsByStep(), sample, Math.max(0, steps - 1), expectedTable, hp, r[0], r[1], actual);
                assertArrayEquals(expected, actual, "h1, sample " + sample);
                float[] expectedGrad = random(inputs * hp, random), actualGrad = expectedGrad.clone();
                SCALAR.accumulateWeightGradient(events.stepsByInput(), sample, inputs, gradH1, hp, r[0], r[1], expectedGrad);
                SIMD.accumulateWeightGradient(events.stepsByInput(), sample, inputs, gradH1, hp, r[0], r[1], actualGrad);
                assertArrayEquals(expectedGrad, actualGrad, "dW1, sample " + sample);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizes")
    void layerOneForwardAndBackwardThroughTime(Size size) {
        int hp = size.hp(), steps = size.steps();
        SplittableRandom random = new SplittableRandom(size.hashCode() + 1);
        float[] c = NetworkConfig.notebook().withSizes(size.inputs(), size.hidden(), CLASSES, steps).readoutCoefficients();
        for (float threshold : new float[] {1f, 0.2f, -0.1f}) {
            for (int[] r : ranges(hp)) {
                float[] h1 = random(steps * hp, random);
                for (int i = 0; i < h1.length; i++) h1[i] *= 1.5f;
                float[] expectedPre = h1.clone(), actualPre = h1.clone();
                float[] expectedSpikes = new float[steps * hp], actualSpikes = new float[steps * hp];
                SCALAR.lifForward(expectedPre, expectedSpikes, steps, hp, r[0], r[1], 0.8187308f, threshold);
                SIMD.lifForward(actualPre, actualSpikes, steps, hp, r[0], r[1], 0.8187308f, threshold);
                assertArrayEquals(expectedPre, actualPre, "P, threshold " + threshold);
                assertArrayEquals(expectedSpikes, actualSpikes, "S, threshold " + threshold);
                float[] q = random(hp, random);
                for (Surrogate surrogate : SURROGATES) {
                    float[] expected = new float[steps * hp], actual = new float[steps * hp];
                    SCALAR.lifBackward(expectedPre, expectedSpikes, q, c, steps, hp, r[0], r[1], 0.8187308f, threshold, surrogate, expected);
                    SIMD.lifBackward(expectedPre, expectedSpikes, q, c, steps, hp, r[0], r[1], 0.8187308f, threshold, surrogate, actual);
                    assertArrayEquals(expected, actual, "dL/dh1, " + surrogate.describe() + ", threshold " + threshold);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizes")
    void readoutAndItsGradients(Size size) {
        int hp = size.hp(), hidden = size.hidden(), steps = size.steps(), cp = SIMD.paddedLength(CLASSES);
        SplittableRandom random = new SplittableRandom(size.hashCode() + 2);
        float[] spikes = new float[steps * hp];
        for (int i = 0; i < spikes.length; i++) spikes[i] = random.nextDouble() < 0.3 ? 1f : 0f;
        float[] c = NetworkConfig.notebook().withSizes(size.inputs(), hidden, CLASSES, steps).readoutCoefficients();
        float[] expectedR = new float[BATCH * hp], actualR = new float[BATCH * hp];
        for (int b = 0; b < BATCH; b++) {
            SCALAR.weightedSpikeSums(spikes, steps, hp, c, expectedR, b * hp);
            SIMD.weightedSpikeSums(spikes, steps, hp, c, actualR, b * hp);
        }
        assertArrayEquals(expectedR, actualR, "r");
        float[] w2 = weights(hidden * cp, CLASSES, cp, random);
        float[] expectedM = new float[cp], actualM = new float[cp];
        SCALAR.readout(expectedR, 0, w2, hidden, cp, expectedM);
        SIMD.readout(expectedR, 0, w2, hidden, cp, actualM);
        assertArrayEquals(expectedM, actualM, "m");
        float[] w2t = weights(CLASSES * hp, hidden, hp, random), gradM = random(BATCH * CLASSES, random);
        float[] expectedQ = new float[hp], actualQ = new float[hp];
        SCALAR.spikeGradient(gradM, CLASSES, w2t, CLASSES, hp, expectedQ);
        SIMD.spikeGradient(gradM, CLASSES, w2t, CLASSES, hp, actualQ);
        assertArrayEquals(expectedQ, actualQ, "q");
        float[] expectedGrad = new float[CLASSES * hp], actualGrad = new float[CLASSES * hp];
        for (int k = 0; k < CLASSES; k++) {
            SCALAR.weightGradientRow(expectedR, gradM, BATCH, CLASSES, k, hp, expectedGrad);
            SIMD.weightGradientRow(expectedR, gradM, BATCH, CLASSES, k, hp, actualGrad);
        }
        assertArrayEquals(expectedGrad, actualGrad, "dW2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizes")
    void weightMapsReductionsAndAdam(Size size) {
        int hp = size.hp(), rows = size.inputs(), length = rows * hp;
        SplittableRandom random = new SplittableRandom(size.hashCode() + 3);
        float[] raw = random(length, random), grad = random(length, random), signs = new float[length];
        for (int i = 0; i < rows; i++) java.util.Arrays.fill(signs, i * hp, (i + 1) * hp, random.nextBoolean() ? 1f : -1f);
        raw[0] = 0f;
        raw[length - 1] = -0f;   // signum at both zeros
        for (WeightMap.Elementwise map : List.<WeightMap.Elementwise>of(new WeightMap.Abs(), new WeightMap.None(), new WeightMap.Rectify(), new WeightMap.Clamp(),
                new WeightMap.Softplus())) {
            float[] s = map.hasRowSigns() ? signs : null;
            float[] expected = new float[length], actual = new float[length];
            SCALAR.effective(map, raw, s, 0, length, expected);
            SIMD.effective(map, raw, s, 0, length, actual);
            assertArrayEquals(expected, actual, map.describe() + ": effective");
            float[] expectedGrad = grad.clone(), actualGrad = grad.clone();
            SCALAR.pullback(map, expectedGrad, raw, s, 0, length);
            SIMD.pullback(map, actualGrad, raw, s, 0, length);
            assertArrayEquals(expectedGrad, actualGrad, map.describe() + ": pullback");
            float[] expectedRaw = raw.clone(), actualRaw = raw.clone();
            SCALAR.project(map, expectedRaw, 0, length);
            SIMD.project(map, actualRaw, 0, length);
            assertArrayEquals(expectedRaw, actualRaw, map.describe() + ": projection");
        }
        float[] expectedSum = grad.clone(), actualSum = grad.clone();
        SCALAR.addTo(raw, expectedSum, hp, length - hp);
        SIMD.addTo(raw, actualSum, hp, length - hp);
        assertArrayEquals(expectedSum, actualSum, "addTo");
        float[] expectedW = raw.clone(), actualW = raw.clone(), m1 = new float[length], v1 = new float[length], m2 = new float[length], v2 = new float[length];
        for (int step = 1; step <= 3; step++) {
            Adam.StepScalars k = Adam.scalars(AdamConfig.notebook(), step);
            SCALAR.adam(expectedW, grad, m1, v1, 0, length, k);
            SIMD.adam(actualW, grad, m2, v2, 0, length, k);
        }
        assertArrayEquals(expectedW, actualW, "Adam: parameters");
        assertArrayEquals(m1, m2, "Adam: first moments");
        assertArrayEquals(v1, v2, "Adam: second moments");
    }

    /** (rows, hp) with {@code columns} random columns per row and the padding 0. */
    private static float[] weights(int length, int columns, int hp, SplittableRandom random) {
        float[] w = new float[length];
        for (int i = 0; i < length; i++) if (i % hp < columns) w[i] = (float) (random.nextDouble() * 2 - 1);
        return w;
    }

    private static float[] random(int length, SplittableRandom random) {
        float[] a = new float[length];
        for (int i = 0; i < length; i++) a[i] = (float) (random.nextDouble() * 2 - 1);
        return a;
    }
}
