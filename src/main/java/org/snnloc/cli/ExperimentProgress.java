package org.snnloc.cli;

import org.snnloc.experiment.ExperimentListener;
import org.snnloc.experiment.ExperimentPlan;
import org.snnloc.experiment.PlannedRun;
import org.snnloc.experiment.RunResult;
import org.snnloc.experiment.Schedule;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Experiment progress on stderr: one line when it starts and one per finished run, with runs done
 * / total, elapsed time and an estimate of the time left (from the runs finished by this command,
 * so runs skipped on a resume do not make it optimistic).
 */
final class ExperimentProgress implements ExperimentListener {
    private final PrintWriter err;
    private final Path folder;
    private long start;
    private int finishedHere;
    private int pending;

    private final PrintWriter warnings;

    /** @param warnings where what changed on disk is said, which --quiet does not hide */
    ExperimentProgress(PrintWriter err, PrintWriter warnings, Path folder) {
        this.err = err;
        this.warnings = warnings;
        this.folder = folder;
    }

    @Override
    public void started(ExperimentPlan plan, List<RunResult> alreadyDone, List<PlannedRun> pending, Schedule schedule, boolean resumed) {
        start = System.nanoTime();
        this.pending = pending.size();
        if (resumed) err.printf("resuming %s: %d of %d runs already done%n", folder, alreadyDone.size(), plan.runs().size());
        if (pending.isEmpty()) {
            err.printf("%s: all %d runs are done%n", folder, plan.runs().size());
        } else {
            err.printf("%s: %d runs to train, %d at a time with %d thread%s each, into %s%n", plan.kind(), pending.size(),
                    Math.min(schedule.jobs(), pending.size()), schedule.threadsPerRun(), schedule.threadsPerRun() == 1 ? "" : "s", folder);
        }
        err.flush();
    }

    @Override
    public void runFinished(RunResult r, int done, int total) {
        finishedHere++;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double left = elapsed / finishedHere * (pending - finishedHere);
        int width = Integer.toString(total).length();
        err.printf("[%" + width + "d/%d] %-24s train %5.1f%%  test %5.1f%%  %2d epochs%s  %5.1f s   elapsed %s, about %s left%n",
                done, total, r.run(), r.trainAccuracy(), r.testAccuracy(), r.epochsRun(), r.earlyStopped() ? " (early stop)" : "",
                r.seconds(), clock(elapsed), clock(left));
        err.flush();
    }

    @Override
    public void note(String line) {
        err.println(line);
        err.flush();
    }

    @Override
    public void warn(String line) {
        warnings.println(line);
        warnings.flush();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
