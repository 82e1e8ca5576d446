package org.snnloc.bench;

import org.snnloc.backend.Backend;
import org.snnloc.backend.BackendSelector;
import org.snnloc.backend.BatchTrace;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.backend.scalar.ScalarBackend;
import org.snnloc.benchmark.BenchSize;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.IpdStimulus;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.stimulus.StimulusConfig;
import org.snnloc.train.AdamConfig;

import java.util.SplittableRandom;

/**
 * The notebook's network at one benchmark size on one backend: data, an engine with the
 * notebook's initialisation, and four distinct batches to cycle through. Opening it checks the
 * backend once against the scalar reference, so a fast but wrong engine cannot be timed.
 */
final class NotebookWorkload implements AutoCloseable {
    static final int BATCHES = 4;

    final int batch;
    final NetworkConfig network;
    final Backend backend;
    final Engine engine;
    final PreparedData training;   // BATCHES batches
    final PreparedData oneBatch;   // the first batch alone, for inference
    final int[][] orders;

    NotebookWorkload(String backendName, String size, int threads) {
        BenchSize parsed = BenchSize.parseList(size).getFirst();
        batch = parsed.batch();
        network = NetworkConfig.notebook().withHidden(parsed.hidden());
        SpikeDataset data = new IpdStimulus(StimulusConfig.notebook()).generate(batch * BATCHES, 1);
        Parameters initial = Parameters.initialise(network, new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5), new SplittableRandom(2));
        backend = BackendSelector.standard().select(backendName).backend();
        training = backend.prepare(data);
        oneBatch = backend.prepare(data.head(batch));
        engine = backend.newEngine(network, AdamConfig.notebook(), threads);
        engine.setParameters(initial);
        orders = new int[BATCHES][batch];
        for (int k = 0; k < BATCHES; k++) {
            for (int i = 0; i < batch; i++) orders[k][i] = k * batch + i;
        }
        checkAgainstScalar(data, initial);
    }

    /** Loss and logits of 8 samples within float rounding of the scalar reference. */
    private void checkAgainstScalar(SpikeDataset data, Parameters initial) {
        int[] samples = {0, 1, 2, 3, 4, 5, 6, 7};
        ScalarBackend scalar = new ScalarBackend();
        try (Engine reference = scalar.newEngine(network, AdamConfig.notebook(), 1); PreparedData referenceData = scalar.prepare(data)) {
            reference.setParameters(initial);
            BatchTrace expected = reference.trace(referenceData, samples);
            BatchTrace actual = engine.trace(training, samples);
            if (Math.abs(expected.loss() - actual.loss()) > 1e-4 * Math.abs(expected.loss())) {
                throw new IllegalStateException(backend.name() + " loss " + actual.loss() + " differs from the scalar reference " + expected.loss());
            }
            for (int i = 0; i < expected.logits().length; i++) {
                if (Math.abs(expected.logits()[i] - actual.logits()[i]) > 1e-4 * (1 + Math.abs(expected.logits()[i]))) {
                    throw new IllegalStateException(backend.name() + " logit " + i + " differs from the scalar reference");
                }
            }
        }
    }

    @Override
    public void close() {
        engine.close();
        training.close();
        oneBatch.close();
        backend.close();
    }
}
