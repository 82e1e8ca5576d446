package org.snnloc.eval;

/** Loss and predictions from a block of logits laid out (sample, class). */
public final class Scores {
    private Scores() {}

    /** Mean over samples of {@code -log softmax(m)[label]}, in double. */
    public static double meanNegativeLogLikelihood(float[] logits, int[] labels, int classes) {
        int n = labels.length;
        double total = 0;
        for (int b = 0; b < n; b++) {
            int row = b * classes;
            float max = logits[row];
            for (int c = 1; c < classes; c++) max = Math.max(max, logits[row + c]);
            double sumExp = 0;
            for (int c = 0; c < classes; c++) sumExp += Math.exp(logits[row + c] - max);
            total += Math.log(sumExp) - (logits[row + labels[b]] - max);
        }
        return n == 0 ? Double.NaN : total / n;
    }

    /** The predicted class of every sample: the first index of the largest logit, as torch.max. */
    public static int[] argmax(float[] logits, int classes) {
        int n = logits.length / classes;
        int[] out = new int[n];
        for (int b = 0; b < n; b++) out[b] = argmax(logits, b * classes, classes);
        return out;
    }

    /**
     * The predicted class of the row of {@code classes} logits at {@code row}: the first index of
     * the largest (a later logit wins only when strictly greater; the CUDA kernel
     * softmax_cross_entropy counts with the same rule).
     */
    public static int argmax(float[] logits, int row, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) if (logits[row + c] > logits[row + best]) best = c;
        return best;
    }
}
