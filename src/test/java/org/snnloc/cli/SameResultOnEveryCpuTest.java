package org.snnloc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnloc.io.Json;
import org.snnloc.io.Npz;
import org.snnloc.io.NpyArray;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One command and seed give the same model and metrics on every CPU: {@code snnloc train} with the
 * scalar backend, and with the simd backend at 128, 256 and 512 bits (each width in its own JVM,
 * as the vector species is fixed per JVM), with different thread counts, write identical
 * {@code model.npz} arrays and identical metrics.
 */
class SameResultOnEveryCpuTest {
    private static final List<String> TRAINING = List.of("train", "--seed", "4", "--epochs", "3", "--batch-size", "16",
            "--train-batches", "4", "--validation-samples", "64", "--test-batches", "2", "--hidden", "11", "--ie-ratio-w2", "0.3");

    @TempDir
    Path dir;

    @Test
    void scalarAndSimdAtEveryWidthWriteTheSameModelAndMetrics() throws IOException, InterruptedException {
        Path reference = dir.resolve("scalar");
        List<String> args = new ArrayList<>(TRAINING);
        args.addAll(List.of("--backend", "scalar", "--out", reference.toString()));
        CliTest.Result scalar = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, scalar.code(), scalar.err());
        Map<String, NpyArray> expected = Npz.read(reference.resolve("model.npz"));
        JsonNode expectedMetrics = withoutTimes(Json.read(reference.resolve("metrics.json")));

        for (int bits : new int[] {128, 256, 512}) {
            Path out = dir.resolve("simd-" + bits);
            trainInChildJvm(bits, bits == 256 ? 1 : 2, out);
            Map<String, NpyArray> actual = Npz.read(out.resolve("model.npz"));
            assertEquals(expected.keySet(), actual.keySet(), bits + " bits: arrays in model.npz");
            for (String name : expected.keySet()) {
                assertArrayEquals(expected.get(name).toDoubles(), actual.get(name).toDoubles(), bits + " bits: " + name);
            }
            assertEquals(expectedMetrics, withoutTimes(Json.read(out.resolve("metrics.json"))), bits + " bits: metrics.json");
            assertEquals("simd", Json.read(out.resolve("config.json")).get("backend").asText());
        }
    }

    private static void trainInChildJvm(int bits, int threads, Path out) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-Dsnnloc.vector.bits=" + bits, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(TRAINING);
        command.addAll(List.of("--backend", "simd", "--threads", String.valueOf(threads), "--out", out.toString()));
        Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), bits + " bits: the training finished");
        assertEquals(0, child.exitValue(), bits + " bits: " + err);
    }

    private static JsonNode withoutTimes(JsonNode metrics) {
        ObjectNode copy = metrics.deepCopy();
        copy.remove("training_seconds");
        copy.remove("wall_seconds");
        return copy;
    }
}
