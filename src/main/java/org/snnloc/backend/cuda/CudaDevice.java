package org.snnloc.backend.cuda;

import org.snnloc.cuda.bindings.cuda_runtime_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;

/**
 * What one GPU is: name, compute capability, size, clock and memory, read through the runtime.
 *
 * @param ordinal         CUDA device number
 * @param name            e.g. "NVIDIA H100 80GB HBM3"
 * @param capability      compute capability as major * 10 + minor (90 for Hopper)
 * @param multiprocessors streaming multiprocessors
 * @param clockKiloHertz  peak SM clock
 * @param totalBytes      device memory
 * @param freeBytes       device memory free when asked
 */
public record CudaDevice(int ordinal, String name, int capability, int multiprocessors, int clockKiloHertz,
                         long totalBytes, long freeBytes) {

    /**
     * Bytes reserved for {@code struct cudaDeviceProp}. Only its first member, {@code char name[256]},
     * is read: that is where every CUDA version has it, while the rest of the struct changed size
     * and layout between releases (about 1 KB in CUDA 12 and 13), so the buffer is generous.
     */
    private static final long DEVICE_PROP_BYTES = 16 * 1024;
    private static final long DEVICE_NAME_BYTES = 256;

    /** Reads the properties of device {@code ordinal}; this creates its context. */
    static CudaDevice query(int ordinal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment properties = arena.allocate(DEVICE_PROP_BYTES, 8);
            CudaStatus.check(cuda_runtime_h.cudaGetDeviceProperties(properties, ordinal), "cudaGetDeviceProperties");
            String name = properties.asSlice(0, DEVICE_NAME_BYTES).getString(0);
            CudaStatus.check(cuda_runtime_h.cudaSetDevice(ordinal), "cudaSetDevice");
            MemorySegment free = arena.allocate(ValueLayout.JAVA_LONG);
            MemorySegment total = arena.allocate(ValueLayout.JAVA_LONG);
            CudaStatus.check(cuda_runtime_h.cudaMemGetInfo(free, total), "cudaMemGetInfo");
            return new CudaDevice(ordinal, name, computeCapability(ordinal),
                    attribute(cuda_runtime_h.cudaDevAttrMultiProcessorCount(), ordinal),
                    attribute(cuda_runtime_h.cudaDevAttrClockRate(), ordinal),
                    total.get(ValueLayout.JAVA_LONG, 0), free.get(ValueLayout.JAVA_LONG, 0));
        }
    }

    /** Compute capability of a device as major * 10 + minor. */
    static int computeCapability(int ordinal) {
        return attribute(cuda_runtime_h.cudaDevAttrComputeCapabilityMajor(), ordinal) * 10
                + attribute(cuda_runtime_h.cudaDevAttrComputeCapabilityMinor(), ordinal);
    }

    static int attribute(int attribute, int ordinal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            CudaStatus.check(cuda_runtime_h.cudaDeviceGetAttribute(value, attribute, ordinal), "cudaDeviceGetAttribute(" + attribute + ")");
            return value.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** FP32 lanes per multiprocessor of an architecture (NVIDIA's CUDA programming guide, throughput table). */
    public int fp32LanesPerMultiprocessor() {
        return switch (capability) {
            case 75, 80 -> 64;
            default -> 128;   // 8.6, 8.7, 8.9, 9.0 and newer
        };
    }

    /** Peak FP32 rate in TFLOP/s: multiprocessors x lanes x 2 (a fused multiply-add) x peak clock. */
    public double fp32PeakTeraflops() {
        return multiprocessors * (double) fp32LanesPerMultiprocessor() * 2 * clockKiloHertz * 1e3 / 1e12;
    }

    /** One line, e.g. "NVIDIA H100 80GB HBM3 (device 0, compute capability 9.0, 132 SMs at 1980 MHz, 79.1 GiB, 78.6 GiB free)". */
    public String describe() {
        return String.format(Locale.ROOT, "%s (device %d, compute capability %d.%d, %d SMs at %d MHz, %.1f GiB, %.1f GiB free, FP32 peak %.1f TFLOP/s)",
                name, ordinal, capability / 10, capability % 10, multiprocessors, clockKiloHertz / 1000, totalBytes / 1073741824.0,
                freeBytes / 1073741824.0, fp32PeakTeraflops());
    }
}
