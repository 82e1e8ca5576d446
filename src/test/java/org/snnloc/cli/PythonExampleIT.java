package org.snnloc.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * examples/read_results.py reads a run folder and an experiment folder written by the launcher,
 * with the real NumPy (Debian's python3-numpy, which .ci/run installs), so every format is checked
 * by NumPy on every change. Skips where /usr/bin/python3 has no NumPy.
 */
class PythonExampleIT {
    private static final List<String> TINY = List.of("--hidden", "8", "--epochs", "2", "--batch-size", "32", "--train-batches", "2",
            "--validation-samples", "64", "--test-batches", "2");

    @TempDir
    Path tmp;

    @Test
    void theExampleReadsARunAndAnExperimentAndDrawsItsFigure() throws Exception {
        Assumptions.assumeTrue(run(List.of("/usr/bin/python3", "-c", "import numpy"), 60).exit == 0, "/usr/bin/python3 has no NumPy");
        Path launcher = Path.of("snnloc").toAbsolutePath(), run = tmp.resolve("run"), experiment = tmp.resolve("experiment");
        List<String> train = new ArrayList<>(List.of(launcher.toString(), "train", "--out", run.toString()));
        train.addAll(TINY);
        assertEquals(0, run(train, 120).exit);
        List<String> sweep = new ArrayList<>(List.of(launcher.toString(), "sweep", "--out", experiment.toString(), "--no-report",
                "--vary", "tau-ms=3,6", "--repeats", "1"));
        sweep.addAll(TINY);
        assertEquals(0, run(sweep, 120).exit);
        Path figure = tmp.resolve("figure.png");
        Result r = run(List.of("/usr/bin/python3", "examples/read_results.py", run.toString(), experiment.toString(), "--out", figure.toString()), 120);
        assertEquals(0, r.exit, r.out);
        assertTrue(r.out.contains("2 epochs") && r.out.contains("2 runs, 2 conditions, complete: True") && r.out.contains("tau-ms=3"), r.out);
        boolean matplotlib = run(List.of("/usr/bin/python3", "-c", "import matplotlib"), 60).exit == 0;
        if (matplotlib) assertTrue(Files.size(figure) > 10_000, "the figure was drawn: " + r.out);
        else assertTrue(r.out.contains("matplotlib is not installed"), r.out);
    }

    record Result(int exit, String out) {}

    private static Result run(List<String> command, int seconds) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(p.exitValue(), out);
    }
}
