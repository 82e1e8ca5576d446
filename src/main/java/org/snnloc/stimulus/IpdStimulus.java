package org.snnloc.stimulus;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Poisson auditory-nerve fibres driven by a tone with an interaural phase difference (SPEC.md
 * section 1).
 *
 * <p>Fibre j of the left ear sees phase {@code theta = phi(t) + delta_j}, of the right ear
 * {@code phi(t) + delta_j + ipd}, with {@code phi(t) = 2 pi (f t dt + u)}, and spikes with
 * probability {@code p = r_max dt (0.5 (1 + sin theta))^k} each step.
 *
 * <p>Reproducible: a seed fixes the IPDs, the phase offset(s) and every spike. Samples draw from
 * their own generator split off the seed's in sample order, so generation runs in parallel and
 * gives the same data for any thread count.
 */
public final class IpdStimulus {
    private final StimulusConfig config;
    private final double[] sinBase;  // (steps, fibresPerEar): sin(2 pi f t dt + delta_j)
    private final double[] cosBase;  // (steps, fibresPerEar): cos(2 pi f t dt + delta_j)

    public IpdStimulus(StimulusConfig config) {
        this.config = config;
        int steps = config.steps();
        int fibres = config.fibresPerEar();
        sinBase = new double[steps * fibres];
        cosBase = new double[steps * fibres];
        for (int t = 0; t < steps; t++) {
            double tonePhase = 2 * Math.PI * config.toneHz() * t * config.dtSeconds();
            for (int j = 0; j < fibres; j++) {
                double angle = tonePhase + phaseDelay(j);
                sinBase[t * fibres + j] = Math.sin(angle);
                cosBase[t * fibres + j] = Math.cos(angle);
            }
        }
    }

    public StimulusConfig config() {
        return config;
    }

    /** {@code linspace(0, maxPhaseDelay, fibresPerEar)[j]}. */
    public double phaseDelay(int j) {
        int fibres = config.fibresPerEar();
        return fibres == 1 ? 0 : config.maxPhaseDelay() * j / (fibres - 1);
    }

    /** {@code n} samples with IPDs drawn uniformly from (-pi/2, pi/2). */
    public SpikeDataset generate(int n, long seed) {
        if (n < 0) throw new IllegalArgumentException("sample count must be >= 0, got " + n);
        SplittableRandom random = new SplittableRandom(seed);
        double[] ipd = new double[n];
        for (int b = 0; b < n; b++) ipd[b] = random.nextDouble() * Math.PI - Math.PI / 2;
        return spikesFor(ipd, random);
    }

    /** Stimuli for the given IPDs (radians), e.g. one example per class for a raster figure. */
    public SpikeDataset generate(double[] ipds, long seed) {
        return spikesFor(ipds.clone(), new SplittableRandom(seed));
    }

    private SpikeDataset spikesFor(double[] ipd, SplittableRandom random) {
        int n = ipd.length;
        int steps = config.steps();
        int inputs = config.inputs();
        int words = SpikeDataset.wordsPerRow(inputs);
        double sharedOffset = random.nextDouble();
        double[] offset = new double[n];   // phase offset u of each sample
        SplittableRandom[] sampleRandom = new SplittableRandom[n];
        for (int b = 0; b < n; b++) {
            offset[b] = config.phasePerSample() ? random.nextDouble() : sharedOffset;
            sampleRandom[b] = random.split();
        }
        long[] bits = new long[n * steps * words];
        int[] label = new int[n];
        IntStream.range(0, n).parallel().forEach(b -> {
            label[b] = IpdClasses.classOf(ipd[b], config.classes());
            double offsetAngle = 2 * Math.PI * offset[b];
            fillSample(bits, b * steps * words, offsetAngle, offsetAngle + ipd[b], sampleRandom[b]);
        });
        return new SpikeDataset(n, steps, inputs, bits, ipd, label);
    }

    /** Left-ear fibres see angle {@code base + leftShift}, right-ear fibres {@code base + rightShift}. */
    private void fillSample(long[] bits, int sampleOffset, double leftShift, double rightShift, SplittableRandom random) {
        int fibres = config.fibresPerEar();
        int words = SpikeDataset.wordsPerRow(config.inputs());
        double sinLeft = Math.sin(leftShift), cosLeft = Math.cos(leftShift);
        double sinRight = Math.sin(rightShift), cosRight = Math.cos(rightShift);
        double peak = config.maxRateHz() * config.dtSeconds();
        for (int t = 0; t < config.steps(); t++) {
            int row = sampleOffset + t * words;
            for (int j = 0; j < fibres; j++) {
                double s = sinBase[t * fibres + j], c = cosBase[t * fibres + j];
                // sin(a + shift) = sin a cos shift + cos a sin shift
                if (random.nextDouble() < probability(peak, s * cosLeft + c * sinLeft)) {
                    bits[row + (j >>> 6)] |= 1L << (j & 63);
                }
            }
            for (int j = 0; j < fibres; j++) {
                double s = sinBase[t * fibres + j], c = cosBase[t * fibres + j];
                int input = fibres + j;
                if (random.nextDouble() < probability(peak, s * cosRight + c * sinRight)) {
                    bits[row + (input >>> 6)] |= 1L << (input & 63);
                }
            }
        }
    }

    private double probability(double peak, double sinTheta) {
        double envelope = 0.5 * (1 + sinTheta);
        double k = config.envelopePower();
        return peak * (k == 2 ? envelope * envelope : Math.pow(envelope, k));
    }
}
