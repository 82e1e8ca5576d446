package org.snnloc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** The one comparison helper every parity test uses. */
public final class Tolerance {
    private Tolerance() {}

    /** Largest absolute value of {@code a} (at least {@code floor}). */
    public static double maxAbs(float[] a, double floor) {
        double m = floor;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    /**
     * Asserts {@code |expected - actual| <= relative * max(|expected|, 1e-30)} elementwise, relative to the
     * largest magnitude of {@code expected}, and names the first offending index.
     */
    public static void assertClose(String what, float[] expected, float[] actual, double relative) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = maxAbs(expected, 1e-30);
        double limit = relative * scale;
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs((double) expected[i] - actual[i]);
            if (!(diff <= limit) && !(diff <= worst)) {
                worst = diff;
                worstAt = i;
            }
        }
        if (worstAt >= 0) {
            fail(String.format("%s differs at flat index %d: expected %s, got %s (|diff| %.3g > %.3g = %.1g x max|expected| %.3g)",
                    what, worstAt, expected[worstAt], actual[worstAt], worst, limit, relative, scale));
        }
    }

    /** A tolerance that grows with the length of the sums behind a value (float32 rounding). */
    public static double forSumsOf(int terms) {
        return 2e-6 * Math.sqrt(Math.max(1, terms)) + 1e-6;
    }
}
