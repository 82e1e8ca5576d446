package org.snnloc.cli;

import org.snnloc.experiment.Constraints;
import org.snnloc.experiment.ExperimentDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code snnloc constraints}: where is inhibition needed? */
@Command(name = "constraints", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Where is inhibition needed: +/-, W1+ and W2+ (the notebook's constraints), in parallel and resumably.",
        description = {"Train at one inhibitory fraction with both layers mixed (+/-), W1 all excitatory (W1+) and W2 all excitatory (W2+), "
                + "several repeats each; as in the notebook all runs share the training, validation and test data.",
                "Runs train in parallel; each finished run is saved at once, and the same command on the same folder resumes.",
                "Writes the tables of all runs (runs.csv, summary.json), a run folder per training, the figures and an HTML report."})
final class ConstraintsCommand extends ExperimentCommand {
    @Option(names = "--ratio", paramLabel = "R", defaultValue = "0.5",
            description = "inhibitory fraction of the layers that keep Dale's law (default: ${DEFAULT-VALUE})")
    double ratio;

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "runs per condition (default: ${DEFAULT-VALUE})")
    int repeats;

    @Override
    String kind() {
        return "constraints";
    }

    @Override
    List<ExperimentDefinition> experiments() {
        RunOptions.requireRatio("--ratio", ratio);
        requireRepeats(repeats, Constraints.Condition.values().length, 0);
        return List.of(new Constraints(ratio, repeats));
    }
}
