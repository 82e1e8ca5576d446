package org.snnloc.cli;

import org.snnloc.model.LayerSigns;
import org.snnloc.model.WeightMap;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sign constraints of one training ({@code snnloc train}): Dale's law ratios, excitatory-only
 * layers or none. The experiment commands set the signs themselves and do not take these.
 */
final class SignOptions {
    @Option(names = "--ie-ratio", paramLabel = "R", description = "inhibitory fraction of the rows of both W1 and W2 (default: 0.5)")
    Double ieRatio;

    @Option(names = "--ie-ratio-w1", paramLabel = "R", description = "inhibitory fraction of W1's rows (input fibres); overrides --ie-ratio")
    Double ieRatioW1;

    @Option(names = "--ie-ratio-w2", paramLabel = "R", description = "inhibitory fraction of W2's rows (hidden neurons); overrides --ie-ratio")
    Double ieRatioW2;

    @Option(names = "--excitatory-only", paramLabel = "LAYER", split = ",",
            description = "make all rows of a layer excitatory: w1, w2 or both (the notebook's W1+ / W2+)")
    List<String> excitatoryOnly = new ArrayList<>();

    @Option(names = "--no-dale", description = "no sign constraint: plain signed weights (the starting notebook)")
    boolean noDale;

    private boolean parsed;
    private boolean w1Excitatory;
    private boolean w2Excitatory;

    /** W1's signs, for its weight map as given (null: the default); a map without row signs takes none, and refuses a ratio. */
    LayerSigns layer1(WeightMap map) {
        check();
        return layer("W1", "--ie-ratio-w1", ieRatioW1, w1Excitatory, "w1", map);
    }

    LayerSigns layer2(WeightMap map) {
        check();
        return layer("W2", "--ie-ratio-w2", ieRatioW2, w2Excitatory, "w2", map);
    }

    private LayerSigns layer(String layer, String ratioOption, Double layerRatio, boolean excitatory, String name, WeightMap map) {
        check();
        if (noDale && map != null && map.hasRowSigns()) {
            throw new InvalidInputException("--no-dale means no row signs, but " + layer + "'s weight map '" + map.describe() + "' needs them");
        }
        if (noDale || (map != null && !map.hasRowSigns())) {
            String given = layerRatio != null ? ratioOption + " " + layerRatio : ieRatio != null ? "--ie-ratio " + ieRatio
                    : excitatory ? "--excitatory-only " + name : null;
            if (given != null && !noDale) {
                throw new InvalidInputException(layer + "'s weight map '" + map.describe() + "' has no row signs, so it cannot take " + given);
            }
            return new LayerSigns.Free();
        }
        if (excitatory) {
            if (layerRatio != null) throw new InvalidInputException("--excitatory-only " + name + " cannot be combined with " + ratioOption + " (an all-excitatory layer has no inhibitory fraction)");
            if (ieRatio != null) throw new InvalidInputException("--excitatory-only " + name + " cannot be combined with --ie-ratio, which would set " + layer + "'s inhibitory fraction; use " + (name.equals("w1") ? "--ie-ratio-w2" : "--ie-ratio-w1") + " for the other layer");
            return new LayerSigns.ExcitatoryOnly();
        }
        return new LayerSigns.Dale(layerRatio != null ? layerRatio : ieRatio != null ? ieRatio : 0.5);
    }

    /** The first sign option given on the command line, or null when only defaults apply. */
    String given() {
        if (ieRatio != null) return "--ie-ratio";
        if (ieRatioW1 != null) return "--ie-ratio-w1";
        if (ieRatioW2 != null) return "--ie-ratio-w2";
        if (!excitatoryOnly.isEmpty()) return "--excitatory-only";
        return null;
    }

    private void check() {
        if (parsed) return;
        if (ieRatio != null) RunOptions.requireRatio("--ie-ratio", ieRatio);
        if (ieRatioW1 != null) RunOptions.requireRatio("--ie-ratio-w1", ieRatioW1);
        if (ieRatioW2 != null) RunOptions.requireRatio("--ie-ratio-w2", ieRatioW2);
        for (String layer : excitatoryOnly) {
            switch (layer.trim().toLowerCase(Locale.ROOT)) {
                case "w1" -> w1Excitatory = true;
                case "w2" -> w2Excitatory = true;
                case "both" -> w1Excitatory = w2Excitatory = true;
                default -> throw new InvalidInputException("--excitatory-only takes w1, w2 or both, got '" + layer + "'");
            }
        }
        if (noDale && (w1Excitatory || w2Excitatory || ieRatioW1 != null || ieRatioW2 != null || ieRatio != null)) {
            String other = ieRatio != null ? "--ie-ratio" : ieRatioW1 != null ? "--ie-ratio-w1" : ieRatioW2 != null ? "--ie-ratio-w2" : "--excitatory-only";
            throw new InvalidInputException("--no-dale cannot be combined with " + other + " (it means no row signs)");
        }
        parsed = true;
    }
}
