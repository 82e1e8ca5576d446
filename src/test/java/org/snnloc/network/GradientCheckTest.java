package org.snnloc.network;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snnloc.backend.BatchTrace;
import org.snnloc.backend.cpu.SpikeEvents;
import org.snnloc.backend.cpu.WorkerPool;
import org.snnloc.backend.scalar.ScalarKernels;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.LeakyLayer;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.model.SpikingLayer;
import org.snnloc.model.Surrogate;
import org.snnloc.model.WeightMap;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.testing.Interneurons;
import org.snnloc.testing.SyntheticData;
import org.snnloc.train.AdamConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backward pass is the exact gradient of the network's loss with respect to every raw
 * parameter, checked against central finite differences through the whole network.
 *
 * <p>With the Heaviside spike the loss is piecewise constant in W1, so no finite difference can
 * see a surrogate gradient. The check therefore runs the network with each surrogate's smooth
 * step F (F' = the surrogate's slope) in place of H in the forward pass: the backward pass,
 * unchanged, must then be F's exact chain rule, every term of it (the spike output, the reset
 * factor, the leak of each layer, both weight maps). A surrogate or weight map added later gets
 * its case here.
 */
class GradientCheckTest {
    private static final int INPUTS = 7, HIDDEN = 5, CLASSES = 3, STEPS = 12, SAMPLES = 6;
    private static final float STEP = 2e-3f;   // of the central differences; float rounding of the loss limits it from below
    /**
     * The boxcar's step F has kinks: the loss has one wherever some V - threshold crosses the
     * window's edge, and with STEP most parameters' differences would straddle one. A smaller
     * step keeps most of them clear (the check skips the rest, see below).
     */
    private static final float KINKED_STEP = 1e-4f;

