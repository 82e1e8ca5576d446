package org.snnloc.cli;

import org.snnloc.experiment.Baseline;
import org.snnloc.experiment.Constraints;
import org.snnloc.experiment.ExperimentDefinition;
import org.snnloc.experiment.Grid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code snnloc all}: the notebook's whole study into one folder with one report. */
@Command(name = "all", mixinStandardHelpOptions = true, sortOptions = false,
        header = "The notebook's whole study: baseline, sweep and constraints into one folder with one report.",
        description = {"Run the notebook's whole study into one folder: the baseline (the same training as 'snnloc train' with the same seed), "
                + "the inhibitory-fraction sweep and the constraints experiment (1 + 33 + 9 trainings by default).",
                "Runs train in parallel; each finished run is saved at once, and the same command on the same folder resumes.",
                "Writes the tables of all runs (runs.csv, summary.json), a run folder per training, the figures and an HTML report."})
final class AllCommand extends ExperimentCommand {
    @Option(names = "--ratios", paramLabel = "R", split = ",", description = "the sweep's inhibitory fractions (default: 0, 0.1, ..., 1.0)")
    List<Double> ratios = List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3",
            description = "runs per sweep fraction and per constraint condition (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--ratio", paramLabel = "R", defaultValue = "0.5",
            description = "inhibitory fraction of the baseline and of the constraint conditions (default: ${DEFAULT-VALUE})")
    double ratio;

    @Override
    String kind() {
        return "all";
    }

    @Override
    List<ExperimentDefinition> experiments() {
        for (double r : ratios) RunOptions.requireRatio("--ratios", r);
        RunOptions.requireRatio("--ratio", ratio);
        requireRepeats(repeats, ratios.size() + Constraints.Condition.values().length, 1);
        return List.of(new Baseline(ratio), Grid.ofRatios(template(), ratios, repeats), new Constraints(ratio, repeats));
    }
}
