package org.snnloc.backend.cuda;

import org.snnloc.cuda.bindings.cublas_h;
import org.snnloc.cuda.bindings.cuda_runtime_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;

/**
 * The CUDA runtime and cuBLAS of this process: found and loaded once, then asked whether there is
 * a device to run on. Either {@link Ready} with the versions, or {@link Unavailable} with one
 * sentence that names the real cause (the library's own error name and message).
 */
final class CudaRuntime {
    /** Our PTX needs compute capability 7.5 (the oldest virtual architecture nvcc 13 emits). */
    static final int MINIMUM_COMPUTE_CAPABILITY = 75;

    private static Status status;

    private CudaRuntime() {}

    /** What loading found; never throws. */
    sealed interface Status permits Ready, Unavailable {}

    /**
     * Both libraries are loaded and at least one device is there.
     *
     * @param runtimeVersion e.g. 13000 for CUDA 13.0, as {@code cudaRuntimeGetVersion}
     * @param driverVersion  the newest CUDA version the driver supports, as {@code cudaDriverGetVersion}
     * @param cublasVersion  major * 10000 + minor * 100 + patch
     */
    record Ready(CudaLibraries.LibraryFile runtime, CudaLibraries.LibraryFile cublas, int runtimeVersion, int driverVersion,
                 int cublasVersion, int deviceCount) implements Status {
        String summary() {
            return "CUDA runtime " + version(runtimeVersion) + " (" + runtime.path() + "), driver supports CUDA "
                    + version(driverVersion) + ", cuBLAS " + cublasVersion / 10000 + "." + cublasVersion / 100 % 100 + "."
                    + cublasVersion % 100 + " (" + cublas.path() + ")";
        }
    }

    /** Why CUDA cannot be used here. */
    record Unavailable(String reason) implements Status {}

    /** Loads the libraries on first use; later calls return the same answer. */
    static synchronized Status status() {
        if (status == null) status = load(CudaLibraries.standardSearchPath());
        return status;
    }

    /** The loaded runtime, or an exception with the reason it is not usable. */
    static Ready require() {
        return switch (status()) {
            case Ready ready -> ready;
            case Unavailable unavailable -> throw new IllegalStateException("CUDA is not usable: " + unavailable.reason());
        };
    }

    static Status load(CudaLibraries.SearchPath search) {
        CudaLibraries.LibraryFile runtime;
        try {
            runtime = CudaLibraries.selectRuntime(search);
        } catch (CudaLibraries.LibraryNotFoundException e) {
            return new Unavailable(e.getMessage());
        }
        Path runtimePath = runtime.path();
        try {
            CudaLibraries.load(runtimePath, search.folders());
            checkBindingsResolveTo(runtimePath, "cudaGetDeviceCount", cuda_runtime_h.cudaGetDeviceCount$address());
        } catch (RuntimeException | LinkageError e) {
            return new Unavailable(e.getMessage());
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            CudaStatus.check(cuda_runtime_h.cudaRuntimeGetVersion(value), "cudaRuntimeGetVersion");
            int runtimeVersion = value.get(ValueLayout.JAVA_INT, 0);
            CudaStatus.check(cuda_runtime_h.cudaDriverGetVersion(value), "cudaDriverGetVersion");
            int driverVersion = value.get(ValueLayout.JAVA_INT, 0);
            String loaded = runtime.fileName() + " (CUDA runtime " + version(runtimeVersion) + ") loaded from " + runtime.folder();
            int status = cuda_runtime_h.cudaGetDeviceCount(value);
            if (status != cuda_runtime_h.cudaSuccess()) {
                String driver = driverVersion == 0 ? "no NVIDIA driver was found" : "the driver supports CUDA " + version(driverVersion);
                return new Unavailable(loaded + ", but " + CudaStatus.runtimeError(status, "cudaGetDeviceCount").getMessage()
                        + " (" + driver + ")");
            }
            int deviceCount = value.get(ValueLayout.JAVA_INT, 0);
            if (deviceCount == 0) return new Unavailable(loaded + ", but it sees no CUDA device");
            int capability = CudaDevice.computeCapability(0);
            if (capability < MINIMUM_COMPUTE_CAPABILITY) {
                return new Unavailable(loaded + ", but device 0 has compute capability " + capability / 10 + "." + capability % 10
                        + "; the engine's kernels need " + MINIMUM_COMPUTE_CAPABILITY / 10 + "." + MINIMUM_COMPUTE_CAPABILITY % 10 + " or newer");
            }
            CudaLibraries.LibraryFile cublas;
            try {
                cublas = CudaLibraries.selectCublas(search, runtime);
            } catch (CudaLibraries.LibraryNotFoundException e) {
                return new Unavailable(loaded + " and sees " + deviceCount + " device(s), but " + e.getMessage());
            }
            Path cublasPath = cublas.path();
            try {
                // cuBLAS needs cuBLASLt from its own installation; load it first so the linker finds it by soname
                Path lightweight = cublasPath.resolveSibling("libcublasLt.so." + cublas.majorVersion());
                if (java.nio.file.Files.isRegularFile(lightweight)) CudaLibraries.load(lightweight, search.folders());
                CudaLibraries.load(cublasPath, search.folders());
                checkBindingsResolveTo(cublasPath, "cublasSgemm_v2", cublas_h.cublasSgemm_v2$address());
            } catch (RuntimeException | LinkageError e) {
                return new Unavailable(loaded + ", but cuBLAS cannot be used: " + e.getMessage());
            }
            int cublasVersion = 0;
            for (int property : List.of(cublas_h.MAJOR_VERSION(), cublas_h.MINOR_VERSION(), cublas_h.PATCH_LEVEL())) {
                CudaStatus.checkCublas(cublas_h.cublasGetProperty(property, value), "cublasGetProperty");
                cublasVersion = cublasVersion * 100 + value.get(ValueLayout.JAVA_INT, 0);
            }
            return new Ready(runtime, cublas, runtimeVersion, driverVersion, cublasVersion, deviceCount);
        } catch (RuntimeException | LinkageError e) {
            return new Unavailable("loading " + runtimePath + " failed: " + e.getMessage());
        }
    }

    /**
     * The generated bindings look symbols up among all libraries of this class loader; make sure
     * they found them in the library we chose and not in another copy.
     */
    private static void checkBindingsResolveTo(Path library, String symbol, MemorySegment boundAddress) {
        MemorySegment expected = SymbolLookup.libraryLookup(library, Arena.global()).findOrThrow(symbol);
        if (expected.address() != boundAddress.address()) {
            throw new IllegalStateException(symbol + " resolved to another library than " + library
                    + "; another CUDA library was loaded into this JVM first");
        }
    }

    /** CUDA's integer version (major * 1000 + minor * 10) as "major.minor". */
    static String version(int cudaVersion) {
        return cudaVersion / 1000 + "." + cudaVersion % 1000 / 10;
    }
}
