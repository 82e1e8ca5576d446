package org.snnloc.cli;

import org.snnloc.experiment.ExperimentDefinition;
import org.snnloc.experiment.Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code snnloc sweep}: the notebook's sweep of the inhibitory fraction. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Sweep the inhibitory fraction (the notebook's sweep), in parallel and resumably.",
        description = {"Train networks with Dale's law at several inhibitory fractions (both layers), several repeats each, all on the same "
                + "training and validation data (as the notebook), each scored on its own test set.",
                "Runs train in parallel; each finished run is saved at once, and the same command on the same folder resumes.",
                "Writes the tables of all runs (runs.csv, summary.json), a run folder per training, the figures and an HTML report."})
final class SweepCommand extends ExperimentCommand {
    @Option(names = "--ratios", paramLabel = "R", split = ",",
            description = "inhibitory fractions (default: 0, 0.1, ..., 1.0)")
    List<Double> ratios = Sweep.NOTEBOOK_RATIOS;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "runs per fraction (default: ${DEFAULT-VALUE})")
    int repeats;

    @Override
    String kind() {
        return "sweep";
    }

    @Override
    List<ExperimentDefinition> experiments() {
        for (double r : ratios) RunOptions.requireRatio("--ratios", r);
        if (repeats < 1) throw new InvalidInputException("--repeats must be at least 1, got " + repeats);
        return List.of(new Sweep(ratios, repeats));
    }
}
