package org.snnloc.cli;

import org.snnloc.experiment.ExperimentDefinition;
import org.snnloc.experiment.Grid;
import org.snnloc.experiment.RunSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code snnloc sweep}: a grid over any run options; by default the notebook's sweep of the inhibitory fraction. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Sweep any run options over a grid (by default the notebook's sweep of the inhibitory fraction), in parallel and resumably.",
        description = {"Train networks at every point of a grid, the cartesian product of the --vary lists, several repeats each, all on the "
                + "same training and validation data (as the notebook), each scored on its own test set. Every other option applies to "
                + "all runs. Without --vary: ie-ratio=0:1:0.1, the notebook's sweep.",
                "Runs train in parallel; each finished run is saved at once. The same command on the same folder resumes; with more values or "
                + "more repeats it adds the new runs and keeps the finished ones. --shard splits the runs between machines.",
                "Writes the tables of all runs (runs.csv, summary.json), a run folder per training, the figures and an HTML report."})
class SweepCommand extends ExperimentCommand {
    @Option(names = "--vary", paramLabel = "KEY=VALUES",
            description = "a run option's long name without dashes and its values: a,b,c or start:stop:step (stop included), "
                    + "e.g. tau-ms=2,5,10 or ie-ratio=0:1:0.1; repeat --vary for a grid of several keys")
    List<String> vary = new ArrayList<>();

    @Option(names = "--ratios", paramLabel = "R", split = ",", description = "the same as --vary ie-ratio=R,R,...")
    List<Double> ratios;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "runs per grid point (default: ${DEFAULT-VALUE})")
    int repeats;

    @Mixin
    SignOptions signs = new SignOptions();

    @Override
    String kind() {
        return "sweep";
    }

    @Override
    RunSpec template() {
        return GridPlanner.spec(GridPlanner.baseArguments(spec.commandLine().getParseResult()), "");
    }

    @Override
    List<ExperimentDefinition> experiments() {
        List<Grid.Axis> axes = new ArrayList<>();
        if (ratios != null) {
            if (!vary.isEmpty()) throw new InvalidInputException("--ratios is --vary ie-ratio=...; give one or the other");
            for (double r : ratios) RunOptions.requireRatio("--ratios", r);
            axes.add(new Grid.Axis("ie-ratio", List.copyOf(ratios)));
        }
        for (String v : vary) axes.add(GridPlanner.axis(v));
        if (axes.isEmpty()) axes.add(GridPlanner.axis("ie-ratio=0:1:0.1"));
        return List.of(GridPlanner.plan(GridPlanner.baseArguments(spec.commandLine().getParseResult()), axes, repeats));
    }
}
