package org.snnloc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The experiment, plot and report commands as a user types them, on tiny settings. */
class ExperimentCommandsTest {
    @TempDir
    Path tmp;

    private static final List<String> TINY = List.of("--hidden", "8", "--epochs", "2", "--batch-size", "32", "--train-batches", "2",
            "--validation-samples", "64", "--test-batches", "2", "--backend", "scalar");

    record Result(int exitCode, String out, String err) {}

    private static Result run(List<String> args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    private static List<String> args(String command, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of(command));
        a.addAll(TINY);
        a.addAll(List.of("--out", out.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void sweepTrainsReportsProgressAndSummaryAndResumesWithoutRetraining() {
        Path out = tmp.resolve("sweep");
        Result first = run(args("sweep", out, "--ratios", "0,1", "--repeats", "1", "--no-report"));
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.err().contains("[1/2] sweep-ie-ratio_") && first.err().contains("[2/2] sweep-ie-ratio_"), first.err());
        assertTrue(first.err().contains("about") && first.err().contains("left"), "progress shows the time left: " + first.err());
        assertTrue(first.out().contains("ie-ratio=0") && first.out().contains("ie-ratio=1"), first.out());
        assertTrue(Files.isRegularFile(out.resolve("runs.csv")) && Files.isRegularFile(out.resolve("summary.json")));
        assertFalse(Files.exists(out.resolve("index.html")), "--no-report draws nothing");

        Result again = run(args("sweep", out, "--ratios", "0,1", "--repeats", "1", "--no-report"));
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("all 2 runs are done"), again.err());
        assertFalse(again.err().contains("[1/2]"), "nothing is trained again");

        Result changed = run(args("sweep", out, "--ratios", "0,1", "--repeats", "1", "--no-report", "--lr", "0.02"));
        assertEquals(2, changed.exitCode());
        assertTrue(changed.err().contains("other settings") && changed.err().contains("learning_rate: 0.01 there, 0.02 now"), changed.err());
        assertEquals(1, changed.err().strip().lines().filter(l -> !l.startsWith("backend:") && !l.startsWith("note:")).count(),
                "one line: " + changed.err());
    }

    @Test
    void constraintsWritesFiguresAndAReportByDefault() {
        Path out = tmp.resolve("constraints");
        Result r = run(args("constraints", out, "--repeats", "1"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("W1+") && r.out().contains("W2+") && r.out().contains("+/-"), r.out());
        assertTrue(Files.isRegularFile(out.resolve("index.html")));
        assertTrue(Files.isRegularFile(out.resolve("figures/constraints.png")));
        assertTrue(Files.isRegularFile(out.resolve("runs/constraints-w2exc-1/figures/weights.svg")));
    }

    @Test
    void plotAndReportWorkOnATrainRunFolder() {
        Path run = tmp.resolve("train");
        List<String> train = new ArrayList<>(List.of("train", "--out", run.toString()));
        train.addAll(TINY);
        assertEquals(0, run(train).exitCode());
        Result plot = run(List.of("plot", run.toString(), "--backend", "scalar", "--sample-ipd", "-30"));
        assertEquals(0, plot.exitCode(), plot.err());
        assertEquals(7, plot.out().lines().count(), plot.out());
        Result report = run(List.of("report", run.toString(), "--backend", "scalar"));
        assertEquals(0, report.exitCode(), report.err());
        assertTrue(Files.isRegularFile(run.resolve("index.html")));
    }

    @Test
    void badInputGivesOneLineAndExitCode2() {
        for (List<String> bad : List.of(args("sweep", tmp.resolve("a"), "--ratios", "0,1.5"), args("sweep", tmp.resolve("b"), "--repeats", "0"),
                args("sweep", tmp.resolve("b"), "--repeats", "100000000"),
                args("all", tmp.resolve("c"), "--jobs", "0"), args("all", tmp.resolve("c"), "--jobs", "2000000000"),
                args("sweep", tmp.resolve("c"), "--threads", "2000000000"), args("constraints", tmp.resolve("d"), "--ratio", "2"),
                List.of("plot", tmp.resolve("missing").toString()), List.of("report", tmp.toString()),
                List.of("plot", tmp.toString(), "--sample-ipd", "120"))) {
            Result r = run(bad);
            assertEquals(2, r.exitCode(), bad + ": " + r.err());
            assertFalse(r.err().contains("Exception"), bad + ": " + r.err());
        }
        assertFalse(Files.exists(tmp.resolve("a")) || Files.exists(tmp.resolve("c")), "nothing is written for invalid input");
    }

    @Test
    void trainStillTakesItsSignOptions() {
        Result r = run(List.of("train", "--no-dale", "--excitatory-only", "w1", "--out", tmp.resolve("x").toString()));
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--no-dale cannot be combined"), r.err());
    }
}
