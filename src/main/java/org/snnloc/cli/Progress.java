package org.snnloc.cli;

import org.snnloc.train.TrainingListener;

import java.io.PrintWriter;
import java.util.function.IntConsumer;

/** Progress lines on stderr. */
final class Progress {
    /** Work done within this time says nothing. */
    private static final long QUIET_NANOS = 10_000_000_000L;
    /** Longer work says how far it is at every twentieth of the way. */
    private static final int LINES = 20;

    private Progress() {}

    /** One line per epoch: losses, time, and a star when the validation loss improved. */
    static TrainingListener epochLines(PrintWriter err) {
        return (record, maxEpochs, improved) -> {
            err.printf("epoch %3d/%d   train loss %.4f   validation loss %.4f%s   %.2f s%n", record.epoch(), maxEpochs,
                    record.trainLoss(), record.validationLoss(), improved ? " *" : "  ", record.seconds());
            err.flush();
        };
    }

    /**
     * Hears how many of {@code total} samples are done and says so at every 5% once the work has
     * run 10 s, e.g. "data: writing big.npz, 40% (400000 of 1000000 samples), 1:10 elapsed, about 1:45 left".
     */
    static IntConsumer samples(PrintWriter err, String task, int total) {
        long start = System.nanoTime();
        int[] linesDone = {0};
        return done -> {
            int line = (int) ((long) done * LINES / total);
            if (line <= linesDone[0] || done <= 0 || done == total) return;   // the command says when it is done
            long now = System.nanoTime();
            if (now - start < QUIET_NANOS) return;
            linesDone[0] = line;
            double elapsed = (now - start) / 1e9;
            err.printf("%s, %.0f%% (%d of %d samples), %s elapsed, about %s left%n", task, 100.0 * done / total, done, total,
                    ExperimentProgress.clock(elapsed), ExperimentProgress.clock(elapsed / done * (total - done)));
            err.flush();
        };
    }
}
