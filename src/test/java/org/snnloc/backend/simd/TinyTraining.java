package org.snnloc.backend.simd;

import org.snnloc.backend.Backend;
import org.snnloc.backend.BatchTrace;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.testing.SyntheticData;
import org.snnloc.train.AdamConfig;

import java.util.SplittableRandom;

/**
 * A small forward, backward and two Adam steps whose every output float is printed as hex bits:
 * {@link JitIndependenceTest} compares a run in a JVM without C2 with one in the test JVM.
 */
public final class TinyTraining {
    private TinyTraining() {}

    public static void main(String[] args) {
        System.out.println(run());
    }

    static String run() {
        NetworkConfig net = NetworkConfig.notebook().withSizes(13, 2 * Lanes.LENGTH + 3, 12, 12);
        SpikeDataset data = SyntheticData.spikes(8, net.steps(), net.inputs(), 12, SyntheticData.NOTEBOOK_DENSITY, 5);
        Backend backend = new SimdBackend();
        try (PreparedData prepared = backend.prepare(data); Engine engine = backend.newEngine(net, AdamConfig.notebook(), 1)) {
            engine.setParameters(Parameters.initialise(net, new LayerSigns.Dale(0.5), new LayerSigns.Free(), new SplittableRandom(4)));
            int[] order = {0, 1, 2, 3, 4, 5, 6, 7};
            BatchTrace trace = engine.trace(prepared, order);
            float[] losses = engine.train(prepared, order, 4);
            StringBuilder out = new StringBuilder();
            for (float[] values : new float[][] {trace.logits(), trace.gradW1(), trace.gradW2(), {trace.loss()}, losses,
                    engine.parameters().w1(), engine.parameters().w2()}) {
                for (float v : values) out.append(Integer.toHexString(Float.floatToRawIntBits(v))).append(' ');
                out.append('\n');
            }
            return out.toString();
        }
    }
}
