package org.snnloc.plot;

import org.snnloc.backend.Backend;
import org.snnloc.backend.BatchTrace;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.eval.Metrics;
import org.snnloc.eval.Scores;
import org.snnloc.experiment.Seeds;
import org.snnloc.model.NetworkConfig;
import org.snnloc.stimulus.IpdStimulus;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.train.AdamConfig;

/**
 * The computations behind a run's figures: its test set regenerated from its seed and scored
 * again (for the IPD histograms, which need every prediction), and one sample run through the
 * trained network with everything recorded.
 */
final class RunAnalysis {
    private RunAnalysis() {}

    /** The run's test set, exactly as the run generated it (or read it from its file, checked against its checksum). */
    static Metrics testMetrics(RunData run, Backend backend) {
        SpikeDataset test = run.testFile() != null ? run.testFile().load(run.parameters().config().classes())
                : new IpdStimulus(run.stimulus()).generate(run.testSamples(), run.testSeed());
        try (PreparedData prepared = backend.prepare(test); Engine engine = engine(run, backend)) {
            return Metrics.score(engine.logits(prepared), test, run.parameters().config().classes());
        }
    }

    /**
     * One stimulus of IPD {@code ipdRadians} and what the network does with it.
     *
     * @param input         input spikes [step][fibre]
     * @param hidden        hidden spikes [step][neuron]
     * @param output        output membrane potential [step][class]
     * @param predicted     the class of the largest readout
     */
    record SampleTrace(double ipdRadians, boolean[][] input, boolean[][] hidden, double[][] output, int predicted) {}

    static SampleTrace sample(RunData run, Backend backend, double ipdRadians) {
        SpikeDataset data = new IpdStimulus(run.stimulus()).generate(new double[] {ipdRadians}, Seeds.derive(run.testSeed(), "single sample"));
        NetworkConfig net = run.parameters().config();
        int steps = net.steps(), hiddenCount = net.hidden(), classes = net.classes();
        BatchTrace trace;
        try (PreparedData prepared = backend.prepare(data); Engine engine = engine(run, backend)) {
            trace = engine.trace(prepared, new int[] {0});
        }
        boolean[][] input = new boolean[steps][data.inputs()];
        boolean[][] hidden = new boolean[steps][hiddenCount];
        double[][] output = new double[steps][classes];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < data.inputs(); i++) input[t][i] = data.spike(0, t, i);
            for (int h = 0; h < hiddenCount; h++) hidden[t][h] = trace.hiddenSpikes()[t * hiddenCount + h] != 0f;
            for (int c = 0; c < classes; c++) output[t][c] = trace.outputVoltage()[t * classes + c];
        }
        return new SampleTrace(ipdRadians, input, hidden, output, Scores.argmax(trace.logits(), classes)[0]);
    }

    /** Input spikes of one data set's samples, [sample][step][fibre]. */
    static boolean[][][] rasters(SpikeDataset data) {
        boolean[][][] out = new boolean[data.size()][data.steps()][data.inputs()];
        for (int s = 0; s < data.size(); s++) {
            for (int t = 0; t < data.steps(); t++) {
                for (int i = 0; i < data.inputs(); i++) out[s][t][i] = data.spike(s, t, i);
            }
        }
        return out;
    }

    private static Engine engine(RunData run, Backend backend) {
        Engine engine = backend.newEngine(run.parameters().config(), AdamConfig.notebook(), Runtime.getRuntime().availableProcessors());
        engine.setParameters(run.parameters());
        return engine;
    }
}
