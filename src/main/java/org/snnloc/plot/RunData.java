package org.snnloc.plot;

import com.fasterxml.jackson.databind.JsonNode;
import org.snnloc.experiment.DataFiles;
import org.snnloc.experiment.RunConfig;
import org.snnloc.experiment.RunSpec;
import org.snnloc.io.Json;
import org.snnloc.io.ModelFile;
import org.snnloc.io.RunFolder;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.StimulusConfig;
import org.snnloc.train.EpochRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the figures of one run need, read back from its run folder: the kept weights, the stimulus
 * settings and test-set seed (to regenerate exactly the run's test data) or the test data file it
 * was scored on, the loss history and the recorded metrics.
 */
public record RunData(Path folder, Parameters parameters, StimulusConfig stimulus, long testSeed, int testSamples,
                      DataFiles.Source testFile, List<EpochRecord> history, JsonNode config, JsonNode metrics) {

    /** True when {@code folder} looks like a run folder (model, config and metrics present). */
    public static boolean isRunFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(RunFolder.MODEL)) && Files.isRegularFile(folder.resolve(RunFolder.CONFIG))
                && Files.isRegularFile(folder.resolve(RunFolder.METRICS));
    }

    public static RunData read(Path folder) throws IOException {
        if (!isRunFolder(folder)) {
            throw new IllegalArgumentException(folder + " is not a run folder (it needs " + RunFolder.MODEL + ", "
                    + RunFolder.CONFIG + " and " + RunFolder.METRICS + ")");
        }
        Parameters parameters = ModelFile.read(folder.resolve(RunFolder.MODEL));
        JsonNode config = Json.read(folder.resolve(RunFolder.CONFIG));
        JsonNode metrics = Json.read(folder.resolve(RunFolder.METRICS));
        if (!config.path("run").isObject()) {
            throw new IllegalArgumentException(folder.resolve(RunFolder.CONFIG) + " has no 'run' section: it was written by an older snnloc, "
                    + "whose run descriptions this version does not read");
        }
        RunSpec run;
        try {
            run = RunConfig.read(folder.resolve(RunFolder.CONFIG)).run();
        } catch (IOException e) {
            throw new IllegalArgumentException(folder.resolve(RunFolder.CONFIG) + " is not a run description ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        StimulusConfig stimulus = run.stimulus();
        if (stimulus.inputs() != parameters.config().inputs() || stimulus.classes() != parameters.config().classes()) {
            throw new IllegalArgumentException(folder + ": config.json and model.npz disagree about the network's size");
        }
        return new RunData(folder, parameters, stimulus, run.seeds().testData(), run.testSamples(), run.testFile(),
                RunFolder.readHistory(folder.resolve(RunFolder.HISTORY)), config, metrics);
    }

    /** The run's name: its folder's name. */
    public String name() {
        return folder.getFileName().toString();
    }

    public int keptEpoch() {
        return metrics.path("kept_epoch").asInt(0);
    }

    public boolean earlyStopped() {
        return metrics.path("early_stopped").asBoolean(false);
    }

}
