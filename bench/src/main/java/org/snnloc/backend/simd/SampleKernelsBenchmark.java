package org.snnloc.backend.simd;

import org.snnloc.network.Network;
import org.snnloc.model.Surrogate;
import org.snnloc.backend.cpu.SpikeEvents;
import org.snnloc.backend.cpu.WorkerPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.snnloc.backend.BatchTrace;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.backend.scalar.ScalarBackend;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.IpdStimulus;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.stimulus.StimulusConfig;
import org.snnloc.train.AdamConfig;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The per-sample kernels of a training step for a batch of 64, one thread: the forward pass of
 * layer 1 (input currents, LIF through time, readout sums) and the backward pass through time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)          // C2 needs a few seconds for the vector kernels
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SampleKernelsBenchmark {
    static final int BATCH = 64;

    @Param({"30", "256", "1024"})
    public int hidden;

    private NetworkConfig net;
    private SpikeEvents events;
    private int hp, block, forwardBlock;
    private float[] groupSumTable;
    private float[] w1, coefficients, q, spikeSums;
    private float[][] pre, spikes, gradH1;   // per sample (steps, hp)

    @Setup(Level.Trial)
    public void open() {
        net = NetworkConfig.notebook().withHidden(hidden);
        SpikeDataset data = new IpdStimulus(StimulusConfig.notebook()).generate(BATCH, 3);
        Parameters parameters = Parameters.initialise(net, new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5), new SplittableRandom(5));
        events = new SpikeEvents(data, WorkerPool.shared(), 1);
        hp = Lanes.padded(hidden);
        block = Network.columnBlock(net.inputs(), hp, Lanes.LENGTH);
        forwardBlock = Network.columnBlock(InputProducts.groupSumRows(net.inputs()), hp, Lanes.LENGTH);
        groupSumTable = new float[InputProducts.groupSumRows(net.inputs()) * hp];
        w1 = new float[net.inputs() * hp];
        float[] effective = parameters.effectiveW1();
        for (int i = 0; i < net.inputs(); i++) System.arraycopy(effective, i * hidden, w1, i * hp, hidden);
        coefficients = net.readoutCoefficients();
        q = new float[hp];
        for (int j = 0; j < hidden; j++) q[j] = 0.01f * (j % 7 - 3);
        spikeSums = new float[BATCH * hp];
        pre = new float[BATCH][net.steps() * hp];
        spikes = new float[BATCH][net.steps() * hp];
        gradH1 = new float[BATCH][net.steps() * hp];
        forward();
        checkSpikesAgainstScalar(data, parameters);
    }

    /** The hidden spikes of sample 0 equal the scalar reference's. */
    private void checkSpikesAgainstScalar(SpikeDataset data, Parameters parameters) {
        ScalarBackend scalar = new ScalarBackend();
        try (Engine reference = scalar.newEngine(net, AdamConfig.notebook(), 1); PreparedData prepared = scalar.prepare(data)) {
            reference.setParameters(parameters);
            BatchTrace trace = reference.trace(prepared, new int[] {0});
            for (int t = 0; t < net.steps(); t++) {
                for (int j = 0; j < hidden; j++) {
                    if (trace.hiddenSpikes()[t * hidden + j] != spikes[0][t * hp + j]) {
                        throw new IllegalStateException("hidden spike (" + t + ", " + j + ") differs from the scalar reference");
                    }
                }
            }
        }
    }

    @Benchmark
    public float[] forward() {
        InputProducts.groupSums(w1, net.inputs(), hp, groupSumTable);
        for (int b = 0; b < BATCH; b++) {
            for (int from = 0; from < hp; from += forwardBlock) {
                int to = Math.min(hp, from + forwardBlock);
                InputProducts.inputCurrents(events.groupsByStep(), b, net.steps() - 1, groupSumTable, hp, from, to, pre[b]);
                Lif.forward(pre[b], spikes[b], net.steps(), hp, from, to, net.hiddenAlpha(), net.threshold());
            }
            Readout.weightedSpikeSums(spikes[b], net.steps(), hp, coefficients, spikeSums, b * hp);
        }
        return spikeSums;
    }

    @Benchmark
    public float[][] backwardThroughTime() {
        for (int b = 0; b < BATCH; b++) {
            for (int from = 0; from < hp; from += block) {
                Lif.backward(pre[b], spikes[b], q, coefficients, net.steps(), hp, from, Math.min(hp, from + block), net.hiddenAlpha(),
                        net.threshold(), Surrogate.notebook(), gradH1[b]);
            }
        }
        return gradH1;
    }
}
