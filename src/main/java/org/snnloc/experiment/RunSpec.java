package org.snnloc.experiment;

import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.model.WeightMap;
import org.snnloc.stimulus.StimulusConfig;
import org.snnloc.train.AdamConfig;
import org.snnloc.train.TrainingConfig;

/**
 * Everything that defines one training run; with the same spec and seed a run is repeated exactly.
 *
 * @param network           network sizes and constants
 * @param stimulus          stimulus generator settings
 * @param layer1            sign constraint of W1
 * @param layer2            sign constraint of W2
 * @param w1Map             W1's weight map: raw parameters to effective weights
 * @param w2Map             W2's weight map
 * @param training          epochs, batch, early stopping, kept weights
 * @param adam              optimiser
 * @param trainSamples      training set size (the notebook: 64 batches of 64)
 * @param validationSamples validation set size (the notebook: 4096)
 * @param testSamples       test set size (the notebook: 32 batches of 64)
 * @param seeds             every seed the run uses
 * @param dataFiles         the user's own data for some sets (their sizes are the sizes above), or null: all generated
 */
public record RunSpec(NetworkConfig network, StimulusConfig stimulus, LayerSigns layer1, LayerSigns layer2, WeightMap w1Map,
                      WeightMap w2Map, TrainingConfig training, AdamConfig adam, int trainSamples, int validationSamples,
                      int testSamples, Seeds seeds, DataFiles dataFiles) {

    public RunSpec {
        w1Map = w1Map.forLayer(network.hidden());
        w2Map = w2Map.forLayer(network.classes());
        requireSignsFit("W1", layer1, w1Map);
        requireSignsFit("W2", layer2, w2Map);
        if (trainSamples < training.batchSize()) {
            throw new IllegalArgumentException("the training set (" + trainSamples + ") must hold at least one batch (" + training.batchSize() + ")");
        }
        if (validationSamples <= 0 || testSamples <= 0) throw new IllegalArgumentException("validation and test sets must not be empty");
        if (stimulus.inputs() != network.inputs() || stimulus.steps() != network.steps() || stimulus.classes() != network.classes()) {
            throw new IllegalArgumentException("stimulus and network sizes disagree");
        }
        if (dataFiles != null) {
            requireSize("training", dataFiles.train(), trainSamples);
            requireSize("validation", dataFiles.validation(), validationSamples);
            requireSize("test", dataFiles.test(), testSamples);
        }
    }

    /** A run whose sets are all generated from its stimulus. */
    public RunSpec(NetworkConfig network, StimulusConfig stimulus, LayerSigns layer1, LayerSigns layer2, WeightMap w1Map, WeightMap w2Map,
                   TrainingConfig training, AdamConfig adam, int trainSamples, int validationSamples, int testSamples, Seeds seeds) {
        this(network, stimulus, layer1, layer2, w1Map, w2Map, training, adam, trainSamples, validationSamples, testSamples, seeds, null);
    }

    private static void requireSize(String set, DataFiles.Source file, int samples) {
        if (file != null && file.samples() != samples) {
            throw new IllegalArgumentException("the " + set + " set is " + samples + " samples, but " + file.path() + " holds " + file.samples());
        }
    }

    /** The file the training set comes from, or null when it is generated. */
    public DataFiles.Source trainFile() {
        return dataFiles == null ? null : dataFiles.train();
    }

    public DataFiles.Source validationFile() {
        return dataFiles == null ? null : dataFiles.validation();
    }

    public DataFiles.Source testFile() {
        return dataFiles == null ? null : dataFiles.test();
    }

    /** The notebook's weight maps for these signs: {@code abs} with row signs, {@code none} without. */
    public RunSpec(NetworkConfig network, StimulusConfig stimulus, LayerSigns layer1, LayerSigns layer2, TrainingConfig training,
                   AdamConfig adam, int trainSamples, int validationSamples, int testSamples, Seeds seeds) {
        this(network, stimulus, layer1, layer2, Parameters.mapFor(layer1), Parameters.mapFor(layer2), training, adam, trainSamples,
                validationSamples, testSamples, seeds);
    }

    /** A map with row signs needs a sign constraint, one without needs none. */
    private static void requireSignsFit(String layer, LayerSigns signs, WeightMap map) {
        if (map.hasRowSigns() == signs instanceof LayerSigns.Free) {
            throw new IllegalArgumentException("the weight map '" + map.describe() + "' of " + layer + (map.hasRowSigns()
                    ? " needs row signs, but " + layer + " has no sign constraint" : " has no row signs, but " + layer + " has signs " + signs.describe()));
        }
    }

    /** The same run with other sign constraints (the experiments vary only these and the seeds). */
    public RunSpec withSigns(LayerSigns newLayer1, LayerSigns newLayer2) {
        return new RunSpec(network, stimulus, newLayer1, newLayer2, w1Map, w2Map, training, adam, trainSamples, validationSamples, testSamples,
                seeds, dataFiles);
    }

    /** The same run with other seeds; the shuffle seed inside {@link TrainingConfig} follows. */
    public RunSpec withSeeds(Seeds newSeeds) {
        TrainingConfig reseeded = new TrainingConfig(training.epochs(), training.batchSize(), newSeeds.shuffle(),
                training.earlyStopWindow(), training.keep());
        return new RunSpec(network, stimulus, layer1, layer2, w1Map, w2Map, reseeded, adam, trainSamples, validationSamples, testSamples,
                newSeeds, dataFiles);
    }
}
