package org.snnloc.cli;

import org.snnloc.experiment.ExperimentFolder;
import org.snnloc.experiment.ResultTables;
import org.snnloc.experiment.RunResult;
import org.snnloc.experiment.Summary;
import org.snnloc.plot.FigureCatalogue;
import org.snnloc.plot.HtmlReport;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** {@code snnloc merge DIR}: the tables and the report of an experiment whose shards ran apart. */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Build runs.csv, summary.json and the report of a sharded experiment, and list the runs still missing.",
        description = {"Collect every finished run of the experiment folder DIR (which the shards of one command, e.g. a Slurm array job, "
                + "filled), write runs.csv and summary.json from them, draw the figures and write index.html.",
                "Exits with 1 and lists the missing runs, with the shard each belongs to, when some have not finished."})
final class MergeCommand extends FigureCommand {
    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(dir.resolve(ExperimentFolder.DEFINITION))) {
            throw new InvalidInputException(dir + " is not an experiment folder (it has no " + ExperimentFolder.DEFINITION + ")");
        }
        List<RunResult> finished = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int shards;
        List<String> planned;
        List<Integer> owners = new ArrayList<>();
        try (ExperimentFolder folder = ExperimentFolder.open(dir, true)) {
            planned = folder.recordedRuns();
            shards = folder.recordedShards();
            java.util.Map<String, Integer> shardOf = folder.shardOwners();
            for (String name : planned) {
                var damage = folder.damage(name);
                var result = damage.isPresent() ? java.util.Optional.<RunResult>empty() : folder.finished(name);
                if (result.isPresent()) {
                    finished.add(result.get());
                } else {
                    missing.add(damage.map(d -> name + ": " + d + "; its command trains it again").orElse(name));
                    owners.add(shardOf.getOrDefault(name, -1));
                }
            }
            ResultTables.writeRuns(folder.runsCsv(), finished);
            ResultTables.writeSummary(folder.summaryJson(), Summary.of(finished, planned.size()));
        }
        out.printf("merged %d of %d runs into %s and %s%n", finished.size(), planned.size(), dir.resolve(ResultTables.RUNS_CSV),
                dir.resolve(ResultTables.SUMMARY_JSON));
        if (!finished.isEmpty()) super.call();   // the figures and index.html
        if (missing.isEmpty()) return ExitCodes.OK;
        out.printf("%d runs are missing:%n", missing.size());
        for (int i = 0; i < missing.size(); i++) {
            int owner = owners.get(i);
            out.printf("  %s%s%n", missing.get(i), owner >= 0 ? "   (shard " + owner + "/" + shards + ")" : "");
        }
        out.flush();
        return ExitCodes.FAILURE;
    }

    @Override
    void report(FigureCatalogue.Plotted plotted, PrintWriter out) throws IOException {
        out.printf("report: %s (%d figures)%n", HtmlReport.write(dir, plotted), plotted.all().size());
    }
}
