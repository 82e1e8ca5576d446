// The CUDA engine's own kernels: everything of a training step that is not a matrix product
// (those go through cuBLAS). The network of docs/model.md written for the GPU, one thread per independent
// recurrence, in the same float32 operations and the same order as the scalar reference engine
// (org.snnloc.network.Network over ScalarKernels), so that results match it bit for bit wherever the
// inputs do. Compiled to PTX by build-ptx.sh with --fmad=false: a fused multiply-add rounds once
// where the reference rounds twice, which would move membrane potentials across the threshold.
//
// Layouts are row-major, named as in the Java code:
//   x        (batch, steps, inputs)   0/1 input spikes of one batch
//   h1, v    (batch, steps, hidden)   input current x W1; membrane v[b, k+1] = v_k, v[b, 0] = 0
//   spikes   (batch, steps, hidden)   s_rec; spikes[b, 0] = 0
//   h2, vRec (batch, steps, classes)  hidden current s_rec W2; output membrane v_rec
//   m, gradM (batch, classes)         readout scale * sum_t v_rec, and dL/dm
// Weights are input-major: W1 (inputs, hidden), W2 (hidden, classes); rowSign is null for a
// layer without Dale's law.
//
// Every kernel is launched with a 1-D grid of ceil(n / blockDim) blocks over the n threads it
// needs and returns early past n, except softmax_cross_entropy (one block). The time loops are
// sequential per thread; __restrict__ and unrolling let each thread have several of its
// (independent) loads in flight, which matters when there are few threads (batch 64, hidden 30).

#include <cstdint>

namespace {

__device__ __forceinline__ long long thread_index() {
    return (long long) blockIdx.x * blockDim.x + threadIdx.x;
}

// Heaviside step of the forward pass: x > 0 -> 1.
__device__ __forceinline__ float heaviside(float x) {
    return x > 0.0f ? 1.0f : 0.0f;
}

// Surrogate derivative beta * sigma(beta x) * (1 - sigma(beta x)); sigma is evaluated in double
// and rounded once to float. (The CPU backends use FloatMath.exp and flush slopes below beta e^-60
// to 0: the CUDA engine agrees with them within its tested tolerance, not bit for bit.)
__device__ __forceinline__ float sigmoid_derivative(float x, float beta) {
    float sigma = (float) (1.0 / (1.0 + exp((double) (-beta * x))));
    return beta * sigma * (1.0f - sigma);
}

// The surrogate derivative of the spike at x = v - threshold (model/Surrogate.java), by kind:
// 0 sigmoid, 1 fast-sigmoid, 2 atan, 3 triangle, 4 gaussian, 5 boxcar. `parameter` is the derived
// constant the record computes: pi a / 2 (atan), a / sqrt(pi) (gaussian), 1 / (2a) (boxcar).
__device__ __forceinline__ float surrogate_slope(float x, int kind, float scale, float parameter) {
    switch (kind) {
        case 0: return sigmoid_derivative(x, scale);
        case 1: { float d = 1.0f + scale * fabsf(x); return 1.0f / (d * d); }
        case 2: { float u = x * parameter; return scale * 0.5f / (1.0f + u * u); }
        case 3: return fmaxf(0.0f, 1.0f - scale * fabsf(x));
        case 4: { float z = scale * x; float square = z * z; return square > 60.0f ? 0.0f : parameter * (float) exp((double) -square); }
        default: return fabsf(x) < parameter ? scale : 0.0f;
    }
}

// Math.signum for float: -1, +1, or the argument itself for +-0 (and NaN).
__device__ __forceinline__ float signum(float w) {
    return w > 0.0f ? 1.0f : (w < 0.0f ? -1.0f : w);
}

}  // namespace

