package org.snnloc.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.snnloc.io.Json;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one experiment command asks for: its experiments and all their runs, in a fixed order (the
 * order of runs.csv).
 *
 * @param kind        the command: sweep, constraints or all
 * @param template    the run settings every run starts from (network, training, data sizes, user seed)
 * @param experiments the experiments, in order
 * @param runs        every run of every experiment
 */
public record ExperimentPlan(String kind, RunSpec template, List<ExperimentDefinition> experiments, List<PlannedRun> runs) {

    public static ExperimentPlan of(String kind, RunSpec template, List<ExperimentDefinition> experiments) {
        List<PlannedRun> runs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ExperimentDefinition e : experiments) {
            for (PlannedRun run : e.runs(template)) {
                if (!names.add(run.name())) throw new IllegalArgumentException("two runs are named " + run.name());
                runs.add(run);
            }
        }
        return new ExperimentPlan(kind, template, List.copyOf(experiments), List.copyOf(runs));
    }

    /**
     * The definition stored in experiment.json. A later command on the same folder must produce the
     * same definition, or it would mix results of different settings.
     */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("seed", template.seeds().seed());
        List<Map<String, Object>> e = new ArrayList<>();
        for (ExperimentDefinition d : experiments) e.add(d.describe());
        m.put("experiments", e);
        ObjectNode settings = (ObjectNode) Json.tree(template);
        settings.remove(List.of("seeds", "layer1", "layer2"));      // each run's own, in its config.json
        ((ObjectNode) settings.get("training")).remove("shuffle_seed");
        m.put("run_settings", settings);
        m.put("runs", runs.stream().map(PlannedRun::name).toList());
        return m;
    }
}
