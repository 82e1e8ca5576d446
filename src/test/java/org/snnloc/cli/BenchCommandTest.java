package org.snnloc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code snnloc bench} on a tiny size: a table on stdout and bench.json with every usable backend. */
class BenchCommandTest {

    @Test
    void timesEveryUsableBackendAndWritesBenchJson(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("bench.json");
        StringWriter stdout = new StringWriter(), stderr = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));
        int code = cli.execute("bench", "--sizes", "4x8", "--batches", "2", "--warmup", "1", "--warmup-seconds", "0",
                "--max-seconds", "5", "--threads", "2", "--out", out.toString());
        assertEquals(0, code, stderr.toString());
        assertTrue(stdout.toString().contains("ms/batch") && stdout.toString().contains("vs scalar"), stdout.toString());
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        Set<String> backends = new HashSet<>();
        for (JsonNode row : report.get("results")) {
            backends.add(row.get("backend").asText());
            assertTrue(row.get("ms_per_batch_median").asDouble() > 0, row.toString());
            assertTrue(row.get("effective_gflops").asDouble() > 0, row.toString());
        }
        assertTrue(backends.contains("scalar"), backends.toString());
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) assertTrue(backends.contains("simd"), backends.toString());
        assertEquals(2 * backends.size(), report.get("results").size(), "a training step and inference per backend");
    }

    @Test
    void aBadSizeIsInvalidInput(@TempDir Path dir) {
        CommandLine cli = Main.commandLine();
        StringWriter stderr = new StringWriter();
        cli.setErr(new PrintWriter(stderr, true));
        assertEquals(2, cli.execute("bench", "--sizes", "64by30", "--out", dir.resolve("b.json").toString()));
        assertEquals(1, stderr.toString().strip().lines().count(), stderr.toString());
    }
}
