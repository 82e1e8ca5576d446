package org.snnloc.experiment;

import org.snnloc.io.HeapSpace;

/**
 * A run of an experiment, or the saving of its results, failed. The message names the run; the
 * cause is the original failure. Runs finished before it stay saved, so the command can be re-run
 * to resume.
 */
public final class ExperimentFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String run;

    public ExperimentFailedException(String run, Throwable cause) {
        super("run " + run + " failed: " + (cause instanceof OutOfMemoryError
                ? "out of memory (a heap of " + HeapSpace.size(Runtime.getRuntime().maxMemory()) + "); use fewer --jobs or smaller sizes, "
                        + "or give Java more with " + HeapSpace.heapOption(2 * Runtime.getRuntime().maxMemory())
                : cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause);
        this.run = run;
    }

    /** The name of the run that failed. */
    public String run() {
        return run;
    }
}
