package org.snnloc.backend.cuda;

import org.snnloc.backend.Backend;
import org.snnloc.backend.BackendProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * Offers the CUDA backend when this machine has the CUDA runtime, cuBLAS, a driver and a GPU.
 * The probe loads the libraries once per process and never throws: on a machine without a GPU it
 * answers with CUDA's own reason, e.g. {@code libcudart.so.13 (CUDA runtime 13.0) loaded from
 * /usr/local/cuda/lib64, but cudaGetDeviceCount failed: error 35 cudaErrorInsufficientDriver: CUDA
 * driver version is insufficient for CUDA runtime version (no NVIDIA driver was found)}.
 */
public final class CudaProvider implements BackendProvider {

    @Override
    public String name() {
        return CudaBackend.NAME;
    }

    @Override
    public Availability probe() {
        try {
            return switch (CudaRuntime.status()) {
                case CudaRuntime.Ready ready -> Availability.usable(ready.deviceCount() + " CUDA device(s); " + ready.summary());
                case CudaRuntime.Unavailable unavailable -> Availability.unusable(unavailable.reason());
            };
        } catch (RuntimeException | LinkageError e) {
            return Availability.unusable("probing CUDA failed: " + e);
        }
    }

    @Override
    public Backend create() {
        return new CudaBackend();
    }

    /**
     * Lines for {@code snnloc info} and {@code snnloc bench}: the libraries and versions, then one
     * line per device (name, compute capability, multiprocessors, clock, memory, FP32 peak), or the
     * reason CUDA cannot be used. Creates each device's context; never throws.
     */
    public static List<String> describe() {
        List<String> lines = new ArrayList<>();
        try {
            switch (CudaRuntime.status()) {
                case CudaRuntime.Ready ready -> {
                    lines.add(ready.summary());
                    for (int ordinal = 0; ordinal < ready.deviceCount(); ordinal++) {
                        lines.add("device " + ordinal + ": " + CudaDevice.query(ordinal).describe());
                    }
                }
                case CudaRuntime.Unavailable unavailable -> lines.add("not usable: " + unavailable.reason());
            }
        } catch (RuntimeException | LinkageError e) {
            lines.add("describing the CUDA devices failed: " + e);
        }
        return lines;
    }
}
