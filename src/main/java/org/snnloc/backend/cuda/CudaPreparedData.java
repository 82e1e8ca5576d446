package org.snnloc.backend.cuda;

import org.snnloc.backend.PreparedData;
import org.snnloc.stimulus.SpikeDataset;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A data set copied to the GPU once, in the packed form it has on the host (one bit per spike,
 * 4096 x 100 x 200 spikes in 13 MB), with its labels. Each training step expands the spikes of its
 * batch, in shuffled order, into a float matrix on the device (the {@code gather_spikes} kernel).
 */
final class CudaPreparedData implements PreparedData {
    private final CudaBackend backend;
    private final SpikeDataset source;
    private final Arena arena;
    final MemorySegment bits;    // (samples, steps, wordsPerRow) 64-bit words, as SpikeDataset.bits()
    final MemorySegment labels;  // (samples) int class index

    CudaPreparedData(CudaBackend backend, SpikeDataset source, Arena arena, MemorySegment bits, MemorySegment labels) {
        this.backend = backend;
        this.source = source;
        this.arena = arena;
        this.bits = bits;
        this.labels = labels;
    }

    CudaBackend backend() {
        return backend;
    }

    @Override
    public SpikeDataset source() {
        return source;
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }
}
