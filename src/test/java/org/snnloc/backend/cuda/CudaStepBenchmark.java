package org.snnloc.backend.cuda;

import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.cuda.bindings.cublas_h;
import org.snnloc.cuda.bindings.cuda_runtime_h;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.IpdStimulus;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.stimulus.StimulusConfig;
import org.snnloc.train.AdamConfig;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times the CUDA engine on a GPU machine (bench/gpu-check.sh runs it; the {@code snnloc bench}
 * command covers every backend once it lands): a whole training step (forward, backward, Adam, as
 * {@code Engine.train} runs it: all steps enqueued, losses read back once per call) at each
 * BATCHxHIDDEN size, and the two big cuBLAS products of a step alone, timed with CUDA events,
 * against the card's FP32 peak.
 *
 * <pre>
 *   java -cp snnloc.jar:test-classes org.snnloc.backend.cuda.CudaStepBenchmark [--sizes 64x30,256x1024] [--json FILE]
 *   java -cp snnloc.jar:test-classes org.snnloc.backend.cuda.CudaStepBenchmark --describe    # exit 2 when cuda is not usable
 * </pre>
 */
public final class CudaStepBenchmark {
    private static final int WARMUP_CALLS = 3;
    private static final int TIMED_CALLS = 7;
    private static final int STEPS_PER_CALL = 20;
    private static final int GEMM_REPEATS = 20;

    private CudaStepBenchmark() {}

