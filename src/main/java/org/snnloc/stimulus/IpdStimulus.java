package org.snnloc.stimulus;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Poisson auditory-nerve fibres driven by a tone with an interaural phase difference (docs/model.md
 * section 1).
 *
 * <p>Fibre j of the left ear sees phase {@code theta = phi(t) + delta_j}, of the right ear
 * {@code phi(t) + delta_j + ipd}, with {@code phi(t) = 2 pi (f t dt + u)}, and spikes with
 * probability {@code p = r_max dt (0.5 (1 + sin theta))^k} each step, plus {@code r_spont dt}
 * when a spontaneous rate is set.
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

    /**
     * A fibre's mean spike probability per step over the phases of the tone: the density a set of
     * this stimulus comes to when its duration holds whole cycles (the notebook's: 0.225).
     */
    public double meanDensity() {
        int phases = 360;
        double peak = config.maxRateHz() * config.dtSeconds(), sum = 0;
        for (int i = 0; i < phases; i++) sum += probability(peak, Math.sin(2 * Math.PI * i / phases));
        return sum / phases + config.spontaneousHz() * config.dtSeconds();
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
        // With one offset per data set the left ear is the same for every sample: its firing
        // probabilities are computed once instead of once per sample.
        double[] sharedLeft = config.phasePerSample() ? null : earProbabilities(2 * Math.PI * sharedOffset);
        long wordsNeeded = (long) n * steps * words;
        if (wordsNeeded > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " samples of " + steps + " steps x " + inputs + " inputs need " + wordsNeeded * 8 / (1 << 20)
                    + " MiB of spike bits, more than one array holds; use fewer samples, steps or fibres");
        }
        long[] bits = new long[(int) wordsNeeded];
        int[] label = new int[n];
        IntStream.range(0, n).parallel().forEach(b -> {
            label[b] = IpdClasses.classOf(ipd[b], config.classes());
            double offsetAngle = 2 * Math.PI * offset[b];
            double[] left = sharedLeft != null ? sharedLeft : earProbabilities(offsetAngle);
            fillSample(bits, b * steps * words, left, offsetAngle + ipd[b], sampleRandom[b]);
        });
        return new SpikeDataset(n, steps, inputs, bits, ipd, label);
    }

    /** {@code p(t, j)} of the fibres of one ear whose phase is shifted by {@code shift}: (steps, fibresPerEar). */
    private double[] earProbabilities(double shift) {
        int fibres = config.fibresPerEar();
        double sinShift = Math.sin(shift), cosShift = Math.cos(shift);
        double[] p = new double[config.steps() * fibres];
        for (int t = 0; t < config.steps(); t++) stepProbabilities(t, sinShift, cosShift, p, t * fibres);
        return p;
    }

    /**
     * {@code p(t, j)} of one ear at step {@code t} into {@code out[at ..]}, for a phase shift given
     * by its sine and cosine: {@code sin(a + shift) = sin a cos shift + cos a sin shift}. The
     * notebook's envelope power 2 has its own loop without a call, which the JIT vectorises.
     */
    private void stepProbabilities(int t, double sinShift, double cosShift, double[] out, int at) {
        int fibres = config.fibresPerEar();
        double peak = config.maxRateHz() * config.dtSeconds();
        double k = config.envelopePower();
        int base = t * fibres;
        if (k == 2) {
            for (int j = 0; j < fibres; j++) {
                double envelope = 0.5 * (1 + (sinBase[base + j] * cosShift + cosBase[base + j] * sinShift));
                out[at + j] = peak * (envelope * envelope);
            }
        } else {
            for (int j = 0; j < fibres; j++) {
                out[at + j] = probability(peak, sinBase[base + j] * cosShift + cosBase[base + j] * sinShift);
            }
        }
        double baseline = config.spontaneousHz() * config.dtSeconds();
        if (baseline > 0) for (int j = 0; j < fibres; j++) out[at + j] += baseline;   // absent in the notebook: its bits stay as they were
    }

    /**
     * Draws every fibre of every step, left ear then right ear, one uniform number each in that
     * order (the order fixes the data a seed gives). A spike is the sign bit of {@code u - p}
     * ({@code u < p} exactly, as u and p are distinct or u - p is +0): no branch for the CPU to
     * mispredict on a 22%-likely event, and 64 bits are gathered in a register per word. The
     * right ear's probabilities are computed a step at a time, next to their draws (in L1).
     * Each step is its own call: the JIT compiles small methods called often within the first
     * samples, while one long loop per sample is compiled twice more on the fly (OSR).
     */
    private void fillSample(long[] bits, int sampleOffset, double[] left, double rightShift, SplittableRandom random) {
        int fibres = config.fibresPerEar();
        int words = SpikeDataset.wordsPerRow(config.inputs());
        double sinShift = Math.sin(rightShift), cosShift = Math.cos(rightShift);
        double[] p = new double[config.inputs()];   // this step's probabilities, input order
        for (int t = 0, steps = config.steps(); t < steps; t++) {
            System.arraycopy(left, t * fibres, p, 0, fibres);
            stepProbabilities(t, sinShift, cosShift, p, fibres);
            drawStep(bits, sampleOffset + t * words, p, random);
        }
    }

    /** One step's spikes into the words at {@code row}, from the probabilities {@code p} in input order. */
    private static void drawStep(long[] bits, int row, double[] p, SplittableRandom random) {
        int inputs = p.length;
        for (int w = 0, input = 0; input < inputs; w++) {
            long word = 0;
            for (int end = Math.min(inputs, input + 64); input < end; input++) {
                word |= (Double.doubleToRawLongBits(random.nextDouble() - p[input]) >>> 63) << input;
            }
            bits[row + w] = word;
        }
    }

    private double probability(double peak, double sinTheta) {
        double envelope = 0.5 * (1 + sinTheta);
        double k = config.envelopePower();
        return peak * (k == 2 ? envelope * envelope : Math.pow(envelope, k));
    }
}
