package org.snnloc.cli;

import org.snnloc.experiment.RunSpec;
import org.snnloc.experiment.Seeds;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.LeakyLayer;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.model.WeightMap;
import org.snnloc.model.SpikingLayer;
import org.snnloc.model.Surrogate;
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

    @Option(names = "--tau-ms", paramLabel = "MS", defaultValue = "5", description = "membrane time constant of both layers in ms (default: ${DEFAULT-VALUE})")
    double tauMs;

    @Option(names = "--tau-ms-hidden", paramLabel = "MS", description = "the hidden layer's time constant, overriding --tau-ms")
    Double tauMsHidden;

    @Option(names = "--tau-ms-output", paramLabel = "MS", description = "the readout's time constant, overriding --tau-ms")
    Double tauMsOutput;

    @Option(names = "--threshold", paramLabel = "V", defaultValue = "1", description = "firing threshold of the hidden neurons (default: ${DEFAULT-VALUE})")
    float threshold;

    @Option(names = "--surrogate", paramLabel = "NAME[:SCALE]", defaultValue = "sigmoid:5",
            description = "surrogate derivative of the spike: sigmoid (scale 5), fast-sigmoid (25), atan (2), triangle (2), gaussian (2) "
                    + "or boxcar (1); default: ${DEFAULT-VALUE}, the notebook's")
    String surrogate;

    @Option(names = "--weight-map", paramLabel = "MAP",
            description = "raw parameters to weights, both layers: abs (the notebook: |w| sign), rectify (max(w, 0) sign), "
                    + "clamp (w sign, w >= 0 after each step), softplus (log(1 + e^w) sign) or none (w, no signs); default abs")
    String weightMap;

    @Option(names = "--weight-map-w1", paramLabel = "MAP", description = "W1's weight map, overriding --weight-map")
    String weightMapW1;

    @Option(names = "--weight-map-w2", paramLabel = "MAP", description = "W2's weight map, overriding --weight-map")
    String weightMapW2;

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

    /** W1's weight map as given, or null when neither --weight-map nor --weight-map-w1 was. */
    WeightMap givenMap1() {
        return parseMap(weightMapW1 != null ? "--weight-map-w1" : "--weight-map", weightMapW1 != null ? weightMapW1 : weightMap);
    }

    WeightMap givenMap2() {
        return parseMap(weightMapW2 != null ? "--weight-map-w2" : "--weight-map", weightMapW2 != null ? weightMapW2 : weightMap);
    }

    private static WeightMap parseMap(String option, String name) {
        if (name == null) return null;
        try {
            return WeightMap.parse(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(option + ": " + e.getMessage());
        }
    }

    /** The run these options describe, with the given sign constraints; every value is checked first. */
    RunSpec toRunSpec(LayerSigns layer1, LayerSigns layer2) {
        requirePositive("--hidden", hidden);
        requirePositive("--epochs", epochs);
        requirePositive("--batch-size", batchSize);
        requirePositive("--train-batches", trainBatches);
        requirePositive("--validation-samples", validationSamples);
        requirePositive("--test-batches", testBatches);
        requireTau("--tau-ms", tauMs);
        double hiddenTau = tauMsHidden != null ? requireTau("--tau-ms-hidden", tauMsHidden) : tauMs;
        double outputTau = tauMsOutput != null ? requireTau("--tau-ms-output", tauMsOutput) : tauMs;
        if (!Float.isFinite(threshold)) throw new InvalidInputException("--threshold must be a finite number, got " + threshold);
        Surrogate spikeSurrogate;
        try {
            spikeSurrogate = Surrogate.parse(surrogate);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--surrogate: " + e.getMessage());
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) throw new InvalidInputException("--lr must be a positive number, got " + learningRate);
        if (earlyStopWindow < 0) throw new InvalidInputException("--early-stop-window must be >= 0, got " + earlyStopWindow);
        long trainSamples = (long) trainBatches * batchSize, testSamples = (long) testBatches * batchSize;
        if (trainSamples > 1_000_000 || testSamples > 1_000_000 || validationSamples > 1_000_000) {
            throw new InvalidInputException("data sets are limited to 1,000,000 samples each");
        }
        StimulusConfig stimulus = stimulusOptions.stimulus(NetworkConfig.NOTEBOOK_CLASSES);
        // The readout scale stays 1/T: 0.01 for the notebook's 100 steps.
        NetworkConfig net = new NetworkConfig(stimulus.inputs(), hidden, stimulus.classes(), stimulus.steps(), stimulus.dtSeconds(),
                new SpikingLayer(hiddenTau / 1e3, threshold, spikeSurrogate), new LeakyLayer(outputTau / 1e3), (float) (1.0 / stimulus.steps()));
        Seeds seeds = Seeds.from(seed);
        TrainingConfig training = new TrainingConfig(epochs, batchSize, seeds.shuffle(), earlyStopWindow, keep);
        WeightMap map1 = givenMap1() != null ? givenMap1() : Parameters.mapFor(layer1);
        WeightMap map2 = givenMap2() != null ? givenMap2() : Parameters.mapFor(layer2);
        return new RunSpec(net, stimulus, layer1, layer2, map1, map2, training, AdamConfig.withLearningRate(learningRate),
                (int) trainSamples, validationSamples, (int) testSamples, seeds);
    }

    private static double requireTau(String option, double ms) {
        if (!(ms > 0) || !Double.isFinite(ms)) throw new InvalidInputException(option + " must be a positive number, got " + ms);
        return ms;
    }

    static void requireRatio(String option, double r) {
        if (!(r >= 0 && r <= 1)) throw new InvalidInputException(option + " must be in [0, 1], got " + r);
    }

    private static void requirePositive(String option, long value) {
        if (value <= 0) throw new InvalidInputException(option + " must be positive, got " + value);
    }
}
