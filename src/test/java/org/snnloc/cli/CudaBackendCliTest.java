package org.snnloc.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnloc.backend.BackendProvider;
import org.snnloc.backend.cuda.CudaProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --backend cuda} on a machine where CUDA is not usable (CI): exit 2, CUDA's reason in one line, nothing written. */
class CudaBackendCliTest {
    @TempDir
    Path dir;

    @Test
    void forcedCudaWithoutAUsableDeviceExitsTwoWithTheReason() throws IOException {
        BackendProvider.Availability cuda = new CudaProvider().probe();
        Assumptions.assumeFalse(cuda.usable(), "a CUDA device is usable here");
        Path out = dir.resolve("run");
        CliTest.Result r = CliTest.run("train", "--epochs", "1", "--batch-size", "16", "--train-batches", "2", "--validation-samples", "16",
                "--test-batches", "1", "--backend", "cuda", "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line: " + r.err());
        assertEquals("train: backend 'cuda' is not usable: " + cuda.detail(), lines.get(0));
        assertFalse(r.err().contains("Exception"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(), listing.toList(), "nothing written");
        }
    }
}
