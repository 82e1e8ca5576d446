package org.snnloc.experiment;

/**
 * An experiment stopped on request (a signal): the runs that finished are saved, the runs that
 * were in flight stopped after an epoch with their checkpoints written, and the same command on
 * the same folder goes on from there.
 */
public final class ExperimentInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int inFlight;

    public ExperimentInterruptedException(int inFlight) {
        super("the experiment stopped on request; " + inFlight + " runs in flight kept their checkpoints");
        this.inFlight = inFlight;
    }

    /** How many runs were stopped after an epoch, each with its checkpoint written. */
    public int inFlight() {
        return inFlight;
    }
}
