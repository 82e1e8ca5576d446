package org.snnloc.backend.cuda;

import org.junit.jupiter.api.Test;
import org.snnloc.experiment.RunOutcome;
import org.snnloc.experiment.RunSpec;
import org.snnloc.experiment.Seeds;
import org.snnloc.experiment.TrainingRun;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.stimulus.StimulusConfig;
import org.snnloc.train.AdamConfig;
import org.snnloc.train.EpochRecord;
import org.snnloc.train.TrainingConfig;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A short real training on the GPU learns well above chance (8.3%) and keeps Dale's law. Skipped without a GPU. */
class CudaTrainingTest {
    @Test
    void shortTrainingLearnsWellAboveChance() {
        try (CudaBackend backend = CudaTestSupport.backendOrSkip()) {
            TrainingConfig training = new TrainingConfig(5, 32, Seeds.from(1).shuffle(), 10, TrainingConfig.KeepPolicy.BEST);
            RunSpec spec = new RunSpec(NetworkConfig.notebook(), StimulusConfig.notebook(), new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5),
                    training, AdamConfig.notebook(), 768, 256, 512, Seeds.from(1));
            List<EpochRecord> epochs = new ArrayList<>();
            RunOutcome outcome;
            try (TrainingRun.SharedData data = TrainingRun.SharedData.generate(backend, spec)) {
                outcome = TrainingRun.execute(backend, spec, data, 1, (record, max, improved) -> epochs.add(record));
            }
            assertTrue(epochs.get(epochs.size() - 1).trainLoss() < epochs.get(0).trainLoss(), "training loss should fall: " + epochs);
            assertTrue(outcome.test().accuracy() > 30, "test accuracy " + outcome.test().accuracy());
            assertTrue(outcome.training().parameters().respectsDale(), "effective weights keep their row signs");
        }
    }
}
