package org.snnloc.cli;

import org.snnloc.train.TrainingListener;

import java.io.PrintWriter;
import java.util.function.IntConsumer;

/** Progress lines on stderr. */
final class Progress {
    /** Long work reports at most this often, and work done sooner says nothing. */
    private static final long LINE_NANOS = 10_000_000_000L;

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
     * Hears how many of {@code total} samples are done and says so every ten seconds, e.g.
     * "data: writing spikes, 40% (400000 of 1000000 samples), 1:10 elapsed, about 1:45 left".
     */
    static IntConsumer samples(PrintWriter err, String task, int total) {
        long start = System.nanoTime();
        long[] nextLine = {start + LINE_NANOS};
        return done -> {
            long now = System.nanoTime();
            if (now < nextLine[0] || done <= 0) return;
            nextLine[0] = now + LINE_NANOS;
            double elapsed = (now - start) / 1e9;
            err.printf("%s, %.0f%% (%d of %d samples), %s elapsed, about %s left%n", task, 100.0 * done / total, done, total,
                    ExperimentProgress.clock(elapsed), ExperimentProgress.clock(elapsed / done * (total - done)));
            err.flush();
        };
    }
}
