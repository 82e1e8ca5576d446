package org.snnloc.experiment;

import org.snnloc.io.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A run folder's {@code config.json}: the run's full description and where and how it ran.
 * Written and read back with {@link Json}'s record mapping, so {@code run} rebuilds the exact
 * {@link RunSpec} that trained the model.
 *
 * @param run          everything that defines the run (network, stimulus, signs, training, seeds)
 * @param experiment   where an experiment's run belongs; null for {@code snnloc train}
 * @param backend      the backend that trained it, and its description
 * @param threads      threads inside the training
 * @param parallelRuns trainings the command ran at once; null for {@code snnloc train}
 * @param initModel    the model file whose raw parameters the training started from; null for the random initialisation
 * @param java         the JVM's version
 * @param snnloc       snnloc's version
 */
public record RunConfig(RunSpec run, Placement experiment, String backend, String backendDescription, int threads,
                        Integer parallelRuns, String initModel, String java, String snnloc) {

    /** An experiment run's place: experiment, condition, the values of the keys its experiment varies, repeat, settings hash. */
    public record Placement(String experiment, String condition, Map<String, Object> values, int repeat, String settingsHash) {}

    /** The config of a run on this JVM. */
    public static RunConfig of(RunSpec run, Placement experiment, String backend, String backendDescription, int threads,
                               Integer parallelRuns) {
        return of(run, experiment, backend, backendDescription, threads, parallelRuns, null);
    }

    public static RunConfig of(RunSpec run, Placement experiment, String backend, String backendDescription, int threads,
                               Integer parallelRuns, String initModel) {
        return new RunConfig(run, experiment, backend, backendDescription, threads, parallelRuns, initModel, Runtime.version().toString(),
                RunConfig.class.getPackage().getImplementationVersion());
    }

    public static RunConfig read(Path file) throws IOException {
        return Json.read(file, RunConfig.class);
    }
}
