package org.snnloc.backend.cuda;

import org.snnloc.cuda.bindings.cuda_runtime_h;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our kernels on the GPU: the committed PTX for the device's architecture, JIT-compiled by the
 * driver through {@code cudaLibraryLoadData} (context-independent loading, CUDA 12.0+), and one
 * {@code cudaKernel_t} per {@link Kernel}, which {@code cudaLaunchKernel} takes in place of a
 * function symbol.
 */
final class KernelLibrary implements AutoCloseable {
    static final String RESOURCE_FOLDER = "/org/snnloc/backend/cuda/";
    static final String PTX_BASENAME = "snnloc_kernels";
    private static final long JIT_LOG_BYTES = 16 * 1024;
    /** cudaErrorUnsupportedPtxVersion: the PTX's ISA is newer than the driver's JIT compiler. */
    private static final int UNSUPPORTED_PTX_VERSION = 222;
    private static final Pattern PTX_VERSION = Pattern.compile("(?m)^\\.version (\\S+)");

    private final Arena arena;
    private final MemorySegment library;
    private final Map<Kernel, MemorySegment> kernels = new EnumMap<>(Kernel.class);
    private final int ptxArchitecture;

    /** Loads the PTX that suits compute capability {@code capability} (major * 10 + minor). */
    KernelLibrary(int capability) {
        ptxArchitecture = architectureFor(capability, committedArchitectures());
        byte[] ptx = readResource(PTX_BASENAME + ".compute_" + ptxArchitecture + ".ptx");
        arena = Arena.ofShared();
        try {
            MemorySegment code = arena.allocate(ptx.length + 1L);   // PTX is passed as a NUL-terminated string
            MemorySegment.copy(ptx, 0, code, ValueLayout.JAVA_BYTE, 0, ptx.length);
            // The driver writes JIT errors here. The buffer lives as long as the library, in case the
            // driver compiles lazily, at first launch.
            MemorySegment errorLog = arena.allocate(JIT_LOG_BYTES);
            MemorySegment options = arena.allocateFrom(ValueLayout.JAVA_INT,
                    cuda_runtime_h.cudaJitErrorLogBuffer(), cuda_runtime_h.cudaJitErrorLogBufferSizeBytes());
            MemorySegment values = arena.allocate(ValueLayout.ADDRESS, 2);
            values.setAtIndex(ValueLayout.ADDRESS, 0, errorLog);
            values.setAtIndex(ValueLayout.ADDRESS, 1, MemorySegment.ofAddress(JIT_LOG_BYTES));   // a size, passed in the pointer slot
            MemorySegment handle = arena.allocate(ValueLayout.ADDRESS);
            int status = cuda_runtime_h.cudaLibraryLoadData(handle, code, options, values, 2, MemorySegment.NULL, MemorySegment.NULL, 0);
            if (status != cuda_runtime_h.cudaSuccess()) {
                String log = errorLog.getString(0).strip();
                CudaException e = CudaStatus.runtimeError(status, "cudaLibraryLoadData(" + PTX_BASENAME + ".compute_" + ptxArchitecture + ".ptx)");
                String hint = status == UNSUPPORTED_PTX_VERSION
                        ? "; the driver is older than the PTX (" + ptxVersion(ptx) + ", from nvcc " + committedNvccRelease()
                        + "): update the NVIDIA driver, or rebuild the PTX with the nvcc of an older CUDA (src/main/cuda/build-ptx.sh)"
                        : "";
                throw log.isEmpty() && hint.isEmpty() ? e : new IllegalStateException(e.getMessage() + hint + (log.isEmpty() ? "" : "; JIT log: " + log), e);
            }
            library = handle.get(ValueLayout.ADDRESS, 0);
            for (Kernel kernel : Kernel.values()) {
                CudaStatus.check(cuda_runtime_h.cudaLibraryGetKernel(handle, library, arena.allocateFrom(kernel.symbol)),
                        "cudaLibraryGetKernel(" + kernel.symbol + ")");
                kernels.put(kernel, handle.get(ValueLayout.ADDRESS, 0));
            }
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
        try {
            verifyParameters();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The newest committed architecture not above {@code capability}. */
    static int architectureFor(int capability, List<Integer> available) {
        int best = -1;
        for (int architecture : available) {
            if (architecture <= capability && architecture > best) best = architecture;
        }
        if (best < 0) {
            throw new IllegalStateException("no PTX for compute capability " + capability / 10 + "." + capability % 10
                    + " (committed: compute_" + available + ")");
        }
        return best;
    }

    /** The architectures build-ptx.sh compiled, from the committed properties file. */
    static List<Integer> committedArchitectures() {
        Properties properties = new Properties();
        try (InputStream in = KernelLibrary.class.getResourceAsStream(RESOURCE_FOLDER + PTX_BASENAME + ".ptx.properties")) {
            if (in == null) throw new IllegalStateException("missing resource " + PTX_BASENAME + ".ptx.properties");
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.stream(properties.getProperty("architectures", "").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
    }

    /** "PTX ISA 9.0", from the .version line. */
    static String ptxVersion(byte[] ptx) {
        Matcher version = PTX_VERSION.matcher(new String(ptx, StandardCharsets.US_ASCII));
        return version.find() ? "PTX ISA " + version.group(1) : "unknown PTX ISA";
    }

    private static String committedNvccRelease() {
        Properties properties = new Properties();
        try (InputStream in = KernelLibrary.class.getResourceAsStream(RESOURCE_FOLDER + PTX_BASENAME + ".ptx.properties")) {
            if (in != null) properties.load(in);
        } catch (IOException e) {
            return "?";
        }
        return properties.getProperty("nvcc.release", "?");
    }

    static byte[] readResource(String name) {
        try (InputStream in = KernelLibrary.class.getResourceAsStream(RESOURCE_FOLDER + name)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE_FOLDER + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compares each kernel's parameter sizes, as the loaded code declares them, with {@link Kernel}'s
     * list, so a mismatch fails here with a sentence instead of as wrong numbers. Needs
     * {@code cudaFuncGetParamInfo} (CUDA 12.4+); older runtimes skip the check.
     */
    private void verifyParameters() {
        try {
            cuda_runtime_h.cudaFuncGetParamInfo$address();
        } catch (LinkageError e) {
            return;   // runtime older than 12.4: the PTX test in the build still checks the lists
        }
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment offset = scratch.allocate(ValueLayout.JAVA_LONG);
            MemorySegment size = scratch.allocate(ValueLayout.JAVA_LONG);
            for (Kernel kernel : Kernel.values()) {
                MemorySegment function = kernels.get(kernel);
                for (int i = 0; i < kernel.parameterCount(); i++) {
                    int status = cuda_runtime_h.cudaFuncGetParamInfo(function, i, offset, size);
                    if (status != cuda_runtime_h.cudaSuccess()) {
                        // this runtime cannot describe library kernels: nothing to compare, and not an error of ours
                        cuda_runtime_h.cudaGetLastError();
                        System.err.println("note: cannot check kernel parameters ("
                                + CudaStatus.runtimeError(status, "cudaFuncGetParamInfo(" + kernel.symbol + ")").getMessage() + ")");
                        return;
                    }
                    long bytes = size.get(ValueLayout.JAVA_LONG, 0);
                    if (bytes != kernel.parameter(i).bytes) {
                        throw new IllegalStateException("kernel " + kernel.symbol + " parameter " + i + " takes " + bytes
                                + " bytes, but the engine passes a " + kernel.parameter(i) + " of " + kernel.parameter(i).bytes);
                    }
                }
                int beyond = cuda_runtime_h.cudaFuncGetParamInfo(function, kernel.parameterCount(), offset, size);
                cuda_runtime_h.cudaGetLastError();   // the expected error must not linger for later checks
                if (beyond == cuda_runtime_h.cudaSuccess()) {
                    throw new IllegalStateException("kernel " + kernel.symbol + " takes more than the " + kernel.parameterCount()
                            + " parameters the engine passes");
                }
            }
        }
    }

    MemorySegment kernel(Kernel kernel) {
        return kernels.get(kernel);
    }

    /** The virtual architecture of the loaded PTX, e.g. 90. */
    int ptxArchitecture() {
        return ptxArchitecture;
    }

    @Override
    public void close() {
        try {
            CudaStatus.check(cuda_runtime_h.cudaLibraryUnload(library), "cudaLibraryUnload");
        } finally {
            arena.close();
        }
    }
}
