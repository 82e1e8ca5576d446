package org.snnloc.experiment;

import org.snnloc.model.LayerSigns;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notebook's baseline: Dale's law with the same inhibitory ratio in both layers. Its seeds are
 * the template's own, so the baseline of {@code snnloc all --seed S} is exactly {@code snnloc train --seed S}.
 */
public record Baseline(double ratio) implements ExperimentDefinition {
    public static final double NOTEBOOK_RATIO = 0.5;

    public Baseline {
        new LayerSigns.Dale(ratio);  // validates
    }

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public List<PlannedRun> runs(RunSpec template) {
        RunSpec spec = template.withSigns(new LayerSigns.Dale(ratio), new LayerSigns.Dale(ratio));
        return List.of(new PlannedRun("baseline", name(), "ie-ratio=" + Grid.label(ratio), Map.of("ie-ratio", ratio), 1, spec));
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", name());
        m.put("ratio", ratio);
        return m;
    }
}
