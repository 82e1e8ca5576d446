package org.snnloc.benchmark;

import org.snnloc.backend.Backend;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.IpdStimulus;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.stimulus.StimulusConfig;
import org.snnloc.train.AdamConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times a training step and inference of one backend at one size, on the notebook's network
 * (200 inputs, 100 steps, 12 classes, Dale's law at 50%) and stimulus. Backend-agnostic: any
 * {@link Backend} can be measured, so a new one appears in {@code snnloc bench} by itself.
 */
public final class BackendBenchmark {
    /** Distinct batches the training step cycles through, so it does not see one batch only. */
    private static final int TRAINING_BATCHES = 4;

    private BackendBenchmark() {}

    /** Dense work of one training step: h1 = x W1 and dW1 = x^T dh1, plus h2 = s W2, dW2 = s^T dh2, ds = dh2 W2^T. */
    public static double trainingFlops(NetworkConfig net, int batch) {
        double rows = (double) batch * net.steps();
        return 2 * rows * net.inputs() * net.hidden() * 2 + 2 * rows * net.hidden() * net.classes() * 3;
    }

    /** Dense work of the forward pass of one batch: h1 = x W1 and h2 = s W2. */
    public static double inferenceFlops(NetworkConfig net, int batch) {
        double rows = (double) batch * net.steps();
        return 2 * rows * (net.inputs() * net.hidden() + net.hidden() * net.classes());
    }

    /** Both measurements of one backend at one size. */
    public static List<Measurement> measure(Backend backend, BenchSize size, BenchSettings settings) {
        NetworkConfig net = NetworkConfig.notebook().withHidden(size.hidden());
        IpdStimulus stimulus = new IpdStimulus(StimulusConfig.notebook());
        SpikeDataset trainingSet = stimulus.generate(size.batch() * TRAINING_BATCHES, 1);
        SpikeDataset inferenceSet = trainingSet.head(size.batch());
        Parameters initial = Parameters.initialise(net, new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5), new SplittableRandom(2));
        List<Measurement> out = new ArrayList<>();
        try (PreparedData training = backend.prepare(trainingSet);
             PreparedData inference = backend.prepare(inferenceSet);
             Engine engine = backend.newEngine(net, AdamConfig.notebook(), settings.threads())) {
            engine.setParameters(initial);
            int[][] orders = new int[TRAINING_BATCHES][size.batch()];
            for (int k = 0; k < TRAINING_BATCHES; k++) {
                for (int i = 0; i < size.batch(); i++) orders[k][i] = k * size.batch() + i;
            }
            int[] next = {0};
            double[] step = time(() -> {
                float[] losses = engine.train(training, orders[next[0]++ % TRAINING_BATCHES], size.batch());
                if (!Float.isFinite(losses[0])) throw new IllegalStateException(backend.name() + " diverged while being timed");
            }, settings);
            out.add(summarise(backend, size, Measurement.Kind.TRAINING_STEP, step, trainingFlops(net, size.batch())));
            double[] forward = time(() -> engine.logits(inference), settings);
            out.add(summarise(backend, size, Measurement.Kind.INFERENCE, forward, inferenceFlops(net, size.batch())));
        }
        return out;
    }

    /**
     * Runs {@code batch} untimed until the warm-up is done (both its batch count and its seconds,
     * within half the time cap), then timed until the batch count or the cap is reached, at
     * least once. Returns the wall time of each timed batch in ms.
     */
    static double[] time(Runnable batch, BenchSettings settings) {
        long start = System.nanoTime();
        double capNanos = settings.maxSeconds() * 1e9;
        for (int k = 0; ; k++) {
            double elapsed = System.nanoTime() - start;
            boolean warm = k >= settings.warmupBatches() && elapsed >= settings.warmupSeconds() * 1e9;
            if (warm || elapsed >= capNanos / 2) break;
            batch.run();
        }
        double[] ms = new double[settings.batches()];
        int timed = 0;
        while (timed < ms.length && (timed == 0 || System.nanoTime() - start < capNanos)) {
            long t0 = System.nanoTime();
            batch.run();
            ms[timed++] = (System.nanoTime() - t0) / 1e6;
        }
        return Arrays.copyOf(ms, timed);
    }

    private static Measurement summarise(Backend backend, BenchSize size, Measurement.Kind kind, double[] ms, double flops) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Measurement(backend.name(), size, kind, median, sorted[0], Arrays.stream(ms).average().orElse(Double.NaN), n, flops);
    }
}
