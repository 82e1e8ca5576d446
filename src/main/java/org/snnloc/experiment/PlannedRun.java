package org.snnloc.experiment;

/**
 * One training of an experiment, before it runs.
 *
 * @param name       folder name under the experiment's {@code runs/}, unique within the experiment
 * @param experiment baseline, sweep or constraints
 * @param condition  what distinguishes it within the experiment: {@code r=0.30}, {@code +/-}, {@code W1+}, {@code W2+}
 * @param ratio      inhibitory fraction of the layers that obey Dale's law
 * @param repeat     1-based repeat of the condition
 * @param spec       everything that defines the training, seeds included
 */
public record PlannedRun(String name, String experiment, String condition, double ratio, int repeat, RunSpec spec) {

    public PlannedRun {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) throw new IllegalArgumentException("bad run name '" + name + "'");
        if (repeat < 1) throw new IllegalArgumentException("repeats are 1-based, got " + repeat);
    }
}
