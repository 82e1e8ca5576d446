package org.snnloc.experiment;

import org.snnloc.model.LayerSigns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notebook's sweep of the inhibitory ratio (both layers), several repeats per ratio. As in the
 * notebook every run trains and validates on the same data; each run draws its own test set.
 */
public record Sweep(List<Double> ratios, int repeats) implements ExperimentDefinition {
    public static final List<Double> NOTEBOOK_RATIOS = List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
    public static final int NOTEBOOK_REPEATS = 3;

    public Sweep {
        ratios = List.copyOf(ratios);
        if (ratios.isEmpty()) throw new IllegalArgumentException("the sweep needs at least one ratio");
        for (double r : ratios) new LayerSigns.Dale(r);  // validates
        if (ratios.stream().map(ExperimentDefinition::ratioLabel).distinct().count() != ratios.size()) {
            throw new IllegalArgumentException("the sweep's ratios must be distinct, got " + ratios);
        }
        if (repeats < 1) throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
    }

    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public List<PlannedRun> runs(RunSpec template) {
        long userSeed = template.seeds().seed();
        Seeds shared = Seeds.from(Seeds.derive(userSeed, "sweep"));
        List<PlannedRun> runs = new ArrayList<>();
        for (double ratio : ratios) {
            String label = ExperimentDefinition.ratioLabel(ratio);
            for (int repeat = 1; repeat <= repeats; repeat++) {
                Seeds seeds = shared.sharingDataWith(Seeds.derive(userSeed, "sweep/r=" + label + "/" + repeat));
                RunSpec spec = template.withSigns(new LayerSigns.Dale(ratio), new LayerSigns.Dale(ratio)).withSeeds(seeds);
                runs.add(new PlannedRun("sweep-r" + label + "-" + repeat, name(), "r=" + label, ratio, repeat, spec));
            }
        }
        return runs;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", name());
        m.put("ratios", ratios);
        m.put("repeats", repeats);
        return m;
    }
}
