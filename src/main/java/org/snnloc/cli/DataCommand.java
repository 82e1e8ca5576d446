package org.snnloc.cli;

import org.snnloc.io.DataFile;
import org.snnloc.io.HeapSpace;
import org.snnloc.stimulus.IpdStimulus;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.stimulus.StimulusConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/** {@code snnloc data}: writes a seeded stimulus set as .npz. */
@Command(name = "data", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate a stimulus set and write it as a NumPy .npz file.",
                "The file holds spikes (n, steps, inputs) uint8 (the notebook's: 100 steps, 200 inputs), ipd (n,) float64 radians "
                        + "and label (n,) int64."})
final class DataCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--n", paramLabel = "N", required = true, description = "number of samples")
    int n;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "output .npz file (an existing file only with --force)")
    Path out;

    @Option(names = "--force", description = "replace --out if it exists")
    boolean force;

    @Mixin
    StimulusOptions stimulusOptions = new StimulusOptions();

    @Mixin
    TerminalOptions terminal;

    /**
     * Bytes a sample holds besides its spike bits, rounded up: its IPD, label, phase offset and
     * generator while the set is generated, and the file's copies of IPD and label while it is written.
     */
    private static final long BYTES_PER_SAMPLE_BESIDES_SPIKES = 100;
    /** Dense spikes from which generating a set takes seconds (about 10 on one core), so the command says it has begun. */
    private static final long LONG_WORK_SPIKES = 1_000_000_000L;

    @Override
    public Integer call() throws Exception {
        if (n <= 0 || n > 1_000_000) throw new InvalidInputException("--n must be in 1..1000000, got " + n);
        new OutputFiles(force).output("--out", out);
        StimulusConfig stimulus = stimulusOptions.stimulus(StimulusConfig.notebook().classes());
        requireMemory(n, stimulus, HeapSpace::available);
        PrintWriter err = spec.commandLine().getErr();
        if ((long) n * stimulus.steps() * stimulus.inputs() >= LONG_WORK_SPIKES) {
            err.printf("data: generating %d samples (%d steps x %d inputs)%n", n, stimulus.steps(), stimulus.inputs());
            err.flush();
        }
        SpikeDataset data = new IpdStimulus(stimulus).generate(n, seed);
        DataFile.write(out, data, Progress.samples(err, "data: writing " + out, n));
        spec.commandLine().getOut().printf("wrote %d samples (%d steps x %d inputs, density %.3f) to %s%n",
                data.size(), data.steps(), data.inputs(), data.density(), out);
        return ExitCodes.OK;
    }

    /** Refuses a set that would not fit in {@code availableMemory} bytes as packed bits, before any of it is generated. */
    static void requireMemory(int n, StimulusConfig stimulus, LongSupplier availableMemory) {
        long bits = SpikeDataset.words(n, stimulus.steps(), stimulus.inputs()) * Long.BYTES;
        HeapSpace.shortfall(bits + n * BYTES_PER_SAMPLE_BESIDES_SPIKES, availableMemory).ifPresent(shortfall -> {
            throw new InvalidInputException("--n " + n + " (" + stimulus.steps() + " steps x " + stimulus.inputs() + " inputs) needs " + shortfall
                    + " or use a smaller --n");
        });
    }
}
