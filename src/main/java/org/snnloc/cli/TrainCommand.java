package org.snnloc.cli;

import org.snnloc.backend.Backend;
import org.snnloc.experiment.RunConfig;
import org.snnloc.experiment.RunOutcome;
import org.snnloc.experiment.RunSpec;
import org.snnloc.experiment.TrainingRun;
import org.snnloc.io.ModelFile;
import org.snnloc.io.RunFolder;
import org.snnloc.model.Parameters;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code snnloc train}: the notebook's baseline training, or any variant of it, into a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train one network and write its run folder.",
                "Generates seeded train / validation / test sets, trains with Adam and early stopping, scores the kept weights and "
                        + "writes the run folder: the model, its configuration, the loss history and the metrics. The defaults are "
                        + "the notebook's baseline: Dale's law with 50%% inhibitory rows in both layers."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    SignOptions signs;

    @Mixin
    RunOptions runOptions;

    @Mixin
    BackendOptions backendOptions;

    @Option(names = "--out", paramLabel = "DIR", description = "run folder to create (default: runs/train-<time>-seed<S>)")
    Path out;

    @Option(names = "--init-model", paramLabel = "FILE",
            description = "start from this model's raw parameters instead of the random initialisation (a model.npz of snnloc, or w1, w2 "
                    + "and the signs from NumPy)")
    Path initModel;

    @Mixin
    VerboseOption verbosity;

    /**
     * The raw parameters of {@code --init-model} for {@code run}. A model of snnloc records its
     * network and weight maps, and they must be the run's; a NumPy-written one takes the run's,
     * and must only have its sizes and the signs its maps need.
     */
    private Parameters initialParameters(RunSpec run) {
        if (signs.given() != null) {
            throw new InvalidInputException("--init-model brings its own row signs; it cannot be combined with " + signs.given());
        }
        return ModelOptions.adopt(ModelFile.load(initModel), "--init-model " + initModel, run.network(), run.w1Map(), run.w2Map());
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        RunSpec run = runOptions.toRunSpec(signs.layer1(runOptions.modelOptions.givenMap1()), signs.layer2(runOptions.modelOptions.givenMap2()));
        Path target = out != null ? out : Path.of("runs", "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-seed" + run.seeds().seed());
        RunFolder.checkWritable(target);
        Parameters initial = initModel == null ? null : initialParameters(run);
        int threads = backendOptions.threads();
        try (Backend backend = backendOptions.select(err).backend()) {
            long start = System.nanoTime();
            err.printf("data: generating %d train, %d validation and %d test samples (seed %d)%n",
                    run.trainSamples(), run.validationSamples(), run.testSamples(), run.seeds().seed());
            err.flush();
            RunOutcome outcome;
            try (TrainingRun.SharedData data = TrainingRun.SharedData.generate(backend, run)) {
                outcome = TrainingRun.execute(backend, run, initial, data, threads, Progress.epochLines(err));
            }
            RunConfig config = RunConfig.of(run, null, backend.name(), backend.description(), threads, null,
                    initModel == null ? null : initModel.toAbsolutePath().toString());
            Map<String, Object> metrics = new LinkedHashMap<>(RunFolder.metrics(outcome.training(), outcome.train(), outcome.test()));
            double wall = (System.nanoTime() - start) / 1e9;
            metrics.put("wall_seconds", wall);
            RunFolder.write(target, outcome.training().parameters(), config, outcome.training(), metrics);
            stdout.printf("trained %d epochs on %s in %.1f s (%s, kept %s weights of epoch %d)%n",
                    outcome.training().epochsRun(), backend.name(), wall,
                    outcome.training().earlyStopped() ? "stopped early" : "no early stop",
                    outcome.training().keptWhich(), outcome.training().keptEpoch());
            stdout.printf("train accuracy %.1f%%   test accuracy %.1f%%   test error %.1f deg   (chance %.1f%%)%n",
                    outcome.train().accuracy(), outcome.test().accuracy(), outcome.test().maeDegrees(), 100.0 / run.network().classes());
            stdout.printf("run folder: %s%n", target);
            stdout.flush();
            return ExitCodes.OK;
        }
    }
}
