package org.snnloc.backend.scalar;

import org.snnloc.backend.BatchTrace;
import org.snnloc.backend.Engine;
import org.snnloc.backend.InputGroups;
import org.snnloc.backend.PreparedData;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.model.Surrogate;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.train.Adam;
import org.snnloc.train.AdamConfig;

/**
 * The reference engine: SPEC.md section 2 as plain loops, the truth the fast engines are tested
 * against. Index names follow the spec: b sample, t step, i input, j hidden neuron, c class.
 */
final class ScalarEngine implements Engine {
    private final NetworkConfig net;
    private final Adam adam;
    private final float alpha;
    private final float[] readoutCoefficient; // (steps): c_t = scale * sum_{n=0}^{T-2-t} alpha^n, c_{T-1} = 0

    private Parameters parameters;
    private final float[] w1;        // (inputs, hidden) effective |w1| * sign1
    private final float[] w2;        // (hidden, classes) effective
    private final float[] gradW1;    // (inputs, hidden) dL/dW1 effective, then raw
    private final float[] gradW2;    // (hidden, classes)
    private final float[] rawGradW1;
    private final float[] rawGradW2;
    private final float[] adamM1, adamV1, adamM2, adamV2;
    private final int[] active;      // (inputs) active input indices of one (sample, step)
    private final float[] groupSum;  // (hidden) W1 rows of one input group's active inputs, summed

    private int capacity;            // batch size the buffers below hold
    private float[] h1;              // (batch, steps, hidden) input current x W1
    private float[] v;               // (batch, steps, hidden) v[b, k+1] = v_k, v[b, 0] = 0
    private float[] sRec;            // (batch, steps, hidden) s_rec
    private float[] vRec;            // (batch, steps, classes)
    private float[] m;               // (batch, classes)
    private float[] gradM;           // (batch, classes)
    private float[] gradSRec;        // (batch, steps, hidden)
    private float[] gradH1;          // (batch, steps, hidden)

    ScalarEngine(NetworkConfig net, AdamConfig adamConfig) {
        this.net = net;
        this.adam = new Adam(adamConfig);
        this.alpha = net.alpha();
        int I = net.inputs(), H = net.hidden(), C = net.classes(), T = net.steps();
        readoutCoefficient = net.readoutCoefficients();
        w1 = new float[I * H];
        w2 = new float[H * C];
        gradW1 = new float[I * H];
        gradW2 = new float[H * C];
        rawGradW1 = new float[I * H];
        rawGradW2 = new float[H * C];
        adamM1 = new float[I * H];
        adamV1 = new float[I * H];
        adamM2 = new float[H * C];
        adamV2 = new float[H * C];
        active = new int[I];
        groupSum = new float[H];
    }

    @Override
    public NetworkConfig network() {
        return net;
    }

    @Override
    public void setParameters(Parameters p) {
        if (!p.config().equals(net)) throw new IllegalArgumentException("parameters are for another network shape");
        parameters = p.copy();
        java.util.Arrays.fill(adamM1, 0f);
        java.util.Arrays.fill(adamV1, 0f);
        java.util.Arrays.fill(adamM2, 0f);
        java.util.Arrays.fill(adamV2, 0f);
        adam.reset();
        refreshEffectiveWeights();
    }

    @Override
    public Parameters parameters() {
        return requireParameters().copy();
    }

    @Override
    public float[] train(PreparedData data, int[] order, int batchSize) {
        SpikeDataset set = data.source();
        Parameters p = requireParameters();
        int steps = order.length / batchSize;
        float[] losses = new float[steps];
        ensureCapacity(batchSize);
        for (int step = 0; step < steps; step++) {
            int from = step * batchSize;
            forward(set, order, from, batchSize);
            losses[step] = lossAndGradient(set, order, from, batchSize);
            backward(set, order, from, batchSize);
            Parameters.rawGradient(gradW1, p.w1(), p.sign1(), net.hidden(), rawGradW1);
            Parameters.rawGradient(gradW2, p.w2(), p.sign2(), net.classes(), rawGradW2);
            Adam.StepScalars k = adam.nextStep();
            Adam.update(p.w1(), rawGradW1, adamM1, adamV1, k);
            Adam.update(p.w2(), rawGradW2, adamM2, adamV2, k);
            refreshEffectiveWeights();
        }
        return losses;
    }

