package org.snnloc.experiment;

import org.snnloc.backend.Backend;
import org.snnloc.io.RunFolder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs an {@link ExperimentPlan} into an {@link ExperimentFolder}, resumably: runs whose folders
 * exist are taken as done, the others are trained by a {@link RunScheduler}, and each finished run
 * is saved at once (its run folder, then runs.csv and summary.json rewritten), so an interrupted
 * command loses at most the runs in flight and the same command on the same folder goes on.
 */
public final class ExperimentRunner {
    private final Backend backend;
    private final Integer requestedJobs;
    private final Integer requestedThreads;
    private final ExperimentListener listener;

    /**
     * @param requestedJobs    trainings at once, or null for one per core
     * @param requestedThreads threads inside each training, or null for the cores left over
     */
    public ExperimentRunner(Backend backend, Integer requestedJobs, Integer requestedThreads, ExperimentListener listener) {
        this.backend = backend;
        this.requestedJobs = requestedJobs;
        this.requestedThreads = requestedThreads;
        this.listener = listener;
    }

    /** Runs what is left of {@code plan} in {@code root}; returns the results of all its runs, in plan order. */
    public List<RunResult> run(ExperimentPlan plan, Path root) throws IOException {
        try (ExperimentFolder folder = ExperimentFolder.open(root)) {
            boolean resumed = folder.recordOrCheck(plan);
            folder.removeInterruptedWrites();
            Map<String, RunResult> results = new HashMap<>();
            List<PlannedRun> pending = new ArrayList<>();
            for (PlannedRun run : plan.runs()) {
                Optional<RunResult> done = folder.finished(run);
                if (done.isPresent()) results.put(run.name(), done.get());
                else pending.add(run);
            }
            Schedule schedule = Schedule.choose(Runtime.getRuntime().availableProcessors(), pending.size(), requestedJobs, requestedThreads);
            listener.started(plan, inPlanOrder(plan, results), pending, schedule, resumed);
            writeTables(folder, plan, results);
            new RunScheduler(backend, schedule, requestedThreads == null).execute(pending, (run, outcome) -> {
                RunConfig config = RunConfig.of(run.spec(), new RunConfig.Placement(run.experiment(), run.condition(), run.ratio(), run.repeat()),
                        outcome.backend(), backend.description(), schedule.threadsPerRun(), schedule.jobs());
                RunFolder.write(folder.runFolder(run), outcome.training().parameters(), config, outcome.training(), metrics(outcome));
                RunResult result = RunResult.of(run, outcome);
                results.put(run.name(), result);
                writeTables(folder, plan, results);
                listener.runFinished(result, results.size(), plan.runs().size());
            });
            return inPlanOrder(plan, results);
        }
    }

    private static void writeTables(ExperimentFolder folder, ExperimentPlan plan, Map<String, RunResult> results) throws IOException {
        List<RunResult> rows = inPlanOrder(plan, results);
        ResultTables.writeRuns(folder.runsCsv(), rows);
        ResultTables.writeSummary(folder.summaryJson(), Summary.of(rows, plan.runs().size()));
    }

    private static List<RunResult> inPlanOrder(ExperimentPlan plan, Map<String, RunResult> results) {
        List<RunResult> rows = new ArrayList<>();
        for (PlannedRun run : plan.runs()) {
            RunResult r = results.get(run.name());
            if (r != null) rows.add(r);
        }
        return rows;
    }

    /** metrics.json of one experiment run: that of {@code snnloc train}. */
    private static Map<String, Object> metrics(RunOutcome outcome) {
        Map<String, Object> metrics = new LinkedHashMap<>(RunFolder.metrics(outcome.training(), outcome.train(), outcome.test()));
        metrics.put("wall_seconds", outcome.seconds());
        return metrics;
    }
}
