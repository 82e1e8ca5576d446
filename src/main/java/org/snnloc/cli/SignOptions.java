package org.snnloc.cli;

import org.snnloc.model.LayerSigns;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sign constraints of one training ({@code snnloc train}): Dale's law ratios, excitatory-only
 * layers or none. The experiment commands set the signs themselves and do not take these.
 */
final class SignOptions {
    @Option(names = "--ie-ratio", paramLabel = "R", defaultValue = "0.5",
            description = "inhibitory fraction of the rows of both W1 and W2 (default: ${DEFAULT-VALUE})")
    double ieRatio;

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

    LayerSigns layer1() {
        check();
        return noDale ? new LayerSigns.Free() : w1Excitatory ? new LayerSigns.ExcitatoryOnly()
                : new LayerSigns.Dale(ieRatioW1 != null ? ieRatioW1 : ieRatio);
    }

    LayerSigns layer2() {
        check();
        return noDale ? new LayerSigns.Free() : w2Excitatory ? new LayerSigns.ExcitatoryOnly()
                : new LayerSigns.Dale(ieRatioW2 != null ? ieRatioW2 : ieRatio);
    }

    private void check() {
        if (parsed) return;
        RunOptions.requireRatio("--ie-ratio", ieRatio);
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
        if (noDale && (w1Excitatory || w2Excitatory || ieRatioW1 != null || ieRatioW2 != null)) {
            throw new InvalidInputException("--no-dale cannot be combined with --excitatory-only or --ie-ratio-w1/-w2");
        }
        parsed = true;
    }
}
