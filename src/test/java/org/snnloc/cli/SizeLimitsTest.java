package org.snnloc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnloc.backend.scalar.ScalarBackend;
import org.snnloc.experiment.RunSpec;
import org.snnloc.experiment.TinyExperiments;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.stimulus.StimulusConfig;
import org.snnloc.testing.SyntheticData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sizes at the ends of their ranges: refused up front, in one line that names the option, what it needs and what there is. */
class SizeLimitsTest {
    @TempDir
    Path dir;

    @Test
    void aDataSetIsCheckedAgainstTheHeapBeforeItIsGenerated() {
        StimulusConfig notebook = StimulusConfig.notebook();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> DataCommand.requireMemory(1_000_000, notebook, () -> 1_900_000_000L));
        assertTrue(e.getMessage().startsWith("--n 1000000 (100 steps x 200 inputs) needs about 3.3 GB of memory, 1.9 GB is available; give Java more with "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(" or use a smaller --n"), e.getMessage());
        assertDoesNotThrow(() -> DataCommand.requireMemory(1_000_000, notebook, () -> 3_500_000_000L));
    }

    @Test
    void aTrainingAndAnEvaluationAreCheckedAgainstTheHeapUpFront() {
        RunSpec tiny = TinyExperiments.template(1, 1);
        try (ScalarBackend scalar = new ScalarBackend()) {
            assertDoesNotThrow(() -> RunMemory.require(tiny, 1, scalar, () -> 10_000_000L));
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> RunMemory.require(tiny, 1, scalar, () -> 100_000L));
            assertTrue(e.getMessage().startsWith("the run (64 training, 64 validation and 64 test samples: "), e.getMessage());
            assertTrue(e.getMessage().contains("--hidden 8 with --threads 1 and --batch-size 32: "), e.getMessage());
            assertTrue(e.getMessage().contains(" of memory, 100 kB is available; give Java more with "), e.getMessage());

            SpikeDataset set = SyntheticData.spikes(40, 100, 200, 12, SyntheticData.NOTEBOOK_DENSITY, 1);
            assertDoesNotThrow(() -> RunMemory.requireInference(set, tiny.network(), 1, scalar, () -> 10_000_000L));
            e = assertThrows(InvalidInputException.class, () -> RunMemory.requireInference(set, tiny.network(), 1, scalar, () -> 1_000L));
            assertTrue(e.getMessage().startsWith("running the network over 40 samples needs about "), e.getMessage());
            assertTrue(e.getMessage().endsWith(" or use fewer samples"), e.getMessage());
        }
    }

    @Test
    void setsNoHeapHoldsAreRefusedWithoutWritingAnything() throws IOException {
        Path data = dir.resolve("d.npz"), run = dir.resolve("run");
        CliTest.Result d = CliTest.run("data", "--n", "1000000", "--fibres-per-ear", "8192", "--out", data.toString());
        assertEquals(2, d.code(), d.err());
        assertTrue(d.err().startsWith("data: --n 1000000 (100 steps x 16384 inputs) needs about 204.9 GB of memory, "), d.err());
        CliTest.Result t = CliTest.run("train", "--fibres-per-ear", "8192", "--train-batches", "15625", "--backend", "scalar", "--out", run.toString());
        assertEquals(2, t.code(), t.err());
        assertTrue(t.err().contains("train: the run (1000000 training, 4096 validation and 2048 test samples: "), t.err());
        for (CliTest.Result r : List.of(d, t)) assertEquals(1, r.err().lines().filter(l -> l.contains("needs about")).count(), r.err());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "no data file, run folder or unfinished training");
        }
    }

    @Test
    void threadJobAndRunCountsBeyondTheirRangesAreRefused() {
        assertRefused("--threads must be in 1..1024, got 2000000000", "train", "--threads", "2000000000");
        assertRefused("--jobs must be in 1..1024, got 100000", "constraints", "--jobs", "100000");
        assertRefused("--jobs 64 x --threads 64 is 4096 threads; at most 1024 in all", "constraints", "--jobs", "64", "--threads", "64");
        assertRefused("--repeats 2000000000 makes 22000000000 runs (11 conditions); one command plans at most 10000", "sweep", "--repeats", "2000000000");
        assertRefused("--repeats 4000 makes 12000 runs (3 conditions)", "constraints", "--repeats", "4000");
        assertRefused("--repeats 1000 makes 14001 runs (14 conditions + 1)", "all", "--repeats", "1000");
    }

    private void assertRefused(String expected, String... args) {
        String[] withOut = Stream.concat(Stream.of(args), Stream.of("--out", dir.resolve("out").toString())).toArray(String[]::new);
        CliTest.Result r = CliTest.run(withOut);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
