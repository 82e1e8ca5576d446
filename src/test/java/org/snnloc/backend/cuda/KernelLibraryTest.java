package org.snnloc.backend.cuda;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KernelLibraryTest {
    @Test
    void thePtxIsTheNewestNotAboveTheDevicesCapability() {
        List<Integer> committed = List.of(75, 90);
        assertEquals(75, KernelLibrary.architectureFor(75, committed));   // Turing
        assertEquals(75, KernelLibrary.architectureFor(86, committed));   // Ampere (consumer)
        assertEquals(75, KernelLibrary.architectureFor(89, committed));   // Ada
        assertEquals(90, KernelLibrary.architectureFor(90, committed));   // Hopper
        assertEquals(90, KernelLibrary.architectureFor(120, committed));  // Blackwell: the driver JITs compute_90
        assertThrows(IllegalStateException.class, () -> KernelLibrary.architectureFor(70, committed));
    }

    @Test
    void thePtxVersionIsReadForMessages() {
        assertEquals("PTX ISA 9.0", KernelLibrary.ptxVersion(KernelLibrary.readResource("snnloc_kernels.compute_90.ptx")));
    }
}
