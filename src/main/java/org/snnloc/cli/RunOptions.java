package org.snnloc.cli;

import org.snnloc.experiment.RunSpec;
import org.snnloc.experiment.Seeds;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.LeakyLayer;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.model.WeightMap;
import org.snnloc.model.SpikingLayer;
import org.snnloc.stimulus.StimulusConfig;
import org.snnloc.train.AdamConfig;
import org.snnloc.train.TrainingConfig;
import org.snnloc.experiment.DataFiles;
import org.snnloc.io.NpyFormatException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The options that define a training apart from its sign constraints: network, training, data
 * sizes and the seed. Shared by {@code train} and the experiment commands; defaults are the notebook's.
 */
final class RunOptions {
    @Option(names = "--hidden", paramLabel = "N", defaultValue = "30", description = "hidden neurons (default: ${DEFAULT-VALUE})")
    int hidden;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

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

    @Mixin
    StimulusOptions stimulusOptions = new StimulusOptions();

    @Option(names = "--train-data", paramLabel = "FILE",
            description = "train on this spike data (data.npz schema, e.g. from a cochlear model) instead of generated samples; "
                    + "its samples, inputs and steps set the sizes")
    Path trainData;

    @Option(names = "--validation-data", paramLabel = "FILE", description = "the validation set from this file instead")
    Path validationData;

