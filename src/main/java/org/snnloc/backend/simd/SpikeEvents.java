package org.snnloc.backend.simd;

import org.snnloc.backend.PreparedData;
import org.snnloc.stimulus.SpikeDataset;

/**
 * A data set prepared for the event-driven kernels. Inputs are binary and about 22% dense, so
 * {@code x W1} is a sum of the W1 rows of the inputs that spike, and {@code x^T dh1} a sum of the
 * dh1 rows of the steps at which an input spikes. The lists are built once per data set, in
 * parallel over samples: building them per step would cost more than the products themselves.
 *
 * <ul>
 *   <li>{@link #inputsByStep()}: per sample and step, the active inputs (forward, every use);</li>
 *   <li>{@link #stepsByInput()}: per sample and input, the steps it spikes at (the weight
 *       gradient; built on the first training step, since validation and test sets never need it).</li>
 * </ul>
 */
final class SpikeEvents implements PreparedData {
    private final SpikeDataset source;
    private final WorkerPool pool;
    private final int threads;
    private final EventLists inputsByStep;
    private volatile EventLists stepsByInput;

    SpikeEvents(SpikeDataset source, WorkerPool pool, int threads) {
        if (source.inputs() > EventLists.MAX_INDEX + 1 || source.steps() > EventLists.MAX_INDEX + 1) {
            throw new IllegalArgumentException("the simd backend handles at most " + (EventLists.MAX_INDEX + 1)
                    + " inputs and steps, got " + source.inputs() + " inputs and " + source.steps() + " steps");
        }
        this.source = source;
        this.pool = pool;
        this.threads = threads;
        this.inputsByStep = new EventLists(source.size(), source.steps());
        pool.run(threads, source.size(), (sample, worker) -> fillInputsByStep(sample));
    }

    @Override
    public SpikeDataset source() {
        return source;
    }

    EventLists inputsByStep() {
        return inputsByStep;
    }

    EventLists stepsByInput() {
        EventLists lists = stepsByInput;
        if (lists == null) {
            synchronized (this) {
                lists = stepsByInput;
                if (lists == null) {
                    EventLists built = new EventLists(source.size(), source.inputs());
                    pool.run(threads, source.size(), (sample, worker) -> fillStepsByInput(built, sample));
                    stepsByInput = lists = built;
                }
            }
        }
        return lists;
    }

    /** Reads the packed bits of one sample row by row: set bits, lowest first, are the active inputs. */
    private void fillInputsByStep(int sample) {
        long[] bits = source.bits();
        int steps = source.steps(), words = source.wordsPerRow();
        int first = source.rowOffset(sample, 0), last = first + steps * words;
        int count = 0;
        for (int w = first; w < last; w++) count += Long.bitCount(bits[w]);
        char[] events = new char[count];
        int[] rowStart = new int[steps + 1];
        int n = 0;
        for (int t = 0; t < steps; t++) {
            rowStart[t] = n;
            int row = first + t * words;
            for (int w = 0; w < words; w++) {
                for (long word = bits[row + w]; word != 0; word &= word - 1) {
                    events[n++] = (char) ((w << 6) + Long.numberOfTrailingZeros(word));
                }
            }
        }
        rowStart[steps] = n;
        inputsByStep.put(sample, events, rowStart);
    }

    /** The transpose of one sample's time-major lists, by counting sort (steps stay ascending). */
    private void fillStepsByInput(EventLists into, int sample) {
        int steps = source.steps(), inputs = source.inputs();
        char[] byStep = inputsByStep.items(sample);
        int[] rowStart = new int[inputs + 1];
        for (char input : byStep) rowStart[input + 1]++;
        for (int i = 0; i < inputs; i++) rowStart[i + 1] += rowStart[i];
        int[] next = java.util.Arrays.copyOf(rowStart, inputs);
        char[] events = new char[byStep.length];
        for (int t = 0; t < steps; t++) {
            for (int e = inputsByStep.begin(sample, t), end = inputsByStep.end(sample, t); e < end; e++) {
                events[next[byStep[e]]++] = (char) t;
            }
        }
        into.put(sample, events, rowStart);
    }
}
