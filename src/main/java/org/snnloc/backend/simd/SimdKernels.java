package org.snnloc.backend.simd;

import org.snnloc.backend.cpu.EventLists;
import org.snnloc.backend.cpu.Kernels;
import org.snnloc.model.Surrogate;
import org.snnloc.model.WeightMap;
import org.snnloc.train.Adam;

/**
 * The Vector API primitives: {@link Kernels} on vectors of {@link Lanes#SPECIES}, each lane
 * computing what {@code ScalarKernels} computes for its column, so results are the same bits at
 * every width. The kernels themselves are in {@link InputProducts}, {@link Lif}, {@link Readout}
 * and {@link WeightKernels}.
 */
final class SimdKernels implements Kernels {
    static final SimdKernels INSTANCE = new SimdKernels();

    private SimdKernels() {}

    @Override
    public String description() {
        return "Vector API, " + Lanes.describe();
    }

    @Override
    public int lanes() {
        return Lanes.LENGTH;
    }

    @Override
    public void groupSums(float[] w1, int inputs, int hp, int group, float[] table) {
        InputProducts.groupSums(w1, inputs, hp, group, table);
    }

    @Override
    public void inputCurrents(EventLists groupsByStep, int sample, int rows, float[] table, int hp, int from, int to, float[] h1) {
        InputProducts.inputCurrents(groupsByStep, sample, rows, table, hp, from, to, h1);
    }

    @Override
    public void lifForward(float[] pre, float[] spikes, int steps, int hp, int from, int to, float alpha, float threshold) {
        Lif.forward(pre, spikes, steps, hp, from, to, alpha, threshold);
    }

    @Override
    public void weightedSpikeSums(float[] spikes, int steps, int hp, float[] c, float[] r, int rAt) {
        Readout.weightedSpikeSums(spikes, steps, hp, c, r, rAt);
    }

    @Override
    public void readout(float[] r, int rAt, float[] w2, int hidden, int cp, float[] m) {
        Readout.logits(r, rAt, w2, hidden, cp, m);
    }

    @Override
    public void spikeGradient(float[] gradM, int at, float[] w2t, int classes, int hp, float[] q) {
        Readout.spikeGradient(gradM, at, w2t, classes, hp, q);
    }

    @Override
    public void lifBackward(float[] pre, float[] spikes, float[] q, float[] c, int steps, int hp, int from, int to, float alpha,
                            float threshold, Surrogate surrogate, float[] gradH1) {
        Lif.backward(pre, spikes, q, c, steps, hp, from, to, alpha, threshold, surrogate, gradH1);
    }

    @Override
    public void accumulateWeightGradient(EventLists stepsByInput, int sample, int inputs, float[] gradH1, int hp, int from, int to,
                                         float[] gradW1) {
        InputProducts.accumulateWeightGradient(stepsByInput, sample, inputs, gradH1, hp, from, to, gradW1);
    }

    @Override
    public void weightGradientRow(float[] r, float[] gradM, int batch, int classes, int k, int hp, float[] gradW2t) {
        Readout.weightGradientRow(r, gradM, batch, classes, k, hp, gradW2t);
    }

    @Override
    public void addTo(float[] part, float[] sum, int at, int length) {
        WeightKernels.addTo(part, sum, at, length);
    }

    @Override
    public void effective(WeightMap.Elementwise map, float[] raw, float[] signs, int at, int length, float[] effective) {
        WeightKernels.effective(map, raw, signs, at, length, effective);
    }

    @Override
    public void pullback(WeightMap.Elementwise map, float[] grad, float[] raw, float[] signs, int at, int length) {
        WeightKernels.pullback(map, grad, raw, signs, at, length);
    }

    @Override
    public void project(WeightMap.Elementwise map, float[] raw, int at, int length) {
        WeightKernels.project(map, raw, at, length);
    }

    @Override
    public void adam(float[] raw, float[] grad, float[] m, float[] v, int at, int length, Adam.StepScalars k) {
        WeightKernels.adam(raw, grad, m, v, at, length, k);
    }
}
