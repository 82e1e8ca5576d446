package org.snnloc.backend.cuda;

/**
 * A CUDA runtime or cuBLAS call returned an error. The message names the call, the status code,
 * its symbolic name and the library's description, e.g. {@code cudaGetDeviceCount failed: error 35
 * cudaErrorInsufficientDriver: CUDA driver version is insufficient for CUDA runtime version}.
 */
public final class CudaException extends RuntimeException {
    private final String call;
    private final int status;
    private final String statusName;

    CudaException(String call, int status, String statusName, String description) {
        super(call + " failed: error " + status + " " + statusName + ": " + description);
        this.call = call;
        this.status = status;
        this.statusName = statusName;
    }

    /** The failing call as written in the code, e.g. {@code cudaMalloc(h1)}. */
    public String call() {
        return call;
    }

    /** The numeric {@code cudaError_t} or {@code cublasStatus_t}. */
    public int status() {
        return status;
    }

    /** The symbolic name, e.g. {@code cudaErrorInsufficientDriver} or {@code CUBLAS_STATUS_NOT_INITIALIZED}. */
    public String statusName() {
        return statusName;
    }
}