    public static void main(String[] args) throws IOException {
        String sizes = "64x30,256x1024";
        Path json = null;
        boolean describeOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = args[++i];
                case "--json" -> json = Path.of(args[++i]);
                case "--describe" -> describeOnly = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--describe | --sizes BxH,... --json FILE)");
            }
        }
        for (String line : CudaProvider.describe()) System.out.println("cuda: " + line);
        var availability = new CudaProvider().probe();
        if (!availability.usable()) {
            System.out.println("cuda is not usable: " + availability.detail());
            System.exit(2);
        }
        if (describeOnly) return;
        List<String> results = new ArrayList<>();
        try (CudaBackend backend = new CudaBackend()) {
            System.out.println("backend: " + backend.description());
            double peak = backend.device().fp32PeakTeraflops();
            for (String size : sizes.split(",")) {
                String[] parts = size.trim().split("x");
                int batch = Integer.parseInt(parts[0]), hidden = Integer.parseInt(parts[1]);
                double stepMs = trainingStepMilliseconds(backend, batch, hidden);
                NetworkConfig net = NetworkConfig.notebook().withHidden(hidden);
                int rows = batch * net.steps();
                double forwardMs = gemmMilliseconds(false, rows, hidden, net.inputs());
                double weightGradientMs = gemmMilliseconds(true, net.inputs(), hidden, rows);
                double flops = 2.0 * rows * hidden * net.inputs();
                double forwardTflops = flops / forwardMs / 1e9, gradientTflops = flops / weightGradientMs / 1e9;
                String result = String.format(Locale.ROOT,
                        "{\"backend\":\"cuda\",\"batch\":%d,\"hidden\":%d,\"train_step_ms_median\":%.4f,\"train_samples_per_s\":%.1f,"
                                + "\"gemm_x_w1_ms\":%.4f,\"gemm_x_w1_tflops\":%.2f,\"gemm_xT_dh1_ms\":%.4f,\"gemm_xT_dh1_tflops\":%.2f,"
                                + "\"fp32_peak_tflops\":%.2f,\"gemm_x_w1_percent_of_peak\":%.1f,\"gemm_xT_dh1_percent_of_peak\":%.1f}",
                        batch, hidden, stepMs, batch / stepMs * 1e3, forwardMs, forwardTflops, weightGradientMs, gradientTflops, peak,
                        100 * forwardTflops / peak, 100 * gradientTflops / peak);
                System.out.println(result);
                results.add(result);
            }
        }
        if (json != null) Files.writeString(json, "[\n" + String.join(",\n", results) + "\n]\n");
    }

    /** Median over calls of (wall time of one {@code train} call of 20 steps) / 20, after warm-up. */
    static double trainingStepMilliseconds(CudaBackend backend, int batch, int hidden) {
        NetworkConfig net = NetworkConfig.notebook().withHidden(hidden);
        SpikeDataset data = new IpdStimulus(StimulusConfig.notebook()).generate(batch * STEPS_PER_CALL, 7);
        Parameters initial = Parameters.initialise(net, new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5), new SplittableRandom(8));
        int[] order = new int[data.size()];
        Arrays.setAll(order, i -> i);
        double[] perStep = new double[TIMED_CALLS];
        try (PreparedData prepared = backend.prepare(data); Engine engine = backend.newEngine(net, AdamConfig.notebook(), 1)) {
            engine.setParameters(initial);
            for (int i = 0; i < WARMUP_CALLS; i++) engine.train(prepared, order, batch);
            for (int i = 0; i < TIMED_CALLS; i++) {
                long start = System.nanoTime();
                float[] losses = engine.train(prepared, order, batch);
                perStep[i] = (System.nanoTime() - start) / 1e6 / losses.length;
                if (!Float.isFinite(losses[losses.length - 1])) throw new IllegalStateException("the loss diverged: " + Arrays.toString(losses));
            }
        }
        Arrays.sort(perStep);
        return perStep[TIMED_CALLS / 2];
    }

    /**
     * Milliseconds of one row-major product of the training step, by CUDA events over repeats, on
     * random data: {@code x W1} (M x K times K x N) or, with {@code transposeA}, {@code x^T dh1}.
     */
    static double gemmMilliseconds(boolean transposeA, int m, int n, int k) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            CudaStatus.check(cuda_runtime_h.cudaStreamCreateWithFlags(out, cuda_runtime_h.cudaStreamNonBlocking()), "cudaStreamCreateWithFlags");
            MemorySegment stream = out.get(ValueLayout.ADDRESS, 0);
            CudaStatus.checkCublas(cublas_h.cublasCreate_v2(out), "cublasCreate_v2");
            MemorySegment handle = out.get(ValueLayout.ADDRESS, 0);
            try {
                CudaStatus.checkCublas(cublas_h.cublasSetStream_v2(handle, stream), "cublasSetStream_v2");
                CudaStatus.checkCublas(cublas_h.cublasSetMathMode(handle, cublas_h.CUBLAS_DEFAULT_MATH()), "cublasSetMathMode");
                RowMajorGemm gemm = new RowMajorGemm(arena, handle);
                MemorySegment a = randomDevice(arena, (long) m * k, stream, 1);
                MemorySegment b = randomDevice(arena, (long) k * n, stream, 2);
                MemorySegment c = DeviceMemory.allocateFloats(arena, (long) m * n, "C");
                CudaStatus.check(cuda_runtime_h.cudaEventCreate(out), "cudaEventCreate");
                MemorySegment start = out.get(ValueLayout.ADDRESS, 0);
                CudaStatus.check(cuda_runtime_h.cudaEventCreate(out), "cudaEventCreate");
                MemorySegment stop = out.get(ValueLayout.ADDRESS, 0);
                for (int i = 0; i < 3; i++) gemm.multiply(transposeA, false, m, n, k, a, b, c);
                CudaStatus.check(cuda_runtime_h.cudaEventRecord(start, stream), "cudaEventRecord");
                for (int i = 0; i < GEMM_REPEATS; i++) gemm.multiply(transposeA, false, m, n, k, a, b, c);
                CudaStatus.check(cuda_runtime_h.cudaEventRecord(stop, stream), "cudaEventRecord");
                CudaStatus.check(cuda_runtime_h.cudaEventSynchronize(stop), "cudaEventSynchronize");
                MemorySegment ms = arena.allocate(ValueLayout.JAVA_FLOAT);
                CudaStatus.check(cuda_runtime_h.cudaEventElapsedTime(ms, start, stop), "cudaEventElapsedTime");
                CudaStatus.check(cuda_runtime_h.cudaEventDestroy(start), "cudaEventDestroy");
                CudaStatus.check(cuda_runtime_h.cudaEventDestroy(stop), "cudaEventDestroy");
                return ms.get(ValueLayout.JAVA_FLOAT, 0) / GEMM_REPEATS;
            } finally {
                DeviceMemory.synchronize(stream, "gemm benchmark");
                CudaStatus.checkCublas(cublas_h.cublasDestroy_v2(handle), "cublasDestroy_v2");
                CudaStatus.check(cuda_runtime_h.cudaStreamDestroy(stream), "cudaStreamDestroy");
            }
        }
    }

    private static MemorySegment randomDevice(Arena arena, long count, MemorySegment stream, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[Math.toIntExact(count)];
        for (int i = 0; i < values.length; i++) values[i] = (float) (random.nextDouble() * 2 - 1);
        MemorySegment device = DeviceMemory.allocateFloats(arena, count, "random matrix");
        try (Arena staging = Arena.ofConfined()) {
            DeviceMemory.upload(device, staging.allocateFrom(ValueLayout.JAVA_FLOAT, values), stream, "random matrix");
            DeviceMemory.synchronize(stream, "random matrix");
        }
        return device;
    }
}
