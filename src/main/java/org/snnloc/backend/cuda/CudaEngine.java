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
import org.snnloc.train.OptimizerState;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One network on the GPU: the network of docs/model.md as cuBLAS products and our kernels, the same float32
 * operations as the scalar reference. Weights, Adam moments and every intermediate stay on the
 * device; {@link #train} enqueues all its steps on the engine's stream and reads the losses (and
 * the counts of correctly classified samples, when asked) back once at the end.
 *
 * <p>One training step, B samples, M = B T rows:
 * <pre>
 *   x    = gather(bits, order)          (M, I)   0/1 spikes of the batch
 *   h1   = x W1                         cuBLAS   (M, I) (I, H)
 *   v, s = LIF(h1)                      lif_forward, one thread per (b, j)
 *   h2   = s W2                         cuBLAS   (M, H) (H, C)
 *   m    = 0.01 sum_t leaky(h2)         leaky_readout, one thread per (b, c)
 *   loss, dL/dm, correct count          softmax_cross_entropy
 *   dh2  = c_t dL/dm                    readout_gradient (no time loop: docs/model.md's c_t shortcut)
 *   ds   = dh2 W2^T;  dW2 = s^T dh2     cuBLAS
 *   dh1  = BPTT(ds)                     lif_backward, one thread per (b, j)
 *   dW1  = x^T dh1                      cuBLAS   (I, M) (M, H)
 *   dw   = dW sign signum(w);  Adam;  W = |w| sign      per layer, by its weight map ({@link DeviceLayer})
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

    private final MemorySegment w1Effective, w2Effective; // W1 (inputs, hidden), W2 (hidden, classes)
    private final MemorySegment gradW1Effective, gradW2Effective;
    private final MemorySegment readoutCoefficient;       // (steps) c_t
    private final MemorySegment traceLoss;                // one float

    private WeightMap map1, map2;
    private DeviceLayer layer1, layer2;                    // raw parameters of each layer; null before setParameters
    private boolean hasParameters;

    private long logitsChunkFloats = LOGITS_CHUNK_FLOATS;
    private final Workspace workspace = new Workspace();
    private final GrowableBuffer order = new GrowableBuffer("sample order");
    private final GrowableBuffer losses = new GrowableBuffer("losses");
    private final GrowableBuffer corrects = new GrowableBuffer("correct counts");
    private final GrowableBuffer logits = new GrowableBuffer("logits");

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
            w1Effective = DeviceMemory.allocateFloats(arena, layer1, "W1");
            w2Effective = DeviceMemory.allocateFloats(arena, layer2, "W2");
            gradW1Effective = DeviceMemory.allocateFloats(arena, layer1, "dL/dW1");
            gradW2Effective = DeviceMemory.allocateFloats(arena, layer2, "dL/dW2");
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
        backend.makeCurrent();
        DeviceLayer first = layer(p.weightMap1(), 1, inputs, hidden, w1Effective, gradW1Effective);
        DeviceLayer second;
        try {
            second = layer(p.weightMap2(), 2, hidden, classes, w2Effective, gradW2Effective);
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
        try (Arena staging = Arena.ofConfined()) {
            first.set(p, staging);
            second.set(p, staging);
            DeviceMemory.synchronize(stream, "setParameters");
        } catch (RuntimeException e) {
            first.close();
            second.close();
            throw e;
        }
        if (layer1 != null) {
            DeviceMemory.synchronize(stream, "before replacing the parameters");
            layer1.close();
            layer2.close();
        }
        map1 = p.weightMap1();
        map2 = p.weightMap2();
        layer1 = first;
        layer2 = second;
        adam.reset();
        hasParameters = true;
    }

    private DeviceLayer layer(WeightMap map, int layer, int rows, int columns, MemorySegment effective, MemorySegment gradEffective) {
        return switch (map) {
            case WeightMap.Elementwise e -> new ElementwiseLayer(e, false, layer, rows, columns, effective, gradEffective);
            case WeightMap.LearnedSigns l -> new ElementwiseLayer(l.magnitude(), true, layer, rows, columns, effective, gradEffective);
            case WeightMap.Dann d -> new DannLayer(d, layer, rows, columns, effective, gradEffective);
        };
    }

    @Override
    public Parameters parameters() {
        requireParameters();
        backend.makeCurrent();
        try (Arena staging = Arena.ofConfined()) {
            return new Parameters(net, map1, map2, download(staging, RAW));
        }
    }

    @Override
    public OptimizerState optimizerState() {
        requireParameters();
        backend.makeCurrent();
        try (Arena staging = Arena.ofConfined()) {
            return new OptimizerState(adam.step(), download(staging, FIRST_MOMENT), download(staging, SECOND_MOMENT));
        }
    }

    @Override
    public void restoreOptimizer(OptimizerState state) {
        requireParameters();
        backend.makeCurrent();
        try (Arena staging = Arena.ofConfined()) {
            java.util.Map<String, float[]> expected = download(staging, FIRST_MOMENT);
            for (var e : expected.entrySet()) {
                float[] m = state.firstMoments().get(e.getKey()), v = state.secondMoments().get(e.getKey());
                if (m == null || v == null || m.length != e.getValue().length || v.length != e.getValue().length) {
                    throw new IllegalArgumentException("the optimiser state has no moments of " + e.getKey() + " of its size");
                }
            }
            layer1.uploadMoments(state, staging);
            layer2.uploadMoments(state, staging);
            DeviceMemory.synchronize(stream, "restoreOptimizer");
        }
        adam.resume(state.steps());
    }

    /** The parts of a trained array on the device: the array, its gradient, Adam's moments. */
    private static final int RAW = 0, GRADIENT = 1, FIRST_MOMENT = 2, SECOND_MOMENT = 3;

    /** One part of every layer's arrays, by name, downloaded. */
    private java.util.Map<String, float[]> download(Arena staging, int part) {
        java.util.Map<String, MemorySegment> host = new java.util.LinkedHashMap<>();
        layer1.download(staging, host, part);
        layer2.download(staging, host, part);
        DeviceMemory.synchronize(stream, "download");
        return floats(host);
    }

    private static java.util.Map<String, float[]> floats(java.util.Map<String, MemorySegment> host) {
        java.util.Map<String, float[]> arrays = new java.util.LinkedHashMap<>();
        host.forEach((name, segment) -> arrays.put(name, segment.toArray(ValueLayout.JAVA_FLOAT)));
        return arrays;
    }

    @Override
    public float[] train(PreparedData data, int[] sampleOrder, int batchSize, int[] correct) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        CudaPreparedData set = requireOwn(data);
        requireParameters();
        checkOrder(sampleOrder, set.size());
        int stepCount = sampleOrder.length / batchSize;
        if (correct != null && correct.length < stepCount) {
            throw new IllegalArgumentException("correct has " + correct.length + " entries for " + stepCount + " steps");
        }
        if (stepCount == 0) return new float[0];
        backend.makeCurrent();
        workspace.ensure(batchSize);
        order.ensure((long) sampleOrder.length * Integer.BYTES);
        losses.ensure((long) stepCount * Float.BYTES);
        if (correct != null) corrects.ensure((long) stepCount * Integer.BYTES);
        try (Arena staging = Arena.ofConfined()) {
            DeviceMemory.upload(order.pointer, staging.allocateFrom(ValueLayout.JAVA_INT, sampleOrder), stream, "sample order");
            for (int step = 0; step < stepCount; step++) {
                int from = step * batchSize;
                forward(set, order.pointer.address(), from, batchSize, workspace.m.address());
                backward(set, order.pointer.address(), from, batchSize, DeviceMemory.offset(losses.pointer, (long) step * Float.BYTES),
                        correct == null ? MemorySegment.NULL.address() : DeviceMemory.offset(corrects.pointer, (long) step * Integer.BYTES));
                rawGradients();
                adamStep(adam.nextStep());
            }
            MemorySegment hostLosses = staging.allocate(ValueLayout.JAVA_FLOAT, stepCount);
            DeviceMemory.download(hostLosses, losses.pointer, stream, "losses");
            MemorySegment hostCorrect = correct == null ? null : staging.allocate(ValueLayout.JAVA_INT, stepCount);
            if (correct != null) DeviceMemory.download(hostCorrect, corrects.pointer, stream, "correct counts");
            DeviceMemory.synchronize(stream, "train");
            if (correct != null) MemorySegment.copy(hostCorrect, ValueLayout.JAVA_INT, 0, correct, 0, stepCount);
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
            backward(set, order.pointer.address(), 0, batch, traceLoss.address(), MemorySegment.NULL.address());
            rawGradients();
            long rows = (long) batch * steps;
            MemorySegment spikes = staging.allocate(ValueLayout.JAVA_FLOAT, rows * hidden);
            MemorySegment hiddenV = staging.allocate(ValueLayout.JAVA_FLOAT, rows * hidden);
            MemorySegment vRec = staging.allocate(ValueLayout.JAVA_FLOAT, rows * classes);
            MemorySegment m = staging.allocate(ValueLayout.JAVA_FLOAT, (long) batch * classes);
            MemorySegment loss = staging.allocate(ValueLayout.JAVA_FLOAT);
            java.util.Map<String, MemorySegment> gradients = new java.util.LinkedHashMap<>();
            layer1.download(staging, gradients, GRADIENT);
            layer2.download(staging, gradients, GRADIENT);
            DeviceMemory.download(spikes, workspace.spikes, stream, "hidden spikes");
            DeviceMemory.download(hiddenV, workspace.v, stream, "hidden voltage");
            DeviceMemory.download(vRec, workspace.vRec, stream, "output voltage");
            DeviceMemory.download(m, workspace.m, stream, "logits");
            DeviceMemory.download(loss, traceLoss, stream, "loss");
            DeviceMemory.synchronize(stream, "trace");
            return new BatchTrace(batch, spikes.toArray(ValueLayout.JAVA_FLOAT), hiddenV.toArray(ValueLayout.JAVA_FLOAT),
                    vRec.toArray(ValueLayout.JAVA_FLOAT),
                    m.toArray(ValueLayout.JAVA_FLOAT), loss.get(ValueLayout.JAVA_FLOAT, 0),
                    floats(gradients));
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

    /**
     * Loss into {@code lossAddress}, the count of correctly classified samples into
     * {@code correctAddress} (an int; none when 0) and the gradients of the effective weights, after
     * {@link #forward}.
     */
    private void backward(CudaPreparedData set, long orderAddress, int from, int batch, long lossAddress, long correctAddress) {
        Workspace w = workspace;
        int rows = batch * steps;
        launcher.startOneBlock(Kernel.SOFTMAX_CROSS_ENTROPY, KernelLauncher.THREADS_PER_BLOCK)
                .pointer(w.m).pointer(set.labels).pointer(orderAddress).integer(from).integer(batch).integer(classes)
                .pointer(w.sampleLoss).pointer(w.gradM).pointer(lossAddress).pointer(w.sampleCorrect).pointer(correctAddress).launch();
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
        layer1.rawGradients();
        layer2.rawGradients();
    }

    private void adamStep(Adam.StepScalars k) {
        layer1.step(k);
        layer2.step(k);
    }

    /** One Adam step on {@code n} parameters, then {@code max(p, 0)} when {@code clampAtZero}. */
    private void adamStep(MemorySegment param, MemorySegment grad, MemorySegment m, MemorySegment v, long n, boolean clampAtZero,
                          Adam.StepScalars k) {
        launcher.start(Kernel.ADAM_STEP, n)
                .pointer(param).pointer(grad).pointer(m).pointer(v).integer(Math.toIntExact(n))
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

    /**
     * One layer's raw parameters on the device, their Adam moments and gradients: it turns
     * {@code dL/dW} (gradEffective) into the raw gradients, takes the Adam step and writes W
     * (effective), as its weight map says.
     */
    private abstract class DeviceLayer implements AutoCloseable {
        final int layer, rows, columns;
        final MemorySegment effective, gradEffective;
        final Arena memory = Arena.ofShared();

        DeviceLayer(int layer, int rows, int columns, MemorySegment effective, MemorySegment gradEffective) {
            this.layer = layer;
            this.rows = rows;
            this.columns = columns;
            this.effective = effective;
            this.gradEffective = gradEffective;
        }

        /** A parameter, its gradient and Adam moments, zeroed moments. */
        MemorySegment[] trained(long n, String name) {
            MemorySegment[] p = new MemorySegment[4];
            String[] parts = {name, "dL/d" + name, "Adam m of " + name, "Adam v of " + name};
            for (int i = 0; i < 4; i++) p[i] = DeviceMemory.allocateFloats(memory, n, parts[i]);
            for (int i = 2; i < 4; i++) CudaStatus.check(cuda_runtime_h.cudaMemsetAsync(p[i], 0, n * Float.BYTES, stream), "cudaMemsetAsync(" + parts[i] + ")");
            return p;
        }

        void upload(MemorySegment device, float[] values, Arena staging, String what) {
            DeviceMemory.upload(device, staging.allocateFrom(ValueLayout.JAVA_FLOAT, values), stream, what);
        }

        void download(MemorySegment device, long n, String name, Arena staging, java.util.Map<String, MemorySegment> into) {
            MemorySegment host = staging.allocate(ValueLayout.JAVA_FLOAT, n);
            DeviceMemory.download(host, device, stream, name);
            into.put(name, host);
        }

        /** Uploads the layer's arrays from {@code p} and computes W. */
        abstract void set(Parameters p, Arena staging);

        /** The raw gradients from dL/dW, at the parameters before the step. */
        abstract void rawGradients();

        /** Adam on every raw array, then W. */
        abstract void step(Adam.StepScalars k);

        /** Enqueues the download of one part (RAW with fixed row signs, GRADIENT, a moment) of every array by name; synchronise before reading. */
        abstract void download(Arena staging, java.util.Map<String, MemorySegment> into, int part);

        /** Uploads Adam's moments of every array from {@code state}. */
        abstract void uploadMoments(OptimizerState state, Arena staging);

        void uploadMoments(MemorySegment[] p, String name, OptimizerState state, Arena staging) {
            upload(p[FIRST_MOMENT], state.firstMoments().get(name), staging, "Adam m of " + name);
            upload(p[SECOND_MOMENT], state.secondMoments().get(name), staging, "Adam v of " + name);
        }

        @Override
        public void close() {
            if (memory.scope().isAlive()) memory.close();
        }
    }

    /** An elementwise map, with fixed row signs or learned ones ({@code signK_raw}, straight through the sign). */
    private final class ElementwiseLayer extends DeviceLayer {
        private final WeightMap.Elementwise map;
        private final boolean learns;
        private final MemorySegment[] w;          // raw weights, gradient, Adam m and v
        private final MemorySegment[] signRaw;    // learned signs' raw parameters, or null
        private final MemorySegment sign;         // (rows) +-1, or NULL for a map without row signs
        private float[] fixedSigns;

        ElementwiseLayer(WeightMap.Elementwise map, boolean learns, int layer, int rows, int columns, MemorySegment effective,
                         MemorySegment gradEffective) {
            super(layer, rows, columns, effective, gradEffective);
            this.map = map;
            this.learns = learns;
            w = trained((long) rows * columns, "w" + layer);
            signRaw = learns ? trained(rows, "sign" + layer + "_raw") : null;
            sign = map.hasRowSigns() ? DeviceMemory.allocateFloats(memory, rows, "sign" + layer) : MemorySegment.NULL;
        }

        @Override
        void set(Parameters p, Arena staging) {
            upload(w[0], p.array("w" + layer), staging, "w" + layer);
            if (learns) {
                upload(signRaw[0], p.array("sign" + layer + "_raw"), staging, "sign" + layer + "_raw");
                launcher.start(Kernel.LEARNED_SIGNS, rows).pointer(signRaw[0]).integer(rows).pointer(sign).launch();
            } else if (map.hasRowSigns()) {
                fixedSigns = layer == 1 ? p.sign1().clone() : p.sign2().clone();
                upload(sign, fixedSigns, staging, "sign" + layer);
            }
            refresh();
        }

        @Override
        void rawGradients() {
            if (learns) {
                launcher.start(Kernel.SIGN_GRADIENT, rows).pointer(gradEffective).pointer(w[0]).integer(rows).integer(columns).integer(kind(map))
                        .pointer(signRaw[1]).launch();
            }
            launcher.start(Kernel.RAW_GRADIENT, (long) rows * columns)
                    .pointer(gradEffective).pointer(w[0]).pointer(sign).integer(rows).integer(columns).integer(kind(map)).pointer(w[1]).launch();
        }

        @Override
        void step(Adam.StepScalars k) {
            adamStep(w[0], w[1], w[2], w[3], (long) rows * columns, map instanceof WeightMap.Clamp, k);
            if (learns) {
                adamStep(signRaw[0], signRaw[1], signRaw[2], signRaw[3], rows, false, k);
                launcher.start(Kernel.LEARNED_SIGNS, rows).pointer(signRaw[0]).integer(rows).pointer(sign).launch();
            }
            refresh();
        }

        private void refresh() {
            launcher.start(Kernel.EFFECTIVE_WEIGHTS, (long) rows * columns)
                    .pointer(w[0]).pointer(sign).integer(rows).integer(columns).integer(kind(map)).pointer(effective).launch();
        }

        @Override
        void download(Arena staging, java.util.Map<String, MemorySegment> into, int part) {
            download(w[part], (long) rows * columns, "w" + layer, staging, into);
            if (learns) {
                download(signRaw[part], rows, "sign" + layer + "_raw", staging, into);
            } else if (fixedSigns != null && part == RAW) {
                into.put("sign" + layer, staging.allocateFrom(ValueLayout.JAVA_FLOAT, fixedSigns));
            }
        }

        @Override
        void uploadMoments(OptimizerState state, Arena staging) {
            uploadMoments(w, "w" + layer, state, staging);
            if (learns) uploadMoments(signRaw, "sign" + layer + "_raw", state, staging);
        }
    }

    /** Dann: {@code W = A - B C}, A, B, C clamped at 0 after each step; products through cuBLAS. */
    private final class DannLayer extends DeviceLayer {
        private final int interneurons;
        private final MemorySegment[] a, b, c;    // each: the matrix, its gradient, Adam m and v

        DannLayer(WeightMap.Dann map, int layer, int rows, int columns, MemorySegment effective, MemorySegment gradEffective) {
            super(layer, rows, columns, effective, gradEffective);
            interneurons = map.interneurons();
            a = trained((long) rows * columns, name("ee"));
            b = trained((long) rows * interneurons, name("ie"));
            c = trained((long) interneurons * columns, name("ei"));
        }

        private String name(String part) {
            return "w" + layer + "_" + part;
        }

        @Override
        void set(Parameters p, Arena staging) {
            upload(a[0], p.array(name("ee")), staging, name("ee"));
            upload(b[0], p.array(name("ie")), staging, name("ie"));
            upload(c[0], p.array(name("ei")), staging, name("ei"));
            refresh();
        }

        @Override
        void rawGradients() {
            DeviceMemory.copy(a[1], gradEffective, (long) rows * columns * Float.BYTES, stream, "dL/d" + name("ee"));
            gemm.multiply(false, true, rows, interneurons, columns, true, gradEffective, c[0], false, b[1]);   // dB = -dW C^T
            gemm.multiply(true, false, interneurons, columns, rows, true, b[0], gradEffective, false, c[1]);   // dC = -B^T dW
        }

        @Override
        void step(Adam.StepScalars k) {
            adamStep(a[0], a[1], a[2], a[3], (long) rows * columns, true, k);
            adamStep(b[0], b[1], b[2], b[3], (long) rows * interneurons, true, k);
            adamStep(c[0], c[1], c[2], c[3], (long) interneurons * columns, true, k);
            refresh();
        }

        private void refresh() {
            DeviceMemory.copy(effective, a[0], (long) rows * columns * Float.BYTES, stream, "W" + layer);
            gemm.multiply(false, false, rows, columns, interneurons, true, b[0], c[0], true, effective);     // W = A - B C
        }

        @Override
        void uploadMoments(OptimizerState state, Arena staging) {
            uploadMoments(a, name("ee"), state, staging);
            uploadMoments(b, name("ie"), state, staging);
            uploadMoments(c, name("ei"), state, staging);
        }

        @Override
        void download(Arena staging, java.util.Map<String, MemorySegment> into, int part) {
            download(a[part], (long) rows * columns, name("ee"), staging, into);
            download(b[part], (long) rows * interneurons, name("ie"), staging, into);
            download(c[part], (long) interneurons * columns, name("ei"), staging, into);
        }
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
            corrects.close();
            logits.close();
            if (layer1 != null) layer1.close();
            if (layer2 != null) layer2.close();
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
        MemorySegment sampleCorrect;                       // (batch) int: 1 where the argmax is the label

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
            sampleCorrect = DeviceMemory.allocate(memory, (long) batch * Integer.BYTES, "per-sample correct");
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
