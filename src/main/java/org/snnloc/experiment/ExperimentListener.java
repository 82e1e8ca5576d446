package org.snnloc.experiment;

import java.util.List;

/** Told what an experiment does, e.g. to print progress. Called from the thread that runs the experiment. */
public interface ExperimentListener {
    ExperimentListener SILENT = new ExperimentListener() {};

    /** Before any training: how many runs the plan has, which are already done, and how the rest will run. */
    default void started(ExperimentPlan plan, List<RunResult> alreadyDone, List<PlannedRun> pending, Schedule schedule, boolean resumed) {}

    /** A run finished and its folder is written; {@code done} counts all finished runs, earlier ones included. */
    default void runFinished(RunResult result, int done, int total) {}

    /**
     * Something the user should know about one run: a damaged folder trained again, a checkpoint
     * continued or not used. May be called from the threads that train.
     */
    default void note(String line) {}

    /** Something about one run that changed what is on disk (a damaged folder set aside, a checkpoint not used): said even to a quiet command. */
    default void warn(String line) {
        note(line);
    }
}
