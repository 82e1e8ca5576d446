package org.snnloc.io;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeapSpaceTest {
    @Test
    void aNeedThatFitsPassesAndOneThatDoesNotSaysBothAndHowToGetMore() {
        assertEquals(Optional.empty(), HeapSpace.shortfall(1_000, () -> 1_000));
        String shortfall = HeapSpace.shortfall(3_300_000_000L, () -> 1_900_000_000L).orElseThrow();
        assertTrue(shortfall.startsWith("about 3.3 GB of memory, 1.9 GB is available; give Java more with "), shortfall);
        assertTrue(shortfall.matches(".*-Xmx\\d+g"), shortfall);
    }

    @Test
    void sizesAreSpokenInDecimalUnits() {
        assertEquals("3.3 GB", HeapSpace.size(3_300_000_000L));
        assertEquals("120 MB", HeapSpace.size(120_000_000));
        assertEquals("64 kB", HeapSpace.size(64_000));
        assertEquals("1 kB", HeapSpace.size(1));
    }

    @Test
    void theHeapOptionAsksForWholeGibibytesAtLeastTheNeed() {
        String option = HeapSpace.heapOption((1L << 30) + 1);
        assertTrue(option.endsWith("-Xmx2g"), option);
    }
}
