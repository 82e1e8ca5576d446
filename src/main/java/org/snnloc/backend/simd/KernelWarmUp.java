package org.snnloc.backend.simd;

import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.train.AdamConfig;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the kernels compiled by C2 before the first real step. Vector API code runs as plain
 * Java objects until C2 compiles it, some fifty times slower, and C2 only compiles a method once
 * it has run many times: without this the whole first epoch of a default training (seconds)
 * ran in the slow tiers. A tiny network trained in a background thread while the caller is still
 * generating data makes the kernels hot at a cost of milliseconds.
 *
 * <p>The warm-up has its own engine and data and touches nothing shared, so it cannot change a
 * result; it only moves compilation earlier. It runs once per JVM.
 */
final class KernelWarmUp {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final int ROUNDS = 400;

    private KernelWarmUp() {}

    static void startOnce() {
        if (Boolean.getBoolean("tmp.nowarm") || !STARTED.compareAndSet(false, true)) return;
        Thread thread = new Thread(KernelWarmUp::run, "snnloc-simd-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A network whose hidden layer is five vectors wide (a full block of four and a ragged one)
     * and whose step count is even, so every kernel path runs: pairs and a single row of input
     * currents, even and odd event lists, Dale signs in both layers.
     */
    private static void run() {
        int inputs = 13, steps = 8, batch = 4, samples = 12;
        NetworkConfig net = NetworkConfig.notebook().withSizes(inputs, 5 * Lanes.LENGTH - 1, 12, steps);
        SplittableRandom random = new SplittableRandom(1);
        SpikeDataset data = SpikeDataset.fromDense(samples, steps, inputs, i -> random.nextInt(4) == 0,
                new double[samples], new int[samples]);
        SpikeEvents events = new SpikeEvents(data, WorkerPool.shared(), 1);
        SimdEngine engine = new SimdEngine(net, AdamConfig.notebook(), 1, WorkerPool.shared());
        engine.setParameters(Parameters.initialise(net, new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5), random));
        int[] order = new int[samples];
        for (int s = 0; s < samples; s++) order[s] = s;
        for (int round = 0; round < ROUNDS; round++) {
            engine.train(events, order, batch);
            engine.logits(events);
        }
    }
}
