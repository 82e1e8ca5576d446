package org.snnloc.cli;

import org.snnloc.backend.Backend;
import org.snnloc.backend.cpu.SpikeEvents;
import org.snnloc.experiment.RunSpec;
import org.snnloc.io.HeapSpace;
import org.snnloc.model.NetworkConfig;
import org.snnloc.network.CpuBackend;
import org.snnloc.network.Network;
import org.snnloc.stimulus.IpdStimulus;
import org.snnloc.stimulus.SpikeDataset;

import java.util.function.LongSupplier;

/**
 * About the heap a training or an evaluation takes at most, so that one too large for it is
 * refused up front rather than failing with an OutOfMemoryError minutes later: the sets as packed
 * bits, and on a CPU backend their event lists and the network (a GPU keeps those in its own
 * memory). A training is checked before its data is generated.
 */
final class RunMemory {
    private RunMemory() {}

    /** Refuses {@code run} with {@code threads} threads on {@code backend} when it does not fit in {@code availableMemory} bytes. */
    static void require(RunSpec run, int threads, Backend backend, LongSupplier availableMemory) {
        int steps = run.stimulus().steps(), inputs = run.stimulus().inputs();
        long samples = (long) run.trainSamples() + run.validationSamples() + run.testSamples();
        long sets = SpikeDataset.words(samples, steps, inputs) * Long.BYTES;
        long network = 0;
        if (backend instanceof CpuBackend) {
            double density = new IpdStimulus(run.stimulus()).meanDensity();
            sets += SpikeEvents.heapBytes(run.trainSamples(), steps, inputs, density, true)
                    + SpikeEvents.heapBytes(run.validationSamples() + (long) run.testSamples(), steps, inputs, density, false);
            network = Network.heapBytes(run.network(), threads, run.training().batchSize());
        }
        long sizeOfSets = sets, sizeOfNetwork = network;
        HeapSpace.shortfall(sets + network, availableMemory).ifPresent(shortfall -> {
            throw new InvalidInputException("the run (" + run.trainSamples() + " training, " + run.validationSamples() + " validation and "
                    + run.testSamples() + " test samples: " + HeapSpace.size(sizeOfSets) + "; --hidden " + run.network().hidden() + " with --threads "
                    + threads + " and --batch-size " + run.training().batchSize() + ": " + HeapSpace.size(sizeOfNetwork) + ") needs " + shortfall
                    + " or use smaller sets or a smaller network");
        });
    }

    /**
     * Refuses running a network of {@code net} over {@code data}, which is in memory, when its
     * event lists, the network and the logits do not fit in {@code availableMemory} bytes.
     */
    static void requireInference(SpikeDataset data, NetworkConfig net, int threads, Backend backend, LongSupplier availableMemory) {
        if (!(backend instanceof CpuBackend)) return;
        long need = SpikeEvents.heapBytes(data.size(), data.steps(), data.inputs(), data.density(), false) + Network.heapBytes(net, threads, 0)
                + (long) data.size() * net.classes() * Float.BYTES;
        HeapSpace.shortfall(need, availableMemory).ifPresent(shortfall -> {
            throw new InvalidInputException("running the network over " + data.size() + " samples needs " + shortfall + " or use fewer samples");
        });
    }
}
