package org.snnloc.cli;

import org.snnloc.io.DataFile;
import org.snnloc.stimulus.IpdStimulus;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.stimulus.StimulusConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

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

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "output .npz file (replaced atomically if it exists)")
    Path out;

    @Mixin
    StimulusOptions stimulusOptions = new StimulusOptions();

    @Mixin
    TerminalOptions terminal;

    @Override
    public Integer call() throws Exception {
        if (n <= 0 || n > 1_000_000) throw new InvalidInputException("--n must be in 1..1000000, got " + n);
        if (Files.isDirectory(out)) throw new InvalidInputException("--out " + out + " is a folder; give a file name such as data.npz");
        SpikeDataset data = new IpdStimulus(stimulusOptions.stimulus(StimulusConfig.notebook().classes())).generate(n, seed);
        DataFile.write(out, data);
        spec.commandLine().getOut().printf("wrote %d samples (%d steps x %d inputs, density %.3f) to %s%n",
                data.size(), data.steps(), data.inputs(), data.density(), out);
        return ExitCodes.OK;
    }
}
