package org.snnloc.stimulus;

import java.util.Arrays;

/**
 * A set of binary input spike trains with their true IPDs and class labels.
 *
 * <p>Spikes are stored as bits, one row of {@code inputs} bits per (sample, step), each row
 * padded to whole 64-bit words, so the notebook's training set (4096 x 100 x 200) takes 13 MB
 * instead of 328 MB of floats.
 */
public final class SpikeDataset {
    private final int size;
    private final int steps;
    private final int inputs;
    private final int wordsPerRow;
    private final long[] bits;      // (size, steps, wordsPerRow); bit i of a row is input i
    private final double[] ipd;     // (size) true IPD in radians
    private final int[] label;      // (size) class index

    public SpikeDataset(int size, int steps, int inputs, long[] bits, double[] ipd, int[] label) {
        if (size < 0 || steps <= 0 || inputs <= 0) {
            throw new IllegalArgumentException("bad data set shape (" + size + ", " + steps + ", " + inputs + ")");
        }
        this.size = size;
        this.steps = steps;
        this.inputs = inputs;
        this.wordsPerRow = wordsPerRow(inputs);
        if (bits.length != words(size, steps, inputs)) throw new IllegalArgumentException("spike bits do not match the shape");
        if (ipd.length != size || label.length != size) throw new IllegalArgumentException("ipd and label need one value per sample");
        this.bits = bits;
        this.ipd = ipd;
        this.label = label;
    }

    public static int wordsPerRow(int inputs) {
        return (inputs + 63) >>> 6;
    }

    /** The 64-bit words of {@link #bits()} for a set of this shape: what its spikes take in memory, 8 bytes each. */
    public static long words(long samples, int steps, int inputs) {
        return samples * steps * wordsPerRow(inputs);
    }

    public int size() { return size; }

    public int steps() { return steps; }

    public int inputs() { return inputs; }

    public int wordsPerRow() { return wordsPerRow; }

    /** The packed spikes, read-only by convention: (sample, step, word). */
    public long[] bits() { return bits; }

    public double ipd(int sample) { return ipd[sample]; }

    public int label(int sample) { return label[sample]; }

    public double[] ipds() { return ipd.clone(); }

    public int[] labels() { return label.clone(); }

    public boolean spike(int sample, int step, int input) {
        long word = bits[rowOffset(sample, step) + (input >>> 6)];
        return (word >>> (input & 63) & 1L) != 0;
    }

    /** Index of the first word of the row of (sample, step) in {@link #bits()}. */
    public int rowOffset(int sample, int step) {
        return (sample * steps + step) * wordsPerRow;
    }

    /**
     * Writes the indices of the inputs that spike at (sample, step) into {@code out} in ascending
     * order and returns how many there are. {@code out} must hold {@link #inputs()} values.
     */
    public int activeInputs(int sample, int step, int[] out) {
        int count = 0;
        int offset = rowOffset(sample, step);
        for (int w = 0; w < wordsPerRow; w++) {
            long word = bits[offset + w];
            while (word != 0) {
                out[count++] = (w << 6) + Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        return count;
    }

    public long spikeCount() {
        long count = 0;
        for (long word : bits) count += Long.bitCount(word);
        return count;
    }

    /** Mean spikes per fibre per step. */
    public double density() {
        return size == 0 ? 0 : spikeCount() / ((double) size * steps * inputs);
    }

    /** The samples at {@code indices}, in that order, as a new data set. */
    public SpikeDataset select(int[] indices) {
        int rowWords = steps * wordsPerRow;
        long[] picked = new long[indices.length * rowWords];
        double[] pickedIpd = new double[indices.length];
        int[] pickedLabel = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int s = indices[k];
            System.arraycopy(bits, s * rowWords, picked, k * rowWords, rowWords);
            pickedIpd[k] = ipd[s];
            pickedLabel[k] = label[s];
        }
        return new SpikeDataset(indices.length, steps, inputs, picked, pickedIpd, pickedLabel);
    }

    /** The first {@code n} samples. */
    public SpikeDataset head(int n) {
        int[] indices = new int[Math.min(n, size)];
        Arrays.setAll(indices, i -> i);
        return select(indices);
    }

    /** Builds a data set from dense 0/1 values laid out (sample, step, input); any non-zero counts as a spike. */
    public static SpikeDataset fromDense(int size, int steps, int inputs, DenseSource spikes, double[] ipd, int[] label) {
        int words = wordsPerRow(inputs);
        long[] bits = new long[size * steps * words];
        for (int s = 0; s < size; s++) {
            for (int t = 0; t < steps; t++) {
                int row = (s * steps + t) * words;
                long base = ((long) s * steps + t) * inputs;
                for (int i = 0; i < inputs; i++) {
                    if (spikes.isSpike(base + i)) bits[row + (i >>> 6)] |= 1L << (i & 63);
                }
            }
        }
        return new SpikeDataset(size, steps, inputs, bits, ipd, label);
    }

    /** Random access to dense spike values by flat index. */
    @FunctionalInterface
    public interface DenseSource {
        boolean isSpike(long flatIndex);
    }
}
