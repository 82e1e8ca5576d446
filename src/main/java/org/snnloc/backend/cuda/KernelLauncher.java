package org.snnloc.backend.cuda;

import org.snnloc.cuda.bindings.cuda_runtime_h;
import org.snnloc.cuda.bindings.dim3;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Launches our kernels on one stream without allocating: the argument values, the {@code void**}
 * array that points at them and the two {@code dim3} structs are native memory made once and
 * rewritten for each launch ({@code cudaLaunchKernel} copies the values when it is called).
 *
 * <pre>{@code
 * launcher.start(Kernel.LIF_FORWARD, batch * hidden)
 *         .pointer(h1).integer(batch).integer(steps).integer(hidden).real(alpha).real(threshold)
 *         .pointer(v).pointer(spikes).launch();
 * }</pre>
 * Each argument is checked against the kernel's declared parameter kinds ({@link Kernel}), so a
 * call that passes an int where the kernel reads a pointer fails in Java.
 */
final class KernelLauncher {
    static final int THREADS_PER_BLOCK = 256;
    private static final int MAX_ARGUMENTS = 16;
    private static final long SLOT_BYTES = 8;

    private final KernelLibrary library;
    private final MemorySegment stream;
    private final boolean synchronous;
    private final MemorySegment values;     // MAX_ARGUMENTS slots of 8 bytes: the argument values
    private final MemorySegment arguments;  // void*[MAX_ARGUMENTS]: pointers to the slots
    private final MemorySegment grid;
    private final MemorySegment block;

    private Kernel kernel;
    private int count;

    /**
     * @param synchronous wait for each kernel and check its status, so an error names the kernel
     *                    that caused it (tests and debugging: {@code -Dsnnloc.cuda.sync=true})
     */
    KernelLauncher(Arena arena, KernelLibrary library, MemorySegment stream, boolean synchronous) {
        this.library = library;
        this.stream = stream;
        this.synchronous = synchronous;
        values = arena.allocate(SLOT_BYTES * MAX_ARGUMENTS, SLOT_BYTES);
        arguments = arena.allocate(ValueLayout.ADDRESS, MAX_ARGUMENTS);
        for (int i = 0; i < MAX_ARGUMENTS; i++) arguments.setAtIndex(ValueLayout.ADDRESS, i, values.asSlice(i * SLOT_BYTES, SLOT_BYTES));
        grid = dim3.allocate(arena);
        block = dim3.allocate(arena);
    }

    /** Starts a launch of {@code kernel} with one thread per unit of work, {@code threads} in all. */
    KernelLauncher start(Kernel kernel, long threads) {
        long blocks = Math.max(1, (threads + THREADS_PER_BLOCK - 1) / THREADS_PER_BLOCK);
        if (blocks > Integer.MAX_VALUE) throw new IllegalArgumentException(kernel.symbol + ": " + threads + " threads is too many for one launch");
        return begin(kernel, (int) blocks, THREADS_PER_BLOCK);
    }

    /** Starts a launch of {@code kernel} as a single block of {@code threads} threads. */
    KernelLauncher startOneBlock(Kernel kernel, int threads) {
        return begin(kernel, 1, threads);
    }

    private KernelLauncher begin(Kernel kernel, int blocks, int threadsPerBlock) {
        if (this.kernel != null) throw new IllegalStateException("launch of " + this.kernel.symbol + " was started but not launched");
        this.kernel = kernel;
        count = 0;
        dim3.x(grid, blocks);
        dim3.y(grid, 1);
        dim3.z(grid, 1);
        dim3.x(block, threadsPerBlock);
        dim3.y(block, 1);
        dim3.z(block, 1);
        return this;
    }

    /** A device pointer argument; {@link MemorySegment#NULL} passes a null pointer. */
    KernelLauncher pointer(MemorySegment devicePointer) {
        return pointer(devicePointer.address());
    }

    /** A device pointer argument given as an address (a buffer plus an offset). */
    KernelLauncher pointer(long deviceAddress) {
        values.set(ValueLayout.JAVA_LONG, next(Kernel.Param.POINTER), deviceAddress);
        return this;
    }

    KernelLauncher integer(int value) {
        values.set(ValueLayout.JAVA_INT, next(Kernel.Param.INT), value);
        return this;
    }

    KernelLauncher real(float value) {
        values.set(ValueLayout.JAVA_FLOAT, next(Kernel.Param.FLOAT), value);
        return this;
    }

    private long next(Kernel.Param kind) {
        if (kernel == null) throw new IllegalStateException("no launch started");
        if (count >= kernel.parameterCount() || kernel.parameter(count) != kind) {
            String expected = count < kernel.parameterCount() ? kernel.parameter(count).toString() : "no more arguments";
            throw new IllegalArgumentException(kernel.symbol + " argument " + count + ": got a " + kind + ", expected " + expected);
        }
        return SLOT_BYTES * count++;
    }

    /** Enqueues the kernel on the stream. */
    void launch() {
        Kernel launching = kernel;
        kernel = null;
        if (count != launching.parameterCount()) {
            throw new IllegalArgumentException(launching.symbol + " takes " + launching.parameterCount() + " arguments, got " + count);
        }
        int status = cuda_runtime_h.cudaLaunchKernel(library.kernel(launching), grid, block, arguments, 0, stream);
        if (status != cuda_runtime_h.cudaSuccess()) throw CudaStatus.runtimeError(status, "cudaLaunchKernel(" + launching.symbol + ")");
        if (synchronous) DeviceMemory.synchronize(stream, "after " + launching.symbol);
    }
}
