package org.snnloc.backend.cuda;

import org.snnloc.cuda.bindings.cuda_runtime_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Device memory tied to an {@link Arena}: allocated with {@code cudaMalloc} and freed with
 * {@code cudaFree} when the arena closes. A device pointer is a zero-length segment, so Java code
 * can pass it to native calls but never read through it, and using it after its arena closed
 * fails in Java instead of on the GPU.
 */
final class DeviceMemory {
    private DeviceMemory() {}

    static MemorySegment allocate(Arena arena, long bytes, String what) {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment pointer = scratch.allocate(ValueLayout.ADDRESS);
            // cudaMalloc of 0 bytes returns a null pointer; keep every buffer a real allocation
            CudaStatus.check(cuda_runtime_h.cudaMalloc(pointer, Math.max(bytes, 16)), "cudaMalloc(" + what + ", " + bytes + " bytes)");
            long address = pointer.get(ValueLayout.ADDRESS, 0).address();
            return MemorySegment.ofAddress(address).reinterpret(arena, DeviceMemory::free);
        }
    }

    static MemorySegment allocateFloats(Arena arena, long count, String what) {
        return allocate(arena, count * Float.BYTES, what);
    }

    private static void free(MemorySegment pointer) {
        CudaStatus.check(cuda_runtime_h.cudaFree(pointer), "cudaFree");
    }

    /** Copies host memory to the device in stream order. */
    static void upload(MemorySegment device, MemorySegment host, MemorySegment stream, String what) {
        CudaStatus.check(cuda_runtime_h.cudaMemcpyAsync(device, host, host.byteSize(), cuda_runtime_h.cudaMemcpyHostToDevice(), stream),
                "cudaMemcpyAsync(" + what + ", host to device)");
    }

    /** Copies device memory into all of {@code host} in stream order; synchronise before reading it. */
    static void download(MemorySegment host, MemorySegment device, MemorySegment stream, String what) {
        CudaStatus.check(cuda_runtime_h.cudaMemcpyAsync(host, device, host.byteSize(), cuda_runtime_h.cudaMemcpyDeviceToHost(), stream),
                "cudaMemcpyAsync(" + what + ", device to host)");
    }

    /** Copies {@code bytes} from one device buffer to another in stream order. */
    static void copy(MemorySegment device, MemorySegment from, long bytes, MemorySegment stream, String what) {
        CudaStatus.check(cuda_runtime_h.cudaMemcpyAsync(device, from, bytes, cuda_runtime_h.cudaMemcpyDeviceToDevice(), stream),
                "cudaMemcpyAsync(" + what + ", device to device)");
    }

    static void synchronize(MemorySegment stream, String what) {
        CudaStatus.check(cuda_runtime_h.cudaStreamSynchronize(stream), "cudaStreamSynchronize(" + what + ")");
    }

    /** The device address {@code bytes} past the start of {@code buffer}, for kernel arguments. */
    static long offset(MemorySegment buffer, long bytes) {
        return buffer.address() + bytes;
    }
}
