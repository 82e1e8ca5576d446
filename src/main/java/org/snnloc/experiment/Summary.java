package org.snnloc.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Means and standard deviations of the runs of each condition. The standard deviation is the
 * population one (ddof = 0), as numpy's {@code std} that draws the notebook's band.
 *
 * @param conditions one entry per (experiment, condition), in the order of the plan
 * @param planned    how many runs the plan has
 * @param finished   how many of them have finished
 */
public record Summary(List<Condition> conditions, int planned, int finished) {

    /** Statistics of one condition. */
    public record Condition(String experiment, String condition, Map<String, Object> values, int runs, Stat trainAccuracy,
                            Stat testAccuracy, Stat testMaeDeg, Stat epochsRun, Stat seconds) {}

    /** Mean and population standard deviation. */
    public record Stat(double mean, double std) {
        public static Stat of(List<RunResult> rows, ToDoubleFunction<RunResult> value) {
            double sum = 0;
            for (RunResult r : rows) sum += value.applyAsDouble(r);
            double mean = sum / rows.size();
            double squares = 0;
            for (RunResult r : rows) squares += Math.pow(value.applyAsDouble(r) - mean, 2);
            return new Stat(mean, Math.sqrt(squares / rows.size()));
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mean", mean);
            m.put("std", std);
            return m;
        }
    }

    /** Groups {@code results} by experiment and condition, keeping their order. */
    public static Summary of(List<RunResult> results, int planned) {
        Map<String, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult r : results) groups.computeIfAbsent(r.experiment() + "\u0000" + r.condition(), k -> new ArrayList<>()).add(r);
        List<Condition> conditions = new ArrayList<>();
        for (List<RunResult> rows : groups.values()) {
            RunResult first = rows.getFirst();
            conditions.add(new Condition(first.experiment(), first.condition(), first.values(), rows.size(),
                    Stat.of(rows, RunResult::trainAccuracy), Stat.of(rows, RunResult::testAccuracy), Stat.of(rows, RunResult::testMaeDeg),
                    Stat.of(rows, RunResult::epochsRun), Stat.of(rows, RunResult::seconds)));
        }
        return new Summary(List.copyOf(conditions), planned, results.size());
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs_planned", planned);
        m.put("runs_finished", finished);
        m.put("complete", planned == finished);
        m.put("std", "population standard deviation (ddof = 0), as numpy.std in the notebook");
        List<Map<String, Object>> list = new ArrayList<>();
        for (Condition c : conditions) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("experiment", c.experiment());
            e.put("condition", c.condition());
            e.put("values", c.values());
            e.put("runs", c.runs());
            e.put("train_accuracy", c.trainAccuracy().describe());
            e.put("test_accuracy", c.testAccuracy().describe());
            e.put("test_mae_deg", c.testMaeDeg().describe());
            e.put("epochs_run", c.epochsRun().describe());
            e.put("seconds", c.seconds().describe());
            list.add(e);
        }
        m.put("conditions", list);
        return m;
    }
}
