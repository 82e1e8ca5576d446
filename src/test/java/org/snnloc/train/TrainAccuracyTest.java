package org.snnloc.train;

import org.junit.jupiter.api.Test;
import org.snnloc.backend.Backend;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.backend.scalar.ScalarBackend;
import org.snnloc.backend.simd.SimdProvider;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.testing.SyntheticData;
import org.snnloc.testing.ZeroReadout;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each epoch's training accuracy is the share of its full batches whose readout argmax is the
 * label, each batch judged by the logits it had just before its own Adam step.
 */
class TrainAccuracyTest {
    private static final NetworkConfig NET = NetworkConfig.notebook().withSizes(20, 9, 4, 30);
    private static final int BATCH = 16, EPOCHS = 4;
    private static final long SHUFFLE_SEED = 11;

    @Test
    void everyEpochsTrainingAccuracyCountsTheLogitsOfEachBatchBeforeItsStep() {
        // 70 samples: 4 batches of 16 an epoch, the last 6 dropped
        SpikeDataset trainSet = SyntheticData.spikes(70, NET.steps(), NET.inputs(), NET.classes(), 0.3, 9);
        SpikeDataset validationSet = SyntheticData.spikes(32, NET.steps(), NET.inputs(), NET.classes(), 0.3, 10);
        Parameters initial = Parameters.initialise(NET, new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5), new SplittableRandom(3));
        double[] expected = referenceAccuracies(initial, trainSet);
        assertTrue(Arrays.stream(expected).anyMatch(a -> a > 0 && a < 100) && Arrays.stream(expected).distinct().count() > 1,
                "a test that can tell counts apart: " + Arrays.toString(expected));
        TrainingConfig config = new TrainingConfig(EPOCHS, BATCH, SHUFFLE_SEED, 0, TrainingConfig.KeepPolicy.BEST);
        for (Backend backend : List.of(new ScalarBackend(), new SimdProvider().create())) {
            try (Engine engine = backend.newEngine(NET, AdamConfig.withLearningRate(0.05), 2);
                 PreparedData train = backend.prepare(trainSet); PreparedData validation = backend.prepare(validationSet)) {
                List<EpochRecord> history = new Trainer(config).train(engine, initial, train, validation, TrainingListener.SILENT).history();
                double[] actual = history.stream().mapToDouble(EpochRecord::trainAccuracy).toArray();
                assertArrayEquals(expected, actual, backend.name() + ": train accuracy per epoch");
            }
        }
    }

    /** The Trainer's epochs one batch at a time on the scalar engine: trace (which changes nothing) for the logits, then the step. */
    private static double[] referenceAccuracies(Parameters initial, SpikeDataset trainSet) {
        ScalarBackend backend = new ScalarBackend();
        double[] accuracies = new double[EPOCHS];
        int[] labels = trainSet.labels();
        try (Engine engine = backend.newEngine(NET, AdamConfig.withLearningRate(0.05), 1); PreparedData train = backend.prepare(trainSet)) {
            engine.setParameters(initial);
            SplittableRandom shuffler = new SplittableRandom(SHUFFLE_SEED);
            int[] order = new int[trainSet.size()];
            int steps = trainSet.size() / BATCH;
            for (int e = 0; e < EPOCHS; e++) {
                Trainer.shuffle(order, shuffler);
                int correct = 0;
                for (int step = 0; step < steps; step++) {
                    int[] batch = Arrays.copyOfRange(order, step * BATCH, (step + 1) * BATCH);
                    float[] m = engine.trace(train, batch).logits();
                    for (int b = 0; b < BATCH; b++) if (firstLargest(m, b * NET.classes(), NET.classes()) == labels[batch[b]]) correct++;
                    engine.train(train, batch, BATCH);
                }
                accuracies[e] = 100.0 * correct / (steps * BATCH);
            }
        }
        return accuracies;
    }

    private static int firstLargest(float[] m, int at, int classes) {
        float max = m[at];
        for (int c = 1; c < classes; c++) max = Math.max(max, m[at + c]);
        for (int c = 0; c < classes; c++) if (m[at + c] == max) return c;
        throw new AssertionError("no largest logit");
    }

    @Test
    void tiedLogitsGoToTheFirstClassOnEveryCpuBackend() {
        // W2 = 0: every logit is 0, so every sample is classified as class 0 (the first of the tied),
        // and the first step's count is the number of its samples labelled 0
        NetworkConfig net = NetworkConfig.notebook().withSizes(20, 9, NetworkConfig.NOTEBOOK_CLASSES, 30);
        SpikeDataset data = SyntheticData.spikes(48, net.steps(), net.inputs(), net.classes(), 0.3, 5);
        Parameters zeroReadout = ZeroReadout.parameters(net, 6);
        int[] order = new int[48];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int labelledZero = 0, labelledLast = 0;
        for (int label : data.labels()) {
            if (label == 0) labelledZero++;
            if (label == net.classes() - 1) labelledLast++;
        }
        assertTrue(labelledZero > 0 && labelledZero != labelledLast, "a batch that tells the first class from the last: " + labelledZero
                + " of class 0, " + labelledLast + " of the last");
        for (Backend backend : List.of(new ScalarBackend(), new SimdProvider().create())) {
            try (Engine engine = backend.newEngine(net, AdamConfig.notebook(), 1); PreparedData d = backend.prepare(data)) {
                engine.setParameters(zeroReadout);
                int[] correct = new int[1];
                engine.train(d, order, 48, correct);
                assertEquals(labelledZero, correct[0], backend.name());
            }
        }
    }
}
