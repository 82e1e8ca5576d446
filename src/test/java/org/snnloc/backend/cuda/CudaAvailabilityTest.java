package org.snnloc.backend.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.snnloc.backend.BackendProvider;
import org.snnloc.backend.BackendSelector;
import org.snnloc.cuda.bindings.cuda_runtime_h;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the CUDA backend says about this machine. On CI (libcudart installed, no driver, no GPU):
 * the bindings load and work, the backend is unusable with CUDA's own reason, auto passes it over.
 */
class CudaAvailabilityTest {

    /** The runtime library was found and loaded (the status says so even when no device is usable). */
    private static boolean runtimeLoaded() {
        return switch (CudaRuntime.status()) {
            case CudaRuntime.Ready ready -> true;
            case CudaRuntime.Unavailable unavailable -> !unavailable.reason().startsWith("no CUDA runtime library");
        };
    }

    @Test
    void bindingsLoadAndReportTheRuntimeVersion() {
        Assumptions.assumeTrue(runtimeLoaded(), () -> "libcudart is not installed here: " + CudaRuntime.status());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = arena.allocate(ValueLayout.JAVA_INT);
            CudaStatus.check(cuda_runtime_h.cudaRuntimeGetVersion(version), "cudaRuntimeGetVersion");
            assertTrue(version.get(ValueLayout.JAVA_INT, 0) >= 12000, "CUDA runtime version " + version.get(ValueLayout.JAVA_INT, 0));
        }
        assertEquals("cudaErrorInsufficientDriver", CudaStatus.text(cuda_runtime_h.cudaGetErrorName(cuda_runtime_h.cudaErrorInsufficientDriver())));
        assertTrue(CudaStatus.text(cuda_runtime_h.cudaGetErrorString(cuda_runtime_h.cudaErrorNoDevice())).contains("no CUDA-capable device"));
    }

    @Test
    void statusCheckCarriesTheErrorsNameAndMessage() {
        Assumptions.assumeTrue(runtimeLoaded(), () -> "libcudart is not installed here: " + CudaRuntime.status());
        CudaException e = org.junit.jupiter.api.Assertions.assertThrows(CudaException.class,
                () -> CudaStatus.check(cuda_runtime_h.cudaErrorMemoryAllocation(), "cudaMalloc(test)"));
        assertEquals("cudaMalloc(test) failed: error 2 cudaErrorMemoryAllocation: out of memory", e.getMessage());
        assertEquals(2, e.status());
        assertEquals("cudaErrorMemoryAllocation", e.statusName());
    }

    @Test
    void withoutAUsableDeviceTheProbeGivesCudasReason() {
        BackendProvider.Availability availability = new CudaProvider().probe();
        Assumptions.assumeFalse(availability.usable(), "a CUDA device is usable here");
        assertFalse(availability.detail().isBlank());
        assertFalse(availability.detail().contains("\n"), "one line: " + availability.detail());
        if (runtimeLoaded()) {
            // e.g. "... but cudaGetDeviceCount failed: error 35 cudaErrorInsufficientDriver: CUDA driver version is insufficient ..."
            assertTrue(availability.detail().matches(".*libcudart\\.so\\.\\d+ \\(CUDA runtime \\d+\\.\\d+\\) loaded from .*"), availability.detail());
            assertTrue(availability.detail().contains("cudaGetDeviceCount failed: error ") && availability.detail().contains("cudaError"),
                    availability.detail());
        }
        assertEquals(availability, new CudaProvider().probe(), "the probe's answer is stable");
    }

    @Test
    void autoPassesOverAnUnusableCudaWithTheReason() {
        BackendProvider.Availability availability = new CudaProvider().probe();
        Assumptions.assumeFalse(availability.usable(), "a CUDA device is usable here");
        BackendSelector selector = BackendSelector.standard();
        assertEquals("cuda", selector.providers().get(0).name(), "cuda is the first choice when usable");
        BackendSelector.Selection selection = selector.select("auto");
        try {
            assertNotEquals("cuda", selection.backend().name());
            assertTrue(selection.notes().contains("cuda not used: " + availability.detail()), selection.notes().toString());
        } finally {
            selection.backend().close();
        }
    }

    @Test
    void describeSaysWhatIsThereWithoutThrowing() {
        var lines = CudaProvider.describe();
        assertFalse(lines.isEmpty());
        if (!CudaTestSupport.deviceUsable()) assertTrue(lines.get(0).startsWith("not usable: "), lines.toString());
    }
}
