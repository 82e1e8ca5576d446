package org.snnloc.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import org.snnloc.io.AtomicFiles;
import org.snnloc.io.CheckpointFile;
import org.snnloc.io.Json;
import org.snnloc.train.Checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The checkpoints of an experiment's runs in flight, each in {@code runs/NAME.unfinished/}
 * ({@code run.json}: the run's settings; {@code checkpoint.npz} and {@code history.csv}: see
 * {@link CheckpointFile}). A run that was interrupted continues from its checkpoint, which gives
 * the bits of an uninterrupted run; one whose checkpoint is damaged or of other settings starts
 * afresh, saying so, and the checkpoint is moved out of the way ({@code NAME.unfinished.damaged}),
 * never deleted: a read may have failed for a passing reason.
 *
 * <p>Writing a checkpoint costs a few tens of milliseconds (its files are forced to the disk),
 * as much as a fraction of an epoch, so a run keeps one at most every {@code interval}: a command
 * killed outright loses at most that much training per run, one stopped by a signal nothing, as
 * its last epoch's checkpoint is written when it stops ({@link Saver#flush}).
 */
final class RunCheckpoints {
    static final String SUFFIX = ".unfinished";
    private static final String RUN = "run.json";

    private final ExperimentFolder folder;
    private final ExperimentListener listener;
    private final long intervalNanos;

    RunCheckpoints(ExperimentFolder folder, ExperimentListener listener, double intervalSeconds) {
        this.folder = folder;
        this.listener = listener;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
    }

    Path folderOf(PlannedRun run) {
        return folder.runFolder(run).resolveSibling(run.name() + SUFFIX);
    }

    /** The checkpoint {@code run} continues from, or null to start afresh. */
    Checkpoint resumeFrom(PlannedRun run) {
        Path work = folderOf(run);
        if (!Files.isDirectory(work)) return null;
        String problem;
        try {
            JsonNode recorded = Json.read(work.resolve(RUN));
            List<String> differences = ExperimentFolder.differences("run", recorded, Json.tree(run.spec()));
            if (differences.isEmpty()) {
                Checkpoint checkpoint = CheckpointFile.read(work, run.spec().network(), run.spec().w1Map(), run.spec().w2Map());
                listener.note(run.name() + ": continuing from its checkpoint after epoch " + checkpoint.epochs());
                return checkpoint;
            }
            problem = "its checkpoint is of other settings (" + differences.getFirst() + ")";
        } catch (IOException | RuntimeException e) {
            problem = "its checkpoint cannot be read (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")";
        }
        try {
            Path aside = folder.setAside(work.getFileName().toString());
            listener.warn(run.name() + ": " + problem + "; moved to " + folder.root().relativize(aside) + ", training it from the start");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the checkpoint of run " + run.name() + " out of the way: " + e.getMessage(), e);
        }
        return null;
    }

    Saver saver(PlannedRun run) {
        return new Saver(run);
    }

    /** The run's folder is written: its checkpoint is of no more use. */
    void finished(PlannedRun run) {
        AtomicFiles.deleteRecursively(folderOf(run));
    }

    /** Keeps the latest checkpoint of one run, and writes it when the interval has passed and when the run stops. */
    final class Saver implements Consumer<Checkpoint> {
        private final PlannedRun run;
        private Checkpoint pending;
        private long lastWrite = System.nanoTime();

        private Saver(PlannedRun run) {
            this.run = run;
        }

        @Override
        public void accept(Checkpoint checkpoint) {
            pending = checkpoint;
            if (System.nanoTime() - lastWrite >= intervalNanos) flush();
        }

        /** Writes the latest checkpoint if it is not on disk yet. */
        void flush() {
            if (pending == null) return;
            Path work = folderOf(run);
            try {
                Files.createDirectories(work);
                if (!Files.exists(work.resolve(RUN))) Json.write(work.resolve(RUN), run.spec());
                CheckpointFile.write(work, pending);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the checkpoint of run " + run.name() + " in " + work + ": " + e.getMessage(), e);
            }
            pending = null;
            lastWrite = System.nanoTime();
        }
    }
}
