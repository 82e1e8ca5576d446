package org.snnloc.experiment;

import org.snnloc.backend.Backend;
import org.snnloc.backend.PreparedData;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.stimulus.StimulusConfig;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Prepared data sets shared by the runs of an experiment: each distinct set (stimulus settings,
 * size, seed) is generated and prepared once, by the first run that needs it, and released when
 * the last run that uses it has finished. The sweep's 33 runs thus share one training and one
 * validation set, and the constraint runs also one test set, as in the notebook.
 */
final class DataPool implements AutoCloseable {

    /** Identifies a data set: the same key always generates the same samples, or names the same file. */
    record Key(StimulusConfig stimulus, int samples, long seed, DataFiles.Source file) {
        SpikeDataset load() {
            return DataFiles.set(file, stimulus, samples, seed);
        }
    }

    /** The three data sets of one run. */
    record RunData(Key train, Key validation, Key test) {
        static RunData of(RunSpec spec) {
            return new RunData(key(spec, spec.trainSamples(), spec.seeds().trainData(), spec.trainFile()),
                    key(spec, spec.validationSamples(), spec.seeds().validationData(), spec.validationFile()),
                    key(spec, spec.testSamples(), spec.seeds().testData(), spec.testFile()));
        }

        /** A file's set is one set whatever the seed of the runs that read it. */
        private static Key key(RunSpec spec, int samples, long seed, DataFiles.Source file) {
            return new Key(spec.stimulus(), samples, file != null ? 0 : seed, file);
        }

        List<Key> keys() {
            return List.of(train, validation, test);
        }
    }

    private final Backend backend;
    private final Map<Key, Integer> users = new HashMap<>();                     // runs still to use each set
    private final Map<Key, CompletableFuture<PreparedData>> sets = new HashMap<>();

    /** A pool for {@code runs}; each run must {@link #acquire} and {@link #release} its sets exactly once. */
    DataPool(Backend backend, List<RunSpec> runs) {
        this.backend = backend;
        for (RunSpec spec : runs) for (Key key : RunData.of(spec).keys()) users.merge(key, 1, Integer::sum);
    }

    /** The prepared set of {@code key}; the first caller generates it while later callers wait for it. */
    PreparedData acquire(Key key) {
        CompletableFuture<PreparedData> set;
        boolean generate = false;
        synchronized (this) {
            if (!users.containsKey(key)) throw new IllegalStateException("data set " + key + " was not planned or is already released");
            set = sets.get(key);
            if (set == null) {
                set = new CompletableFuture<>();
                sets.put(key, set);
                generate = true;
            }
        }
        if (generate) {
            try {
                set.complete(backend.prepare(key.load()));
            } catch (RuntimeException | Error e) {
                set.completeExceptionally(e);
                throw e;
            }
        }
        return set.join();
    }

    /** Says one run is done with {@code key}; the set is closed when no run needs it any more. */
    void release(Key key) {
        CompletableFuture<PreparedData> done = null;
        synchronized (this) {
            int left = users.merge(key, -1, Integer::sum);
            if (left <= 0) {
                users.remove(key);
                done = sets.remove(key);
            }
        }
        if (done != null && done.isDone() && !done.isCompletedExceptionally()) done.join().close();
    }

    /** Number of data sets held now (generated and not yet released); for tests. */
    synchronized int held() {
        return sets.size();
    }

    @Override
    public void close() {
        List<CompletableFuture<PreparedData>> left;
        synchronized (this) {
            left = List.copyOf(sets.values());
            sets.clear();
            users.clear();
        }
        for (CompletableFuture<PreparedData> set : left) {
            if (set.isDone() && !set.isCompletedExceptionally()) set.join().close();
        }
    }
}
