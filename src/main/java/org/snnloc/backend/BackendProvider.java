package org.snnloc.backend;

/**
 * Knows whether one backend can run on this machine and, if so, creates it. Probing must never
 * throw or load classes that may be missing (the vector module, the CUDA libraries): it answers
 * with a reason instead.
 */
public interface BackendProvider {

    String name();

    /** Whether the backend is usable here and, if not, a sentence saying why and how to fix it. */
    Availability probe();

    /** Creates the backend; only called when {@link #probe()} said it is usable. */
    Backend create();

    /** The outcome of a probe. */
    record Availability(boolean usable, String detail) {
        public static Availability usable(String detail) {
            return new Availability(true, detail);
        }

        public static Availability unusable(String reason) {
            return new Availability(false, reason);
        }
    }
}
