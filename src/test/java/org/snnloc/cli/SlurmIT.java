package org.snnloc.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnloc.io.NpyArray;
import org.snnloc.io.Npz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep submitted to a real Slurm as an array job of 3 shards plus its merge job
 * ({@code snnloc slurm ... --submit}) gives exactly the runs.csv and models of the same sweep run on
 * one machine. .ci/run starts a single-node Slurm; without one (no sbatch, no idle node) this skips.
 */
class SlurmIT {
    private static final List<String> SWEEP = List.of("--vary", "tau-ms=3,6", "--vary", "surrogate=sigmoid,atan", "--repeats", "2",
            "--epochs", "2", "--batch-size", "32", "--train-batches", "2", "--validation-samples", "64", "--test-batches", "2", "--hidden", "8");

    @TempDir
    Path tmp;

    @Test
    void aShardedSweepOnSlurmEqualsTheSameSweepOnOneMachine() throws Exception {
        Assumptions.assumeTrue(slurmAnswers(), "no Slurm here (sbatch on PATH and an idle node in sinfo); .ci/run starts one");
        Path launcher = Path.of("snnloc").toAbsolutePath();
        Assumptions.assumeTrue(Files.isExecutable(launcher), "the launcher " + launcher + " is not here");
        Path cluster = tmp.resolve("cluster"), local = tmp.resolve("local");

        List<String> submit = new ArrayList<>(List.of(launcher.toString(), "slurm", cluster.toString()));
        submit.addAll(SWEEP);
        submit.addAll(List.of("--array", "3", "--submit"));
        String out = run(submit, 120);
        Matcher ids = Pattern.compile("submitted array job (\\d+) \\(3 shards\\) and merge job (\\d+)").matcher(out);
        assertTrue(ids.find(), out);
        String mergeJob = ids.group(2);
        try {
            waitUntilGone(mergeJob, 300);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + listing(cluster.resolve("slurm")), e);
        }
        assertTrue(Files.isRegularFile(cluster.resolve("index.html")), "the merge job wrote the report: " + listing(cluster.resolve("slurm")));

        List<String> alone = new ArrayList<>(List.of(launcher.toString(), "sweep", "--out", local.toString(), "--no-report"));
        alone.addAll(SWEEP);
        run(alone, 300);

        assertEquals(withoutTimings(local.resolve("runs.csv")), withoutTimings(cluster.resolve("runs.csv")), "runs.csv, timings aside");
        List<String> runs;
        try (Stream<Path> s = Files.list(local.resolve("runs"))) {
            runs = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(8, runs.size());
        for (String run : runs) {
            Map<String, NpyArray> expected = Npz.read(local.resolve("runs").resolve(run).resolve("model.npz"));
            Map<String, NpyArray> actual = Npz.read(cluster.resolve("runs").resolve(run).resolve("model.npz"));
            assertEquals(expected.keySet(), actual.keySet(), run);
            for (String name : expected.keySet()) {
                assertTrue(Arrays.equals(expected.get(name).toFloats(), actual.get(name).toFloats()) || name.equals("model_json"),
                        run + ": " + name + " differs");
            }
        }
    }

    private static boolean slurmAnswers() {
        try {
            Process p = new ProcessBuilder("sinfo", "-h", "-o", "%T").redirectErrorStream(true).start();
            String states = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && states.matches("(?s).*(idle|mixed|alloc).*");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(List<String> command, int seconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }

    private static void waitUntilGone(String job, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder("squeue", "-h", "-j", job).redirectErrorStream(true).start();
            String queued = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            if (queued.isEmpty() || queued.contains("Invalid job id")) return;
            if (queued.contains("DependencyNeverSatisfied")) {
                new ProcessBuilder("scancel", job).start().waitFor();
                throw new AssertionError("a shard failed, so the merge job " + job + " never runs: " + queued);
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("Slurm job " + job + " did not finish within " + seconds + " s");
    }

    /** runs.csv without the columns that depend on timing (seconds) and on where it ran (backend). */
    private static List<String> withoutTimings(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.getFirst().split(","));
        int seconds = header.indexOf("seconds");
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(Arrays.asList(line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")));
            cells.remove(seconds);
            out.add(String.join(",", cells));
        }
        return out;
    }

    private static String listing(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) return folder + " is missing";
        StringBuilder s = new StringBuilder();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) s.append(f.getFileName()).append(": ").append(Files.readString(f)).append('\n');
        }
        return s.toString();
    }
}