    record Case(Surrogate surrogate, LayerSigns layer1, LayerSigns layer2, float threshold, double tauHiddenMs, double tauOutputMs,
                WeightMap map1, WeightMap map2) {
        Case(Surrogate surrogate, LayerSigns layer1, LayerSigns layer2, float threshold, double tauHiddenMs, double tauOutputMs) {
            this(surrogate, layer1, layer2, threshold, tauHiddenMs, tauOutputMs, Parameters.mapFor(layer1), Parameters.mapFor(layer2));
        }

        @Override
        public String toString() {
            return surrogate.describe() + ", W1 " + layer1.describe() + " " + map1.describe() + ", W2 " + layer2.describe() + " "
                    + map2.describe() + ", threshold " + threshold + ", tau " + tauHiddenMs + " / " + tauOutputMs + " ms";
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        LayerSigns dale = new LayerSigns.Dale(0.4), free = new LayerSigns.Free(), excitatory = new LayerSigns.ExcitatoryOnly();
        for (Surrogate surrogate : List.<Surrogate>of(new Surrogate.Sigmoid(5f), new Surrogate.Sigmoid(2f), new Surrogate.FastSigmoid(25f),
                new Surrogate.FastSigmoid(3f), new Surrogate.Atan(2f), new Surrogate.Triangle(2f), new Surrogate.Triangle(0.7f),
                new Surrogate.Gaussian(2f), new Surrogate.Boxcar(1f), new Surrogate.Boxcar(0.4f))) {
            cases.add(new Case(surrogate, dale, dale, 1f, 5, 5));
            cases.add(new Case(surrogate, free, free, 0.5f, 3, 9));
            cases.add(new Case(surrogate, excitatory, free, 0.2f, 12, 2));
        }
        for (WeightMap map : List.<WeightMap>of(new WeightMap.Rectify(), new WeightMap.Clamp(), new WeightMap.Softplus())) {
            cases.add(new Case(Surrogate.notebook(), dale, dale, 1f, 5, 5, map, map));
            cases.add(new Case(new Surrogate.Atan(2f), excitatory, dale, 0.5f, 3, 9, map, new WeightMap.Abs()));
        }
        for (WeightMap.Elementwise magnitude : List.<WeightMap.Elementwise>of(new WeightMap.Abs(), new WeightMap.Rectify(), new WeightMap.Clamp(),
                new WeightMap.Softplus())) {
            WeightMap learned = new WeightMap.LearnedSigns(magnitude);
            cases.add(new Case(Surrogate.notebook(), dale, dale, 1f, 5, 5, learned, learned));
        }
        cases.add(new Case(new Surrogate.FastSigmoid(3f), dale, dale, 0.5f, 3, 9, new WeightMap.LearnedSigns(new WeightMap.Clamp()), new WeightMap.Abs()));
        cases.add(new Case(Surrogate.notebook(), free, dale, 1f, 5, 5, new WeightMap.Dann(2), new WeightMap.Abs()));
        cases.add(new Case(new Surrogate.Atan(2f), free, free, 0.5f, 3, 9, new WeightMap.Dann(0), new WeightMap.Dann(1)));
        return cases;
    }

    /** A step F whose derivative is the surrogate's slope. */
    static float smoothStep(Surrogate surrogate, float x) {
        double a = surrogate.scale(), v = x;
        return (float) switch (surrogate) {
            case Surrogate.Sigmoid s -> 1 / (1 + Math.exp(-a * v));
            case Surrogate.FastSigmoid s -> v / (1 + a * Math.abs(v));
            case Surrogate.Atan s -> Math.atan(Math.PI * a * v / 2) / Math.PI;
            case Surrogate.Triangle s -> Math.abs(v) >= 1 / a ? Math.signum(v) / (2 * a) : v - a * v * Math.abs(v) / 2;
            case Surrogate.Gaussian s -> erf(a * v) / 2;
            case Surrogate.Boxcar s -> Math.max(-0.5, Math.min(0.5, a * v));
        };
    }

    /** The error function: its Taylor series below |x| = 3, the asymptotic series of erfc above (both to about 1e-8 or better). */
    private static double erf(double x) {
        double y = Math.abs(x);
        if (y >= 3) {
            double u = 1 / (2 * y * y);
            double erfc = Math.exp(-y * y) / (y * Math.sqrt(Math.PI)) * (1 - u + 3 * u * u - 15 * u * u * u + 105 * u * u * u * u);
            return Math.signum(x) * (1 - erfc);
        }
        double term = x, sum = x;
        for (int n = 1; n < 80; n++) {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyRawGradientEqualsCentralDifferences(Case c) {
        NetworkConfig net = new NetworkConfig(INPUTS, HIDDEN, CLASSES, STEPS, 1e-3,
                new SpikingLayer(c.tauHiddenMs / 1e3, c.threshold, c.surrogate), new LeakyLayer(c.tauOutputMs / 1e3), 1f);
        SpikeDataset data = SyntheticData.spikes(SAMPLES, STEPS, INPUTS, CLASSES, 0.35, 3);
        SpikeEvents events = new SpikeEvents(data, WorkerPool.shared(), 1);
        Parameters initial = Parameters.initialise(net, c.layer1, c.layer2, c.map1, c.map2, new SplittableRandom(8));
        // Larger weights than the notebook's, so that every hidden neuron is driven through the steep part of F.
        Parameters scaledUp = initial;
        for (String name : List.of("w1", "w1_ee", "w1_ie")) {
            if (initial.array(name) != null) scaledUp = scaledUp.with(name, scaled(initial.array(name), 3f));
        }
        Parameters p = Interneurons.varied(scaledUp);
        int[] all = new int[SAMPLES];
        for (int b = 0; b < SAMPLES; b++) all[b] = b;

        try (Network network = new Network(net, AdamConfig.notebook(), 1, WorkerPool.shared(), new SmoothSpikes(c.surrogate))) {
            network.setParameters(p);
            BatchTrace trace = network.trace(events, all);
            float step = c.surrogate instanceof Surrogate.Boxcar ? KINKED_STEP : STEP;
            int checked = 0;
            for (WeightMap.ArraySpec spec : p.specs()) {
                if (!spec.trainable()) continue;
                String name = spec.name();
                if (name.endsWith("_raw")) {
                    WeightMap.Elementwise magnitude = ((WeightMap.LearnedSigns) (spec.layer() == 1 ? c.map1 : c.map2)).magnitude();
                    if (magnitude instanceof WeightMap.Softplus) continue;   // not linear in w: the row-scaling check below does not apply
                    checkSigns(name, "w" + spec.layer(), trace.gradients().get(name), p, spec.layer() == 1 ? HIDDEN : CLASSES, network, events, data, step);
                } else {
                    check(name, trace.gradients().get(name), p.array(name), (w, delta) -> p.with(name, w), network, events, data, step);
                }
                checked++;
            }
            assertTrue(checked >= 2, "every layer's trained arrays were checked");
        }
    }

    /**
     * A learned sign's gradient passes straight through the sign, {@code dL/da_r = sum_c dL/dW[r,c] m(w[r,c])}.
     * For a magnitude linear in w (abs, rectify, clamp on one side of 0), scaling row r's raw
     * weights by (1 + e) scales that row of W by (1 + e), so {@code d/de L = s_r dL/da_r}: a
     * central difference along that direction checks it.
     */
    private static void checkSigns(String name, String weights, float[] gradient, Parameters p, int columns, Network network,
                                   SpikeEvents events, SpikeDataset data, float step) {
        float[] raw = p.array(weights), signs = weights.equals("w1") ? p.sign1() : p.sign2();
        double largest = 0;
        for (float g : gradient) largest = Math.max(largest, Math.abs(g));
        assertTrue(largest > 1e-3, name + ": the gradient is not negligible (largest " + largest + ")");
        for (int r = 0; r < gradient.length; r++) {
            float[] plus = raw.clone(), minus = raw.clone();
            for (int col = r * columns; col < (r + 1) * columns; col++) {
                plus[col] = raw[col] * (1 + step);
                minus[col] = raw[col] * (1 - step);
            }
            double numeric = (loss(network, p.with(weights, plus), events, data) - loss(network, p.with(weights, minus), events, data)) / (2 * step);
            double expected = signs[r] * gradient[r];
            assertTrue(Math.abs(numeric - expected) <= 2e-3 * largest + 2e-2 * Math.abs(numeric),
                    name + "[" + r + "]: backward pass " + expected + " (s_r dL/da_r), central difference along the row " + numeric);
        }
    }

    private static void check(String name, float[] gradient, float[] raw, BiFunction<float[], Float, Parameters> with, Network network,
                              SpikeEvents events, SpikeDataset data, float step) {
        double largest = 0;
        int skipped = 0;
        for (float g : gradient) largest = Math.max(largest, Math.abs(g));
        assertTrue(largest > 1e-3, name + ": the gradient is not negligible, so the check means something (largest " + largest + ")");
        for (int i = 0; i < raw.length; i++) {
            float[] plus = raw.clone(), minus = raw.clone();
            plus[i] += step;
            minus[i] -= step;
            if (Math.signum(plus[i]) != Math.signum(minus[i])) continue;   // |w| has a kink at 0
            double numeric = centralDifference(raw, i, step, with, network, events, data);
            // A step with a kink (boxcar) makes the loss kinked where some V - threshold crosses it:
            // there the differences of two step sizes disagree, and no difference means anything.
            double finer = centralDifference(raw, i, step / 2, with, network, events, data);
            if (Math.abs(numeric - finer) > 2e-3 * largest + 2e-2 * Math.abs(numeric)) {
                skipped++;
                continue;
            }
            double error = Math.abs(numeric - gradient[i]);
            assertTrue(error <= 2e-3 * largest + 2e-2 * Math.abs(numeric),
                    name + "[" + i + "]: backward pass " + gradient[i] + ", central difference " + numeric);
        }
        assertTrue(skipped <= raw.length / 5, name + ": " + skipped + " of " + raw.length + " parameters sit on a kink");
    }

    private static double centralDifference(float[] raw, int i, float step, BiFunction<float[], Float, Parameters> with, Network network,
                                            SpikeEvents events, SpikeDataset data) {
        float[] plus = raw.clone(), minus = raw.clone();
        plus[i] += step;
        minus[i] -= step;
        return (loss(network, with.apply(plus, step), events, data) - loss(network, with.apply(minus, step), events, data)) / (plus[i] - minus[i]);
    }

    /** The mean negative log-likelihood of all samples, in double from the network's logits. */
    private static double loss(Network network, Parameters p, SpikeEvents events, SpikeDataset data) {
        network.setParameters(p);
        float[] m = network.logits(events);
        double total = 0;
        for (int b = 0; b < data.size(); b++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int k = 0; k < CLASSES; k++) max = Math.max(max, m[b * CLASSES + k]);
            for (int k = 0; k < CLASSES; k++) sum += Math.exp(m[b * CLASSES + k] - max);
            total += Math.log(sum) + max - m[b * CLASSES + data.label(b)];
        }
        return total / data.size();
    }

    private static float[] scaled(float[] w, float factor) {
        float[] out = w.clone();
        for (int i = 0; i < out.length; i++) out[i] *= factor;
        return out;
    }

    /** The scalar reference with {@code S[n+1] = F(V[n] - threshold)} instead of H in the forward pass. */
    private static final class SmoothSpikes extends ScalarKernels {
        private final Surrogate surrogate;

        SmoothSpikes(Surrogate surrogate) {
            this.surrogate = surrogate;
        }

        @Override
        public void lifForward(float[] pre, float[] spikes, int steps, int hp, int from, int to, float alpha, float threshold) {
            for (int j = from; j < to; j++) spikes[j] = 0f;
            if (steps < 2) return;
            for (int j = from; j < to; j++) spikes[hp + j] = smoothStep(surrogate, 0f - threshold);
            for (int n = 1; n < steps - 1; n++) {
                int row = n * hp, previous = row - hp, next = row + hp;
                for (int j = from; j < to; j++) {
                    float v = pre[previous + j] * (1f - spikes[previous + j]);
                    pre[row + j] = v * alpha + pre[row + j];
                    spikes[next + j] = smoothStep(surrogate, v - threshold);
                }
            }
        }
    }
}
