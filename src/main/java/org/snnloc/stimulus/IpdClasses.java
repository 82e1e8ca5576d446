package org.snnloc.stimulus;

/**
 * IPD classes of docs/model.md: the range (-pi/2, pi/2) cut into equal bins (12 bins of 15
 * degrees in the notebook). A class's estimate is its midpoint.
 */
public final class IpdClasses {
    private IpdClasses() {}

    /** {@code floor((ipd + pi/2) * classes / pi)}, clamped to a valid class. */
    public static int classOf(double ipd, int classes) {
        int c = (int) Math.floor((ipd + Math.PI / 2) * classes / Math.PI);
        return Math.max(0, Math.min(classes - 1, c));
    }

    /** The IPD in radians at the middle of class {@code c}. */
    public static double midpoint(int c, int classes) {
        return (c + 0.5) / classes * Math.PI - Math.PI / 2;
    }
}
