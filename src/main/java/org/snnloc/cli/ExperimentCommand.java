package org.snnloc.cli;

import org.snnloc.backend.Backend;
import org.snnloc.experiment.ExperimentDefinition;
import org.snnloc.experiment.ExperimentInterruptedException;
import org.snnloc.experiment.ExperimentPlan;
import org.snnloc.experiment.ExperimentRunner;
import org.snnloc.experiment.RunResult;
import org.snnloc.experiment.RunSpec;
import org.snnloc.experiment.Summary;
import org.snnloc.io.HeapSpace;
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

    @Option(names = "--shard", paramLabel = "I/N",
            description = "train only the runs k (0-based, in the plan's order) with k mod N = I, while other shards work in the same folder; "
                    + "default: from SLURM_ARRAY_TASK_ID, or JOB_COMPLETION_INDEX with --shards")
    String shard;

    @Option(names = "--shards", paramLabel = "N", description = "the shard count of a Kubernetes Indexed Job (its JOB_COMPLETION_INDEX is I)")
    Integer shards;

    @Mixin
    TerminalOptions terminal;

    /**
     * Runs one command may plan. Each is listed in experiment.json, and runs.csv is rewritten with
     * every finished run after each one, so the work of keeping the tables grows with the square
     * of the count.
     */
    static final int MAX_RUNS = 10_000;

    /** Checks --repeats of experiments with {@code conditions} repeated conditions and {@code singleRuns} runs that are not repeated. */
    static void requireRepeats(int repeats, int conditions, int singleRuns) {
        if (repeats < 1) throw new InvalidInputException("--repeats must be at least 1, got " + repeats);
        long runs = (long) repeats * conditions + singleRuns;
        if (runs > MAX_RUNS) {
            throw new InvalidInputException("--repeats " + repeats + " makes " + runs + " runs (" + conditions + " conditions" + (singleRuns > 0 ? " + " + singleRuns : "")
                    + "); one command plans at most " + MAX_RUNS + ", so split the study between folders");
        }
    }

    /** The command's name: the {@code kind} in experiment.json and the default folder's prefix. */
    abstract String kind();

    /** The run settings every run starts from: the run options, with the notebook's signs, which the experiments set. */
    RunSpec template() {
        for (WeightMap map : new WeightMap[] {runOptions.modelOptions.givenMap1(), runOptions.modelOptions.givenMap2()}) {
            if (map != null && !map.hasRowSigns()) {
                throw new InvalidInputException("the experiments set inhibitory ratios, but the weight map '" + map.describe() + "' has no row signs");
            }
        }
        return runOptions.toRunSpec(new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5));
    }

    /** The experiments this command runs, from its options (which it checks). */
    abstract List<ExperimentDefinition> experiments();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = terminal.progress(spec);
        PrintWriter stdout = spec.commandLine().getOut();
        RunSpec template = template();
        Integer threads = backendOptions.threads == null ? null : backendOptions.threads();
        if (jobs != null && (jobs <= 0 || jobs > BackendOptions.MAX_THREADS)) {
            throw new InvalidInputException("--jobs must be in 1.." + BackendOptions.MAX_THREADS + ", got " + jobs);
        }
        if (jobs != null && threads != null && (long) jobs * threads > BackendOptions.MAX_THREADS) {
            throw new InvalidInputException("--jobs " + jobs + " x --threads " + threads + " is " + (long) jobs * threads + " threads; at most "
                    + BackendOptions.MAX_THREADS + " in all");
        }
        ExperimentPlan plan = ExperimentPlan.of(kind(), template, experiments());
        Path target = out != null ? out : Path.of("runs", kind() + "-seed" + template.seeds().seed());
        ExperimentRunner.Shard part = shard(System.getenv());
        try (Backend backend = backendOptions.select(err).backend()) {
            // one run's need, a floor: runs at once share their sets, but each has its own network
            RunMemory.require(template, threads == null ? 1 : threads, backend, HeapSpace::available);
            long start = System.nanoTime();
            List<RunResult> results;
            StopSignals signals = StopSignals.install();   // only while training: 'snnloc report' draws an interrupted report again
            try {
                results = new ExperimentRunner(backend, jobs, threads, new ExperimentProgress(err, spec.commandLine().getErr(), target), signals::requested,
                        ExperimentRunner.CHECKPOINT_SECONDS).run(plan, target, part);
            } catch (ExperimentInterruptedException e) {
                PrintWriter stderr = spec.commandLine().getErr();   // what to do next, which --quiet does not hide
                stderr.printf("interrupted by %s; finished runs are in %s, and the %d run%s in flight kept a checkpoint of the last epoch%n"
                                + "continue with the same command: it trains what is left%n", signals.name(), target.resolve("runs"), e.inFlight(),
                        e.inFlight() == 1 ? "" : "s");
                stderr.flush();
                return signals.exitCode();
            } finally {
                signals.close();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            printSummary(stdout, Summary.of(results, plan.runs().size()), template.network().classes());
            stdout.printf("%d runs in %s; %.1f s wall time for this command%n", results.size(), target, seconds);
            if (part != null) {
                stdout.printf("shard %s done; when every shard is, 'snnloc merge %s' writes the tables and the report%n", part, target);
            } else if (!noReport) {
                err.println("report: drawing figures...");
                err.flush();
                long plotStart = System.nanoTime();
                org.snnloc.io.AtomicFiles.requireReplaceable(target.resolve(HtmlReport.INDEX));   // before any figure is drawn
                FigureCatalogue.Plotted plotted = FigureCatalogue.plot(target, backend, FigureCatalogue.Options.defaults());
                Path index = HtmlReport.write(target, plotted);
                stdout.printf("report: %s (%d figures, %.1f s)%n", index, plotted.all().size(), (System.nanoTime() - plotStart) / 1e9);
            }
            stdout.flush();
            return ExitCodes.OK;
        }
    }

    /** The shard this command trains: --shard, else a Slurm array task's, else a Kubernetes Indexed Job's with --shards; null for all. */
    ExperimentRunner.Shard shard(java.util.Map<String, String> env) {
        if (shards != null && shards < 1) throw new InvalidInputException("--shards must be at least 1, got " + shards);
        if (shard != null) {
            if (shards != null) throw new InvalidInputException("--shard I/N already says the shard count; --shards is for JOB_COMPLETION_INDEX");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)/(\\d+)").matcher(shard.trim());
            if (!m.matches()) throw new InvalidInputException("--shard takes I/N (e.g. 0/4), got '" + shard + "'");
            return shard(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), "--shard " + shard);
        }
        String task = env.get("SLURM_ARRAY_TASK_ID"), count = env.get("SLURM_ARRAY_TASK_COUNT");
        if (task != null && count != null) {
            String min = env.getOrDefault("SLURM_ARRAY_TASK_MIN", "0");
            try {
                return shard(Long.parseLong(task.trim()) - Long.parseLong(min.trim()), Long.parseLong(count.trim()),
                        "SLURM_ARRAY_TASK_ID " + task + " (min " + min + ", count " + count + ")");
            } catch (NumberFormatException e) {
                throw new InvalidInputException("SLURM_ARRAY_TASK_ID, _MIN and _COUNT must be whole numbers, got " + task + ", " + min + ", " + count);
            }
        }
        String index = env.get("JOB_COMPLETION_INDEX");
        if (shards != null) {
            if (index == null) throw new InvalidInputException("--shards N needs JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job), or use --shard I/N");
            try {
                return shard(Long.parseLong(index.trim()), shards, "JOB_COMPLETION_INDEX " + index);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("JOB_COMPLETION_INDEX must be a whole number, got '" + index + "'");
            }
        }
        return null;
    }

    private static ExperimentRunner.Shard shard(long index, long count, String source) {
        if (count < 1 || count > 100_000 || index < 0 || index >= count) {
            throw new InvalidInputException(source + ": a shard index must be in 0.." + (count - 1) + " of 1..100000 shards");
        }
        return new ExperimentRunner.Shard((int) index, (int) count);
    }

    static void printSummary(PrintWriter out, Summary summary, int classes) {
        int width = Math.max(10, summary.conditions().stream().mapToInt(c -> c.condition().length()).max().orElse(0));
        String row = "%-12s %-" + width + "s %4s  %-15s %-15s %-13s%n";
        out.printf(row, "experiment", "condition", "runs", "train acc %", "test acc %", "test error deg");
        for (Summary.Condition c : summary.conditions()) {
            out.printf(row, c.experiment(), c.condition(), c.runs(), stat(c.trainAccuracy()), stat(c.testAccuracy()), stat(c.testMaeDeg()));
        }
        out.printf("(mean \u00b1 std over repeats; chance %.1f%%)%n", 100.0 / classes);
    }

    private static String stat(Summary.Stat s) {
        return String.format("%.1f \u00b1 %.1f", s.mean(), s.std());
    }
}
