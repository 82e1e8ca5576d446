package org.snnloc.cli;

import org.snnloc.train.TrainingListener;

import java.io.PrintWriter;

/** Progress lines on stderr. */
final class Progress {
    private Progress() {}

    /** One line per epoch: losses, time, and a star when the validation loss improved. */
    static TrainingListener epochLines(PrintWriter err) {
        return (record, maxEpochs, improved) -> {
            err.printf("epoch %3d/%d   train loss %.4f   validation loss %.4f%s   %.2f s%n", record.epoch(), maxEpochs,
                    record.trainLoss(), record.validationLoss(), improved ? " *" : "  ", record.seconds());
            err.flush();
        };
    }
}
