package org.snnloc.backend.simd;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SIMD engine gives the same bits whether or not C2 has compiled its kernels. Before C2, the
 * Vector API runs its Java fallback; a kernel using an operation whose fallback rounds
 * differently (its EXP, a lane reduction) once made a seed's result depend on JIT timing.
 */
@Tag(SimdTests.TAG)
class JitIndependenceTest {

    @Test
    void resultsWithoutC2EqualResultsAfterC2HasCompiledTheKernels() throws IOException, InterruptedException {
        String compiled = null;
        long start = System.nanoTime();
        for (int i = 0; i < 600 || System.nanoTime() - start < 2e9; i++) compiled = TinyTraining.run();   // long enough for C2
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "--add-modules=jdk.incubator.vector",
                "-D" + VectorWidth.PROPERTY + "=" + System.getProperty(VectorWidth.PROPERTY, ""),
                "-cp", System.getProperty("java.class.path"), TinyTraining.class.getName()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String withoutC2 = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the C1-only JVM finished");
        assertEquals(0, child.exitValue(), "the C1-only JVM's exit code");
        assertEquals(compiled.strip(), withoutC2.strip(), "outputs (hex bits) with C2 and with C1 only");
    }
}
