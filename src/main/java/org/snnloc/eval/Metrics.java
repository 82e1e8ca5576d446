package org.snnloc.eval;

import org.snnloc.stimulus.IpdClasses;
import org.snnloc.stimulus.SpikeDataset;

/**
 * Scores of a network on a data set (docs/model.md).
 *
 * @param samples      how many samples were scored
 * @param accuracy     percent of samples whose predicted class is the true class
 * @param maeDegrees   mean absolute error in degrees between the true IPD and the predicted class's midpoint
 * @param loss         mean negative log-likelihood
 * @param confusion    counts, [estimated][true]
 * @param trueIpd      true IPD of each sample, radians
 * @param estimatedIpd midpoint of each sample's predicted class, radians
 */
public record Metrics(int samples, double accuracy, double maeDegrees, double loss, int[][] confusion,
                      double[] trueIpd, double[] estimatedIpd) {

    public static Metrics score(float[] logits, SpikeDataset data, int classes) {
        int n = data.size();
        int[] labels = data.labels();
        int[] predicted = Scores.argmax(logits, classes);
        int[][] confusion = new int[classes][classes];
        double[] trueIpd = data.ipds();
        double[] estimated = new double[n];
        int correct = 0;
        double absError = 0;
        for (int b = 0; b < n; b++) {
            confusion[predicted[b]][labels[b]]++;
            if (predicted[b] == labels[b]) correct++;
            estimated[b] = IpdClasses.midpoint(predicted[b], classes);
            absError += Math.abs(trueIpd[b] - estimated[b]);
        }
        return new Metrics(n, n == 0 ? 0 : 100.0 * correct / n, n == 0 ? 0 : Math.toDegrees(absError / n),
                Scores.meanNegativeLogLikelihood(logits, labels, classes), confusion, trueIpd, estimated);
    }

    /** The confusion matrix with each true-class column summing to 1 (columns with no samples stay 0). */
    public double[][] confusionByTrueClass() {
        int classes = confusion.length;
        double[][] out = new double[classes][classes];
        for (int t = 0; t < classes; t++) {
            int total = 0;
            for (int e = 0; e < classes; e++) total += confusion[e][t];
            for (int e = 0; e < classes; e++) out[e][t] = total == 0 ? 0 : (double) confusion[e][t] / total;
        }
        return out;
    }
}
