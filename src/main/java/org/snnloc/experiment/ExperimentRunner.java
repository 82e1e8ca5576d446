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
 * exist (and hold the files they wrote, by their files.json) are taken as done, the others are
 * trained by a {@link RunScheduler}, and each finished run is saved at once (its run folder, then
 * runs.csv and summary.json rewritten). The runs in flight keep checkpoints ({@link RunCheckpoints}),
 * so an interrupted command loses at most the last few seconds of each, and the same command on
 * the same folder goes on from there.
 */
public final class ExperimentRunner {
    private final Backend backend;
    private final Integer requestedJobs;
    private final Integer requestedThreads;
    private final ExperimentListener listener;
    private final java.util.function.BooleanSupplier stopRequested;
    private final double checkpointSeconds;

    /** The seconds between two checkpoints of a run in flight: {@link RunCheckpoints} says why not every epoch. */
    public static final double CHECKPOINT_SECONDS = 10;

    /**
     * @param requestedJobs    trainings at once, or null for one per core
     * @param requestedThreads threads inside each training, or null for the cores left over
     */
    public ExperimentRunner(Backend backend, Integer requestedJobs, Integer requestedThreads, ExperimentListener listener) {
        this(backend, requestedJobs, requestedThreads, listener, () -> false, CHECKPOINT_SECONDS);
    }

    /**
     * @param stopRequested     polled after every epoch: once true, the runs in flight stop with their checkpoints written,
     *                          and {@link #run} throws {@link ExperimentInterruptedException}
     * @param checkpointSeconds the least time between two checkpoints of a run
     */
    public ExperimentRunner(Backend backend, Integer requestedJobs, Integer requestedThreads, ExperimentListener listener,
                            java.util.function.BooleanSupplier stopRequested, double checkpointSeconds) {
        this.backend = backend;
        this.requestedJobs = requestedJobs;
        this.requestedThreads = requestedThreads;
        this.listener = listener;
        this.stopRequested = stopRequested;
        this.checkpointSeconds = checkpointSeconds;
    }

    /** One of N parts of a plan: the runs with index k (0-based, in plan order) where k mod count = index. */
    public record Shard(int index, int count) {
        public Shard {
            if (count < 1 || index < 0 || index >= count) throw new IllegalArgumentException("a shard is I/N with 0 <= I < N, got " + index + "/" + count);
        }

