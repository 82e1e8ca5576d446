package org.snnloc.backend.simd;

import org.snnloc.backend.cpu.EventLists;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Surrogate;
import org.snnloc.model.WeightMap;
import org.snnloc.train.Adam;
import org.snnloc.train.AdamConfig;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the vector kernels compiled by C2 before the first real step. Vector API code runs as
 * plain Java objects until C2 compiles it, some fifty times slower, and C2 compiles a method only
 * after thousands of calls: with real batches that took the first one to two seconds of a
 * training. Here each kernel is called thousands of times on inputs a few vectors wide, which
 * costs little even in the slow tiers, in a background thread while the caller generates data.
 *
 * <p>The inputs cover every branch (lists of 0 to 3 events, odd and even row counts, signed and
 * unconstrained layers), so the compiled code is not thrown away when real data arrives. Nothing
 * here is shared with real engines, so it cannot change a result. It runs once per JVM.
 */
final class KernelWarmUp {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final WeightMap.Elementwise ABS = new WeightMap.Abs(), NONE = new WeightMap.None();
    /**
     * C2 compiles a method after about 5,000 calls ({@code Tier4InvocationThreshold}); the
     * launcher scales the thresholds of this package by 0.3 ({@code -XX:CompileCommand=CompileThresholdScaling}),
     * so about 1,500 calls do, and the warm-up spends a third of the time it did in the slow tiers.
     * Run without the launcher, the kernels reach C2 a little later, on real batches.
     */
    static final int CALLS = 2000;
    /**
     * One call in this many uses the wide rows that take every column path: 500 calls, each with 3
     * or 4 rows of the block kernels, which so pass the lowered threshold too.
     */
    static final int WIDE_EVERY = 4;

    private KernelWarmUp() {}

    static void startOnce() {
        if (!STARTED.compareAndSet(false, true)) return;
        Thread thread = new Thread(KernelWarmUp::run, "snnloc-simd-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        // Three calls in four use rows of one vector: in the slow tiers every vector operation is
        // an object, so a call costs in proportion to the vectors it touches (the warm-up took 20%
        // less CPU than with seven-vector rows throughout). Every WIDE_EVERY-th call uses rows of
        // seven vectors: a four-vector block and a three-vector tail (a pair and a lone vector) for
        // the event kernels, three pairs and a lone vector for the LIF forward, so every column path
        // runs often enough for C2 and none is compiled as never taken (a trap and a recompile at
        // the first real batch).
        Shapes small = new Shapes(Lanes.LENGTH), wide = new Shapes(7 * Lanes.LENGTH);
        for (int call = 0; call < CALLS; call++) (call % WIDE_EVERY == 0 ? wide : small).call();
    }

    /** Every kernel's inputs for rows of {@code hp} floats, 5 steps and 4 inputs. */
    private static final class Shapes {
        private static final int STEPS = 5, INPUTS = 4;
        private final int hp;
        private final EventLists byStep = new EventLists(1, STEPS), byInput = new EventLists(1, INPUTS);
        private final float[] w, table, pre, spikes, grad, q, r, gradW, signs, moment1, moment2, raw, effective, coefficients;
        private final float[] gradM = new float[2], logits = new float[Lanes.LENGTH];
        private final Adam.StepScalars step = Adam.scalars(AdamConfig.notebook(), 1);
        private int calls;

        Shapes(int hp) {
            this.hp = hp;
            byStep.put(0, new char[] {1, 5, 15, 3, 8, 12, 2}, new int[] {0, 0, 1, 3, 6, 7});  // 0, 1, 2, 3 and 1 groups per step
            byInput.put(0, new char[] {1, 0, 2, 3, 1, 4}, new int[] {0, 0, 1, 3, 6});        // 0, 1, 2 and 3 steps per input
            w = new float[INPUTS * hp];
            table = new float[InputProducts.groupSumRows(INPUTS) * hp];
            pre = new float[STEPS * hp];
            spikes = new float[STEPS * hp];
            grad = new float[STEPS * hp];
            q = new float[hp];
            r = new float[hp];
            gradW = new float[INPUTS * hp];
            signs = new float[INPUTS * hp];
            moment1 = new float[INPUTS * hp];
            moment2 = new float[INPUTS * hp];
            raw = new float[INPUTS * hp];
            effective = new float[INPUTS * hp];
            coefficients = NetworkConfig.notebook().withSizes(INPUTS, hp, 2, STEPS).readoutCoefficients();
            for (int i = 0; i < w.length; i++) {
                w[i] = (i % 5 - 2) * 0.3f;
                signs[i] = i % 3 == 0 ? -1f : 1f;
            }
            for (int j = 0; j < hp; j++) q[j] = (j % 3 - 1) * 0.1f;
        }

        /** Each kernel once; successive calls alternate the branches they take. */
        void call() {
            int call = calls++;
            int rows = call % 2 == 0 ? STEPS - 1 : STEPS - 2;                  // odd and even row counts
            InputProducts.groupSums(w, INPUTS, hp, table);
            InputProducts.inputCurrents(byStep, 0, rows, table, hp, 0, hp, pre);
            Lif.forward(pre, spikes, STEPS, hp, 0, call % 2 == 0 ? hp : hp - Lanes.LENGTH, 0.8f, 0.5f);   // with and without a lone vector
            Readout.weightedSpikeSums(spikes, STEPS, hp, coefficients, r, 0);
            Readout.logits(r, 0, w, 2, Lanes.LENGTH, logits);
            Readout.spikeGradient(gradM, 0, w, 2, hp, q);
            Lif.backward(pre, spikes, q, coefficients, STEPS, hp, 0, hp, 0.8f, 0.5f, Surrogate.notebook(), grad);
            InputProducts.accumulateWeightGradient(byInput, 0, INPUTS, grad, hp, 0, hp, gradW);
            Readout.weightGradientRow(r, gradM, 1, 2, call % 2, hp, gradW);
            WeightKernels.addTo(grad, gradW, 0, hp);
            System.arraycopy(w, 0, raw, 0, hp);
            WeightMap.Elementwise map = call % 2 == 0 ? ABS : NONE;
            WeightKernels.pullback(map, gradW, w, signs, 0, hp);
            WeightKernels.adam(raw, gradW, moment1, moment2, 0, hp, step);
            WeightKernels.effective(map, w, signs, 0, hp, effective);
            gradM[0] = 0.1f * (call % 7 - 3);
            gradM[1] = -gradM[0];
            q[call % hp] = 0.05f * (call % 5 - 2);
        }
    }
}
