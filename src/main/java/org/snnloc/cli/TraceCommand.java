package org.snnloc.cli;

import org.snnloc.backend.Backend;
import org.snnloc.backend.BatchTrace;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.io.DataFile;
import org.snnloc.io.NpyArray;
import org.snnloc.io.Npz;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.model.WeightMap;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.train.AdamConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code snnloc trace}: what happens inside a network for a batch of samples, for analysis. */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write what happens inside a model for a batch of samples to a NumPy .npz file.",
                "The first N samples of the data set run as one batch; the file holds hidden_spikes (n, T, H) uint8, hidden_v (n, T, H), "
                        + "output_v (n, T, C), logits (n, C), loss (the batch mean) and grad_<name> for every trained array "
                        + "(grad_w1, grad_w2): the gradient of that loss."})
final class TraceCommand implements Callable<Integer> {
    /** A trace holds n x T x (2 H + C) floats; beyond this it would not fit a heap of a few GB. */
    static final long MAX_TRACE_FLOATS = 250_000_000L;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "model .npz")
    Path model;

    @Option(names = "--data", paramLabel = "FILE", required = true, description = "data .npz (spikes, ipd, optional label)")
    Path data;

    @Option(names = "--samples", paramLabel = "N", description = "trace the first N samples (default: all)")
    Integer samples;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "trace .npz to write (an existing file only with --force)")
    Path out;

    @Option(names = "--force", description = "replace --out if it exists")
    boolean force;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    TerminalOptions terminal;

    @Override
    public Integer call() throws Exception {
        new OutputFiles(force).input("--model", model).input("--data", data).output("--out", out);
        Parameters parameters = modelOptions.read(model).parameters();
        NetworkConfig net = parameters.config();
        SpikeDataset set = DataFile.read(data, net.classes());
        if (set.inputs() != net.inputs() || set.steps() != net.steps()) {
            throw new InvalidInputException(data + " has " + set.steps() + " steps x " + set.inputs() + " inputs, the model "
                    + net.steps() + " x " + net.inputs());
        }
        int n = samples == null ? set.size() : samples;
        if (n < 1 || n > set.size()) throw new InvalidInputException("--samples must be in 1.." + set.size() + " (the data set's size), got " + n);
        long floats = (long) n * net.steps() * (2L * net.hidden() + net.classes());
        if (floats > MAX_TRACE_FLOATS) {
            throw new InvalidInputException("a trace of " + n + " samples needs " + floats * 4 / (1 << 20) + " MiB; trace at most "
                    + MAX_TRACE_FLOATS / (net.steps() * (2L * net.hidden() + net.classes())) + " samples at once");
        }
        int[] first = new int[n];
        for (int b = 0; b < n; b++) first[b] = b;
        BatchTrace trace;
        try (Backend backend = backendOptions.select(terminal.progress(spec)).backend();
             PreparedData prepared = backend.prepare(set);
             Engine engine = backend.newEngine(net, AdamConfig.notebook(), backendOptions.threads())) {
            engine.setParameters(parameters);
            trace = engine.trace(prepared, first);
        }
        int T = net.steps(), H = net.hidden(), C = net.classes();
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        byte[] spikes = new byte[trace.hiddenSpikes().length];
        for (int i = 0; i < spikes.length; i++) spikes[i] = (byte) trace.hiddenSpikes()[i];
        arrays.put("hidden_spikes", NpyArray.ofUint8(spikes, n, T, H));
        arrays.put("hidden_v", NpyArray.ofFloats(trace.hiddenVoltage(), n, T, H));
        arrays.put("output_v", NpyArray.ofFloats(trace.outputVoltage(), n, T, C));
        arrays.put("logits", NpyArray.ofFloats(trace.logits(), n, C));
        arrays.put("loss", NpyArray.scalarFloat64(trace.loss()));
        for (WeightMap.ArraySpec array : parameters.specs()) {
            if (array.trainable()) arrays.put("grad_" + array.name(), NpyArray.ofFloats(trace.gradients().get(array.name()), array.shape()));
        }
        Npz.write(out, arrays, true);
        spec.commandLine().getOut().printf("traced %d samples (loss %.4f) to %s%n", n, trace.loss(), out);
        return ExitCodes.OK;
    }
}
