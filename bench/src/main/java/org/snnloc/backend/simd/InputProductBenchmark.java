package org.snnloc.backend.simd;

import org.snnloc.network.Network;
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
import org.snnloc.stimulus.IpdStimulus;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.stimulus.StimulusConfig;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The two products with the input for one batch of 64 notebook stimuli (99 steps each,
 * 200 inputs), event-driven (the engine's kernels) against dense register-tiled, one thread:
 * {@code inputCurrents} is h1 = x W1, {@code weightGradient} is dW1 = x^T dh1. The dense kernels
 * get x already expanded to floats (and transposed for dW1), which flatters them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)          // C2 needs a few seconds for the vector kernels
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class InputProductBenchmark {
    static final int BATCH = 64, STEPS = 100, INPUTS = 200, ROWS = STEPS - 1;

    @Param({"event", "per-input", "dense"})
    public String kernel;

    @Param({"30", "256", "1024"})
    public int hidden;

    private Products products;

    /** One way of computing both products for the whole batch. */
    private interface Products {
        void inputCurrents();

        void weightGradient();

        /** The last h1, (batch * rows, hp). */
        float[] h1();

        /** The last dW1, (inputs, hp). */
        float[] gradW1();
    }

    @Setup(Level.Trial)
    public void open() {
        SpikeDataset data = new IpdStimulus(StimulusConfig.notebook()).generate(BATCH, 3);
        int hp = Lanes.padded(hidden);
        SplittableRandom random = new SplittableRandom(4);
        float[] w1 = new float[INPUTS * hp];
        for (int i = 0; i < INPUTS; i++) {
            for (int j = 0; j < hidden; j++) w1[i * hp + j] = (float) (random.nextDouble() - 0.5);
        }
        float[][] gradH1 = new float[BATCH][STEPS * hp];    // per sample (steps, hp); the last two rows stay 0, as in the engine
        for (float[] g : gradH1) {
            for (int t = 0; t < STEPS - 2; t++) {
                for (int j = 0; j < hidden; j++) g[t * hp + j] = (float) (random.nextDouble() - 0.5) * 1e-3f;
            }
        }
        Products event = new EventDriven(data, w1, gradH1, hp);
        Products dense = new Dense(data, w1, gradH1, hp);
        Products perInput = new PerInput(data, w1, hp, event);
        products = switch (kernel) {
            case "event" -> event;
            case "per-input" -> perInput;
            default -> dense;
        };
        check(event, dense);
        requireClose("h1", perInput.h1(), dense.h1());
    }

    /** Both products equal up to summation order (the event-driven h1 adds input groups first, the dense one input by input). */
    private static void check(Products event, Products dense) {
        event.inputCurrents();
        dense.inputCurrents();
        requireClose("h1", event.h1(), dense.h1());
        event.weightGradient();
        dense.weightGradient();
        requireClose("dW1", event.gradW1(), dense.gradW1());
    }

    private static void requireClose(String what, float[] a, float[] b) {
        double scale = 0;
        for (float v : b) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-4 * scale) throw new IllegalStateException(what + ": event-driven and dense differ at " + i);
        }
    }

    @Benchmark
    public Object inputCurrents() {
        products.inputCurrents();
        return products;
    }

    @Benchmark
    public Object weightGradient() {
        products.weightGradient();
        return products;
    }

    /**
     * h1 one sample at a time into one scratch row, as the engine's per-thread workspace; every
     * sample's h1 is kept only when {@link #h1()} asks for it, to check against the dense product.
     */
    private abstract static class SampleBySample implements Products {
        final float[] w1;
        final int hp;
        private final float[] h1;      // (steps, hp)
        private final float[] allH1;   // (batch * rows, hp)

        SampleBySample(float[] w1, int hp) {
            this.w1 = w1;
            this.hp = hp;
            this.h1 = new float[STEPS * hp];
            this.allH1 = new float[BATCH * ROWS * hp];
        }

        /** Work done once per batch before its samples (the engine's once-per-step work). */
        void beforeSamples() {}

        /** h1 (rows, hp) of sample {@code b} into {@code h1}. */
        abstract void sampleInputCurrents(int b, float[] h1);

        @Override
        public void inputCurrents() {
            inputCurrents(false);
        }

        @Override
        public float[] h1() {
            inputCurrents(true);
            return allH1;
        }

        private void inputCurrents(boolean keep) {
            beforeSamples();
            for (int b = 0; b < BATCH; b++) {
                sampleInputCurrents(b, h1);
                if (keep) System.arraycopy(h1, 0, allH1, b * ROWS * hp, ROWS * hp);
            }
        }
    }

    /** The engine's kernels, sample by sample and column block by column block as the network calls them. */
    private static final class EventDriven extends SampleBySample {
        private final SpikeEvents events;
        private final float[][] gradH1;
        private final int block, forwardBlock;
        private final float[] groupSumTable;   // rebuilt for every batch, as the engine does once per step
        private final float[] gradW1;          // (inputs, hp)

        EventDriven(SpikeDataset data, float[] w1, float[][] gradH1, int hp) {
            super(w1, hp);
            this.events = new SpikeEvents(data, WorkerPool.shared(), 1);
            events.stepsByInput();
            this.gradH1 = gradH1;
            this.block = Network.columnBlock(INPUTS, hp, Lanes.LENGTH);
            this.forwardBlock = Network.columnBlock(InputProducts.groupSumRows(INPUTS), hp, Lanes.LENGTH);
            this.groupSumTable = new float[InputProducts.groupSumRows(INPUTS) * hp];
            this.gradW1 = new float[INPUTS * hp];
        }

        @Override
        void beforeSamples() {
            InputProducts.groupSums(w1, INPUTS, hp, groupSumTable);
        }

        @Override
        void sampleInputCurrents(int b, float[] h1) {
            for (int from = 0; from < hp; from += forwardBlock) {
                InputProducts.inputCurrents(events.groupsByStep(), b, ROWS, groupSumTable, hp, from, Math.min(hp, from + forwardBlock), h1);
            }
        }

        @Override
        public float[] gradW1() {
            return gradW1;
        }

        @Override
        public void weightGradient() {
            Arrays.fill(gradW1, 0f);
            for (int b = 0; b < BATCH; b++) {
                for (int from = 0; from < hp; from += block) {
                    InputProducts.accumulateWeightGradient(events.stepsByInput(), b, INPUTS, gradH1[b], hp, from, Math.min(hp, from + block), gradW1);
                }
            }
        }
    }

    /** h1 with one W1 row per spiking input ({@link PerInputEvents}, the engine's kernel before input groups); dW1 as the engine. */
    private static final class PerInput extends SampleBySample {
        private final PerInputEvents events;
        private final Products sameGradient;

        PerInput(SpikeDataset data, float[] w1, int hp, Products engine) {
            super(w1, hp);
            this.events = new PerInputEvents(data);
            this.sameGradient = engine;
        }

        @Override
        void sampleInputCurrents(int b, float[] h1) {
            events.inputCurrents(b, ROWS, w1, hp, h1);
        }

        @Override
        public void weightGradient() {
            sameGradient.weightGradient();
        }

        @Override
        public float[] gradW1() {
            return sameGradient.gradW1();
        }
    }

    /** Register-tiled dense products over x expanded to 0/1 floats, (batch * rows, inputs). */
    private static final class Dense implements Products {
        private final float[] x, xT, w1, gradH1, h1, gradW1;   // x (batch * rows, inputs), xT its transpose
        private final int hp;

        Dense(SpikeDataset data, float[] w1, float[][] gradH1, int hp) {
            this.hp = hp;
            this.w1 = w1;
            x = new float[BATCH * ROWS * INPUTS];
            xT = new float[BATCH * ROWS * INPUTS];
            this.gradH1 = new float[BATCH * ROWS * hp];
            for (int b = 0; b < BATCH; b++) {
                for (int t = 0; t < ROWS; t++) {
                    for (int i = 0; i < INPUTS; i++) {
                        float spike = data.spike(b, t, i) ? 1f : 0f;
                        x[(b * ROWS + t) * INPUTS + i] = spike;
                        xT[i * BATCH * ROWS + b * ROWS + t] = spike;
                    }
                }
                System.arraycopy(gradH1[b], 0, this.gradH1, b * ROWS * hp, ROWS * hp);
            }
            h1 = new float[BATCH * ROWS * hp];
            gradW1 = new float[INPUTS * hp];
        }

        @Override
        public void inputCurrents() {
            DenseProducts.inputCurrents(x, BATCH * ROWS, INPUTS, w1, hp, h1);
        }

        @Override
        public void weightGradient() {
            DenseProducts.weightGradient(xT, BATCH * ROWS, INPUTS, gradH1, hp, gradW1);
        }

        @Override
        public float[] h1() {
            return h1;
        }

        @Override
        public float[] gradW1() {
            return gradW1;
        }
    }
}