    @Override
    public float[] logits(PreparedData data) {
        SpikeDataset set = data.source();
        requireParameters();
        int n = set.size(), C = net.classes();
        float[] out = new float[n * C];
        int chunk = Math.max(1, Math.min(n, 256));
        ensureCapacity(chunk);
        int[] order = new int[n];
        for (int s = 0; s < n; s++) order[s] = s;
        for (int from = 0; from < n; from += chunk) {
            int count = Math.min(chunk, n - from);
            forward(set, order, from, count);
            System.arraycopy(m, 0, out, from * C, count * C);
        }
        return out;
    }

    @Override
    public BatchTrace trace(PreparedData data, int[] samples) {
        SpikeDataset set = data.source();
        Parameters p = requireParameters();
        int B = samples.length, T = net.steps(), H = net.hidden(), C = net.classes();
        ensureCapacity(B);
        forward(set, samples, 0, B);
        float loss = lossAndGradient(set, samples, 0, B);
        backward(set, samples, 0, B);
        Parameters.rawGradient(gradW1, p.w1(), p.sign1(), H, rawGradW1);
        Parameters.rawGradient(gradW2, p.w2(), p.sign2(), C, rawGradW2);
        return new BatchTrace(B, java.util.Arrays.copyOf(sRec, B * T * H), java.util.Arrays.copyOf(vRec, B * T * C),
                java.util.Arrays.copyOf(m, B * C), loss, rawGradW1.clone(), rawGradW2.clone());
    }

    /** Layer 1 (LIF with reset by multiplication), layer 2 (leaky integrator) and the readout m. */
    private void forward(SpikeDataset set, int[] order, int from, int batch) {
        int T = net.steps(), H = net.hidden(), C = net.classes();
        float threshold = net.threshold();
        for (int b = 0; b < batch; b++) {
            int sample = order[from + b];
            int base = b * T * H;
            // h1(b, t, :) = x(b, t, :) W1: the rows of W1 of the inputs that spike, summed within each
            // group of consecutive inputs, then group by group (InputGroups: the simd backend's order)
            java.util.Arrays.fill(h1, base, base + T * H, 0f);
            for (int t = 0; t < T; t++) {
                int count = set.activeInputs(sample, t, active);
                int row = base + t * H;
                for (int a = 0; a < count; ) {
                    int group = InputGroups.of(active[a]);
                    System.arraycopy(w1, active[a++] * H, groupSum, 0, H);
                    for (; a < count && InputGroups.of(active[a]) == group; a++) {
                        int wRow = active[a] * H;
                        for (int j = 0; j < H; j++) groupSum[j] += w1[wRow + j];
                    }
                    for (int j = 0; j < H; j++) h1[row + j] += groupSum[j];
                }
            }
            // v_new = (alpha v + h1(t)) (1 - s);  s = H(v - threshold) from the old v;  s_rec[t+1] = s
            for (int j = 0; j < H; j++) {
                v[base + j] = 0f;
                sRec[base + j] = 0f;
            }
            for (int k = 0; k < T - 1; k++) {
                int now = base + k * H, next = now + H;
                for (int j = 0; j < H; j++) {
                    float vOld = v[now + j];
                    float sOld = sRec[now + j];
                    v[next + j] = (alpha * vOld + h1[now + j]) * (1f - sOld);
                    sRec[next + j] = Surrogate.heaviside(vOld - threshold);
                }
            }
            // h2 = s_rec W2;  u = alpha u + h2(t);  v_rec[t+1] = u;  m = scale * sum_t v_rec
            int outBase = b * T * C;
            for (int c = 0; c < C; c++) vRec[outBase + c] = 0f;
            for (int k = 0; k < T - 1; k++) {
                for (int c = 0; c < C; c++) {
                    float h2 = 0f;
                    for (int j = 0; j < H; j++) h2 += sRec[base + k * H + j] * w2[j * C + c];
                    vRec[outBase + (k + 1) * C + c] = alpha * vRec[outBase + k * C + c] + h2;
                }
            }
            for (int c = 0; c < C; c++) {
                float sum = 0f;
                for (int t = 0; t < T; t++) sum += vRec[outBase + t * C + c];
                m[b * C + c] = sum * net.readoutScale();
            }
        }
    }

    /** Mean NLL of log-softmax(m); leaves dL/dm = (softmax(m) - onehot(y)) / batch in gradM. */
    private float lossAndGradient(SpikeDataset set, int[] order, int from, int batch) {
        int C = net.classes();
        double total = 0;
        for (int b = 0; b < batch; b++) {
            int label = set.label(order[from + b]);
            int row = b * C;
            float max = m[row];
            for (int c = 1; c < C; c++) max = Math.max(max, m[row + c]);
            double sumExp = 0;
            for (int c = 0; c < C; c++) sumExp += Math.exp(m[row + c] - max);
            double logSumExp = Math.log(sumExp);
            total -= (m[row + label] - max) - logSumExp;
            for (int c = 0; c < C; c++) {
                double softmax = Math.exp(m[row + c] - max - logSumExp);
                gradM[row + c] = (float) ((softmax - (c == label ? 1 : 0)) / batch);
            }
        }
        return (float) (total / batch);
    }

