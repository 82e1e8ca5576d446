package org.snnloc.backend.cuda;

import org.snnloc.cuda.bindings.cublas_h;
import org.snnloc.cuda.bindings.cuda_runtime_h;

import java.lang.foreign.MemorySegment;

/**
 * The one status check every CUDA runtime and cuBLAS call of the engine goes through: a non-zero
 * status becomes a {@link CudaException} carrying the error's name and message as the libraries
 * describe them ({@code cudaGetErrorName} / {@code cudaGetErrorString}, {@code cublasGetStatusName}
 * / {@code cublasGetStatusString}).
 */
final class CudaStatus {
    /** Longest message read back from the libraries; theirs are one line. */
    private static final long MAX_MESSAGE_BYTES = 1024;

    private CudaStatus() {}

    /** Throws when a CUDA runtime call returned anything but {@code cudaSuccess}. */
    static void check(int status, String call) {
        if (status != cuda_runtime_h.cudaSuccess()) throw runtimeError(status, call);
    }

    /** Throws when a cuBLAS call returned anything but {@code CUBLAS_STATUS_SUCCESS}. */
    static void checkCublas(int status, String call) {
        if (status != cublas_h.CUBLAS_STATUS_SUCCESS()) {
            throw new CudaException(call, status, text(cublas_h.cublasGetStatusName(status)),
                    text(cublas_h.cublasGetStatusString(status)));
        }
    }

    static CudaException runtimeError(int status, String call) {
        return new CudaException(call, status, text(cuda_runtime_h.cudaGetErrorName(status)),
                text(cuda_runtime_h.cudaGetErrorString(status)));
    }

    /**
     * A C string the library owns. A returned pointer may come back as a zero-length segment;
     * reinterpreting it to a bounded length makes it readable up to its terminating NUL.
     */
    static String text(MemorySegment cString) {
        if (cString.equals(MemorySegment.NULL)) return "(no description)";
        return cString.reinterpret(MAX_MESSAGE_BYTES).getString(0);
    }
}
