package org.snnloc.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The passed-over backend notes are one short sentence; the whole reason is in snnloc info. */
class BackendNoteTest {
    @Test
    void aLongReasonIsShortenedToItsSummaryAndAShortOneIsKept() {
        String cuda = "cuda not used: libcudart.so.13 (CUDA runtime 13.0) loaded from /usr/local/cuda/lib64, but cudaGetDeviceCount failed: "
                + "error 35 cudaErrorInsufficientDriver: CUDA driver version is insufficient for CUDA runtime version (no NVIDIA driver was found)";
        assertEquals("cuda not used: no NVIDIA driver was found; 'snnloc info' has the details", BackendOptions.brief(cuda));
        String simd = "simd not used: the JVM was started without the Vector API module; start it with --add-modules=jdk.incubator.vector";
        assertEquals(simd, BackendOptions.brief(simd), "a short, actionable note stays as it is");
        String plain = "cuda not used: " + "x".repeat(200);
        assertEquals("cuda not used: " + "x".repeat(120 - 15) + "...; 'snnloc info' has the details", BackendOptions.brief(plain));
    }
}
