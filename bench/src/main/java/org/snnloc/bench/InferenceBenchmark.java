package org.snnloc.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** The logits of one batch (forward only), per backend, size and thread count. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)          // C2 needs a few seconds for the vector kernels
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class InferenceBenchmark {
    @Param({"scalar", "simd"})
    public String backend;

    @Param({"64x30", "256x256", "256x1024"})
    public String size;

    @Param({"2"})
    public int threads;

    private NotebookWorkload workload;

    @Setup(Level.Trial)
    public void open() {
        workload = new NotebookWorkload(backend, size, threads);
    }

    @Benchmark
    public float[] logits() {
        return workload.engine.logits(workload.oneBatch);
    }

    @TearDown(Level.Trial)
    public void close() {
        workload.close();
    }
}
