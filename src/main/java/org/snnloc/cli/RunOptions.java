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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
        // The readout scale stays 1/T: 0.01 for the notebook's 100 steps.
        NetworkConfig net = modelOptions.network(new NetworkConfig(stimulus.inputs(), hidden, stimulus.classes(), stimulus.steps(),
                stimulus.dtSeconds(), SpikingLayer.notebook(), LeakyLayer.notebook(), (float) (1.0 / stimulus.steps())));
        Seeds seeds = Seeds.from(seed);
        TrainingConfig training = new TrainingConfig(epochs, batchSize, seeds.shuffle(), earlyStopWindow, keep);
        WeightMap map1 = modelOptions.withLearnedSigns(1, modelOptions.givenMap1() != null ? modelOptions.givenMap1() : Parameters.mapFor(layer1));
        WeightMap map2 = modelOptions.withLearnedSigns(2, modelOptions.givenMap2() != null ? modelOptions.givenMap2() : Parameters.mapFor(layer2));
        return new RunSpec(net, stimulus, layer1, layer2, map1, map2, training, AdamConfig.withLearningRate(learningRate),
                (int) trainSamples, validationSamples, (int) testSamples, seeds);
    }

    static void requireRatio(String option, double r) {
        if (!(r >= 0 && r <= 1)) throw new InvalidInputException(option + " must be in [0, 1], got " + r);
    }

    private static void requirePositive(String option, long value) {
        if (value <= 0) throw new InvalidInputException(option + " must be positive, got " + value);
    }
}
