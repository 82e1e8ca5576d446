package org.snnloc.testing;

import org.snnloc.stimulus.SpikeDataset;

import java.util.SplittableRandom;

/** Seeded random spike data of any shape, for tests that need sizes the stimulus generator does not make. */
public final class SyntheticData {
    /** The density of the notebook's stimulus. */
    public static final double NOTEBOOK_DENSITY = 0.225;

    private SyntheticData() {}

    /** {@code size} samples of independent spikes with probability {@code density}; labels uniform over {@code classes}. */
    public static SpikeDataset spikes(int size, int steps, int inputs, int classes, double density, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] dense = new boolean[size * steps * inputs];
        for (int i = 0; i < dense.length; i++) dense[i] = random.nextDouble() < density;
        double[] ipd = new double[size];
        int[] label = new int[size];
        for (int s = 0; s < size; s++) {
            label[s] = random.nextInt(classes);
            ipd[s] = (label[s] + 0.5) / classes * Math.PI - Math.PI / 2;
        }
        return SpikeDataset.fromDense(size, steps, inputs, i -> dense[(int) i], ipd, label);
    }
}
