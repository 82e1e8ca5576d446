package org.snnloc.backend.cuda;

import org.snnloc.backend.Backend;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.cuda.bindings.cuda_runtime_h;
import org.snnloc.model.NetworkConfig;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.train.AdamConfig;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The CUDA backend: one GPU, our kernels loaded once, any number of engines (each with its own
 * stream and cuBLAS handle) and prepared data sets on it.
 */
public final class CudaBackend implements Backend {
    public static final String NAME = "cuda";
    /** System property: wait for every kernel and check it, so an error names its kernel. */
    static final String SYNCHRONOUS_PROPERTY = "snnloc.cuda.sync";
    /** System property: the device to use (default 0). */
    static final String DEVICE_PROPERTY = "snnloc.cuda.device";

    private final CudaRuntime.Ready runtime;
    private final CudaDevice device;
    private final KernelLibrary kernels;
    private final boolean synchronous;

    /** Opens the device of {@code -Dsnnloc.cuda.device} (default 0); CUDA must be usable. */
    public CudaBackend() {
        this(CudaRuntime.require(), Integer.getInteger(DEVICE_PROPERTY, 0));
    }

    CudaBackend(CudaRuntime.Ready runtime, int ordinal) {
        if (ordinal < 0 || ordinal >= runtime.deviceCount()) {
            throw new IllegalArgumentException("CUDA device " + ordinal + " does not exist (" + runtime.deviceCount() + " found)");
        }
        this.runtime = runtime;
        this.device = CudaDevice.query(ordinal);
        this.kernels = new KernelLibrary(device.capability());
        this.synchronous = Boolean.getBoolean(SYNCHRONOUS_PROPERTY);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "cuda on " + device.describe() + "; " + runtime.summary() + "; kernels: compute_" + kernels.ptxArchitecture() + " PTX";
    }

    public CudaDevice device() {
        return device;
    }

    KernelLibrary kernels() {
        return kernels;
    }

    boolean synchronous() {
        return synchronous;
    }

    /** Makes this backend's device current for the calling thread (the runtime keeps it per thread). */
    void makeCurrent() {
        CudaStatus.check(cuda_runtime_h.cudaSetDevice(device.ordinal()), "cudaSetDevice");
    }

    @Override
    public PreparedData prepare(SpikeDataset data) {
        makeCurrent();
        Arena arena = Arena.ofShared();
        try (Arena staging = Arena.ofConfined()) {
            MemorySegment hostBits = staging.allocateFrom(ValueLayout.JAVA_LONG, data.bits());
            MemorySegment hostLabels = staging.allocateFrom(ValueLayout.JAVA_INT, data.labels());
            MemorySegment bits = DeviceMemory.allocate(arena, hostBits.byteSize(), "spike bits");
            MemorySegment labels = DeviceMemory.allocate(arena, hostLabels.byteSize(), "labels");
            CudaStatus.check(cuda_runtime_h.cudaMemcpy(bits, hostBits, hostBits.byteSize(), cuda_runtime_h.cudaMemcpyHostToDevice()),
                    "cudaMemcpy(spike bits)");
            CudaStatus.check(cuda_runtime_h.cudaMemcpy(labels, hostLabels, hostLabels.byteSize(), cuda_runtime_h.cudaMemcpyHostToDevice()),
                    "cudaMemcpy(labels)");
            // engines read it on their own non-blocking streams, which do not wait for these copies
            CudaStatus.check(cuda_runtime_h.cudaDeviceSynchronize(), "cudaDeviceSynchronize(after uploading a data set)");
            return new CudaPreparedData(this, data, arena, bits, labels);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public Engine newEngine(NetworkConfig network, AdamConfig adam, int threads) {
        makeCurrent();
        return new CudaEngine(this, network, adam);
    }

    @Override
    public void close() {
        kernels.close();
    }
}