    /** Backpropagation through time; leaves dL/dW1 and dL/dW2 (effective weights) in gradW1, gradW2. */
    private void backward(SpikeDataset set, int[] order, int from, int batch) {
        int T = net.steps(), H = net.hidden(), C = net.classes();
        float threshold = net.threshold(), beta = net.surrogateBeta();
        java.util.Arrays.fill(gradW1, 0f);
        java.util.Arrays.fill(gradW2, 0f);
        for (int b = 0; b < batch; b++) {
            int base = b * T * H;
            // Layer 2 needs no time loop: dL/dh2(t) = c_t dL/dm.
            //   dW2(j, c) += s_rec(t, j) dL/dh2(t, c);  dL/ds_rec(t, j) = sum_c dL/dh2(t, c) W2(j, c)
            for (int t = 0; t < T; t++) {
                float coefficient = readoutCoefficient[t];
                for (int j = 0; j < H; j++) {
                    float spike = sRec[base + t * H + j];
                    float gradSpike = 0f;
                    for (int c = 0; c < C; c++) {
                        float gradH2 = coefficient * gradM[b * C + c];
                        gradW2[j * C + c] += spike * gradH2;
                        gradSpike += gradH2 * w2[j * C + c];
                    }
                    gradSRec[base + t * H + j] = gradSpike;
                }
            }
            // Layer 1 through time. With v_k = (alpha v_{k-1} + h1_k)(1 - s_{k-1}) and s_k = H(v_{k-1} - thr):
            //   dL/ds_k = dL/ds_rec(k+1) - (alpha v_k + h1_{k+1}) dL/dv_{k+1}          (spike out + reset factor)
            //   dL/dv_k = alpha (1 - s_k) dL/dv_{k+1} + surrogate'(v_k - thr) dL/ds_{k+1}
            //   dL/dh1_k = (1 - s_{k-1}) dL/dv_k
            for (int j = 0; j < H; j++) {
                gradH1[base + (T - 1) * H + j] = 0f;
                float gradVNext = 0f, gradSNext = 0f;
                for (int k = T - 2; k >= 0; k--) {
                    int at = base + (k + 1) * H + j;          // v_k, s_k live at index k + 1
                    float vK = v[at], sK = sRec[at], sPrev = sRec[at - H];
                    float gradS = gradSRec[at];
                    float gradV = 0f;
                    if (k + 1 <= T - 2) {
                        gradS -= (alpha * vK + h1[at]) * gradVNext;
                        gradV = alpha * (1f - sK) * gradVNext + gradSNext * Surrogate.sigmoidDerivative(vK - threshold, beta);
                    }
                    gradH1[base + k * H + j] = (1f - sPrev) * gradV;
                    gradVNext = gradV;
                    gradSNext = gradS;
                }
            }
            // dW1(i, :) += dL/dh1(t, :) for each input i that spiked at t
            int sample = order[from + b];
            for (int t = 0; t < T - 1; t++) {
                int count = set.activeInputs(sample, t, active);
                int row = base + t * H;
                for (int a = 0; a < count; a++) {
                    int wRow = active[a] * H;
                    for (int j = 0; j < H; j++) gradW1[wRow + j] += gradH1[row + j];
                }
            }
        }
    }

    private void refreshEffectiveWeights() {
        Parameters.effective(parameters.w1(), parameters.sign1(), net.hidden(), w1);
        Parameters.effective(parameters.w2(), parameters.sign2(), net.classes(), w2);
    }

    private Parameters requireParameters() {
        if (parameters == null) throw new IllegalStateException("setParameters must be called first");
        return parameters;
    }

    private void ensureCapacity(int batch) {
        if (batch <= capacity) return;
        int T = net.steps(), H = net.hidden(), C = net.classes();
        capacity = batch;
        h1 = new float[batch * T * H];
        v = new float[batch * T * H];
        sRec = new float[batch * T * H];
        gradSRec = new float[batch * T * H];
        gradH1 = new float[batch * T * H];
        vRec = new float[batch * T * C];
        m = new float[batch * C];
        gradM = new float[batch * C];
    }
}
