package org.snnloc.cli;

import org.snnloc.backend.Backend;
import org.snnloc.experiment.RunConfig;
import org.snnloc.experiment.RunOutcome;
import org.snnloc.experiment.RunSpec;
import org.snnloc.experiment.TrainingRun;
import org.snnloc.io.AtomicFiles;
import org.snnloc.io.CheckpointFile;
import org.snnloc.io.HeapSpace;
import org.snnloc.io.Json;
import org.snnloc.io.LockFile;
import org.snnloc.io.ModelFile;
import org.snnloc.io.RunFolder;
import org.snnloc.model.Parameters;
import org.snnloc.train.Checkpoint;
import org.snnloc.train.Trainer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
    TerminalOptions terminal;

    /**
     * The raw parameters of {@code --init-model} for {@code run}. A model of snnloc records its
     * network and weight maps, and they must be the run's; a NumPy-written one takes the run's,
     * and must only have its sizes and the signs its maps need.
     */
    private Parameters initialParameters(RunSpec run) {
        if (signs.given() != null) {
            throw new InvalidInputException("--init-model brings its own row signs; it cannot be combined with " + signs.given());
        }
        ModelFile.Loaded loaded;
        try {
            loaded = ModelFile.load(initModel);
        } catch (IllegalArgumentException | org.snnloc.io.NpyFormatException e) {
            throw new InvalidInputException("--init-model: " + e.getMessage());
        }
        return ModelOptions.adopt(loaded, "--init-model " + initModel, run.network(), run.w1Map(), run.w2Map());
    }

    @Option(names = "--resume", paramLabel = "DIR",
            description = "continue an interrupted training from its last checkpoint, in DIR.unfinished, where DIR is the run folder "
                    + "it was to write; the run's own settings apply, so it takes no run options")
    Path resume;

    /** Where a training keeps its checkpoint until it finishes: beside its run folder, named as unfinished. */
    static Path unfinished(Path target) {
        return target.toAbsolutePath().resolveSibling(target.getFileName() + ".unfinished");
    }

    @Override
    public Integer call() throws Exception {
        if (resume != null) return resume();
        RunSpec run = runOptions.toRunSpec(signs.layer1(runOptions.modelOptions.givenMap1()), signs.layer2(runOptions.modelOptions.givenMap2()));
        Path target = out != null ? out : Path.of("runs", "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-seed" + run.seeds().seed());
        RunFolder.checkWritable(target);
        Path work = unfinished(target);
        if (Files.exists(work, LinkOption.NOFOLLOW_LINKS)) refuseUnfinished(target, work);   // or clears one with nothing to resume
        Parameters initial = initModel == null ? null : initialParameters(run);
        int threads = backendOptions.threads();
        try (Backend backend = backendOptions.select(terminal.progress(spec)).backend()) {
            RunMemory.require(run, threads, backend, HeapSpace::available);
            RunConfig config = RunConfig.of(run, null, backend.name(), backend.description(), threads, null,
                    initModel == null ? null : initModel.toAbsolutePath().toString());
            Files.createDirectories(work.getParent());
            try {
                Files.createDirectory(work);   // one command of several started at once gets it
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new InvalidInputException("another snnloc command started training " + target + " at the same time (its training is in "
                        + work + "); choose another --out");
            }
            try (LockFile lock = LockFile.tryAcquire(work.resolve(LOCK), false)) {
                if (lock == null) throw new InvalidInputException("another snnloc command started training " + target + " at the same time; choose another --out");
                Json.write(work.resolve(RunFolder.CONFIG), config);
                return train(backend, run, config, initial, null, target, work, threads);
            } catch (Throwable failure) {
                // a training that failed before its first checkpoint leaves nothing to resume, so nothing in the way
                if (!Files.exists(work.resolve(CheckpointFile.FILE))) AtomicFiles.deleteRecursively(work);
                throw failure;
            }
        }
    }

    private static InvalidInputException beingTrained(Path target, Path work) {
        return new InvalidInputException(target + " is being trained by another snnloc command right now (in " + work + ")");
    }

    /** The lock of an unfinished run folder: held by the command that trains it. */
    private static final String LOCK = ".lock";

    /**
     * {@code work} exists: a training in progress (its lock held), an interrupted one (refused), or
     * one stopped before its first checkpoint, which holds nothing to resume and is deleted.
     */
    private static void refuseUnfinished(Path target, Path work) throws java.io.IOException {
        if (!Files.isDirectory(work, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(work + " exists and is not the folder of an interrupted training; move it away or choose another --out");
        }
        try (LockFile lock = LockFile.tryAcquire(work.resolve(LOCK), false)) {
            if (lock == null) throw beingTrained(target, work);
            if (!Files.exists(work.resolve(CheckpointFile.FILE), LinkOption.NOFOLLOW_LINKS)) {
                AtomicFiles.deleteRecursively(work);
                return;
            }
        }
        throw new InvalidInputException("an interrupted training of " + target + " is in " + work + "; continue it with --resume " + target
                + ", or delete it");
    }

    private int resume() throws Exception {
        for (var option : spec.commandLine().getParseResult().matchedOptions()) {
            if (GridPlanner.isRunOption(option) || option.longestName().equals("--out") || option.longestName().equals("--init-model")) {
                throw new InvalidInputException("--resume continues the run with its own settings; it cannot take " + option.longestName());
            }
        }
        String name = resume.getFileName().toString();
        Path target = name.endsWith(".unfinished") ? resume.resolveSibling(name.substring(0, name.length() - ".unfinished".length())) : resume;
        Path work = unfinished(target);
        if (Files.isDirectory(target)) throw new InvalidInputException(target + " is a finished run; there is nothing to resume");
        if (!Files.isDirectory(work)) throw new InvalidInputException("there is no interrupted training of " + target + " (no " + work + ")");
        try (LockFile lock = LockFile.tryAcquire(work.resolve(LOCK), false)) {
            if (lock == null) throw beingTrained(target, work);
            if (Files.isDirectory(target)) throw new InvalidInputException(target + " was finished by another snnloc command meanwhile");
            RunConfig config;
            try {
                config = RunConfig.read(work.resolve(RunFolder.CONFIG));
            } catch (java.io.IOException | RuntimeException e) {
                throw new InvalidInputException(work.resolve(RunFolder.CONFIG) + " is not a run description (" + e.getMessage() + ")");
            }
            RunSpec run = config.run();
            Checkpoint checkpoint = CheckpointFile.read(work, run.network(), run.w1Map(), run.w2Map());
            int threads = backendOptions.threads();
            try (Backend backend = backendOptions.select(terminal.progress(spec)).backend()) {
                RunMemory.require(run, threads, backend, HeapSpace::available);
                terminal.progress(spec).printf("resuming %s after epoch %d of %d%n", target, checkpoint.epochs(), run.training().epochs());
                RunConfig now = RunConfig.of(run, null, backend.name(), backend.description(), threads, null, config.initModel());
                return train(backend, run, now, null, checkpoint, target, work, threads);
            }
        }
    }

    /** Trains (or continues), keeping a checkpoint in {@code work} after every epoch, then writes the run folder {@code target}. */
    private int train(Backend backend, RunSpec run, RunConfig config, Parameters initial, Checkpoint checkpoint, Path target, Path work,
                      int threads) throws Exception {
        PrintWriter err = terminal.progress(spec);
        PrintWriter stdout = spec.commandLine().getOut();
        long start = System.nanoTime();
        err.printf("data: %s %d train, %d validation and %d test samples (seed %d)%n", run.dataFiles() == null ? "generating" : "reading and generating",
                run.trainSamples(), run.validationSamples(), run.testSamples(), run.seeds().seed());
        err.flush();
        RunOutcome outcome;
        try (StopSignals signals = StopSignals.install(); TrainingRun.SharedData data = TrainingRun.SharedData.generate(backend, run)) {
            TrainingRun.Checkpoints checkpoints = new TrainingRun.Checkpoints(checkpoint, c -> {
                try {
                    CheckpointFile.write(work, c);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot write the checkpoint in " + work + ": " + e.getMessage(), e);
                }
            }, signals::requested);
            try {
                outcome = TrainingRun.execute(backend, run, initial, checkpoints, data, threads, Progress.epochLines(err));
            } catch (Trainer.TrainingInterruptedException e) {
                PrintWriter stderr = spec.commandLine().getErr();   // what to do next, which --quiet does not hide
                stderr.printf("interrupted by %s after epoch %d of %d; the run so far is in %s%ncontinue it with: snnloc train --resume %s%n",
                        signals.name(), e.epochs, e.of, work, target);
                stderr.flush();
                return signals.exitCode();
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>(RunFolder.metrics(outcome.training(), outcome.train(), outcome.test()));
        double wall = (System.nanoTime() - start) / 1e9;
        metrics.put("wall_seconds", wall);
        if (checkpoint != null) metrics.put("resumed_after_epoch", checkpoint.epochs());
        RunFolder.write(target, outcome.training().parameters(), config, outcome.training(), metrics);
        AtomicFiles.deleteRecursively(work);
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