    @Option(names = "--test-data", paramLabel = "FILE", description = "score on this file's samples instead of a generated test set")
    Path testData;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--keep", paramLabel = "WHICH", defaultValue = "best",
            description = "weights to keep: best (lowest validation loss) or notebook (best on early stop, else final). Default: ${DEFAULT-VALUE}")
    TrainingConfig.KeepPolicy keep;

    @Option(names = "--early-stop-window", paramLabel = "N", defaultValue = "10",
            description = "stop when the oldest of the last N validation losses is their minimum; 0 = never (default: ${DEFAULT-VALUE})")
    int earlyStopWindow;

    /** The run these options describe, with the given sign constraints; every value is checked first. */
    RunSpec toRunSpec(LayerSigns layer1, LayerSigns layer2) {
        requirePositive("--hidden", hidden);
        requirePositive("--epochs", epochs);
        requirePositive("--batch-size", batchSize);
        requirePositive("--train-batches", trainBatches);
        requirePositive("--validation-samples", validationSamples);
        requirePositive("--test-batches", testBatches);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new InvalidInputException("--lr must be a positive number, got " + learningRate);
        if (earlyStopWindow < 0) throw new InvalidInputException("--early-stop-window must be >= 0, got " + earlyStopWindow);
        long trainSamples = (long) trainBatches * batchSize, testSamples = (long) testBatches * batchSize;
        if (trainSamples > 1_000_000 || testSamples > 1_000_000 || validationSamples > 1_000_000) {
            throw new InvalidInputException("data sets are limited to 1,000,000 samples each");
        }
        StimulusConfig stimulus = stimulusOptions.stimulus(NetworkConfig.NOTEBOOK_CLASSES);
        DataFiles.Loaded train = read("--train-data", trainData), validation = read("--validation-data", validationData),
                test = read("--test-data", testData);
        DataFiles files = null;
        if (train != null || validation != null || test != null) {
            stimulus = fitToFiles(stimulus, train, validation, test);
            trainSamples = size(train, "--train-data", "--train-batches", trainSamples, trainBatches + " x --batch-size " + batchSize);
            validationSamples = (int) size(validation, "--validation-data", "--validation-samples", validationSamples, Integer.toString(validationSamples));
            testSamples = size(test, "--test-data", "--test-batches", testSamples, testBatches + " x --batch-size " + batchSize);
            if (trainSamples < batchSize) {
                throw new InvalidInputException("--train-data " + trainData + " holds " + trainSamples + " samples, fewer than one batch (--batch-size "
                        + batchSize + ")");
            }
            files = new DataFiles(source(train), source(validation), source(test));
        }
        // The readout scale stays 1/T: 0.01 for the notebook's 100 steps.
        NetworkConfig net = modelOptions.network(new NetworkConfig(stimulus.inputs(), hidden, stimulus.classes(), stimulus.steps(),
                stimulus.dtSeconds(), SpikingLayer.notebook(), LeakyLayer.notebook(), (float) (1.0 / stimulus.steps())));
        Seeds seeds = Seeds.from(seed);
        TrainingConfig training = new TrainingConfig(epochs, batchSize, seeds.shuffle(), earlyStopWindow, keep);
        WeightMap map1 = modelOptions.withLearnedSigns(1, modelOptions.givenMap1() != null ? modelOptions.givenMap1() : Parameters.mapFor(layer1));
        WeightMap map2 = modelOptions.withLearnedSigns(2, modelOptions.givenMap2() != null ? modelOptions.givenMap2() : Parameters.mapFor(layer2));
        return new RunSpec(net, stimulus, layer1, layer2, map1, map2, training, AdamConfig.withLearningRate(learningRate),
                (int) trainSamples, validationSamples, (int) testSamples, seeds, files);
    }

    private static DataFiles.Loaded read(String option, Path file) {
        if (file == null) return null;
        String problem = org.snnloc.io.InputFiles.problem(file);
        if (problem != null) throw new InvalidInputException(option + ": " + problem);
        DataFiles.Loaded loaded;
        try {
            loaded = DataFiles.Source.read(file, NetworkConfig.NOTEBOOK_CLASSES);
        } catch (NpyFormatException e) {
            throw new InvalidInputException(option + ": " + e.getMessage());
        }
        if (loaded.data().size() == 0) throw new InvalidInputException(option + " " + file + " holds no samples");
        return loaded;
    }

    private static DataFiles.Source source(DataFiles.Loaded loaded) {
        return loaded == null ? null : loaded.source();
    }

    /**
     * The stimulus for the sets still generated, with the files' inputs and steps: the files set
     * the sizes, and a size option given on the command line that says otherwise is refused.
     */
    private StimulusConfig fitToFiles(StimulusConfig stimulus, DataFiles.Loaded... loaded) {
        DataFiles.Loaded first = null;
        String[] options = {"--train-data", "--validation-data", "--test-data"};
        String firstOption = null;
        for (int i = 0; i < loaded.length; i++) {
            DataFiles.Loaded l = loaded[i];
            if (l == null) continue;
            if (first == null) {
                first = l;
                firstOption = options[i];
            } else if (l.data().inputs() != first.data().inputs() || l.data().steps() != first.data().steps()) {
                throw new InvalidInputException(options[i] + " " + l.source().path() + " has " + l.data().inputs() + " inputs and " + l.data().steps()
                        + " steps, " + firstOption + " " + first.source().path() + " " + first.data().inputs() + " and " + first.data().steps());
            }
        }
        int inputs = first.data().inputs(), steps = first.data().steps();
        String file = firstOption + " " + first.source().path();
        if (inputs % 2 != 0) {
            throw new InvalidInputException(file + " has " + inputs + " inputs; the network's inputs are the fibres of two ears, so their count must be even");
        }
        if (given("--fibres-per-ear") && stimulus.inputs() != inputs) {
            throw new InvalidInputException("--fibres-per-ear " + stimulus.fibresPerEar() + " gives " + stimulus.inputs() + " inputs, but " + file + " has " + inputs);
        }
        if (given("--duration-ms") && stimulus.steps() != steps) {
            throw new InvalidInputException("--duration-ms / --dt-ms give " + stimulus.steps() + " steps, but " + file + " has " + steps);
        }
        return new StimulusConfig(inputs / 2, steps, stimulus.dtSeconds(), stimulus.toneHz(), stimulus.maxRateHz(), stimulus.envelopePower(),
                stimulus.maxPhaseDelay(), stimulus.phasePerSample(), stimulus.classes(), stimulus.spontaneousHz());
    }

    /** A set's size: its file's when there is one, and then an explicit size option must agree. */
    private long size(DataFiles.Loaded loaded, String fileOption, String sizeOption, long fromOptions, String spelled) {
        if (loaded == null) return fromOptions;
        int n = loaded.data().size();
        if (given(sizeOption) && n != fromOptions) {
            throw new InvalidInputException(sizeOption + " " + spelled + " asks for " + fromOptions + " samples, but " + fileOption + " "
                    + loaded.source().path() + " holds " + n);
        }
        return n;
    }

    private boolean given(String option) {
        return command != null && command.commandLine() != null && command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption(option);
    }

    static void requireRatio(String option, double r) {
        if (!(r >= 0 && r <= 1)) throw new InvalidInputException(option + " must be in [0, 1], got " + r);
    }

    private static void requirePositive(String option, long value) {
        if (value <= 0) throw new InvalidInputException(option + " must be positive, got " + value);
    }
}
