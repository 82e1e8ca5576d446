package org.snnloc.backend.cuda;

import org.snnloc.backend.BatchTrace;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.cuda.bindings.cublas_h;
import org.snnloc.cuda.bindings.cuda_runtime_h;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.model.Surrogate;
import org.snnloc.model.WeightMap;
import org.snnloc.train.Adam;
import org.snnloc.train.AdamConfig;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One network on the GPU: the network of docs/model.md as cuBLAS products and our kernels, the same float32
 * operations as the scalar reference. Weights, Adam moments and every intermediate stay on the
 * device; {@link #train} enqueues all its steps on the engine's stream and reads the losses back
 * once at the end.
 *
 * <p>One training step, B samples, M = B T rows:
 * <pre>
 *   x    = gather(bits, order)          (M, I)   0/1 spikes of the batch
 *   h1   = x W1                         cuBLAS   (M, I) (I, H)
 *   v, s = LIF(h1)                      lif_forward, one thread per (b, j)
 *   h2   = s W2                         cuBLAS   (M, H) (H, C)
 *   m    = 0.01 sum_t leaky(h2)         leaky_readout, one thread per (b, c)
 *   loss, dL/dm                         softmax_cross_entropy
 *   dh2  = c_t dL/dm                    readout_gradient (no time loop: docs/model.md's c_t shortcut)
 *   ds   = dh2 W2^T;  dW2 = s^T dh2     cuBLAS
 *   dh1  = BPTT(ds)                     lif_backward, one thread per (b, j)
 *   dW1  = x^T dh1                      cuBLAS   (I, M) (M, H)
 *   dw   = dW sign signum(w);  Adam;  W = |w| sign
 * </pre>
 * Nothing is summed with atomics, and cuBLAS is deterministic on one stream, so a run repeats
 * exactly.
 */
final class CudaEngine implements Engine {
    /** The largest work buffer of {@link #logits} chunks, in floats (128 MB). */
    private static final long LOGITS_CHUNK_FLOATS = 1L << 25;

    private final CudaBackend backend;
    private final NetworkConfig net;
    private final Adam adam;
    private final float alpha, outputAlpha;   // the hidden and the readout membrane's decay
    private final int surrogateKind;          // the LIF backward kernel's surrogate: its case, and the derived constant it uses
    private final float surrogateParameter;
    private final int inputs, hidden, classes, steps;

    private final Arena arena;                 // device memory and launch buffers that live as long as the engine
    private final MemorySegment stream;
    private final MemorySegment cublas;
    private final KernelLauncher launcher;
    private final RowMajorGemm gemm;

    private final MemorySegment w1, w2;                   // raw parameters (inputs, hidden), (hidden, classes)
    private final MemorySegment w1Effective, w2Effective; // |w| * sign
    private final MemorySegment gradW1Effective, gradW2Effective;
    private final MemorySegment gradW1, gradW2;           // with respect to the raw parameters
    private final MemorySegment adamM1, adamV1, adamM2, adamV2;
    private final MemorySegment readoutCoefficient;       // (steps) c_t
    private final MemorySegment traceLoss;                // one float

    private float[] sign1, sign2;                          // host copies of the row signs, null = no Dale
    private Arena signArena;
    private MemorySegment sign1Device = MemorySegment.NULL, sign2Device = MemorySegment.NULL;
    private WeightMap.Elementwise map1 = new WeightMap.Abs(), map2 = new WeightMap.Abs();
    private boolean hasParameters;

    private long logitsChunkFloats = LOGITS_CHUNK_FLOATS;
    private final Workspace workspace = new Workspace();
    private final GrowableBuffer order = new GrowableBuffer("sample order");
    private final GrowableBuffer losses = new GrowableBuffer("losses");
    private final GrowableBuffer logits = new GrowableBuffer("logits");

    /** Why a run with dann or learned signs cannot use this engine. */
    public static final String UNSERVED = "the cuda backend trains the elementwise weight maps only; dann and learned signs run on simd or scalar";

    CudaEngine(CudaBackend backend, NetworkConfig net, AdamConfig adamConfig) {
        this.backend = backend;
        this.net = net;
        this.adam = new Adam(adamConfig);
        this.alpha = net.hiddenAlpha();
        this.outputAlpha = net.outputAlpha();
        Surrogate surrogate = net.surrogate();
        this.surrogateKind = switch (surrogate) {      // the cases of surrogate_slope in snnloc_kernels.cu
            case Surrogate.Sigmoid s -> 0;
            case Surrogate.FastSigmoid s -> 1;
            case Surrogate.Atan s -> 2;
            case Surrogate.Triangle s -> 3;
            case Surrogate.Gaussian s -> 4;
            case Surrogate.Boxcar s -> 5;
        };
        this.surrogateParameter = surrogate.derived();
        inputs = net.inputs();
        hidden = net.hidden();
        classes = net.classes();
        steps = net.steps();
        arena = Arena.ofShared();
        MemorySegment createdStream = MemorySegment.NULL, createdHandle = MemorySegment.NULL;
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment out = scratch.allocate(ValueLayout.ADDRESS);
            CudaStatus.check(cuda_runtime_h.cudaStreamCreateWithFlags(out, cuda_runtime_h.cudaStreamNonBlocking()), "cudaStreamCreateWithFlags");
            createdStream = out.get(ValueLayout.ADDRESS, 0);
            CudaStatus.checkCublas(cublas_h.cublasCreate_v2(out), "cublasCreate_v2");
            createdHandle = out.get(ValueLayout.ADDRESS, 0);
            CudaStatus.checkCublas(cublas_h.cublasSetStream_v2(createdHandle, createdStream), "cublasSetStream_v2");
            // plain FP32 products, never TF32: the results must match the reference
            CudaStatus.checkCublas(cublas_h.cublasSetMathMode(createdHandle, cublas_h.CUBLAS_DEFAULT_MATH()), "cublasSetMathMode");
            stream = createdStream;
            cublas = createdHandle;
            launcher = new KernelLauncher(arena, backend.kernels(), stream, backend.synchronous());
            gemm = new RowMajorGemm(arena, cublas);
            long layer1 = (long) inputs * hidden, layer2 = (long) hidden * classes;
            w1 = DeviceMemory.allocateFloats(arena, layer1, "w1");
            w2 = DeviceMemory.allocateFloats(arena, layer2, "w2");
            w1Effective = DeviceMemory.allocateFloats(arena, layer1, "W1");
            w2Effective = DeviceMemory.allocateFloats(arena, layer2, "W2");
            gradW1Effective = DeviceMemory.allocateFloats(arena, layer1, "dL/dW1");
            gradW2Effective = DeviceMemory.allocateFloats(arena, layer2, "dL/dW2");
            gradW1 = DeviceMemory.allocateFloats(arena, layer1, "dL/dw1");
            gradW2 = DeviceMemory.allocateFloats(arena, layer2, "dL/dw2");
            adamM1 = DeviceMemory.allocateFloats(arena, layer1, "Adam m1");
            adamV1 = DeviceMemory.allocateFloats(arena, layer1, "Adam v1");
            adamM2 = DeviceMemory.allocateFloats(arena, layer2, "Adam m2");
            adamV2 = DeviceMemory.allocateFloats(arena, layer2, "Adam v2");
            readoutCoefficient = DeviceMemory.allocateFloats(arena, steps, "readout coefficients");
            traceLoss = DeviceMemory.allocateFloats(arena, 1, "loss");
            MemorySegment coefficients = scratch.allocateFrom(ValueLayout.JAVA_FLOAT, net.readoutCoefficients());
            DeviceMemory.upload(readoutCoefficient, coefficients, stream, "readout coefficients");
            DeviceMemory.synchronize(stream, "engine set-up");
        } catch (RuntimeException e) {
            arena.close();
            destroy(createdStream, createdHandle);
            throw e;
        }
    }

    /** Caps the work buffers of {@link #logits} (tests use it to make several chunks of a small set). */
    void limitLogitsChunk(long floats) {
        logitsChunkFloats = floats;
    }

    @Override
    public NetworkConfig network() {
        return net;
    }

    @Override
    public void setParameters(Parameters p) {
        if (!p.config().equals(net)) throw new IllegalArgumentException("parameters are for another network shape");
        if (!(p.weightMap1() instanceof WeightMap.Elementwise first) || !(p.weightMap2() instanceof WeightMap.Elementwise second)) {
            throw new IllegalArgumentException(UNSERVED);
        }
        backend.makeCurrent();
        map1 = first;
        map2 = second;
        sign1 = p.sign1() == null ? null : p.sign1().clone();
        sign2 = p.sign2() == null ? null : p.sign2().clone();
        if (signArena != null) {
            DeviceMemory.synchronize(stream, "before replacing the row signs");
            signArena.close();
        }
        signArena = Arena.ofShared();
        try (Arena staging = Arena.ofConfined()) {
            sign1Device = sign1 == null ? MemorySegment.NULL : uploadNew(signArena, staging, sign1, "sign1");
            sign2Device = sign2 == null ? MemorySegment.NULL : uploadNew(signArena, staging, sign2, "sign2");
            DeviceMemory.upload(w1, staging.allocateFrom(ValueLayout.JAVA_FLOAT, p.w1()), stream, "w1");
            DeviceMemory.upload(w2, staging.allocateFrom(ValueLayout.JAVA_FLOAT, p.w2()), stream, "w2");
            long layer1Bytes = (long) inputs * hidden * Float.BYTES, layer2Bytes = (long) hidden * classes * Float.BYTES;
            CudaStatus.check(cuda_runtime_h.cudaMemsetAsync(adamM1, 0, layer1Bytes, stream), "cudaMemsetAsync(Adam m1)");
            CudaStatus.check(cuda_runtime_h.cudaMemsetAsync(adamV1, 0, layer1Bytes, stream), "cudaMemsetAsync(Adam v1)");
            CudaStatus.check(cuda_runtime_h.cudaMemsetAsync(adamM2, 0, layer2Bytes, stream), "cudaMemsetAsync(Adam m2)");
            CudaStatus.check(cuda_runtime_h.cudaMemsetAsync(adamV2, 0, layer2Bytes, stream), "cudaMemsetAsync(Adam v2)");
            refreshEffectiveWeights();
            DeviceMemory.synchronize(stream, "setParameters");
        }
        adam.reset();
        hasParameters = true;
    }

    private MemorySegment uploadNew(Arena deviceArena, Arena staging, float[] values, String what) {
        MemorySegment device = DeviceMemory.allocateFloats(deviceArena, values.length, what);
        DeviceMemory.upload(device, staging.allocateFrom(ValueLayout.JAVA_FLOAT, values), stream, what);
        return device;
    }

    @Override
    public Parameters parameters() {
        requireParameters();
        backend.makeCurrent();
        try (Arena staging = Arena.ofConfined()) {
            MemorySegment hostW1 = staging.allocate(ValueLayout.JAVA_FLOAT, (long) inputs * hidden);
            MemorySegment hostW2 = staging.allocate(ValueLayout.JAVA_FLOAT, (long) hidden * classes);
            DeviceMemory.download(hostW1, w1, stream, "w1");
            DeviceMemory.download(hostW2, w2, stream, "w2");
            DeviceMemory.synchronize(stream, "parameters");
            return Parameters.of(net, map1, map2, hostW1.toArray(ValueLayout.JAVA_FLOAT), hostW2.toArray(ValueLayout.JAVA_FLOAT),
                    sign1 == null ? null : sign1.clone(), sign2 == null ? null : sign2.clone());
        }
    }

    @Override
    public float[] train(PreparedData data, int[] sampleOrder, int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        CudaPreparedData set = requireOwn(data);
        requireParameters();
        checkOrder(sampleOrder, set.size());
        int stepCount = sampleOrder.length / batchSize;
        if (stepCount == 0) return new float[0];
        backend.makeCurrent();
        workspace.ensure(batchSize);
        order.ensure((long) sampleOrder.length * Integer.BYTES);
        losses.ensure((long) stepCount * Float.BYTES);
        try (Arena staging = Arena.ofConfined()) {
            DeviceMemory.upload(order.pointer, staging.allocateFrom(ValueLayout.JAVA_INT, sampleOrder), stream, "sample order");
            for (int step = 0; step < stepCount; step++) {
                int from = step * batchSize;
                forward(set, order.pointer.address(), from, batchSize, workspace.m.address());
                backward(set, order.pointer.address(), from, batchSize, DeviceMemory.offset(losses.pointer, (long) step * Float.BYTES));
                rawGradients();
                adamStep(adam.nextStep());
            }
            MemorySegment hostLosses = staging.allocate(ValueLayout.JAVA_FLOAT, stepCount);
            DeviceMemory.download(hostLosses, losses.pointer, stream, "losses");
            DeviceMemory.synchronize(stream, "train");
            return hostLosses.toArray(ValueLayout.JAVA_FLOAT);
        }
    }

    @Override
    public float[] logits(PreparedData data) {
        CudaPreparedData set = requireOwn(data);
        requireParameters();
        backend.makeCurrent();
        int n = set.size();
        if (n == 0) return new float[0];
        long floatsPerSample = (long) steps * Math.max(hidden, inputs);
        int chunk = (int) Math.min(n, Math.max(workspace.capacity, Math.max(1, logitsChunkFloats / floatsPerSample)));
        workspace.ensure(chunk);
        logits.ensure((long) n * classes * Float.BYTES);
        for (int from = 0; from < n; from += chunk) {
            int count = Math.min(chunk, n - from);
            forward(set, MemorySegment.NULL.address(), from, count, DeviceMemory.offset(logits.pointer, (long) from * classes * Float.BYTES));
        }
        try (Arena staging = Arena.ofConfined()) {
            MemorySegment host = staging.allocate(ValueLayout.JAVA_FLOAT, (long) n * classes);
            DeviceMemory.download(host, logits.pointer, stream, "logits");
            DeviceMemory.synchronize(stream, "logits");
            return host.toArray(ValueLayout.JAVA_FLOAT);
        }
    }

    @Override
    public BatchTrace trace(PreparedData data, int[] samples) {
        CudaPreparedData set = requireOwn(data);
        requireParameters();
        checkOrder(samples, set.size());
        int batch = samples.length;
        if (batch == 0) throw new IllegalArgumentException("trace needs at least one sample");
        backend.makeCurrent();
        workspace.ensure(batch);
        order.ensure((long) batch * Integer.BYTES);
        try (Arena staging = Arena.ofConfined()) {
            DeviceMemory.upload(order.pointer, staging.allocateFrom(ValueLayout.JAVA_INT, samples), stream, "trace samples");
            forward(set, order.pointer.address(), 0, batch, workspace.m.address());
            backward(set, order.pointer.address(), 0, batch, traceLoss.address());
            rawGradients();
            long rows = (long) batch * steps;
            MemorySegment spikes = staging.allocate(ValueLayout.JAVA_FLOAT, rows * hidden);
            MemorySegment hiddenV = staging.allocate(ValueLayout.JAVA_FLOAT, rows * hidden);
            MemorySegment vRec = staging.allocate(ValueLayout.JAVA_FLOAT, rows * classes);
            MemorySegment m = staging.allocate(ValueLayout.JAVA_FLOAT, (long) batch * classes);
            MemorySegment loss = staging.allocate(ValueLayout.JAVA_FLOAT);
            MemorySegment g1 = staging.allocate(ValueLayout.JAVA_FLOAT, (long) inputs * hidden);
            MemorySegment g2 = staging.allocate(ValueLayout.JAVA_FLOAT, (long) hidden * classes);
            DeviceMemory.download(spikes, workspace.spikes, stream, "hidden spikes");
            DeviceMemory.download(hiddenV, workspace.v, stream, "hidden voltage");
            DeviceMemory.download(vRec, workspace.vRec, stream, "output voltage");
            DeviceMemory.download(m, workspace.m, stream, "logits");
            DeviceMemory.download(loss, traceLoss, stream, "loss");
            DeviceMemory.download(g1, gradW1, stream, "dL/dw1");
            DeviceMemory.download(g2, gradW2, stream, "dL/dw2");
            DeviceMemory.synchronize(stream, "trace");
            return new BatchTrace(batch, spikes.toArray(ValueLayout.JAVA_FLOAT), hiddenV.toArray(ValueLayout.JAVA_FLOAT),
                    vRec.toArray(ValueLayout.JAVA_FLOAT),
                    m.toArray(ValueLayout.JAVA_FLOAT), loss.get(ValueLayout.JAVA_FLOAT, 0),
                    java.util.Map.of("w1", g1.toArray(ValueLayout.JAVA_FLOAT), "w2", g2.toArray(ValueLayout.JAVA_FLOAT)));
        }
    }

    /**
     * Layer 1, layer 2 and the readout of {@code batch} samples: those at {@code order[from ..]}, or
     * {@code from ..} themselves when {@code orderAddress} is 0; the logits go to {@code mAddress}.
     */
    private void forward(CudaPreparedData set, long orderAddress, int from, int batch, long mAddress) {
        Workspace w = workspace;
        int rows = batch * steps;
        launcher.start(Kernel.GATHER_SPIKES, (long) rows * inputs)
                .pointer(set.bits).integer(set.source().wordsPerRow()).integer(steps).integer(inputs)
                .pointer(orderAddress).integer(from).integer(batch).pointer(w.x).launch();
        gemm.multiply(false, false, rows, hidden, inputs, w.x, w1Effective, w.h1);
        launcher.start(Kernel.LIF_FORWARD, (long) batch * hidden)
                .pointer(w.h1).integer(batch).integer(steps).integer(hidden).real(alpha).real(net.threshold())
                .pointer(w.v).pointer(w.spikes).launch();
        gemm.multiply(false, false, rows, classes, hidden, w.spikes, w2Effective, w.h2);
        launcher.start(Kernel.LEAKY_READOUT, (long) batch * classes)
                .pointer(w.h2).integer(batch).integer(steps).integer(classes).real(outputAlpha).real(net.readoutScale())
                .pointer(w.vRec).pointer(mAddress).launch();
    }

    /** Loss into {@code lossAddress} and the gradients of the effective weights, after {@link #forward}. */
    private void backward(CudaPreparedData set, long orderAddress, int from, int batch, long lossAddress) {
        Workspace w = workspace;
        int rows = batch * steps;
        launcher.startOneBlock(Kernel.SOFTMAX_CROSS_ENTROPY, KernelLauncher.THREADS_PER_BLOCK)
                .pointer(w.m).pointer(set.labels).pointer(orderAddress).integer(from).integer(batch).integer(classes)
                .pointer(w.sampleLoss).pointer(w.gradM).pointer(lossAddress).launch();
        launcher.start(Kernel.READOUT_GRADIENT, (long) rows * classes)
                .pointer(w.gradM).pointer(readoutCoefficient).integer(batch).integer(steps).integer(classes)
                .pointer(w.gradH2).launch();
        gemm.multiply(false, true, rows, hidden, classes, w.gradH2, w2Effective, w.gradSpikes);   // ds = dh2 W2^T
        gemm.multiply(true, false, hidden, classes, rows, w.spikes, w.gradH2, gradW2Effective);   // dW2 = s^T dh2
        launcher.start(Kernel.LIF_BACKWARD, (long) batch * hidden)
                .pointer(w.h1).pointer(w.v).pointer(w.spikes).pointer(w.gradSpikes).integer(batch).integer(steps).integer(hidden)
                .real(alpha).real(net.threshold()).integer(surrogateKind).real(net.surrogate().scale()).real(surrogateParameter)
                .pointer(w.gradH1).launch();
        gemm.multiply(true, false, inputs, hidden, rows, w.x, w.gradH1, gradW1Effective);         // dW1 = x^T dh1
    }

    private void rawGradients() {
        launcher.start(Kernel.RAW_GRADIENT, (long) inputs * hidden)
                .pointer(gradW1Effective).pointer(w1).pointer(sign1Device).integer(inputs).integer(hidden).integer(kind(map1))
                .pointer(gradW1).launch();
        launcher.start(Kernel.RAW_GRADIENT, (long) hidden * classes)
                .pointer(gradW2Effective).pointer(w2).pointer(sign2Device).integer(hidden).integer(classes).integer(kind(map2))
                .pointer(gradW2).launch();
    }

    private void adamStep(Adam.StepScalars k) {
        adamStep(w1, gradW1, adamM1, adamV1, inputs * hidden, map1 instanceof WeightMap.Clamp, k);
        adamStep(w2, gradW2, adamM2, adamV2, hidden * classes, map2 instanceof WeightMap.Clamp, k);
        refreshEffectiveWeights();
    }

    private void adamStep(MemorySegment param, MemorySegment grad, MemorySegment m, MemorySegment v, int n, boolean clampAtZero,
                          Adam.StepScalars k) {
        launcher.start(Kernel.ADAM_STEP, n)
                .pointer(param).pointer(grad).pointer(m).pointer(v).integer(n)
                .real(k.beta1()).real(k.oneMinusBeta1()).real(k.beta2()).real(k.oneMinusBeta2())
                .real(k.stepSize()).real(k.sqrtBiasCorrection2()).real(k.epsilon()).integer(clampAtZero ? 1 : 0).launch();
    }

    /** A weight map's case in map_effective and map_pullback of snnloc_kernels.cu. */
    private static int kind(WeightMap.Elementwise map) {
        return switch (map) {
            case WeightMap.Abs m -> 0;
            case WeightMap.None m -> 1;
            case WeightMap.Rectify m -> 2;
            case WeightMap.Clamp m -> 3;
            case WeightMap.Softplus m -> 4;
        };
    }

    private void refreshEffectiveWeights() {
        launcher.start(Kernel.EFFECTIVE_WEIGHTS, (long) inputs * hidden)
                .pointer(w1).pointer(sign1Device).integer(inputs).integer(hidden).integer(kind(map1)).pointer(w1Effective).launch();
        launcher.start(Kernel.EFFECTIVE_WEIGHTS, (long) hidden * classes)
                .pointer(w2).pointer(sign2Device).integer(hidden).integer(classes).integer(kind(map2)).pointer(w2Effective).launch();
    }

    private CudaPreparedData requireOwn(PreparedData data) {
        if (!(data instanceof CudaPreparedData set) || set.backend() != backend) {
            throw new IllegalArgumentException("data was prepared by another backend than this CUDA backend");
        }
        return set;
    }

    private void requireParameters() {
        if (!hasParameters) throw new IllegalStateException("setParameters must be called first");
    }

    private static void checkOrder(int[] samples, int size) {
        for (int s : samples) {
            if (s < 0 || s >= size) throw new IllegalArgumentException("sample index " + s + " is outside the data set (0.." + (size - 1) + ")");
        }
    }

    @Override
    public void close() {
        if (!arena.scope().isAlive()) return;
        try {
            backend.makeCurrent();
            DeviceMemory.synchronize(stream, "close");
        } finally {
            workspace.close();
            order.close();
            losses.close();
            logits.close();
            if (signArena != null) signArena.close();
            arena.close();
            destroy(stream, cublas);
        }
    }

    private static void destroy(MemorySegment stream, MemorySegment handle) {
        if (!handle.equals(MemorySegment.NULL)) CudaStatus.checkCublas(cublas_h.cublasDestroy_v2(handle), "cublasDestroy_v2");
        if (!stream.equals(MemorySegment.NULL)) CudaStatus.check(cuda_runtime_h.cudaStreamDestroy(stream), "cudaStreamDestroy");
    }

    /** The per-batch buffers, reallocated only when a larger batch comes. */
    private final class Workspace implements AutoCloseable {
        int capacity;          // samples
        Arena memory;
        MemorySegment x;           // (batch, steps, inputs)
        MemorySegment h1, v, spikes, gradSpikes, gradH1;   // (batch, steps, hidden)
        MemorySegment h2, vRec, gradH2;                    // (batch, steps, classes)
        MemorySegment m, gradM;                            // (batch, classes)
        MemorySegment sampleLoss;                          // (batch) double

        void ensure(int batch) {
            if (batch <= capacity) return;
            if (memory != null) {
                DeviceMemory.synchronize(stream, "before growing the workspace");
                memory.close();
            }
            memory = Arena.ofShared();
            long rows = (long) batch * steps;
            x = DeviceMemory.allocateFloats(memory, rows * inputs, "x");
            h1 = DeviceMemory.allocateFloats(memory, rows * hidden, "h1");
            v = DeviceMemory.allocateFloats(memory, rows * hidden, "v");
            spikes = DeviceMemory.allocateFloats(memory, rows * hidden, "s_rec");
            gradSpikes = DeviceMemory.allocateFloats(memory, rows * hidden, "dL/ds_rec");
            gradH1 = DeviceMemory.allocateFloats(memory, rows * hidden, "dL/dh1");
            h2 = DeviceMemory.allocateFloats(memory, rows * classes, "h2");
            vRec = DeviceMemory.allocateFloats(memory, rows * classes, "v_rec");
            gradH2 = DeviceMemory.allocateFloats(memory, rows * classes, "dL/dh2");
            m = DeviceMemory.allocateFloats(memory, (long) batch * classes, "m");
            gradM = DeviceMemory.allocateFloats(memory, (long) batch * classes, "dL/dm");
            sampleLoss = DeviceMemory.allocate(memory, (long) batch * Double.BYTES, "per-sample loss");
            capacity = batch;
        }

        @Override
        public void close() {
            if (memory != null && memory.scope().isAlive()) memory.close();
        }
    }

    /** One device buffer that grows when a call needs more. */
    private final class GrowableBuffer implements AutoCloseable {
        private final String what;
        private Arena memory;
        private long bytes;
        MemorySegment pointer;

        GrowableBuffer(String what) {
            this.what = what;
        }

        void ensure(long needed) {
            if (needed <= bytes) return;
            if (memory != null) {
                DeviceMemory.synchronize(stream, "before growing the " + what + " buffer");
                memory.close();
            }
            memory = Arena.ofShared();
            pointer = DeviceMemory.allocate(memory, needed, what);
            bytes = needed;
        }

        @Override
        public void close() {
            if (memory != null && memory.scope().isAlive()) memory.close();
        }
    }
}
