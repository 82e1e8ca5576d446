package org.snnloc.experiment;

import java.util.Map;

/**
 * One training of an experiment, before it runs.
 *
 * @param name       folder name under the experiment's {@code runs/}, unique within the experiment
 * @param experiment baseline, sweep or constraints
 * @param condition  what distinguishes it within the experiment: {@code ie-ratio=0.3}, {@code +/-}, {@code W1+}, {@code W2+}
 * @param values     the run's value of each key its experiment varies ({@code ie-ratio}, {@code tau-ms}, ...), in order
 * @param repeat     1-based repeat of the condition
 * @param spec       everything that defines the training, seeds included
 */
public record PlannedRun(String name, String experiment, String condition, Map<String, Object> values, int repeat, RunSpec spec) {

    public PlannedRun {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) throw new IllegalArgumentException("bad run name '" + name + "'");
        if (repeat < 1) throw new IllegalArgumentException("repeats are 1-based, got " + repeat);
    }
}
