package org.snnloc.experiment;

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

    /**
     * A seed for one named part of an experiment (e.g. {@code "sweep/r=0.30/2"}), derived from the
     * user's seed so that a run gets the same seed whatever else the command runs: a sweep over
     * {@code --ratios 0.5} repeats the r = 0.5 runs of the full sweep. The path is hashed with
     * 64-bit FNV-1a (stable across JVMs, unlike identity hashes) and mixed with the seed.
     */
    public static long derive(long seed, String path) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return new SplittableRandom(seed ^ hash).nextLong();
    }

    /** Same training and validation data as {@code this}, the rest derived from {@code runSeed}. */
    public Seeds sharingDataWith(long runSeed) {
        Seeds own = from(runSeed);
        return new Seeds(runSeed, trainData, validationData, own.testData, own.weights, own.shuffle);
    }

    public Seeds withTestData(long testSeed) {
        return new Seeds(seed, trainData, validationData, testSeed, weights, shuffle);
    }
}
