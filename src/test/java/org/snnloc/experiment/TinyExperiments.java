package org.snnloc.experiment;

import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.stimulus.StimulusConfig;
import org.snnloc.train.AdamConfig;
import org.snnloc.train.TrainingConfig;

import java.util.List;

/** Experiments small enough for unit tests: 8 hidden neurons, 64 training samples, 2 epochs. */
public final class TinyExperiments {
    private TinyExperiments() {}

    public static RunSpec template(long seed, int epochs) {
        Seeds seeds = Seeds.from(seed);
        TrainingConfig training = new TrainingConfig(epochs, 32, seeds.shuffle(), 10, TrainingConfig.KeepPolicy.BEST);
        return new RunSpec(NetworkConfig.notebook().withHidden(8), StimulusConfig.notebook(), new LayerSigns.Dale(0.5),
                new LayerSigns.Dale(0.5), training, AdamConfig.notebook(), 64, 64, 64, seeds);
    }

    /** A sweep over 0, 0.5 and 1 with two repeats: six runs. */
    public static ExperimentPlan sweep(long seed) {
        return ExperimentPlan.of("sweep", template(seed, 2), List.of(Grid.ofRatios(template(seed, 2), List.of(0.0, 0.5, 1.0), 2)));
    }

    /** Baseline, a sweep over 0 and 0.5 with one repeat, and one repeat of each constraint: six runs. */
    public static ExperimentPlan all(long seed) {
        return ExperimentPlan.of("all", template(seed, 2), List.of(new Baseline(0.5), Grid.ofRatios(template(seed, 2), List.of(0.0, 0.5), 1),
                new Constraints(0.5, 1)));
    }
}
