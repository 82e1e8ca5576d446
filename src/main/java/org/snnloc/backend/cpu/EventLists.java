package org.snnloc.backend.cpu;

/**
 * Sparse binary data as lists of events, per sample: for each row (a step, or an input) the
 * ascending indices of the columns that spike. Rows of one sample are stored one after the other
 * in a {@code char[]} (16-bit indices keep the notebook's training set at 37 MB instead of 74).
 */
public final class EventLists {
    public static final int MAX_INDEX = Character.MAX_VALUE;

    private final int rowsPerSample;
    private final char[][] items;   // per sample: the events of row 0, then row 1, ...
    private final int[] start;      // (samples, rowsPerSample + 1): where each row begins in items[sample]

    public EventLists(int samples, int rowsPerSample) {
        this.rowsPerSample = rowsPerSample;
        this.items = new char[samples][];
        this.start = new int[samples * (rowsPerSample + 1)];
    }

    /** The events of {@code sample}; row r occupies {@code [begin(sample, r), end(sample, r))}. */
    public char[] items(int sample) {
        return items[sample];
    }

    public int begin(int sample, int row) {
        return start[sample * (rowsPerSample + 1) + row];
    }

    public int end(int sample, int row) {
        return start[sample * (rowsPerSample + 1) + row + 1];
    }

    /** Stores one sample's lists: {@code rowStart} holds rowsPerSample + 1 offsets into {@code events}. */
    public void put(int sample, char[] events, int[] rowStart) {
        items[sample] = events;
        System.arraycopy(rowStart, 0, start, sample * (rowsPerSample + 1), rowsPerSample + 1);
    }
}
