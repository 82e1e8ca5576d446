package org.snnloc.experiment;

import org.snnloc.model.LayerSigns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notebook's test of where inhibition is needed, at one inhibitory ratio: both layers mixed
 * ("+/-"), W1 all excitatory ("W1+"), W2 all excitatory ("W2+"). As in the notebook all runs share
 * the training, validation and test data.
 */
public record Constraints(double ratio, int repeats) implements ExperimentDefinition {
    public static final double NOTEBOOK_RATIO = 0.5;
    public static final int NOTEBOOK_REPEATS = 3;

    /** The three conditions, with the notebook's labels and folder-safe names. */
    public enum Condition {
        MIXED("+/-", "mixed"),
        W1_EXCITATORY("W1+", "w1exc"),
        W2_EXCITATORY("W2+", "w2exc");

        public final String label;
        public final String slug;

        Condition(String label, String slug) {
            this.label = label;
            this.slug = slug;
        }

        LayerSigns layer1(double ratio) {
            return this == W1_EXCITATORY ? new LayerSigns.ExcitatoryOnly() : new LayerSigns.Dale(ratio);
        }

        LayerSigns layer2(double ratio) {
            return this == W2_EXCITATORY ? new LayerSigns.ExcitatoryOnly() : new LayerSigns.Dale(ratio);
        }
    }

    public Constraints {
        new LayerSigns.Dale(ratio);  // validates
        if (repeats < 1) throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
    }

    @Override
    public String name() {
        return "constraints";
    }

    @Override
    public List<PlannedRun> runs(RunSpec template) {
        long userSeed = template.seeds().seed();
        Seeds shared = Seeds.from(Seeds.derive(userSeed, "constraints"));
        List<PlannedRun> runs = new ArrayList<>();
        for (Condition condition : Condition.values()) {
            for (int repeat = 1; repeat <= repeats; repeat++) {
                Seeds seeds = shared.sharingDataWith(Seeds.derive(userSeed, "constraints/" + condition.slug + "/" + repeat))
                        .withTestData(shared.testData());
                RunSpec spec = template.withSigns(condition.layer1(ratio), condition.layer2(ratio)).withSeeds(seeds);
                runs.add(new PlannedRun("constraints-" + condition.slug + "-" + repeat, name(), condition.label, Map.of("ie-ratio", ratio),
                        repeat, spec));
            }
        }
        return runs;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", name());
        m.put("ratio", ratio);
        m.put("repeats", repeats);
        return m;
    }
}
