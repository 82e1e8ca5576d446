package org.snnloc.cli;

import org.snnloc.backend.Backend;
import org.snnloc.experiment.ExperimentDefinition;
import org.snnloc.experiment.ExperimentPlan;
import org.snnloc.experiment.ExperimentRunner;
import org.snnloc.experiment.RunResult;
import org.snnloc.experiment.RunSpec;
import org.snnloc.experiment.Summary;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.WeightMap;
import org.snnloc.plot.FigureCatalogue;
import org.snnloc.plot.HtmlReport;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What {@code sweep}, {@code constraints} and {@code all} share: the run settings, the folder,
 * the parallel schedule, progress on stderr, a summary on stdout, and the figures and report at
 * the end. Subclasses only say which experiments they run.
 */
abstract class ExperimentCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    RunOptions runOptions;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--out", paramLabel = "DIR",
            description = "experiment folder; the same command on an existing folder resumes it (default: runs/<command>-seed<S>)")
    Path out;

    @Option(names = "--jobs", paramLabel = "N",
            description = "trainings at once (default: one per core, ${sys:snnloc.cores} here)")
    Integer jobs;

    @Option(names = "--no-report", description = "do not draw the figures and index.html at the end (snnloc report DIR does it later)")
    boolean noReport;

    @Mixin
    VerboseOption verbosity;

    /** The command's name: the {@code kind} in experiment.json and the default folder's prefix. */
    abstract String kind();

    /** The experiments this command runs, from its options (which it checks). */
    abstract List<ExperimentDefinition> experiments();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        for (WeightMap map : new WeightMap[] {runOptions.modelOptions.givenMap1(), runOptions.modelOptions.givenMap2()}) {
            if (map != null && !map.hasRowSigns()) {
                throw new InvalidInputException("the experiments set inhibitory ratios, but the weight map '" + map.describe() + "' has no row signs");
            }
        }
        RunSpec template = runOptions.toRunSpec(new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5));
        if (jobs != null && jobs <= 0) throw new InvalidInputException("--jobs must be positive, got " + jobs);
        Integer threads = backendOptions.threads == null ? null : backendOptions.threads();
        ExperimentPlan plan = ExperimentPlan.of(kind(), template, experiments());
        Path target = out != null ? out : Path.of("runs", kind() + "-seed" + template.seeds().seed());
        try (Backend backend = backendOptions.select(err).backend()) {
            long start = System.nanoTime();
            List<RunResult> results = new ExperimentRunner(backend, jobs, threads, new ExperimentProgress(err, target)).run(plan, target);
            double seconds = (System.nanoTime() - start) / 1e9;
            printSummary(stdout, Summary.of(results, plan.runs().size()), template.network().classes());
            stdout.printf("%d runs in %s; %.1f s wall time for this command%n", results.size(), target, seconds);
            if (!noReport) {
                err.println("report: drawing figures...");
                err.flush();
                long plotStart = System.nanoTime();
                FigureCatalogue.Plotted plotted = FigureCatalogue.plot(target, backend, FigureCatalogue.Options.defaults());
                Path index = HtmlReport.write(target, plotted);
                stdout.printf("report: %s (%d figures, %.1f s)%n", index, plotted.all().size(), (System.nanoTime() - plotStart) / 1e9);
            }
            stdout.flush();
            return ExitCodes.OK;
        }
    }

    static void printSummary(PrintWriter out, Summary summary, int classes) {
        out.printf("%-12s %-10s %4s  %-15s %-15s %-13s%n", "experiment", "condition", "runs", "train acc %", "test acc %", "test error deg");
        for (Summary.Condition c : summary.conditions()) {
            out.printf("%-12s %-10s %4d  %-15s %-15s %-13s%n", c.experiment(), c.condition(), c.runs(), stat(c.trainAccuracy()),
                    stat(c.testAccuracy()), stat(c.testMaeDeg()));
        }
        out.printf("(mean \u00b1 std over repeats; chance %.1f%%)%n", 100.0 / classes);
    }

    private static String stat(Summary.Stat s) {
        return String.format("%.1f \u00b1 %.1f", s.mean(), s.std());
    }
}
