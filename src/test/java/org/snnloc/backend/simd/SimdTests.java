package org.snnloc.backend.simd;

/** Tests tagged with {@link #TAG} run again in one JVM per forced vector width (pom.xml). */
final class SimdTests {
    static final String TAG = "simd-kernels";

    private SimdTests() {}
}