extern "C" {

// x(b, t, i) = spike bit i of the row (order[from + b], t) of the packed data set, as 0 or 1.
// bits: (samples, steps, wordsPerRow) 64-bit words, bit i of a row is input i (SpikeDataset).
// order null means the identity: sample from + b.
__global__ void gather_spikes(const unsigned long long* bits, int wordsPerRow, int steps, int inputs,
                              const int* order, int from, int batch, float* x) {
    long long n = (long long) batch * steps * inputs;
    long long k = thread_index();
    if (k >= n) return;
    int i = (int) (k % inputs);
    long long row = k / inputs;                 // b * steps + t
    int t = (int) (row % steps);
    int b = (int) (row / steps);
    long long sample = order != nullptr ? order[from + b] : from + b;
    unsigned long long word = bits[(sample * steps + t) * wordsPerRow + (i >> 6)];
    x[k] = ((word >> (i & 63)) & 1ull) != 0 ? 1.0f : 0.0f;
}

// The weight maps of model/WeightMap.java, by kind: 0 abs, 1 none, 2 rectify, 3 clamp, 4 softplus.
__device__ __forceinline__ float map_effective(float w, float sign, int map) {
    switch (map) {
        case 0: return fabsf(w) * sign;
        case 1: return w;
        case 2: return fmaxf(w, 0.0f) * sign;
        case 3: return w * sign;
        default: return (w > 30.0f ? w : (float) log1p(exp((double) w))) * sign;
    }
}

__device__ __forceinline__ float map_pullback(float g, float w, float sign, int map) {
    switch (map) {
        case 0: return g * sign * (w > 0.0f ? 1.0f : (w < 0.0f ? -1.0f : 0.0f));
        case 1: return g;
        case 2: return w > 0.0f ? g * sign : 0.0f;
        case 3: return g * sign;
        default: return g * sign * (float) (1.0 / (1.0 + exp(-(double) w)));
    }
}

// W = map(w, sign(row)); rowSign is null for a map without row signs.
__global__ void effective_weights(const float* raw, const float* rowSign, int rows, int columns, int map, float* effective) {
    long long n = (long long) rows * columns;
    long long k = thread_index();
    if (k >= n) return;
    effective[k] = map_effective(raw[k], rowSign != nullptr ? rowSign[k / columns] : 1.0f, map);
}

// Layer 1, one thread per (b, j), the recurrence of docs/model.md:
//   v_new = (alpha v + h1(t)) (1 - s);  s = H(v - threshold) from the OLD v;  v = v_new;  s_rec[t+1] = s
__global__ void lif_forward(const float* __restrict__ h1, int batch, int steps, int hidden, float alpha, float threshold,
                            float* __restrict__ v, float* __restrict__ spikes) {
    long long n = (long long) batch * hidden;
    long long k = thread_index();
    if (k >= n) return;
    int j = (int) (k % hidden);
    long long base = (k / hidden) * steps * hidden + j;   // (b, 0, j)
    float vOld = 0.0f, sOld = 0.0f;
    v[base] = 0.0f;
    spikes[base] = 0.0f;
#pragma unroll 4
    for (int t = 0; t < steps - 1; t++) {
        long long now = base + (long long) t * hidden;
        float vNew = (alpha * vOld + h1[now]) * (1.0f - sOld);
        float s = heaviside(vOld - threshold);
        v[now + hidden] = vNew;
        spikes[now + hidden] = s;
        vOld = vNew;
        sOld = s;
    }
}

// Layer 2 and the readout, one thread per (b, c):
//   u = alpha u + h2(t);  v_rec[t+1] = u;  m = readoutScale * sum_t v_rec
// The sum runs in t order from v_rec[0] = 0, as the reference sums after its loop.
__global__ void leaky_readout(const float* __restrict__ h2, int batch, int steps, int classes, float alpha, float readoutScale,
                              float* __restrict__ vRec, float* __restrict__ m) {
    long long n = (long long) batch * classes;
    long long k = thread_index();
    if (k >= n) return;
    int c = (int) (k % classes);
    long long b = k / classes;
    long long base = b * steps * classes + c;            // (b, 0, c)
    float u = 0.0f, sum = 0.0f;
    vRec[base] = 0.0f;
#pragma unroll 4
    for (int t = 0; t < steps - 1; t++) {
        long long now = base + (long long) t * classes;
        u = alpha * u + h2[now];
        vRec[now + classes] = u;
        sum += u;
    }
    m[b * classes + c] = sum * readoutScale;
}

// Mean negative log-likelihood of log-softmax(m) and dL/dm = (softmax(m) - onehot(y)) / batch, in
// double as the reference. One block: each thread does whole samples, then thread 0 adds the
// per-sample terms in sample order (a fixed order, so the loss repeats exactly) into *loss.
// sampleLoss: (batch) scratch; labels are indexed by data-set sample, like the spikes.
// When correct is not null, also *correct = how many samples have their argmax (the first index of
// the largest logit, as eval/Scores.argmax) at their label; sampleCorrect: (batch) scratch.
__global__ void softmax_cross_entropy(const float* m, const int* labels, const int* order, int from, int batch,
                                      int classes, double* sampleLoss, float* gradM, float* loss,
                                      int* sampleCorrect, int* correct) {
    for (int b = threadIdx.x; b < batch; b += blockDim.x) {
        int sample = order != nullptr ? order[from + b] : from + b;
        int label = labels[sample];
        const float* row = m + (long long) b * classes;
        float max = row[0];
        int best = 0;
        for (int c = 1; c < classes; c++) {
            max = fmaxf(max, row[c]);
            if (row[c] > row[best]) best = c;
        }
        if (correct != nullptr) sampleCorrect[b] = best == label ? 1 : 0;
        double sumExp = 0.0;
        for (int c = 0; c < classes; c++) sumExp += exp((double) (row[c] - max));
        double logSumExp = log(sumExp);
        sampleLoss[b] = (double) (row[label] - max) - logSumExp;
        for (int c = 0; c < classes; c++) {
            double softmax = exp((double) (row[c] - max) - logSumExp);
            gradM[(long long) b * classes + c] = (float) ((softmax - (c == label ? 1.0 : 0.0)) / batch);
        }
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        double total = 0.0;
        for (int b = 0; b < batch; b++) total -= sampleLoss[b];
        *loss = (float) (total / batch);
        if (correct != nullptr) {
            int n = 0;
            for (int b = 0; b < batch; b++) n += sampleCorrect[b];
            *correct = n;
        }
    }
}

// Layer 2 backward needs no time loop: dL/dh2(b, t, c) = c_t dL/dm(b, c), with
// c_t = readoutScale * sum_{n=0}^{T-2-t} alpha^n for t <= T-2 and c_{T-1} = 0 (coefficient).
__global__ void readout_gradient(const float* gradM, const float* coefficient, int batch, int steps, int classes,
                                 float* gradH2) {
    long long n = (long long) batch * steps * classes;
    long long k = thread_index();
    if (k >= n) return;
    int c = (int) (k % classes);
    long long row = k / classes;                 // b * steps + t
    int t = (int) (row % steps);
    long long b = row / steps;
    gradH2[k] = coefficient[t] * gradM[b * classes + c];
}

// Layer 1 backward through time, one thread per (b, j). With v_k = (alpha v_{k-1} + h1_k)(1 - s_{k-1})
// and s_k = H(v_{k-1} - threshold), the gradient flowing through both uses of s (output and reset):
//   dL/ds_k  = dL/ds_rec(k+1) - (alpha v_k + h1_{k+1}) dL/dv_{k+1}
//   dL/dv_k  = alpha (1 - s_k) dL/dv_{k+1} + surrogate'(v_k - threshold) dL/ds_{k+1}
//   dL/dh1_k = (1 - s_{k-1}) dL/dv_k
// v_k and s_k live at time index k + 1; the terms with k + 1 > T - 2 are zero.
__global__ void lif_backward(const float* __restrict__ h1, const float* __restrict__ v, const float* __restrict__ spikes,
                             const float* __restrict__ gradSpikes, int batch, int steps, int hidden, float alpha,
                             float threshold, int surrogate, float scale, float parameter, float* __restrict__ gradH1) {
    long long n = (long long) batch * hidden;
    long long k = thread_index();
    if (k >= n) return;
    int j = (int) (k % hidden);
    long long base = (k / hidden) * steps * hidden + j;   // (b, 0, j)
    gradH1[base + (long long) (steps - 1) * hidden] = 0.0f;
    float gradVNext = 0.0f, gradSNext = 0.0f;
#pragma unroll 4
    for (int t = steps - 2; t >= 0; t--) {
        long long at = base + (long long) (t + 1) * hidden;
        float vK = v[at], sK = spikes[at], sPrev = spikes[at - hidden];
        float gradS = gradSpikes[at];
        float gradV = 0.0f;
        if (t + 1 <= steps - 2) {
            gradS -= (alpha * vK + h1[at]) * gradVNext;
            gradV = alpha * (1.0f - sK) * gradVNext + gradSNext * surrogate_slope(vK - threshold, surrogate, scale, parameter);
        }
        gradH1[at - hidden] = (1.0f - sPrev) * gradV;
        gradVNext = gradV;
        gradSNext = gradS;
    }
}

// Chain rule through the weight map: for abs, dL/dw = dL/dW * sign * signum(w), signum(0) = 0 as
// PyTorch's gradient of abs (a synapse at 0 stays dead).
__global__ void raw_gradient(const float* gradEffective, const float* raw, const float* rowSign, int rows, int columns, int map,
                             float* gradRaw) {
    long long n = (long long) rows * columns;
    long long k = thread_index();
    if (k >= n) return;
    gradRaw[k] = map_pullback(gradEffective[k], raw[k], rowSign != nullptr ? rowSign[k / columns] : 1.0f, map);
}

// Learned signs: the gradient of row r's raw sign passes straight through the sign,
//   dL/da_r = sum_c dL/dW[r, c] m(w[r, c]),  m(w) = the map's effective weight for sign +1,
// summed over c in order as the CPU network sums it; one thread per row.
__global__ void sign_gradient(const float* gradEffective, const float* raw, int rows, int columns, int map, float* gradSign) {
    long long r = thread_index();
    if (r >= rows) return;
    const float* g = gradEffective + r * columns;
    const float* w = raw + r * columns;
    float sum = 0.0f;
    for (int c = 0; c < columns; c++) sum += g[c] * map_effective(w[c], 1.0f, map);
    gradSign[r] = sum;
}

// s_r = +1 if a_r >= 0 else -1: every neuron has one sign at every step (Dale's law).
__global__ void learned_signs(const float* raw, int rows, float* sign) {
    long long r = thread_index();
    if (r >= rows) return;
    sign[r] = raw[r] >= 0.0f ? 1.0f : -1.0f;
}

// Adam as PyTorch 1.13's single-tensor implementation (org.snnloc.train.Adam); the bias corrections
// come from the host once per step:
//   m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
//   p = p - stepSize * m / (sqrt(v) / sqrt(1 - beta2^t) + eps),  stepSize = lr / (1 - beta1^t)
// clampAtZero: the clamp map's projection w = max(w, 0) after the step.
__global__ void adam_step(float* param, const float* grad, float* m, float* v, int n, float beta1, float oneMinusBeta1,
                          float beta2, float oneMinusBeta2, float stepSize, float sqrtBiasCorrection2, float epsilon,
                          int clampAtZero) {
    long long k = thread_index();
    if (k >= n) return;
    float g = grad[k];
    float mk = m[k] * beta1 + g * oneMinusBeta1;
    float vk = v[k] * beta2 + g * g * oneMinusBeta2;
    m[k] = mk;
    v[k] = vk;
    float denominator = sqrtf(vk) / sqrtBiasCorrection2 + epsilon;
    float p = param[k] - stepSize * (mk / denominator);
    param[k] = clampAtZero ? fmaxf(p, 0.0f) : p;
}

}  // extern "C"
