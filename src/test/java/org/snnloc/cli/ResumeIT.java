package org.snnloc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnloc.io.NpyArray;
import org.snnloc.io.Npz;
import org.snnloc.io.RunFolder;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training stopped by a signal (a scheduler's SIGTERM, a closed terminal's SIGHUP) leaves its
 * checkpoint in an unfinished folder and exits with 128 + the signal; {@code train --resume} then
 * ends with exactly the model and history of a training never stopped. An experiment stopped so
 * keeps its run in flight at its last epoch, and the same command continues it.
 */
class ResumeIT {
    @TempDir
    Path tmp;

    @Test
    void aTrainingStoppedBySigtermOrSighupResumesToTheBitsOfOneNeverStopped() throws Exception {
        Path launcher = Path.of("snnloc").toAbsolutePath(), whole = tmp.resolve("whole");
        assertEquals(0, run(List.of(launcher.toString(), "train", "--out", whole.toString())));
        for (String signal : List.of("TERM", "HUP")) {
            Path cut = tmp.resolve("cut-" + signal), unfinished = tmp.resolve("cut-" + signal + ".unfinished");
            Process p = new ProcessBuilder(launcher.toString(), "train", "--out", cut.toString()).redirectErrorStream(true).start();
            StringBuilder out = new StringBuilder();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.append(line).append('\n');
                    if (line.startsWith("epoch   3/30")) new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
                }
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(signal.equals("TERM") ? 143 : 129, p.exitValue(), out.toString());
            assertTrue(out.toString().contains("interrupted by SIG" + signal) && out.toString().contains("snnloc train --resume " + cut), out.toString());
            assertFalse(Files.exists(cut), "an unfinished run is never mistaken for a finished one");
            assertTrue(Files.isRegularFile(unfinished.resolve("checkpoint.npz")));
            assertEquals(0, run(List.of(launcher.toString(), "train", "--resume", cut.toString())));
            assertFalse(Files.exists(unfinished), "the checkpoint goes once the run is finished");
            Map<String, NpyArray> expected = Npz.read(whole.resolve("model.npz")), actual = Npz.read(cut.resolve("model.npz"));
            for (String name : expected.keySet()) {
                if (!name.equals("model_json")) assertTrue(Arrays.equals(expected.get(name).toFloats(), actual.get(name).toFloats()), signal + ": " + name);
            }
            assertEquals(losses(whole), losses(cut), signal + ": every epoch's losses and accuracy");
        }
    }

    @Test
    void anExperimentStoppedBySigtermContinuesItsRunInFlightToTheBitsOfOneNeverStopped() throws Exception {
        String launcher = Path.of("snnloc").toAbsolutePath().toString();
        Path whole = tmp.resolve("whole"), cut = tmp.resolve("cut");
        List<String> sweep = List.of(launcher, "sweep", "--vary", "ie-ratio=0.2,0.8", "--repeats", "1", "--jobs", "1", "--no-report", "--out");
        assertEquals(0, run(concat(sweep, whole.toString())));
        Process p = new ProcessBuilder(concat(sweep, cut.toString())).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                out.append(line).append('\n');
                if (line.startsWith("[1/2]")) new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();   // the second run starts
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue(), out.toString());
        assertTrue(out.toString().contains("interrupted by SIGTERM") && out.toString().contains("continue with the same command"), out.toString());
        String second = "sweep-ie-ratio_0.8-1";
        assertFalse(Files.exists(cut.resolve("runs").resolve(second)), out.toString());
        boolean inFlight = out.toString().contains("the 1 run in flight");
        assertEquals(inFlight, Files.isRegularFile(cut.resolve("runs").resolve(second + ".unfinished/checkpoint.npz")), out.toString());

        Process again = new ProcessBuilder(concat(sweep, cut.toString())).redirectErrorStream(true).start();
        String resumed = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(again.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, again.exitValue(), resumed);
        assertEquals(inFlight, resumed.contains(second + ": continuing from its checkpoint after epoch "), resumed);
        for (String run : List.of("sweep-ie-ratio_0.2-1", second)) {
            Map<String, NpyArray> expected = Npz.read(whole.resolve("runs").resolve(run).resolve("model.npz"));
            Map<String, NpyArray> actual = Npz.read(cut.resolve("runs").resolve(run).resolve("model.npz"));
            for (String name : expected.keySet()) {
                if (!name.equals("model_json")) assertTrue(Arrays.equals(expected.get(name).toFloats(), actual.get(name).toFloats()), run + ": " + name);
            }
            assertEquals(losses(whole.resolve("runs").resolve(run)), losses(cut.resolve("runs").resolve(run)), run);
        }
    }

    private static List<String> concat(List<String> command, String last) {
        List<String> all = new java.util.ArrayList<>(command);
        all.add(last);
        return all;
    }

    /** Every column of history.csv but seconds, by name. */
    private static List<String> losses(Path run) throws Exception {
        return RunFolder.readHistory(run.resolve("history.csv")).stream()
                .map(e -> List.of(e.epoch(), e.trainLoss(), e.trainAccuracy(), e.validationLoss(), e.validationAccuracy(), e.signFlipsW1(),
                        e.signFlipsW2()).toString())
                .toList();
    }

    private static int run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        return p.exitValue();
    }
}
