package org.snnloc.experiment;

import org.snnloc.backend.Backend;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.eval.Metrics;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.train.Checkpoint;
import org.snnloc.train.Trainer;
import org.snnloc.train.TrainingListener;
import org.snnloc.train.TrainingResult;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/** One training from a {@link RunSpec}: the notebook's baseline when given the default spec. */
public final class TrainingRun {
    private TrainingRun() {}

    /** The prepared train and validation sets of a run, which several runs may share. */
    public record SharedData(PreparedData train, PreparedData validation) implements AutoCloseable {
        /** The spec's training and validation sets: generated from its stimulus and seeds, or read from its data files. */
        public static SharedData generate(Backend backend, RunSpec spec) {
            PreparedData train = backend.prepare(set(spec, spec.trainFile(), spec.trainSamples(), spec.seeds().trainData()));
            try {
                return new SharedData(train, backend.prepare(set(spec, spec.validationFile(), spec.validationSamples(), spec.seeds().validationData())));
            } catch (RuntimeException e) {
                train.close();
                throw e;
            }
        }

        @Override
        public void close() {
            train.close();
            validation.close();
        }
    }

    /** One of the spec's sets: from its file, else generated from its stimulus with {@code seed}. */
    static SpikeDataset set(RunSpec spec, DataFiles.Source file, int samples, long seed) {
        return DataFiles.set(file, spec.stimulus(), samples, seed);
    }

    /** Trains, then scores on the spec's test set (a freshly generated one of its test seed, or its test file). */
    public static RunOutcome execute(Backend backend, RunSpec spec, SharedData data, int threads, TrainingListener listener) {
        return execute(backend, spec, null, data, threads, listener);
    }

    /** As above, starting from {@code initial} raw parameters instead of the spec's random ones when it is not null. */
    public static RunOutcome execute(Backend backend, RunSpec spec, Parameters initial, SharedData data, int threads,
                                     TrainingListener listener) {
        return execute(backend, spec, initial, Checkpoints.NONE, data, threads, listener);
    }

    /**
     * How a training keeps checkpoints: the one it continues from (null: none), where each epoch's
     * goes (null: none is made), and when to stop after an epoch ({@link org.snnloc.train.Trainer.TrainingInterruptedException}).
     */
    public record Checkpoints(Checkpoint resume, Consumer<Checkpoint> saver, java.util.function.BooleanSupplier stopRequested) {
        /** No checkpoints: none is made, none kept. */
        public static final Checkpoints NONE = new Checkpoints(null, null, () -> false);
    }

    /** As above, continuing from and keeping checkpoints. */
    public static RunOutcome execute(Backend backend, RunSpec spec, Parameters initial, Checkpoints checkpoints, SharedData data, int threads,
                                     TrainingListener listener) {
        try (PreparedData test = backend.prepare(set(spec, spec.testFile(), spec.testSamples(), spec.seeds().testData()))) {
            return execute(backend, spec, initial, checkpoints, data, test, threads, listener, engine -> {});
        }
    }

    /**
     * Trains, then scores on {@code test}, which the caller prepared (and may share between runs,
     * as the notebook's constraint runs share one test set).
     */
    public static RunOutcome execute(Backend backend, RunSpec spec, SharedData data, PreparedData test, int threads,
                                     TrainingListener listener) {
        return execute(backend, spec, null, Checkpoints.NONE, data, test, threads, listener, engine -> {});
    }

    /**
     * As above; {@code started} receives the engine before training starts, e.g. to give it more
     * threads later ({@link Engine#setThreads}), which never changes a result.
     */
    static RunOutcome execute(Backend backend, RunSpec spec, Parameters given, Checkpoints checkpoints, SharedData data, PreparedData test,
                              int threads, TrainingListener listener, Consumer<Engine> started) {
        long start = System.nanoTime();
        Parameters initial = given != null ? given : Parameters.initialise(spec.network(), spec.layer1(), spec.layer2(), spec.w1Map(),
                spec.w2Map(), new SplittableRandom(spec.seeds().weights()));
        try (Engine engine = backend.newEngine(spec.network(), spec.adam(), threads)) {
            started.accept(engine);
            TrainingResult result = new Trainer(spec.training()).train(engine, initial, checkpoints.resume(), data.train(), data.validation(), listener,
                    checkpoints.saver(), checkpoints.stopRequested());
            engine.setParameters(result.parameters());
            Metrics trainMetrics = Metrics.score(engine.logits(data.train()), data.train().source(), spec.network().classes());
            Metrics testMetrics = Metrics.score(engine.logits(test), test.source(), spec.network().classes());
            return new RunOutcome(spec, backend.name(), result, trainMetrics, testMetrics, (System.nanoTime() - start) / 1e9);
        }
    }
}
