package org.snnloc.experiment;

/**
 * How the runs of an experiment share the cores: {@code jobs} trainings at once, each with
 * {@code threadsPerRun} threads inside its engine.
 *
 * <p>The default gives every core its own training (threads = 1). Independent trainings need no
 * synchronisation at all, while threads inside one training meet at every batch (and the scalar
 * engine uses one thread whatever it is given), so the default finished first in our measurements
 * (README.md, the experiment commands); {@code --jobs} and {@code --threads} choose another split.
 */
public record Schedule(int jobs, int threadsPerRun) {

    public Schedule {
        if (jobs < 1) throw new IllegalArgumentException("--jobs must be at least 1, got " + jobs);
        if (threadsPerRun < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threadsPerRun);
    }

    /**
     * The split for {@code pendingRuns} runs on {@code cores} cores: what the user asked for where
     * given, else one training per core, and the cores left over (fewer runs than cores) as
     * threads inside each training.
     */
    public static Schedule choose(int cores, int pendingRuns, Integer requestedJobs, Integer requestedThreads) {
        int jobs = requestedJobs != null ? requestedJobs : Math.max(1, Math.min(cores, pendingRuns));
        int threads = requestedThreads != null ? requestedThreads : Math.max(1, cores / Math.max(1, jobs));
        return new Schedule(jobs, threads);
    }
}
