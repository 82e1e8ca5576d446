package org.snnloc.network;

import org.snnloc.backend.BatchTrace;
import org.snnloc.backend.Engine;
import org.snnloc.backend.InputGroups;
import org.snnloc.backend.PreparedData;
import org.snnloc.backend.cpu.EventLists;
import org.snnloc.backend.cpu.Kernels;
import org.snnloc.backend.cpu.SpikeEvents;
import org.snnloc.backend.cpu.WorkerPool;
import org.snnloc.eval.Scores;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.model.Surrogate;
import org.snnloc.model.WeightMap;
import org.snnloc.train.Adam;
import org.snnloc.train.AdamConfig;
import org.snnloc.train.OptimizerState;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The network of docs/model.md and its training step, written once over a CPU backend's
 * {@link Kernels} (docs/model.md has the equations in full). Per sample b of a batch:
 * <pre>
 *   h1 = x W1                                       event-driven: W1 row sums of the inputs that spike
 *   P[n] = alpha V[n] + h1[n],  V[n+1] = P[n] (1 - S[n]),  S[n+1] = H(V[n] - threshold)
 *   r = sum_n c_n S[n],  m = r W2                   layer 2 is linear: m = scale sum_t v_rec(t)
 *   L_b = -log softmax(m)[y_b],  dL/dm = (softmax(m) - onehot(y)) / batch
 *   q = W2 dL/dm,  dL/dS[n] = c_n q (+ the reset path),  dh1 = backward through time (Kernels#lifBackward)
 *   dW1 += x^T dh1,  dW2 += r^T dL/dm
 * </pre>
 * with {@code c_n = scale sum_{k=0}^{T-2-n} alpha^k} ({@link NetworkConfig#readoutCoefficients}).
 * Then per layer: {@code dL/dw = map.pullback(dL/dW)}, Adam on w, {@code w = map.project(w)},
 * {@code W = map.effective(w)} ({@link WeightMap.Elementwise}). A layer with learned signs also
 * takes {@code dL/da_r = sum_c dL/dW[r,c] m(w[r,c])} and an Adam step on its raw signs before its
 * new W; a dann layer hands {@code dL/dW} to its {@link InterneuronLayer}.
 *
 * <p>A step is two parallel loops: per sample, in fixed groups of samples (forward, loss,
 * backward, and the sample's share of dW1 added to its group's partial sum); then per weight row
 * (dW1 as the sum of the group partials in group order, dW2, the pullback, Adam, the new effective
 * weights and their input-group sums). The groups depend only on the batch size and every output
 * is computed by one task in a fixed order, so the weights are bit-identical for any thread count;
 * and the kernels compute every column (every class, in the readout) the same way at any vector
 * width, so they are also bit-identical on every CPU backend.
 *
 * <p>Column blocks keep the slice of the W1 group-sum table (forward) or of W1 (backward) that a
 * kernel reads within the L2 cache when the hidden layer is large.
 */
public final class Network implements Engine {
    /** At most this many partial dW1 sums per step: enough tasks for 16 threads, little memory to reduce. */
    static final int MAX_GROUPS = 16;
    private static final int ROWS_PER_TASK = 2 * InputGroups.SIZE;   // whole input groups
    private static final int SAMPLES_PER_INFERENCE_TASK = 16;
    private static final int BLOCK_FLOATS = 64 * 1024;                // weight slice of one column block: 256 KB

    private final NetworkConfig net;
    private final Kernels kernels;
    private int threads;                      // of the loops in flight; changed between batches only
    private volatile int requestedThreads;    // setThreads, from any thread
    private final WorkerPool pool;
    private final Adam adam;
    private final int inputs, hidden, hp, classes, steps;
    private final int block;                  // column block width of the backward pass
    private final int forwardBlock;           // the same for the forward pass, whose table has PATTERNS / SIZE times more rows
    private final float alpha, outputAlpha, threshold;   // the hidden and the readout membrane's decay
    private final Surrogate surrogate;
    private final float[] readoutCoefficient; // (steps) c_n

    private WeightMap map1, map2;             // as given
    private WeightMap.Elementwise elementwise1, elementwise2;   // the elementwise map of a layer (learned signs: its magnitude), or null
    private InterneuronLayer dann1, dann2;    // a dann layer's matrices, or null
    private float[] sign1;                    // (inputs, hp) each W1 row's sign along the row; null for a map without signs
    private float[] sign2t;                   // (classes, hp) each hidden neuron's sign down its column of W2^T, padding 0; or null
    private final LearnedSigns learned1, learned2;   // raw signs of a layer whose map learns them (unused otherwise)
    private boolean learns1, learns2;
    private final float[] signGradientParts2; // (classes, hp) dL/dW2[j,k] m(w2[j,k]), summed over k for hidden neuron j's sign
    private final float[] gradW1Natural, gradW2Natural;   // (inputs, hidden), (hidden, classes): dL/dW for a dann layer
    private final float[] w1;                 // (inputs, hp) raw
    private final float[] w2t;                // (classes, hp) raw W2 transposed
    private final float[] w1Effective;        // (inputs, hp)
    private final float[] w2tEffective;       // (classes, hp)
    private final int cp;                     // classes padded to whole vectors
    private final float[] w2Effective;        // (hidden, cp), for the readout's sum across neurons
    private final float[] groupSumTable;      // (input groups * PATTERNS, hp) sums of w1Effective rows per input subset
    private final float[] gradW1;             // (inputs, hp) dL/dw1 of the last batch (raw)
    private final float[] gradW2t;            // (classes, hp)
    private final float[] adamM1, adamV1;     // (inputs, hp)
    private final float[] adamM2, adamV2;     // (classes, hp)
    private Workspace[] workspaces;           // one per thread
    private boolean hasParameters;

    // Buffers of the batch in flight, grown on demand.
    private int capacity;
    private float[] spikeSums;                // (batch, hp) r
    private float[] logits;                   // (batch, classes) m
    private float[] gradLogits;               // (batch, classes) dL/dm
    private double[] sampleLoss;              // (batch)
    private float[][] partialGradW1;          // (groups) x (inputs, hp) effective-weight gradient

    // The batch the parallel loops work on; set before each loop.
    private SpikeEvents batchData;
    private int[] batchOrder;
    private int batchFrom, batchSize, batchGroups;
    private Adam.StepScalars adamStep;        // null: compute gradients only
    private Recording recording;              // non-null only in trace()
    private float[] inferenceOut;

    private final WorkerPool.Body gradientTask = this::gradientGroup;
    private final WorkerPool.Body updateTask = this::updateRows;
    private final WorkerPool.Body inferenceTask = this::inferenceChunk;

    public Network(NetworkConfig net, AdamConfig adamConfig, int threads, WorkerPool pool, Kernels kernels) {
        if (threads <= 0) throw new IllegalArgumentException("threads must be positive, got " + threads);
        this.net = net;
        this.kernels = kernels;
        this.threads = threads;
        this.requestedThreads = threads;
        this.pool = pool;
        this.adam = new Adam(adamConfig);
        this.inputs = net.inputs();
        this.hidden = net.hidden();
        this.hp = kernels.paddedLength(hidden);
        this.classes = net.classes();
        this.steps = net.steps();
        this.alpha = net.hiddenAlpha();
        this.outputAlpha = net.outputAlpha();
        this.threshold = net.threshold();
        this.surrogate = net.surrogate();
        this.readoutCoefficient = net.readoutCoefficients();
        int tableRows = InputGroups.count(inputs) * InputGroups.PATTERNS;
        this.block = columnBlock(inputs, hp, kernels.lanes());
        this.forwardBlock = columnBlock(tableRows, hp, kernels.lanes());
        w1 = new float[inputs * hp];
        w2t = new float[classes * hp];
        w1Effective = new float[inputs * hp];
        w2tEffective = new float[classes * hp];
        cp = kernels.paddedLength(classes);
        w2Effective = new float[hidden * cp];
        groupSumTable = new float[tableRows * hp];
        gradW1 = new float[inputs * hp];
        gradW2t = new float[classes * hp];
        adamM1 = new float[inputs * hp];
        adamV1 = new float[inputs * hp];
        adamM2 = new float[classes * hp];
        adamV2 = new float[classes * hp];
        learned1 = new LearnedSigns(kernels.paddedLength(inputs));
        learned2 = new LearnedSigns(hp);
        signGradientParts2 = new float[classes * hp];
        gradW1Natural = new float[inputs * hidden];
        gradW2Natural = new float[hidden * classes];
        workspaces = new Workspace[threads];
        for (int t = 0; t < threads; t++) workspaces[t] = new Workspace(steps, hp, cp);
    }

    /**
     * About the heap a network of {@code net} takes with {@code threads} threads and batches of
     * {@code batch}, vectors of 16 floats at most: the seven (inputs, hp) arrays of the constructor
     * (weights, effective weights, signs, gradients, natural gradients, Adam's moments), the
     * group-sum table and the per-group gradients, a workspace per thread, the batch buffers, and
     * four copies of the parameters the trainer keeps (start, current, best, checkpoint).
     */
    public static long heapBytes(NetworkConfig net, int threads, int batch) {
        long hp = (net.hidden() + 15) / 16 * 16;
        long inputRows = 7L * net.inputs() + (long) InputGroups.count(net.inputs()) * InputGroups.PATTERNS + (long) Math.min(batch, MAX_GROUPS) * net.inputs();
        long workspaces = (long) threads * (3L * net.steps() + 2) * hp;
        long parameters = 4L * ((long) net.inputs() * net.hidden() + (long) net.hidden() * net.classes());
        return Float.BYTES * (inputRows * hp + workspaces + (long) batch * hp + parameters);
    }

    /** Widest multiple of 4 vectors whose slice of a {@code rows}-row weight matrix fits BLOCK_FLOATS (at least 4 vectors), capped at hp. */
    public static int columnBlock(int rows, int hp, int lanes) {
        int quad = 4 * lanes;
        int width = Math.max(quad, BLOCK_FLOATS / rows / quad * quad);
        return Math.min(width, hp);
    }

    @Override
    public NetworkConfig network() {
        return net;
    }

    @Override
    public void setThreads(int threads) {
        if (threads <= 0) throw new IllegalArgumentException("threads must be positive, got " + threads);
        requestedThreads = threads;
    }

    /** Takes up a thread count asked for with setThreads; called by the training thread between batches. */
    private void adoptRequestedThreads() {
        int wanted = requestedThreads;
        if (wanted == threads) return;
        if (wanted > workspaces.length) {
            Workspace[] grown = Arrays.copyOf(workspaces, wanted);
            for (int t = workspaces.length; t < wanted; t++) grown[t] = new Workspace(steps, hp, cp);
            workspaces = grown;
        }
        threads = wanted;
    }

    @Override
    public void setParameters(Parameters p) {
        if (!p.config().equals(net)) throw new IllegalArgumentException("parameters are for another network shape");
        map1 = p.weightMap1();
        map2 = p.weightMap2();
        elementwise1 = magnitude(map1);
        elementwise2 = magnitude(map2);
        learns1 = map1 instanceof WeightMap.LearnedSigns;
        learns2 = map2 instanceof WeightMap.LearnedSigns;
        dann1 = map1 instanceof WeightMap.Dann d ? new InterneuronLayer(d, 1, inputs, hidden, kernels) : null;
        dann2 = map2 instanceof WeightMap.Dann d ? new InterneuronLayer(d, 2, hidden, classes, kernels) : null;
        Arrays.fill(w1, 0f);
        Arrays.fill(w2t, 0f);
        if (p.w1() != null) for (int i = 0; i < inputs; i++) System.arraycopy(p.w1(), i * hidden, w1, i * hp, hidden);
        if (p.w2() != null) {
            for (int j = 0; j < hidden; j++) {
                for (int k = 0; k < classes; k++) w2t[k * hp + j] = p.w2()[j * classes + k];
            }
        }
        sign1 = p.sign1() == null ? null : new float[inputs * hp];
        sign2t = p.sign2() == null ? null : new float[classes * hp];
        if (learns1) learned1.set(p.array(map1.signArray(1)));
        if (learns2) learned2.set(p.array(map2.signArray(2)));
        if (sign1 != null) setSigns1(p.sign1());
        if (sign2t != null) setSigns2(p.sign2());
        if (dann1 != null) dann1.set(p.arrays());
        if (dann2 != null) dann2.set(p.arrays());
        for (float[] a : new float[][] {adamM1, adamV1, adamM2, adamV2}) Arrays.fill(a, 0f);
        adam.reset();
        refreshW1();
        for (int k = 0; k < classes; k++) refreshW2Row(k);
        hasParameters = true;
    }

    private static WeightMap.Elementwise magnitude(WeightMap map) {
        return switch (map) {
            case WeightMap.Elementwise e -> e;
            case WeightMap.LearnedSigns l -> l.magnitude();
            case WeightMap.Dann d -> null;
        };
    }

    private void setSigns1(float[] rowSigns) {
        for (int i = 0; i < inputs; i++) Arrays.fill(sign1, i * hp, (i + 1) * hp, rowSigns[i]);
    }

    private void setSigns2(float[] rowSigns) {
        for (int k = 0; k < classes; k++) System.arraycopy(rowSigns, 0, sign2t, k * hp, hidden);
    }

    @Override
    public Parameters parameters() {
        requireParameters();
        return new Parameters(net, map1, map2, named(Held.RAW));
    }

    @Override
    public OptimizerState optimizerState() {
        requireParameters();
        return new OptimizerState(adam.step(), named(Held.FIRST_MOMENT), named(Held.SECOND_MOMENT));
    }

    @Override
    public void restoreOptimizer(OptimizerState state) {
        requireParameters();
        Map<String, float[]> m = state.firstMoments(), v = state.secondMoments();
        Map<String, float[]> expected = named(Held.FIRST_MOMENT);
        if (!expected.keySet().equals(m.keySet())) throw new IllegalArgumentException("the optimiser state is for arrays " + m.keySet() + ", not " + expected.keySet());
        for (var e : expected.entrySet()) {
            if (m.get(e.getKey()).length != e.getValue().length || v.get(e.getKey()).length != e.getValue().length) {
                throw new IllegalArgumentException("the optimiser state of " + e.getKey() + " has another size");
            }
        }
        if (dann1 != null) {
            dann1.restoreMoments(m, v);
        } else {
            for (int i = 0; i < inputs; i++) {
                System.arraycopy(m.get("w1"), i * hidden, adamM1, i * hp, hidden);
                System.arraycopy(v.get("w1"), i * hidden, adamV1, i * hp, hidden);
            }
            if (learns1) learned1.restoreMoments(m.get(map1.signArray(1)), v.get(map1.signArray(1)));
        }
        if (dann2 != null) {
            dann2.restoreMoments(m, v);
        } else {
            for (int j = 0; j < hidden; j++) {
                for (int k = 0; k < classes; k++) {
                    adamM2[k * hp + j] = m.get("w2")[j * classes + k];
                    adamV2[k * hp + j] = v.get("w2")[j * classes + k];
                }
            }
            if (learns2) learned2.restoreMoments(m.get(map2.signArray(2)), v.get(map2.signArray(2)));
        }
        adam.resume(state.steps());
    }

    /** What {@link #named} copies out: the raw parameters (with fixed row signs), their gradients, or Adam's moments. */
    enum Held { RAW, GRADIENT, FIRST_MOMENT, SECOND_MOMENT }

    /** Every trained array (and for RAW the fixed row signs) by name, in the natural layout (W1 rows x hidden, W2 hidden x classes). */
    private Map<String, float[]> named(Held what) {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        if (dann1 != null) {
            arrays.putAll(dann1.named(what));
        } else {
            float[] from = pick(what, w1, gradW1, adamM1, adamV1), out = new float[inputs * hidden];
            for (int i = 0; i < inputs; i++) System.arraycopy(from, i * hp, out, i * hidden, hidden);
            arrays.put("w1", out);
            if (learns1) {
                arrays.put(map1.signArray(1), Arrays.copyOf(pick(what, learned1.raw, learned1.grad, learned1.m, learned1.v), inputs));
            } else if (sign1 != null && what == Held.RAW) {
                float[] rowSigns1 = new float[inputs];
                for (int i = 0; i < inputs; i++) rowSigns1[i] = sign1[i * hp];
                arrays.put(map1.signArray(1), rowSigns1);
            }
        }
        if (dann2 != null) {
            arrays.putAll(dann2.named(what));
        } else {
            float[] from = pick(what, w2t, gradW2t, adamM2, adamV2), out = new float[hidden * classes];
            for (int j = 0; j < hidden; j++) {
                for (int k = 0; k < classes; k++) out[j * classes + k] = from[k * hp + j];
            }
            arrays.put("w2", out);
            if (learns2) arrays.put(map2.signArray(2), Arrays.copyOf(pick(what, learned2.raw, learned2.grad, learned2.m, learned2.v), hidden));
            else if (sign2t != null && what == Held.RAW) arrays.put(map2.signArray(2), Arrays.copyOf(sign2t, hidden));
        }
        return arrays;
    }

    private static float[] pick(Held what, float[] raw, float[] gradient, float[] first, float[] second) {
        return switch (what) {
            case RAW -> raw;
            case GRADIENT -> gradient;
            case FIRST_MOMENT -> first;
            case SECOND_MOMENT -> second;
        };
    }

    @Override
    public float[] train(PreparedData data, int[] order, int batch, int[] correct) {
        requireParameters();
        if (batch <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batch);
        SpikeEvents events = events(data);
        events.stepsByInput();                 // built once per data set, before the first step
        int stepCount = order.length / batch;
        if (correct != null && correct.length < stepCount) {
            throw new IllegalArgumentException("correct has " + correct.length + " entries for " + stepCount + " steps");
        }
        float[] losses = new float[stepCount];
        ensureCapacity(batch);
        for (int step = 0; step < stepCount; step++) {
            adoptRequestedThreads();
            computeGradients(events, order, step * batch, batch, null);
            losses[step] = meanLoss(batch);
            if (correct != null) correct[step] = correctCount(events, order, step * batch, batch);
            applyUpdate(adam.nextStep());
        }
        return losses;
    }

    @Override
    public float[] logits(PreparedData data) {
        requireParameters();
        adoptRequestedThreads();
        SpikeEvents events = events(data);
        int n = events.size();
        float[] out = new float[n * classes];
        batchData = events;
        inferenceOut = out;
        pool.run(threads, (n + SAMPLES_PER_INFERENCE_TASK - 1) / SAMPLES_PER_INFERENCE_TASK, inferenceTask);
        batchData = null;
        inferenceOut = null;
        return out;
    }

    @Override
    public BatchTrace trace(PreparedData data, int[] samples) {
        requireParameters();
        SpikeEvents events = events(data);
        if (samples.length == 0) throw new IllegalArgumentException("a trace needs at least one sample");
        events.stepsByInput();
        int batch = samples.length;
        ensureCapacity(batch);
        Recording record = new Recording(batch, steps, hidden, classes);
        computeGradients(events, samples, 0, batch, record);
        float loss = meanLoss(batch);
        applyUpdate(null);
        return new BatchTrace(batch, record.hiddenSpikes, record.hiddenVoltage, record.outputVoltage, Arrays.copyOf(logits, batch * classes), loss,
                named(Held.GRADIENT));
    }

    /** Loop 1: forward, loss and backward of every sample of the batch; dW1 partial sums per group. */
    private void computeGradients(SpikeEvents events, int[] order, int from, int batch, Recording record) {
        batchData = events;
        batchOrder = order;
        batchFrom = from;
        batchSize = batch;
        batchGroups = Math.min(batch, MAX_GROUPS);
        recording = record;
        pool.run(threads, batchGroups, gradientTask);
        recording = null;
    }

    /** Loop 2: gradients of the raw weights and, when {@code step} is given, the Adam update. */
    private void applyUpdate(Adam.StepScalars step) {
        adamStep = step;
        int rowTasks = (inputs + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        pool.run(threads, rowTasks + classes, updateTask);
        if (!(map1 instanceof WeightMap.Elementwise)) finishLayer1(step);
        if (!(map2 instanceof WeightMap.Elementwise)) finishLayer2(step);
        adamStep = null;
        batchData = null;
        batchOrder = null;
    }

    /** Samples {@code [group * batch / groups, (group + 1) * batch / groups)}, one after the other. */
    private void gradientGroup(int group, int party) {
        Workspace ws = workspaces[party];
        float[] partial = partialGradW1[group];
        Arrays.fill(partial, 0f);
        EventLists byInput = batchData.stepsByInput();
        int first = (int) ((long) group * batchSize / batchGroups), end = (int) ((long) (group + 1) * batchSize / batchGroups);
        for (int b = first; b < end; b++) {
            int sample = batchOrder[batchFrom + b];
            forward(batchData, sample, ws, spikeSums, b * hp, logits, b * classes);
            sampleLoss[b] = lossAndGradient(logits, b * classes, batchData.source().label(sample), batchSize, gradLogits);
            if (recording != null) recording.record(b, ws.pre, ws.spikes, hp, w2tEffective, outputAlpha);
            kernels.spikeGradient(gradLogits, b * classes, w2tEffective, classes, hp, ws.q);
            for (int from = 0; from < hp; from += block) {
                int to = Math.min(hp, from + block);
                kernels.lifBackward(ws.pre, ws.spikes, ws.q, readoutCoefficient, steps, hp, from, to, alpha, threshold, surrogate, ws.gradH1);
                kernels.accumulateWeightGradient(byInput, sample, inputs, ws.gradH1, hp, from, to, partial);
            }
        }
    }

    /** Layer 1 of one sample into the workspace, its weighted spike sums r at {@code rAt} and its logits m at {@code mAt}. */
    private void forward(SpikeEvents events, int sample, Workspace ws, float[] r, int rAt, float[] m, int mAt) {
        for (int from = 0; from < hp; from += forwardBlock) {
            int to = Math.min(hp, from + forwardBlock);
            kernels.inputCurrents(events.groupsByStep(), sample, steps - 1, groupSumTable, hp, from, to, ws.pre);
            kernels.lifForward(ws.pre, ws.spikes, steps, hp, from, to, alpha, threshold);
        }
        kernels.weightedSpikeSums(ws.spikes, steps, hp, readoutCoefficient, r, rAt);
        kernels.readout(r, rAt, w2Effective, hidden, cp, ws.logits);
        System.arraycopy(ws.logits, 0, m, mAt, classes);
    }

    /**
     * One sample's share of the mean negative log-likelihood, in double: writes
     * {@code dL/dm = (softmax(m) - onehot(label)) / batch} and returns {@code -log softmax(m)[label]}.
     */
    private double lossAndGradient(float[] m, int at, int label, int batch, float[] gradM) {
        float max = m[at];
        for (int k = 1; k < classes; k++) max = Math.max(max, m[at + k]);
        double sumExp = 0;
        for (int k = 0; k < classes; k++) sumExp += Math.exp(m[at + k] - max);
        double logSumExp = Math.log(sumExp);
        for (int k = 0; k < classes; k++) {
            double softmax = Math.exp(m[at + k] - max - logSumExp);
            gradM[at + k] = (float) ((softmax - (k == label ? 1 : 0)) / batch);
        }
        return logSumExp - (m[at + label] - max);
    }

    /** Tasks 0 .. rowTasks-1 update blocks of W1 rows; the last {@code classes} tasks one row of W2^T each. */
    private void updateRows(int task, int party) {
        int rowTasks = (inputs + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        if (task < rowTasks) {
            int first = task * ROWS_PER_TASK, end = Math.min(inputs, first + ROWS_PER_TASK);
            for (int i = first; i < end; i++) updateW1Row(i);
            if (adamStep != null && map1 instanceof WeightMap.Elementwise) {
                for (int g = InputGroups.of(first); g <= InputGroups.of(end - 1); g++) kernels.groupSums(w1Effective, inputs, hp, g, groupSumTable);
            }
        } else {
            updateW2Row(task - rowTasks);
        }
    }

    private void updateW1Row(int i) {
        int at = i * hp;
        System.arraycopy(partialGradW1[0], at, gradW1, at, hp);
        for (int g = 1; g < batchGroups; g++) kernels.addTo(partialGradW1[g], gradW1, at, hp);
        if (dann1 != null) return;                                  // finishLayer1 takes dL/dW1 from here
        if (learns1) learned1.grad[i] = elementwise1.signGradient(gradW1, w1, at, hidden);
        kernels.pullback(elementwise1, gradW1, w1, sign1, at, hp);
        if (adamStep == null) return;
        kernels.adam(w1, gradW1, adamM1, adamV1, at, hp, adamStep);
        kernels.project(elementwise1, w1, at, hp);
        if (!learns1) kernels.effective(elementwise1, w1, sign1, at, hp, w1Effective);   // else after the signs' step
    }

    /** After the row loop, a layer 1 that is not elementwise: the dann update or the learned signs' step, then W1 and its group sums. */
    private void finishLayer1(Adam.StepScalars step) {
        if (dann1 != null) {
            for (int i = 0; i < inputs; i++) System.arraycopy(gradW1, i * hp, gradW1Natural, i * hidden, hidden);
            dann1.update(gradW1Natural, step);
        } else if (step != null) {
            learned1.step(step);
            setSigns1(learned1.signs);
        }
        if (step != null) refreshW1();
    }

    /** The same for layer 2; the signs' gradient sums the classes' parts in class order. */
    private void finishLayer2(Adam.StepScalars step) {
        if (dann2 != null) {
            for (int j = 0; j < hidden; j++) {
                for (int k = 0; k < classes; k++) gradW2Natural[j * classes + k] = gradW2t[k * hp + j];
            }
            dann2.update(gradW2Natural, step);
        } else {
            for (int j = 0; j < hidden; j++) {
                float sum = 0f;
                for (int k = 0; k < classes; k++) sum += signGradientParts2[k * hp + j];
                learned2.grad[j] = sum;
            }
            if (step == null) return;
            learned2.step(step);
            setSigns2(learned2.signs);
        }
        if (step != null) for (int k = 0; k < classes; k++) refreshW2Row(k);
    }

    /** Every row of W1 from the layer's parameters, and the input-group sums of W1's rows. */
    private void refreshW1() {
        if (dann1 != null) {
            for (int i = 0; i < inputs; i++) System.arraycopy(dann1.effective(), i * hidden, w1Effective, i * hp, hidden);
        } else {
            for (int i = 0; i < inputs; i++) kernels.effective(elementwise1, w1, sign1, i * hp, hp, w1Effective);
        }
        for (int g = 0; g < InputGroups.count(inputs); g++) kernels.groupSums(w1Effective, inputs, hp, g, groupSumTable);
    }

    private void updateW2Row(int k) {
        int at = k * hp;
        kernels.weightGradientRow(spikeSums, gradLogits, batchSize, classes, k, hp, gradW2t);
        Arrays.fill(gradW2t, at + hidden, at + hp, 0f);   // padded neurons may spike (threshold < 0) but have no weights
        if (dann2 != null) return;                         // finishLayer2 takes dL/dW2 from here
        if (learns2) {
            for (int j = 0; j < hidden; j++) signGradientParts2[at + j] = gradW2t[at + j] * elementwise2.effective(w2t[at + j], 1f);
        }
        kernels.pullback(elementwise2, gradW2t, w2t, sign2t, at, hp);
        if (adamStep == null) return;
        kernels.adam(w2t, gradW2t, adamM2, adamV2, at, hp, adamStep);
        kernels.project(elementwise2, w2t, at, hp);
        if (!learns2) refreshW2Row(k);                     // else after the signs' step
    }

    /** W2's effective row k of the transposed layout, and its column k of the readout's layout. */
    private void refreshW2Row(int k) {
        if (dann2 != null) {
            for (int j = 0; j < hidden; j++) w2tEffective[k * hp + j] = dann2.effective()[j * classes + k];
        } else {
            kernels.effective(elementwise2, w2t, sign2t, k * hp, hp, w2tEffective);
        }
        for (int j = 0; j < hidden; j++) w2Effective[j * cp + k] = w2tEffective[k * hp + j];
    }

    private void inferenceChunk(int chunk, int party) {
        Workspace ws = workspaces[party];
        int n = batchData.size();
        for (int sample = chunk * SAMPLES_PER_INFERENCE_TASK, end = Math.min(n, sample + SAMPLES_PER_INFERENCE_TASK); sample < end; sample++) {
            forward(batchData, sample, ws, ws.spikeSums, 0, inferenceOut, sample * classes);
        }
    }

    /** How many of the batch's logits (the step's forward pass) have their argmax at the sample's label. */
    private int correctCount(SpikeEvents events, int[] order, int from, int batch) {
        int n = 0;
        for (int b = 0; b < batch; b++) {
            if (Scores.argmax(logits, b * classes, classes) == events.source().label(order[from + b])) n++;
        }
        return n;
    }

    private float meanLoss(int batch) {
        double total = 0;
        for (int b = 0; b < batch; b++) total += sampleLoss[b];
        return (float) (total / batch);
    }

    private SpikeEvents events(PreparedData data) {
        if (!(data instanceof SpikeEvents events)) {
            throw new IllegalArgumentException("data was prepared by another backend; prepare it with this one");
        }
        if (events.source().inputs() != inputs || events.source().steps() != steps) {
            throw new IllegalArgumentException("data has " + events.source().inputs() + " inputs and " + events.source().steps()
                    + " steps, the network " + inputs + " and " + steps);
        }
        return events;
    }

    private void requireParameters() {
        if (!hasParameters) throw new IllegalStateException("setParameters must be called first");
    }

    private void ensureCapacity(int batch) {
        if (batch <= capacity) return;
        capacity = batch;
        spikeSums = new float[batch * hp];
        logits = new float[batch * classes];
        gradLogits = new float[batch * classes];
        sampleLoss = new double[batch];
        partialGradW1 = new float[Math.min(batch, MAX_GROUPS)][inputs * hp];
    }

    /** The raw signs a_r of one layer's rows, their gradient, Adam state and the signs {@code s_r = +1 if a_r >= 0 else -1}. */
    private final class LearnedSigns {
        final float[] raw, grad, m, v, signs;   // (rows padded to whole vectors)

        LearnedSigns(int padded) {
            raw = new float[padded];
            grad = new float[padded];
            m = new float[padded];
            v = new float[padded];
            signs = new float[padded];
        }

        void set(float[] rawSigns) {
            Arrays.fill(raw, 0f);
            System.arraycopy(rawSigns, 0, raw, 0, rawSigns.length);
            Arrays.fill(m, 0f);
            Arrays.fill(v, 0f);
            for (int r = 0; r < raw.length; r++) signs[r] = WeightMap.LearnedSigns.sign(raw[r]);
        }

        void restoreMoments(float[] first, float[] second) {
            Arrays.fill(m, 0f);
            Arrays.fill(v, 0f);
            System.arraycopy(first, 0, m, 0, first.length);
            System.arraycopy(second, 0, v, 0, second.length);
        }

        void step(Adam.StepScalars step) {
            kernels.adam(raw, grad, m, v, 0, raw.length, step);
            for (int r = 0; r < raw.length; r++) signs[r] = WeightMap.LearnedSigns.sign(raw[r]);
        }
    }

    /** Scratch of one thread for one sample at a time. */
    private static final class Workspace {
        final float[] pre;       // (steps, hp) h1, then the pre-reset potential P
        final float[] spikes;    // (steps, hp) S = s_rec
        final float[] gradH1;    // (steps, hp) dL/dh1
        final float[] q;         // (hp) W2 dL/dm
        final float[] spikeSums; // (hp) r, in inference
        final float[] logits;    // (cp) m of one sample

        Workspace(int steps, int hp, int cp) {
            logits = new float[cp];
            pre = new float[steps * hp];
            spikes = new float[steps * hp];
            gradH1 = new float[steps * hp];
            q = new float[hp];
            spikeSums = new float[hp];
        }
    }

    /** What trace() returns beyond the gradients: hidden spikes and membrane potentials, and the output membrane trace. */
    private static final class Recording {
        final float[] hiddenSpikes;  // (batch, steps, hidden)
        final float[] hiddenVoltage; // (batch, steps, hidden) V
        final float[] outputVoltage; // (batch, steps, classes) v_rec
        final int steps, hidden, classes;

        Recording(int batch, int steps, int hidden, int classes) {
            this.steps = steps;
            this.hidden = hidden;
            this.classes = classes;
            hiddenSpikes = new float[batch * steps * hidden];
            hiddenVoltage = new float[batch * steps * hidden];
            outputVoltage = new float[batch * steps * classes];
        }

        /**
         * Copies s_rec, recomputes {@code V[n] = P[n-1] (1 - S[n-1])} as the kernels do, and runs layer
         * 2 in time, {@code v_rec[t+1] = alpha v_rec[t] + s_rec[t] W2}, for figures and traces.
         */
        void record(int b, float[] pre, float[] spikes, int hp, float[] w2t, float alpha) {
            for (int t = 0; t < steps; t++) System.arraycopy(spikes, t * hp, hiddenSpikes, (b * steps + t) * hidden, hidden);
            for (int t = 1; t < steps; t++) {
                for (int j = 0; j < hidden; j++) {
                    hiddenVoltage[(b * steps + t) * hidden + j] = pre[(t - 1) * hp + j] * (1f - spikes[(t - 1) * hp + j]);
                }
            }
            int base = b * steps * classes;
            for (int t = 0; t + 1 < steps; t++) {
                for (int k = 0; k < classes; k++) {
                    float h2 = 0f;
                    for (int j = 0; j < hidden; j++) h2 += spikes[t * hp + j] * w2t[k * hp + j];
                    outputVoltage[base + (t + 1) * classes + k] = alpha * outputVoltage[base + t * classes + k] + h2;
                }
            }
        }
    }
}
