package org.snnloc.backend.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float species of every SIMD kernel, fixed when this class initialises.
 *
 * <p>It must be a {@code static final} constant: C2 only turns Vector API calls into machine
 * vector instructions when the species is a compile-time constant (with the species in an
 * instance field the same loop measured 7x slower here). Tests of other widths therefore run in
 * their own JVM with {@code -Dsnnloc.vector.bits}.
 */
final class Lanes {
    static final VectorSpecies<Float> SPECIES = choose(VectorWidth.forcedBits());
    /** Floats per vector. */
    static final int LENGTH = SPECIES.length();

    private Lanes() {}

    private static VectorSpecies<Float> choose(int bits) {
        return switch (bits) {
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            case 512 -> FloatVector.SPECIES_512;
            default -> FloatVector.SPECIES_PREFERRED;
        };
    }

    /** {@code n} rounded up to whole vectors: the padded row length of hidden-sized arrays. */
    static int padded(int n) {
        return (n + LENGTH - 1) / LENGTH * LENGTH;
    }

    static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    /** One line for logs, e.g. "256-bit vectors (8 floats)". */
    static String describe() {
        String line = SPECIES.vectorBitSize() + "-bit vectors (" + LENGTH + " floats)";
        if (SPECIES.vectorBitSize() != preferredBits()) {
            line += ", forced by -D" + VectorWidth.PROPERTY + "; this CPU prefers " + preferredBits() + " bits";
            if (SPECIES.vectorBitSize() > preferredBits()) line += " (wider vectors are emulated: slow)";
        }
        return line;
    }
}
