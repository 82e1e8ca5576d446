package org.snnloc.cli;

import org.snnloc.experiment.ExperimentFolder;
import org.snnloc.io.Json;
import org.snnloc.io.ModelFile;
import org.snnloc.model.LeakyLayer;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.model.SpikingLayer;
import org.snnloc.model.Surrogate;
import org.snnloc.model.WeightMap;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The neurons and weight maps of a model: the options of {@code train} and the experiment commands
 * (the notebook's values where not given), and of {@code evaluate} and {@code trace}, where a model
 * file written by snnloc records its own and refuses options that disagree, and a NumPy-written
 * one takes the options given.
 */
final class ModelOptions {
    @Option(names = "--tau-ms", paramLabel = "MS",
            description = "membrane time constant of both layers in ms (default: 5; evaluate and trace: the model file's)")
    Double tauMs;

    @Option(names = "--tau-ms-hidden", paramLabel = "MS", description = "the hidden layer's time constant, overriding --tau-ms")
    Double tauMsHidden;

    @Option(names = "--tau-ms-output", paramLabel = "MS", description = "the readout's time constant, overriding --tau-ms")
    Double tauMsOutput;

    @Option(names = "--threshold", paramLabel = "V", description = "firing threshold of the hidden neurons (default: 1)")
    Float threshold;

    @Option(names = "--surrogate", paramLabel = "NAME[:SCALE]",
            description = "surrogate derivative of the spike: sigmoid (scale 5), fast-sigmoid (25), atan (2), triangle (2), gaussian (2) "
                    + "or boxcar (1); default: sigmoid:5, the notebook's")
    String surrogate;

    @Option(names = "--weight-map", paramLabel = "MAP",
            description = "raw parameters to weights, both layers: abs (the notebook: |w| sign), rectify (max(w, 0) sign), "
                    + "clamp (w sign, w >= 0 after each step), softplus (log(1 + e^w) sign), dann[:NI] (A - B C through NI inhibitory "
                    + "interneurons, all >= 0; default NI = columns / 10) or none (w, no signs); default abs")
    String weightMap;

    @Option(names = "--learn-signs", paramLabel = "LAYERS",
            description = "train each presynaptic neuron's sign too (w1, w2 or both), from the signs the inhibitory ratio draws; "
                    + "Dale's law holds at every step")
    String learnSigns;

    @Option(names = "--weight-map-w1", paramLabel = "MAP", description = "W1's weight map, overriding --weight-map")
    String weightMapW1;

    @Option(names = "--weight-map-w2", paramLabel = "MAP", description = "W2's weight map, overriding --weight-map")
    String weightMapW2;

    /** {@code base} with the neuron options given applied; every value given is checked. */
    NetworkConfig network(NetworkConfig base) {
        if (tauMs != null) ms(tauMs, "--tau-ms", 0);
        double hiddenTau = ms(tauMsHidden != null ? tauMsHidden : tauMs, tauMsHidden != null ? "--tau-ms-hidden" : "--tau-ms",
                base.hiddenLayer().tauSeconds());
        double outputTau = ms(tauMsOutput != null ? tauMsOutput : tauMs, tauMsOutput != null ? "--tau-ms-output" : "--tau-ms",
                base.outputLayer().tauSeconds());
        float spikeThreshold = threshold != null ? threshold : base.threshold();
        if (!Float.isFinite(spikeThreshold)) throw new InvalidInputException("--threshold must be a finite number, got " + spikeThreshold);
        Surrogate spikeSurrogate = base.surrogate();
        if (surrogate != null) {
            try {
                spikeSurrogate = Surrogate.parse(surrogate);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--surrogate: " + e.getMessage());
            }
        }
        return new NetworkConfig(base.inputs(), base.hidden(), base.classes(), base.steps(), base.dtSeconds(),
                new SpikingLayer(hiddenTau, spikeThreshold, spikeSurrogate), new LeakyLayer(outputTau), base.readoutScale());
    }

    /**
     * Layer {@code layer}'s map: {@code map}, with learned signs when {@code --learn-signs} names
     * the layer (a sign map is needed for that).
     */
    WeightMap withLearnedSigns(int layer, WeightMap map) {
        if (learnSigns != null && !List.of("w1", "w2", "both").contains(learnSigns)) {
            throw new InvalidInputException("--learn-signs takes w1, w2 or both, got '" + learnSigns + "'");
        }
        boolean learns = learnSigns != null && (learnSigns.equals("both") || learnSigns.equals("w" + layer));
        if (!learns || map instanceof WeightMap.LearnedSigns) return map;
        if (!(map instanceof WeightMap.Elementwise e) || !e.hasRowSigns()) {
            throw new InvalidInputException("--learn-signs " + learnSigns + " needs row signs on W" + layer + ", but its weight map '"
                    + map.describe() + "' has none");
        }
        return new WeightMap.LearnedSigns(e);
    }

    /** W1's weight map as given, or null when neither --weight-map nor --weight-map-w1 was. */
    WeightMap givenMap1() {
        return map(weightMapW1 != null ? weightMapW1 : weightMap, weightMapW1 != null ? "--weight-map-w1" : "--weight-map", null);
    }

    WeightMap givenMap2() {
        return map(weightMapW2 != null ? weightMapW2 : weightMap, weightMapW2 != null ? "--weight-map-w2" : "--weight-map", null);
    }

    /** The model of {@code file} with these options applied, or refused where the file records other settings. */
    ModelFile.Loaded read(Path file) {
        ModelFile.Loaded loaded = ModelFile.load(file);
        Parameters p = loaded.parameters();
        WeightMap map1 = withLearnedSigns(1, givenMap1() != null ? givenMap1() : p.weightMap1());
        WeightMap map2 = withLearnedSigns(2, givenMap2() != null ? givenMap2() : p.weightMap2());
        return new ModelFile.Loaded(adopt(loaded, file.toString(), network(p.config()), map1, map2), loaded.describesItself());
    }

    /**
     * The parameters of a {@code loaded} model file for a network {@code wanted} with the given
     * weight maps. A file that records its model must record exactly these, else it is
     * refused naming the differences; a NumPy-written one is taken as these, and needs the sizes
     * and the row signs they imply. {@code what} names the file in messages.
     */
    static Parameters adopt(ModelFile.Loaded loaded, String what, NetworkConfig wanted, WeightMap map1, WeightMap map2) {
        Parameters p = loaded.parameters();
        if (loaded.describesItself()) {
            List<String> differences = new ArrayList<>(ExperimentFolder.differences("network", Json.tree(p.config()), Json.tree(wanted)));
            differences.addAll(ExperimentFolder.differences("w1_map", Json.tree(p.weightMap1()), Json.tree(map1)));
            differences.addAll(ExperimentFolder.differences("w2_map", Json.tree(p.weightMap2()), Json.tree(map2)));
            if (!differences.isEmpty()) {
                throw new InvalidInputException(what + " records its model, and this command's settings differ: "
                        + String.join("; ", differences.subList(0, Math.min(3, differences.size()))).replace(" there, ", " in the file, ")
                        + (differences.size() > 3 ? "; and " + (differences.size() - 3) + " more" : ""));
            }
            return p;
        }
        NetworkConfig net = p.config();
        if (net.inputs() != wanted.inputs() || net.hidden() != wanted.hidden() || net.classes() != wanted.classes()) {
            throw new InvalidInputException(what + " has " + net.inputs() + " x " + net.hidden() + " x " + net.classes()
                    + " neurons, this command " + wanted.inputs() + " x " + wanted.hidden() + " x " + wanted.classes());
        }
        // plain "dann" takes the file's interneuron count
        if (map1 instanceof WeightMap.Dann d && d.interneurons() == 0 && p.weightMap1() instanceof WeightMap.Dann) map1 = p.weightMap1();
        if (map2 instanceof WeightMap.Dann d && d.interneurons() == 0 && p.weightMap2() instanceof WeightMap.Dann) map2 = p.weightMap2();
        Map<String, WeightMap> owners = new LinkedHashMap<>();
        for (var spec : map1.forLayer(wanted.hidden()).arrays(1, wanted.inputs(), wanted.hidden())) owners.put(spec.name(), map1);
        for (var spec : map2.forLayer(wanted.classes()).arrays(2, wanted.hidden(), wanted.classes())) owners.put(spec.name(), map2);
        for (var owner : owners.entrySet()) {
            if (!p.arrays().containsKey(owner.getKey())) {
                throw new InvalidInputException(what + " has no " + owner.getKey() + ", which the weight map '" + owner.getValue().describe() + "' needs");
            }
        }
        for (String name : p.arrays().keySet()) {
            if (!owners.containsKey(name)) {
                WeightMap map = name.startsWith("w1") || name.startsWith("sign1") ? map1 : map2;
                throw new InvalidInputException(what + " has " + name + ", which the weight map '" + map.describe() + "' does not use");
            }
        }
        for (String name : List.of("w1", "w2")) {
            WeightMap.Elementwise map = switch (owners.get(name)) {
                case WeightMap.Elementwise e -> e;
                case WeightMap.LearnedSigns l -> l.magnitude();
                case null, default -> null;
            };
            if (map == null) continue;
            for (float w : p.arrays().get(name)) {
                if (map.project(w) != w) {
                    throw new InvalidInputException(what + ": " + name + " holds " + w + ", outside what the weight map '" + map.describe()
                            + "' allows (raw weights >= 0)");
                }
            }
        }
        try {
            return new Parameters(wanted, map1, map2, p.arrays());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(what + ": " + e.getMessage());
        }
    }

    private static double ms(Double given, String option, double fallbackSeconds) {
        if (given == null) return fallbackSeconds;
        if (!(given > 0) || !Double.isFinite(given)) throw new InvalidInputException(option + " must be a positive number, got " + given);
        return given / 1e3;
    }

    private static WeightMap map(String name, String option, WeightMap fallback) {
        if (name == null) return fallback;
        try {
            return WeightMap.parse(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(option + ": " + e.getMessage());
        }
    }
}
