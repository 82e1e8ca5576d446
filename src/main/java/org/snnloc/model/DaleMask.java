package org.snnloc.model;

import java.util.random.RandomGenerator;

/**
 * Dale's law as row signs: each presynaptic neuron (a row of W) is excitatory (+1) or inhibitory (-1)
 * for all its synapses.
 */
public final class DaleMask {
    private DaleMask() {}

    /**
     * Number of inhibitory rows for a ratio, exactly as the notebook's {@code int(rows * ratio)}:
     * the product is taken in double precision and truncated.
     */
    public static int inhibitoryCount(int rows, double inhibitoryRatio) {
        requireRatio(inhibitoryRatio);
        return (int) (rows * inhibitoryRatio);
    }

    /** Signs with exactly {@code inhibitoryCount(rows, ratio)} rows at -1, chosen uniformly without replacement. */
    public static float[] rowSigns(int rows, double inhibitoryRatio, RandomGenerator random) {
        int inhibitory = inhibitoryCount(rows, inhibitoryRatio);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = i;
        float[] signs = allExcitatory(rows);
        // A partial Fisher-Yates shuffle: the first `inhibitory` positions are a uniform sample.
        for (int i = 0; i < inhibitory; i++) {
            int j = i + random.nextInt(rows - i);
            int picked = order[j];
            order[j] = order[i];
            order[i] = picked;
            signs[picked] = -1f;
        }
        return signs;
    }

    public static float[] allExcitatory(int rows) {
        float[] signs = new float[rows];
        java.util.Arrays.fill(signs, 1f);
        return signs;
    }

    public static int countInhibitory(float[] rowSigns) {
        int count = 0;
        for (float s : rowSigns) if (s < 0) count++;
        return count;
    }

    public static void requireRatio(double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("inhibitory ratio must be in [0, 1], got " + ratio);
        }
    }
}