        public boolean owns(int runIndex) {
            return runIndex % count == index;
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /** Runs what is left of {@code plan} in {@code root}; returns the results of all its runs, in plan order. */
    public List<RunResult> run(ExperimentPlan plan, Path root) throws IOException {
        return run(plan, root, null);
    }

    /**
     * Runs what is left of {@code plan} in {@code root}, or of its {@code shard} (null: all of it) while
     * the other shards may work in the same folder; returns the results of every finished run the
     * folder holds for the plan (and for runs earlier commands planned there), in plan order.
     */
    public List<RunResult> run(ExperimentPlan plan, Path root, Shard shard) throws IOException {
        try (ExperimentFolder folder = ExperimentFolder.open(root, shard != null)) {
            ExperimentFolder.Recorded recorded = folder.recordOrCheck(plan, shard == null ? 0 : shard.count());
            List<String> own = new ArrayList<>();
            for (int k = 0; k < plan.runs().size(); k++) if (shard == null || shard.owns(k)) own.add(plan.runs().get(k).name());
            folder.removeInterruptedWrites(shard == null ? null : own);
            List<String> order = order(plan, folder);
            Map<String, RunResult> results = new HashMap<>();
            List<PlannedRun> pending = new ArrayList<>();
            for (int k = 0; k < plan.runs().size(); k++) {
                PlannedRun run = plan.runs().get(k);
                if (shard != null && !shard.owns(k)) {   // another shard's run: in the tables when it is whole, trained again by its shard if not
                    folder.intact(run.name()).ifPresent(r -> results.put(run.name(), r));
                    continue;
                }
                Optional<String> damage = folder.damage(run.name());
                if (damage.isPresent()) {
                    Path[] aside = new Path[1];
                    folder.whilePlanLocked(() -> aside[0] = folder.setAside(run.name()));   // not while another shard reads the tables' runs
                    listener.warn(run.name() + ": " + damage.get() + "; moved to " + root.relativize(aside[0]) + ", training it again");
                }
                Optional<RunResult> done = folder.finished(run);
                if (done.isPresent()) results.put(run.name(), done.get());
                else pending.add(run);
            }
            for (String name : order) {
                if (!results.containsKey(name) && plan.runs().stream().noneMatch(r -> r.name().equals(name))) {
                    Optional<String> damage = folder.damage(name);
                    if (damage.isPresent()) listener.warn(name + ": " + damage.get() + "; left out of the tables (this command does not plan it)");
                    else folder.finished(name).ifPresent(r -> results.put(name, r));
                }
            }
            Schedule schedule = Schedule.choose(Runtime.getRuntime().availableProcessors(), pending.size(), requestedJobs, requestedThreads);
            listener.started(plan, inOrder(order, results), pending, schedule, recorded != ExperimentFolder.Recorded.NEW);
            writeTables(folder, order, results);
            RunCheckpoints checkpoints = new RunCheckpoints(folder, listener, checkpointSeconds);
            new RunScheduler(backend, schedule, requestedThreads == null, checkpoints, stopRequested).execute(pending, (run, outcome) -> {
                RunConfig config = RunConfig.of(run.spec(), new RunConfig.Placement(run.experiment(), run.condition(), run.values(), run.repeat(),
                                Grid.settingsHash(run.spec())),
                        outcome.backend(), backend.description(), schedule.threadsPerRun(), schedule.jobs());
                RunFolder.write(folder.runFolder(run), outcome.training().parameters(), config, outcome.training(), metrics(outcome));
                checkpoints.finished(run);
                RunResult result = RunResult.of(run, outcome);
                results.put(run.name(), result);
                if (shard == null) writeTables(folder, order, results);
                else writeSharedTables(folder, order, results);
                listener.runFinished(result, results.size(), order.size());
            });
            if (shard != null) writeSharedTables(folder, order, results);
            return inOrder(order, results);
        }
    }

    /** The rows of runs.csv: the plan's runs in order, then those only earlier commands on the folder planned. */
    private static List<String> order(ExperimentPlan plan, ExperimentFolder folder) throws IOException {
        List<String> order = new ArrayList<>();
        for (PlannedRun run : plan.runs()) order.add(run.name());
        for (String name : folder.recordedRuns()) if (!order.contains(name)) order.add(name);
        return order;
    }

    /**
     * A shard's tables: with the other shards' runs that finished meanwhile, read and written while
     * no other shard writes, so the last shard to finish leaves complete tables.
     */
    private static void writeSharedTables(ExperimentFolder folder, List<String> order, Map<String, RunResult> results) throws IOException {
        folder.whilePlanLocked(() -> {
            for (String name : order) if (!results.containsKey(name)) folder.intact(name).ifPresent(r -> results.put(name, r));
            writeTables(folder, order, results);
        });
    }

    /** runs.csv and summary.json from the finished runs, atomically (shards may write them at the same time). */
    private static void writeTables(ExperimentFolder folder, List<String> order, Map<String, RunResult> results) throws IOException {
        List<RunResult> rows = inOrder(order, results);
        ResultTables.writeRuns(folder.runsCsv(), rows);
        ResultTables.writeSummary(folder.summaryJson(), Summary.of(rows, order.size()));
    }

    private static List<RunResult> inOrder(List<String> order, Map<String, RunResult> results) {
        List<RunResult> rows = new ArrayList<>();
        for (String name : order) {
            RunResult r = results.get(name);
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
