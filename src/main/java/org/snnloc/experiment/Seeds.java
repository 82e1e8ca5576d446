package org.snnloc.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seeds of one run, all derived from one user seed so that {@code --seed S} repeats a run
 * exactly. Experiments that share training data give their runs the same data seeds.
 */
public record Seeds(long seed, long trainData, long validationData, long testData, long weights, long shuffle) {

    /** Every seed derived from {@code seed}. */
    public static Seeds from(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new Seeds(seed, r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
    }

    /** Same training and validation data as {@code this}, the rest derived from {@code runSeed}. */
    public Seeds sharingDataWith(long runSeed) {
        Seeds own = from(runSeed);
        return new Seeds(runSeed, trainData, validationData, own.testData, own.weights, own.shuffle);
    }

    public Seeds withTestData(long testSeed) {
        return new Seeds(seed, trainData, validationData, testSeed, weights, shuffle);
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("train_data", trainData);
        m.put("validation_data", validationData);
        m.put("test_data", testData);
        m.put("weights", weights);
        m.put("shuffle", shuffle);
        return m;
    }
}
