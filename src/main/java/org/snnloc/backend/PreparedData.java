package org.snnloc.backend;

import org.snnloc.stimulus.SpikeDataset;

/** A data set in the form a backend's kernels read; made by {@link Backend#prepare}. */
public interface PreparedData extends AutoCloseable {

    SpikeDataset source();

    default int size() {
        return source().size();
    }

    /** Releases what the backend holds for it (device memory); the default holds nothing. */
    @Override
    default void close() {}
}
