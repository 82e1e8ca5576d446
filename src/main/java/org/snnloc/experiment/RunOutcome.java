package org.snnloc.experiment;

import org.snnloc.eval.Metrics;
import org.snnloc.train.TrainingResult;

/** A finished run: its training history, kept weights and scores. */
public record RunOutcome(RunSpec spec, String backend, TrainingResult training, Metrics train, Metrics test, double seconds) {}
