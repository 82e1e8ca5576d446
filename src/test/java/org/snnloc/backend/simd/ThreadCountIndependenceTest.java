package org.snnloc.backend.simd;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snnloc.backend.Backend;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.testing.SyntheticData;
import org.snnloc.train.AdamConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The same seed gives bit-identical weights, losses and logits with 1, 2 and 3 threads, and beside other trainings. */
@Tag(SimdTests.TAG)
class ThreadCountIndependenceTest {

    @ParameterizedTest(name = "hidden {0}, batch {1}, inputs {2}")
    @CsvSource({"30, 64, 200", "33, 37, 13", "100, 20, 1000"})
    void trainingGivesTheSameBitsForAnyThreadCount(int hidden, int batch, int inputs) {
        Result one = train(hidden, batch, inputs, 1);
        for (int threads : new int[] {2, 3}) {
            Result other = train(hidden, batch, inputs, threads);
            assertArrayEquals(one.losses, other.losses, threads + " threads: losses");
            assertEquals(one.parameters, other.parameters, threads + " threads: weights after training");
            assertArrayEquals(one.logits, other.logits, threads + " threads: logits");
        }
    }

    /**
     * Experiments run several trainings at once: three engines sharing one prepared data set and
     * the worker pool, each on its own thread, give the same bits as one training alone.
     */
    @Test
    void concurrentTrainingsSharingDataAndThePoolGiveTheSameBitsAsAlone() throws Exception {
        Result alone = train(30, 64, 200, 2);
        NetworkConfig net = network(30, 200);
        Backend backend = new SimdProvider().create();
        try (PreparedData shared = backend.prepare(data(net, 64));
             ExecutorService executor = Executors.newFixedThreadPool(3)) {
            List<Future<Result>> futures = new ArrayList<>();
            for (int k = 0; k < 3; k++) futures.add(executor.submit(() -> train(backend, shared, net, 64, 2)));
            for (Future<Result> future : futures) {
                Result together = future.get();
                assertArrayEquals(alone.losses, together.losses, "losses");
                assertEquals(alone.parameters, together.parameters, "weights");
                assertArrayEquals(alone.logits, together.logits, "logits");
            }
        }
    }

    /** Experiments give the cores of finished runs to the runs still training: a thread count changed between batches changes no bit. */
    @Test
    void changingTheThreadCountDuringATrainingGivesTheSameBits() {
        Result fixed = train(30, 64, 200, 1);
        NetworkConfig net = network(30, 200);
        Backend backend = new SimdProvider().create();
        try (PreparedData prepared = backend.prepare(data(net, 64))) {
            Result changed = train(backend, prepared, net, 64, 1, new int[] {3, 2});
            assertArrayEquals(fixed.losses, changed.losses, "losses");
            assertEquals(fixed.parameters, changed.parameters, "weights");
            assertArrayEquals(fixed.logits, changed.logits, "logits");
        }
    }

    private record Result(float[] losses, Parameters parameters, float[] logits) {}

    /** Two passes of three batches each over a synthetic set, then the logits of the whole set. */
    private static Result train(int hidden, int batch, int inputs, int threads) {
        NetworkConfig net = network(hidden, inputs);
        Backend backend = new SimdProvider().create();
        try (PreparedData prepared = backend.prepare(data(net, batch))) {
            return train(backend, prepared, net, batch, threads);
        }
    }

    private static NetworkConfig network(int hidden, int inputs) {
        return NetworkConfig.notebook().withSizes(inputs, hidden, 12, 40);
    }

    private static SpikeDataset data(NetworkConfig net, int batch) {
        return SyntheticData.spikes(3 * batch + 5, net.steps(), net.inputs(), 12, SyntheticData.NOTEBOOK_DENSITY, 3);
    }

    private static Result train(Backend backend, PreparedData prepared, NetworkConfig net, int batch, int threads) {
        return train(backend, prepared, net, batch, threads, null);
    }

    /** {@code laterThreads}, if given: the thread counts set after the first pass and after the second. */
    private static Result train(Backend backend, PreparedData prepared, NetworkConfig net, int batch, int threads, int[] laterThreads) {
        try (Engine engine = backend.newEngine(net, AdamConfig.notebook(), threads)) {
            engine.setParameters(Parameters.initialise(net, new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5), new SplittableRandom(9)));
            int[] order = new int[3 * batch];
            for (int i = 0; i < order.length; i++) order[i] = (i * 5 + 2) % prepared.size();
            float[] first = engine.train(prepared, order, batch);
            if (laterThreads != null) engine.setThreads(laterThreads[0]);
            float[] second = engine.train(prepared, order, batch);
            if (laterThreads != null) engine.setThreads(laterThreads[1]);
            float[] losses = new float[first.length + second.length];
            System.arraycopy(first, 0, losses, 0, first.length);
            System.arraycopy(second, 0, losses, first.length, second.length);
            return new Result(losses, engine.parameters(), engine.logits(prepared));
        }
    }
}
