package org.snnloc.backend.cpu;

import org.snnloc.backend.InputGroups;
import org.snnloc.backend.PreparedData;
import org.snnloc.stimulus.SpikeDataset;

/**
 * A data set prepared for the event-driven kernels. Inputs are binary and about 22% dense, so
 * {@code x W1} is a sum of W1 rows over the inputs that spike, and {@code x^T dh1} a sum of the
 * dh1 rows of the steps at which an input spikes. The lists are built once per data set, in
 * parallel over samples: building them per step would cost more than the products themselves.
 *
 * <ul>
 *   <li>{@link #groupsByStep()}: per sample and step, the input groups ({@link InputGroups}) with
 *       a spike, each as the row of its subset in the group-sum table:
 *       {@code group * PATTERNS + pattern}, the pattern's bit b set when input
 *       {@code group * SIZE + b} spikes (forward, every use);</li>
 *   <li>{@link #stepsByInput()}: per sample and input, the steps it spikes at (the weight
 *       gradient; built on the first training step, since validation and test sets never need it).</li>
 * </ul>
 */
public final class SpikeEvents implements PreparedData {
    /** Group-sum rows are 16-bit event indices. */
    public static final int MAX_INPUTS = (EventLists.MAX_INDEX + 1) / InputGroups.PATTERNS * InputGroups.SIZE;

    private final SpikeDataset source;
    private final WorkerPool pool;
    private final int threads;
    private final EventLists groupsByStep;
    private volatile EventLists stepsByInput;

    public SpikeEvents(SpikeDataset source, WorkerPool pool, int threads) {
        if (source.inputs() > MAX_INPUTS || source.steps() > EventLists.MAX_INDEX + 1) {
            throw new IllegalArgumentException("the CPU backends handle at most " + MAX_INPUTS + " inputs and "
                    + (EventLists.MAX_INDEX + 1) + " steps, got " + source.inputs() + " inputs and " + source.steps() + " steps");
        }
        this.source = source;
        this.pool = pool;
        this.threads = threads;
        this.groupsByStep = new EventLists(source.size(), source.steps());
        pool.run(threads, source.size(), (sample, worker) -> fillGroupsByStep(sample));
    }

    /**
     * About the heap the lists of {@code samples} samples take when their inputs spike with
     * probability {@code density} per step: the group lists, and the input lists of a training
     * set. A sample's lists are a char per event and an int per row start, in two arrays each.
     */
    public static long heapBytes(long samples, int steps, int inputs, double density, boolean trainingSet) {
        int arrayOverhead = 2 * 16;
        double groupsWithASpike = InputGroups.count(inputs) * (1 - Math.pow(1 - density, InputGroups.SIZE));
        double perSample = 2 * steps * groupsWithASpike + 4.0 * (steps + 1) + arrayOverhead;
        if (trainingSet) perSample += 2 * density * steps * inputs + 4.0 * (inputs + 1) + arrayOverhead;
        return (long) Math.ceil(samples * perSample);
    }

    @Override
    public SpikeDataset source() {
        return source;
    }

    public EventLists groupsByStep() {
        return groupsByStep;
    }

    public EventLists stepsByInput() {
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

    /** Reads the packed bits of one sample row by row, four bits (one group) at a time, lowest first. */
    private void fillGroupsByStep(int sample) {
        long[] bits = source.bits();
        int steps = source.steps(), words = source.wordsPerRow();
        int first = source.rowOffset(sample, 0);
        int groupsPerWord = Long.SIZE / InputGroups.SIZE;
        long groupMask = InputGroups.PATTERNS - 1;
        int count = 0;
        for (int w = first, last = first + steps * words; w < last; w++) {
            for (long word = bits[w]; word != 0; count++) word &= ~(groupMask << (Long.numberOfTrailingZeros(word) & -InputGroups.SIZE));
        }
        char[] events = new char[count];
        int[] rowStart = new int[steps + 1];
        int n = 0;
        for (int t = 0; t < steps; t++) {
            rowStart[t] = n;
            int row = first + t * words;
            for (int w = 0; w < words; w++) {
                for (long word = bits[row + w]; word != 0; ) {
                    int shift = Long.numberOfTrailingZeros(word) & -InputGroups.SIZE;
                    int group = w * groupsPerWord + shift / InputGroups.SIZE;
                    events[n++] = (char) (group * InputGroups.PATTERNS + (int) (word >>> shift & groupMask));
                    word &= ~(groupMask << shift);
                }
            }
        }
        rowStart[steps] = n;
        groupsByStep.put(sample, events, rowStart);
    }

    /** The transpose of one sample's bits, by counting sort (steps stay ascending). */
    private void fillStepsByInput(EventLists into, int sample) {
        long[] bits = source.bits();
        int steps = source.steps(), inputs = source.inputs(), words = source.wordsPerRow();
        int first = source.rowOffset(sample, 0), last = first + steps * words;
        int[] rowStart = new int[inputs + 1];
        for (int w = first; w < last; w++) {
            int base = (w - first) % words << 6;
            for (long word = bits[w]; word != 0; word &= word - 1) rowStart[base + Long.numberOfTrailingZeros(word) + 1]++;
        }
        for (int i = 0; i < inputs; i++) rowStart[i + 1] += rowStart[i];
        int[] next = java.util.Arrays.copyOf(rowStart, inputs);
        char[] events = new char[rowStart[inputs]];
        for (int t = 0; t < steps; t++) {
            int row = first + t * words;
            for (int w = 0; w < words; w++) {
                for (long word = bits[row + w]; word != 0; word &= word - 1) {
                    events[next[(w << 6) + Long.numberOfTrailingZeros(word)]++] = (char) t;
                }
            }
        }
        into.put(sample, events, rowStart);
    }
}
