package org.snnloc.backend.simd;

/**
 * The vector width the SIMD kernels are asked to use: the CPU's preferred one, or one forced with
 * {@code -Dsnnloc.vector.bits=128|256|512} (tests use it to exercise every width and its tails).
 *
 * <p>This class never touches {@code jdk.incubator.vector}, so the backend probe can read and
 * check the setting on a JVM started without the vector module.
 */
final class VectorWidth {
    static final String PROPERTY = "snnloc.vector.bits";

    private VectorWidth() {}

    /** The forced width in bits, or 0 for the preferred one. */
    static int forcedBits() {
        return parse(System.getProperty(PROPERTY));
    }

    /** Parses a width setting; null or blank means "preferred" (0). */
    static int parse(String value) {
        if (value == null || value.isBlank()) return 0;
        return switch (value.trim()) {
            case "128" -> 128;
            case "256" -> 256;
            case "512" -> 512;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + " must be 128, 256 or 512, got '" + value.trim() + "'");
        };
    }
}
