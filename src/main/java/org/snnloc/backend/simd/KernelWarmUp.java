package org.snnloc.backend.simd;

import org.snnloc.model.NetworkConfig;
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
    /**
     * C2 compiles a method after about 5,000 calls ({@code Tier4InvocationThreshold}); the
     * launcher scales the thresholds of this package by 0.3 ({@code -XX:CompileCommand=CompileThresholdScaling}),
     * so about 1,500 calls do, and the warm-up spends a third of the time it did in the slow tiers.
     * Run without the launcher, the kernels reach C2 a little later, on real batches.
     */
    static final int CALLS = 2000;

    private KernelWarmUp() {}

    static void startOnce() {
        if (!STARTED.compareAndSet(false, true)) return;
        Thread thread = new Thread(KernelWarmUp::run, "snnloc-simd-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        // Rows of seven vectors: a four-vector block and a three-vector tail (a pair and a lone vector)
        // for the event kernels, three pairs and a lone vector for the LIF forward: every column path
        // runs, so none is compiled as never taken (a trap and a recompile at the first real batch).
        int hp = 7 * Lanes.LENGTH, steps = 5, inputs = 4;
        EventLists byStep = new EventLists(1, steps), byInput = new EventLists(1, inputs);
        byStep.put(0, new char[] {1, 5, 15, 3, 8, 12, 2}, new int[] {0, 0, 1, 3, 6, 7});  // 0, 1, 2, 3 and 1 groups per step
        byInput.put(0, new char[] {1, 0, 2, 3, 1, 4}, new int[] {0, 0, 1, 3, 6});        // 0, 1, 2 and 3 steps per input
        float[] w = new float[inputs * hp], table = new float[InputProducts.groupSumRows(inputs) * hp];
        float[] pre = new float[steps * hp], spikes = new float[steps * hp], grad = new float[steps * hp];
        float[] q = new float[hp], r = new float[hp], m = new float[2], gradM = new float[2], lanes = new float[Lanes.LENGTH];
        float[] gradW = new float[inputs * hp], signs = new float[inputs * hp], moment1 = new float[inputs * hp], moment2 = new float[inputs * hp];
        float[] raw = new float[inputs * hp], effective = new float[inputs * hp], coefficients = NetworkConfig.notebook().withSizes(inputs, hp, 2, steps).readoutCoefficients();
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 5 - 2) * 0.3f;
            signs[i] = i % 3 == 0 ? -1f : 1f;
        }
        for (int j = 0; j < hp; j++) q[j] = (j % 3 - 1) * 0.1f;
        Adam.StepScalars step = Adam.scalars(AdamConfig.notebook(), 1);
        for (int call = 0; call < CALLS; call++) {
            int rows = call % 2 == 0 ? steps - 1 : steps - 2;                  // odd and even row counts
            InputProducts.groupSums(w, inputs, hp, table);
            InputProducts.inputCurrents(byStep, 0, rows, table, hp, 0, hp, pre);
            Lif.forward(pre, spikes, steps, hp, 0, call % 2 == 0 ? hp : hp - Lanes.LENGTH, 0.8f, 0.5f);   // with and without a lone vector
            Readout.weightedSpikeSums(spikes, steps, hp, coefficients, r, 0);
            Readout.logits(r, 0, w, 2, hp, m, 0, lanes);
            Readout.spikeGradient(gradM, 0, w, 2, hp, q);
            Lif.backward(pre, spikes, q, coefficients, steps, hp, 0, hp, 0.8f, 0.5f, 5f, grad);
            InputProducts.accumulateWeightGradient(byInput, 0, inputs, grad, hp, 0, hp, gradW);
            Readout.weightGradientRow(r, gradM, 1, 2, call % 2, hp, gradW);
            WeightKernels.addTo(grad, gradW, 0, hp);
            System.arraycopy(w, 0, raw, 0, hp);
            WeightKernels.adamStep(raw, gradW, call % 2 == 0 ? signs : null, moment1, moment2, effective, 0, hp, step);
            WeightKernels.effective(w, call % 2 == 0 ? signs : null, 0, hp, effective);
            WeightKernels.rawGradient(gradW, w, call % 2 == 0 ? signs : null, 0, hp);
            gradM[0] = 0.1f * (call % 7 - 3);
            gradM[1] = -gradM[0];
            q[call % hp] = 0.05f * (call % 5 - 2);
        }
    }
}
