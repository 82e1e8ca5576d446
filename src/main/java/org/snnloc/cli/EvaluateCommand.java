package org.snnloc.cli;

import org.snnloc.backend.Backend;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.eval.Metrics;
import org.snnloc.eval.Scores;
import org.snnloc.io.DataFile;
import org.snnloc.io.HeapSpace;
import org.snnloc.io.Json;
import org.snnloc.io.NpyArray;
import org.snnloc.io.Npz;
import org.snnloc.io.ModelFile;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.IpdStimulus;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.stimulus.StimulusConfig;
import org.snnloc.train.AdamConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code snnloc evaluate}: scores a model (ours or one saved from NumPy) on a data set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score a model.npz on a data set: accuracy, mean absolute IPD error, confusion matrix.",
                "The model may come from NumPy / PyTorch (w1, w2, optional sign1 / sign2; see README)."})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "model .npz")
    Path model;

    @ArgGroup(exclusive = true)
    DataSource source = new DataSource();

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the metrics as JSON")
    Path json;

    @Option(names = "--predictions", paramLabel = "FILE",
            description = "also write per sample the logits, the predicted and the true class and the true IPD (.npz)")
    Path predictions;

    @Option(names = "--force", description = "replace --json and --predictions files that exist")
    boolean force;

    @Mixin
    TerminalOptions terminal;

    static final class DataSource {
        @Option(names = "--data", paramLabel = "FILE", description = "data .npz (spikes, ipd, optional label)")
        Path data;

        @ArgGroup(exclusive = false)
        Generated generated;
    }

    static final class Generated {
        @Option(names = "--n", paramLabel = "N", required = true, description = "generate N samples (default when no --data: 2048)")
        int n;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of the generated samples (default: ${DEFAULT-VALUE})")
        long seed;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = terminal.progress(spec);
        new OutputFiles(force).input("--model", model).input("--data", source.data).output("--json", json).output("--predictions", predictions);
        ModelFile.Loaded loaded = modelOptions.read(model);
        Parameters parameters = loaded.parameters();
        NetworkConfig net = parameters.config();
        SpikeDataset data = loadData(net);
        if (data.inputs() != net.inputs()) {
            throw new InvalidInputException("the data has " + data.inputs() + " inputs but the model's w1 has " + net.inputs() + " rows");
        }
        if (data.steps() != net.steps()) {
            if (loaded.describesItself()) {
                throw new InvalidInputException("the data has " + data.steps() + " steps, the model was trained on " + net.steps());
            }
            net = net.withSizes(net.inputs(), net.hidden(), net.classes(), data.steps());   // a NumPy model runs on the data's steps
        }
        int threads = backendOptions.threads();
        Metrics metrics;
        float[] logits;
        try (Backend backend = backendOptions.select(err).backend()) {
            RunMemory.requireInference(data, net, threads, backend, HeapSpace::available);
            try (PreparedData prepared = backend.prepare(data); Engine engine = backend.newEngine(net, AdamConfig.notebook(), threads)) {
                engine.setParameters(parameters.withConfig(net));
                logits = engine.logits(prepared);
                metrics = Metrics.score(logits, data, net.classes());
            }
        }
        out.printf("samples %d   accuracy %.2f%%   mean absolute error %.2f deg   loss %.4f   (chance %.1f%%)%n",
                metrics.samples(), metrics.accuracy(), metrics.maeDegrees(), metrics.loss(), 100.0 / net.classes());
        out.println("confusion matrix (rows: estimated class, columns: true class, counts):");
        for (int[] row : metrics.confusion()) {
            StringBuilder line = new StringBuilder();
            for (int v : row) line.append(String.format("%6d", v));
            out.println(line);
        }
        if (json != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model.toString());
            m.put("samples", metrics.samples());
            m.put("accuracy", metrics.accuracy());
            m.put("mae_deg", metrics.maeDegrees());
            m.put("loss", metrics.loss());
            m.put("confusion_counts", metrics.confusion());
            m.put("confusion_normalised", metrics.confusionByTrueClass());
            m.put("data", source.data != null ? Map.of("file", source.data.toAbsolutePath().toString())
                    : Map.of("generated_samples", source.generated == null ? 2048 : source.generated.n,
                            "seed", source.generated == null ? 0L : source.generated.seed, "stimulus", "the notebook's"));
            Json.write(json, m);
        }
        if (predictions != null) writePredictions(predictions, logits, data, net.classes());
        out.flush();
        return ExitCodes.OK;
    }

    /** logits (n, C) float32, predicted and label (n,) int64, ipd (n,) float64 radians. */
    private static void writePredictions(Path file, float[] logits, SpikeDataset data, int classes) throws java.io.IOException {
        int n = data.size();
        int[] predicted = Scores.argmax(logits, classes);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("logits", NpyArray.ofFloats(logits, n, classes));
        arrays.put("predicted", NpyArray.ofInts(predicted, n));
        arrays.put("label", NpyArray.ofInts(data.labels(), n));
        arrays.put("ipd", NpyArray.ofDoubles(data.ipds(), n));
        Npz.write(file, arrays, true);
    }

    private SpikeDataset loadData(NetworkConfig net) {
        if (source.data != null) return DataFile.read(source.data, net.classes());
        int n = source.generated == null ? 2048 : source.generated.n;
        long seed = source.generated == null ? 0 : source.generated.seed;
        if (n <= 0 || n > 1_000_000) throw new InvalidInputException("--n must be in 1..1000000, got " + n);
        StimulusConfig stimulus = StimulusConfig.notebook();
        if (net.dtSeconds() != stimulus.dtSeconds()) {
            throw new InvalidInputException("the generated test set is the notebook's stimulus at dt " + stimulus.dtSeconds() * 1e3
                    + " ms; this model runs at dt " + net.dtSeconds() * 1e3 + " ms: give --data (e.g. from snnloc data with the run's stimulus options)");
        }
        if (net.inputs() != stimulus.inputs() || net.classes() != stimulus.classes()) {
            throw new InvalidInputException("the built-in stimulus has " + stimulus.inputs() + " inputs and " + stimulus.classes()
                    + " classes; this model needs --data with " + net.inputs() + " inputs");
        }
        return new IpdStimulus(new StimulusConfig(stimulus.fibresPerEar(), net.steps(), stimulus.dtSeconds(), stimulus.toneHz(),
                stimulus.maxRateHz(), stimulus.envelopePower(), stimulus.maxPhaseDelay(), false, net.classes())).generate(n, seed);
    }
}
