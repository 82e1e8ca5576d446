package org.snnloc.backend.scalar;

import org.snnloc.backend.InputGroups;
import org.snnloc.backend.cpu.EventLists;
import org.snnloc.backend.cpu.Kernels;
import org.snnloc.model.Surrogate;
import org.snnloc.model.WeightMap;
import org.snnloc.train.Adam;

/**
 * The reference primitives: each {@link Kernels} method as plain loops, one element at a time, in
 * the order of operations that defines the result. The Vector API kernels compute exactly this,
 * lane by lane. Not final only so that the gradient check can swap the spike for a smooth step.
 * Index names: t or n step, i input, j hidden neuron (column), k class, b sample.
 */
public class ScalarKernels implements Kernels {

    @Override
    public String description() {
        return "plain Java loops";
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void groupSums(float[] w1, int inputs, int hp, int group, float[] table) {
        int firstInput = group * InputGroups.SIZE, members = Math.min(InputGroups.SIZE, inputs - firstInput);
        int base = group * InputGroups.PATTERNS * hp;
        for (int b = 0; b < members; b++) {
            int single = 1 << b, w = (firstInput + b) * hp;
            System.arraycopy(w1, w, table, base + single * hp, hp);
            for (int lower = 1; lower < single; lower++) {
                int from = base + lower * hp, to = base + (single | lower) * hp;
                for (int j = 0; j < hp; j++) table[to + j] = table[from + j] + w1[w + j];
            }
        }
    }

    @Override
    public void inputCurrents(EventLists groupsByStep, int sample, int rows, float[] table, int hp, int from, int to, float[] h1) {
        char[] active = groupsByStep.items(sample);
        for (int t = 0; t < rows; t++) {
            int begin = groupsByStep.begin(sample, t), end = groupsByStep.end(sample, t);
            for (int j = from; j < to; j++) {
                float sum = 0f;
                for (int e = begin; e < end; e++) sum += table[active[e] * hp + j];
                h1[t * hp + j] = sum;
            }
        }
    }

    @Override
    public void lifForward(float[] pre, float[] spikes, int steps, int hp, int from, int to, float alpha, float threshold) {
        for (int j = from; j < to; j++) spikes[j] = 0f;
        if (steps < 2) return;
        for (int j = from; j < to; j++) {
            pre[j] = 0f + pre[j];                                    // P[0] = alpha V[0] + h1[0], V[0] = 0
            spikes[hp + j] = Surrogate.heaviside(0f - threshold);   // S[1] = H(V[0] - threshold)
        }
        for (int n = 1; n < steps - 1; n++) {
            int row = n * hp, previous = row - hp, next = row + hp;
            for (int j = from; j < to; j++) {
                float v = pre[previous + j] * (1f - spikes[previous + j]);   // V[n] = P[n-1] (1 - S[n-1])
                pre[row + j] = v * alpha + pre[row + j];
                spikes[next + j] = Surrogate.heaviside(v - threshold);
            }
        }
    }

    @Override
    public void weightedSpikeSums(float[] spikes, int steps, int hp, float[] c, float[] r, int rAt) {
        for (int j = 0; j < hp; j++) {
            float sum = 0f;
            for (int n = 1; n < steps; n++) sum += spikes[n * hp + j] * c[n];
            r[rAt + j] = sum;
        }
    }

    @Override
    public void readout(float[] r, int rAt, float[] w2, int hidden, int cp, float[] m) {
        for (int k = 0; k < cp; k++) {
            float sum = 0f;
            for (int j = 0; j < hidden; j++) sum = Math.fma(r[rAt + j], w2[j * cp + k], sum);
            m[k] = sum;
        }
    }

    @Override
    public void spikeGradient(float[] gradM, int at, float[] w2t, int classes, int hp, float[] q) {
        for (int j = 0; j < hp; j++) {
            float sum = 0f;
            for (int k = 0; k < classes; k++) sum = Math.fma(w2t[k * hp + j], gradM[at + k], sum);
            q[j] = sum;
        }
    }

    @Override
    public void lifBackward(float[] pre, float[] spikes, float[] q, float[] c, int steps, int hp, int from, int to, float alpha,
                            float threshold, Surrogate surrogate, float[] gradH1) {
        int last = steps - 1;
        for (int j = from; j < to; j++) gradH1[last * hp + j] = 0f;
        if (last == 0) return;
        // The slopes first, parked in gh1[n-1], which the recurrence reads just before it overwrites that row.
        for (int n = 1; n < last; n++) {
            int previous = (n - 1) * hp;
            for (int j = from; j < to; j++) {
                float v = pre[previous + j] * (1f - spikes[previous + j]);
                gradH1[previous + j] = surrogate.slope(v - threshold);
            }
        }
        for (int j = from; j < to; j++) {
            float gS = q[j] * c[last];
            float gV = 0f;
            gradH1[(last - 1) * hp + j] = 0f;
            for (int n = last - 1; n >= 1; n--) {
                int row = n * hp + j, previous = row - hp;
                float slope = gradH1[previous];
                float gSn = q[j] * c[n] - pre[row] * gV;
                float gVn = (1f - spikes[row]) * alpha * gV + gS * slope;
                gradH1[previous] = (1f - spikes[previous]) * gVn;
                gV = gVn;
                gS = gSn;
            }
        }
    }

    @Override
    public void accumulateWeightGradient(EventLists stepsByInput, int sample, int inputs, float[] gradH1, int hp, int from, int to,
                                         float[] gradW1) {
        char[] steps = stepsByInput.items(sample);
        for (int i = 0; i < inputs; i++) {
            int begin = stepsByInput.begin(sample, i), end = stepsByInput.end(sample, i);
            for (int j = from; j < to; j++) {
                float sum = gradW1[i * hp + j];
                for (int e = begin; e < end; e++) sum += gradH1[steps[e] * hp + j];
                gradW1[i * hp + j] = sum;
            }
        }
    }

    @Override
    public void weightGradientRow(float[] r, float[] gradM, int batch, int classes, int k, int hp, float[] gradW2t) {
        for (int j = 0; j < hp; j++) {
            float sum = 0f;
            for (int b = 0; b < batch; b++) sum = Math.fma(r[b * hp + j], gradM[b * classes + k], sum);
            gradW2t[k * hp + j] = sum;
        }
    }

    @Override
    public void addTo(float[] part, float[] sum, int at, int length) {
        for (int i = at; i < at + length; i++) sum[i] += part[i];
    }

    @Override
    public void effective(WeightMap.Elementwise map, float[] raw, float[] signs, int at, int length, float[] effective) {
        map.effective(raw, signs, at, length, effective);
    }

    @Override
    public void pullback(WeightMap.Elementwise map, float[] grad, float[] raw, float[] signs, int at, int length) {
        map.pullback(grad, raw, signs, at, length);
    }

    @Override
    public void project(WeightMap.Elementwise map, float[] raw, int at, int length) {
        map.project(raw, at, length);
    }

    @Override
    public void adam(float[] raw, float[] grad, float[] m, float[] v, int at, int length, Adam.StepScalars k) {
        for (int i = at; i < at + length; i++) {
            float g = grad[i];
            m[i] = m[i] * k.beta1() + g * k.oneMinusBeta1();
            v[i] = v[i] * k.beta2() + g * g * k.oneMinusBeta2();
            float denominator = (float) Math.sqrt(v[i]) / k.sqrtBiasCorrection2() + k.epsilon();
            raw[i] = raw[i] - m[i] / denominator * k.stepSize();
        }
    }
}
