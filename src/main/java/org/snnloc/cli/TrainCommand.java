package org.snnloc.cli;

import org.snnloc.backend.Backend;
import org.snnloc.experiment.RunOutcome;
import org.snnloc.experiment.RunSpec;
import org.snnloc.experiment.Seeds;
import org.snnloc.experiment.TrainingRun;
import org.snnloc.io.RunFolder;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.stimulus.StimulusConfig;
import org.snnloc.train.AdamConfig;
import org.snnloc.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code snnloc train}: the notebook's baseline training, or any variant of it, into a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate seeded train / validation / test sets, train the network with Adam and early stopping,",
                "evaluate it and write a run folder (model.npz, config.json, history.csv, metrics.json).",
                "The defaults are the notebook's baseline: Dale's law with 50%% inhibitory rows in both layers."})
final class TrainCommand implements Callable<Integer>, ExitCodes.Verbosity {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    NetworkOptions network;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--out", paramLabel = "DIR", description = "run folder to create (default: runs/train-<time>-seed<S>)")
    Path out;

    @Option(names = "--verbose", description = "print stack traces on errors")
    boolean verbose;

    @Override
    public boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        RunSpec run = network.toRunSpec();
        Path target = out != null ? out : Path.of("runs", "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-seed" + run.seeds().seed());
        RunFolder.checkWritable(target);
        int threads = backendOptions.threads();
        try (Backend backend = backendOptions.select(err).backend()) {
            long start = System.nanoTime();
            err.printf("data: generating %d train, %d validation and %d test samples (seed %d)%n",
                    run.trainSamples(), run.validationSamples(), run.testSamples(), run.seeds().seed());
            err.flush();
            RunOutcome outcome;
            try (TrainingRun.SharedData data = TrainingRun.SharedData.generate(backend, run)) {
                outcome = TrainingRun.execute(backend, run, data, threads, Progress.epochLines(err));
            }
            Map<String, Object> config = run.describe();
            config.put("backend", backend.name());
            config.put("backend_description", backend.description());
            config.put("threads", threads);
            config.put("java", Runtime.version().toString());
            config.put("snnloc", Main.class.getPackage().getImplementationVersion());
            Map<String, Object> metrics = new LinkedHashMap<>(RunFolder.metrics(outcome.training(), outcome.train(), outcome.test()));
            double wall = (System.nanoTime() - start) / 1e9;
            metrics.put("wall_seconds", wall);
            RunFolder.write(target, outcome.training().parameters(), config, outcome.training(), metrics);
            stdout.printf("trained %d epochs on %s in %.1f s (%s, kept %s weights of epoch %d)%n",
                    outcome.training().epochsRun(), backend.name(), wall,
                    outcome.training().earlyStopped() ? "stopped early" : "no early stop",
                    outcome.training().keptWhich(), outcome.training().keptEpoch());
            stdout.printf("train accuracy %.1f%%   test accuracy %.1f%%   test error %.1f deg   (chance %.1f%%)%n",
                    outcome.train().accuracy(), outcome.test().accuracy(), outcome.test().maeDegrees(), 100.0 / run.network().classes());
            stdout.printf("run folder: %s%n", target);
            stdout.flush();
            return ExitCodes.OK;
        }
    }

    /** The options that define a run: network, Dale constraints, training and data. */
    static final class NetworkOptions {
        @Option(names = "--ie-ratio", paramLabel = "R", defaultValue = "0.5",
                description = "inhibitory fraction of the rows of both W1 and W2 (default: ${DEFAULT-VALUE})")
        double ieRatio;

        @Option(names = "--ie-ratio-w1", paramLabel = "R", description = "inhibitory fraction of W1's rows (input fibres); overrides --ie-ratio")
        Double ieRatioW1;

        @Option(names = "--ie-ratio-w2", paramLabel = "R", description = "inhibitory fraction of W2's rows (hidden neurons); overrides --ie-ratio")
        Double ieRatioW2;

        @Option(names = "--excitatory-only", paramLabel = "LAYER", split = ",",
                description = "make all rows of a layer excitatory: w1, w2 or both (the notebook's W1+ / W2+)")
        java.util.List<String> excitatoryOnly = new java.util.ArrayList<>();

        @Option(names = "--no-dale", description = "no sign constraint: plain signed weights (the starting notebook)")
        boolean noDale;

        @Option(names = "--hidden", paramLabel = "N", defaultValue = "30", description = "hidden neurons (default: ${DEFAULT-VALUE})")
        int hidden;

        @Option(names = "--tau-ms", paramLabel = "MS", defaultValue = "5", description = "membrane time constant in ms (default: ${DEFAULT-VALUE})")
        double tauMs;

        @Option(names = "--epochs", paramLabel = "N", defaultValue = "30", description = "maximum epochs (default: ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--lr", paramLabel = "X", defaultValue = "0.01", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
        double learningRate;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "samples per step (default: ${DEFAULT-VALUE})")
        int batchSize;

        @Option(names = "--train-batches", paramLabel = "N", defaultValue = "64",
                description = "training set size in batches (default: ${DEFAULT-VALUE}, i.e. 4096 samples)")
        int trainBatches;

        @Option(names = "--validation-samples", paramLabel = "N", defaultValue = "4096", description = "validation set size (default: ${DEFAULT-VALUE})")
        int validationSamples;

        @Option(names = "--test-batches", paramLabel = "N", defaultValue = "32",
                description = "test set size in batches (default: ${DEFAULT-VALUE}, i.e. 2048 samples)")
        int testBatches;

        @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed of data, weights, Dale masks and shuffles (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--phase-per-sample", description = "draw the stimulus phase offset per sample instead of once per data set (the notebook's quirk)")
        boolean phasePerSample;

        @Option(names = "--keep", paramLabel = "WHICH", defaultValue = "best",
                description = "weights to keep: best (lowest validation loss) or notebook (best on early stop, else final). Default: ${DEFAULT-VALUE}")
        TrainingConfig.KeepPolicy keep;

        @Option(names = "--early-stop-window", paramLabel = "N", defaultValue = "10",
                description = "stop when the oldest of the last N validation losses is their minimum; 0 = never (default: ${DEFAULT-VALUE})")
        int earlyStopWindow;

        RunSpec toRunSpec() {
            requireRatio("--ie-ratio", ieRatio);
            if (ieRatioW1 != null) requireRatio("--ie-ratio-w1", ieRatioW1);
            if (ieRatioW2 != null) requireRatio("--ie-ratio-w2", ieRatioW2);
            requirePositive("--hidden", hidden);
            requirePositive("--epochs", epochs);
            requirePositive("--batch-size", batchSize);
            requirePositive("--train-batches", trainBatches);
            requirePositive("--validation-samples", validationSamples);
            requirePositive("--test-batches", testBatches);
            if (!(tauMs > 0) || !Double.isFinite(tauMs)) throw new InvalidInputException("--tau-ms must be a positive number, got " + tauMs);
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new InvalidInputException("--lr must be a positive number, got " + learningRate);
            if (earlyStopWindow < 0) throw new InvalidInputException("--early-stop-window must be >= 0, got " + earlyStopWindow);
            boolean w1Excitatory = false, w2Excitatory = false;
            for (String layer : excitatoryOnly) {
                switch (layer.trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "w1" -> w1Excitatory = true;
                    case "w2" -> w2Excitatory = true;
                    case "both" -> w1Excitatory = w2Excitatory = true;
                    default -> throw new InvalidInputException("--excitatory-only takes w1, w2 or both, got '" + layer + "'");
                }
            }
            if (noDale && (w1Excitatory || w2Excitatory || ieRatioW1 != null || ieRatioW2 != null)) {
                throw new InvalidInputException("--no-dale cannot be combined with --excitatory-only or --ie-ratio-w1/-w2");
            }
            long trainSamples = (long) trainBatches * batchSize, testSamples = (long) testBatches * batchSize;
            if (trainSamples > 1_000_000 || testSamples > 1_000_000 || validationSamples > 1_000_000) {
                throw new InvalidInputException("data sets are limited to 1,000,000 samples each");
            }
            LayerSigns layer1 = noDale ? new LayerSigns.Free() : w1Excitatory ? new LayerSigns.ExcitatoryOnly()
                    : new LayerSigns.Dale(ieRatioW1 != null ? ieRatioW1 : ieRatio);
            LayerSigns layer2 = noDale ? new LayerSigns.Free() : w2Excitatory ? new LayerSigns.ExcitatoryOnly()
                    : new LayerSigns.Dale(ieRatioW2 != null ? ieRatioW2 : ieRatio);
            NetworkConfig net = NetworkConfig.notebook().withHidden(hidden).withTau(tauMs / 1e3);
            StimulusConfig stimulus = StimulusConfig.notebook().withPhasePerSample(phasePerSample);
            Seeds seeds = Seeds.from(seed);
            TrainingConfig training = new TrainingConfig(epochs, batchSize, seeds.shuffle(), earlyStopWindow, keep);
            return new RunSpec(net, stimulus, layer1, layer2, training, AdamConfig.withLearningRate(learningRate),
                    (int) trainSamples, validationSamples, (int) testSamples, seeds);
        }

        private static void requireRatio(String option, double r) {
            if (!(r >= 0 && r <= 1)) throw new InvalidInputException(option + " must be in [0, 1], got " + r);
        }

        private static void requirePositive(String option, long value) {
            if (value <= 0) throw new InvalidInputException(option + " must be positive, got " + value);
        }
    }
}
