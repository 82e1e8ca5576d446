package org.snnloc.train;

import org.junit.jupiter.api.Test;
import org.snnloc.backend.scalar.ScalarBackend;
import org.snnloc.experiment.RunOutcome;
import org.snnloc.experiment.RunSpec;
import org.snnloc.experiment.Seeds;
import org.snnloc.experiment.TrainingRun;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.stimulus.StimulusConfig;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingTest {

    /** A small but real training: a broken gradient cannot reach 30% (chance is 8.3%). */
    static RunSpec smallRun(LayerSigns layer1, LayerSigns layer2, int epochs, long seed) {
        TrainingConfig training = new TrainingConfig(epochs, 32, Seeds.from(seed).shuffle(), 10, TrainingConfig.KeepPolicy.BEST);
        return new RunSpec(NetworkConfig.notebook(), StimulusConfig.notebook(), layer1, layer2, training,
                AdamConfig.notebook(), 768, 256, 512, Seeds.from(seed));
    }

    @Test
    void shortTrainingLearnsWellAboveChanceAndKeepsDalesLaw() {
        RunSpec spec = smallRun(new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5), 5, 1);
        ScalarBackend backend = new ScalarBackend();
        List<EpochRecord> epochs = new ArrayList<>();
        RunOutcome outcome;
        try (TrainingRun.SharedData data = TrainingRun.SharedData.generate(backend, spec)) {
            outcome = TrainingRun.execute(backend, spec, data, 1, (record, max, improved) -> epochs.add(record));
        }
        assertEquals(5, epochs.size());
        assertTrue(epochs.get(4).trainLoss() < epochs.get(0).trainLoss(), "training loss should fall: " + epochs);
        assertTrue(outcome.test().accuracy() > 30, "test accuracy " + outcome.test().accuracy());
        assertTrue(outcome.training().parameters().respectsDale(), "effective weights must keep their row signs");
        float[] w1 = outcome.training().parameters().effectiveW1();
        float[] sign1 = outcome.training().parameters().sign1();
        int inhibitoryRows = 0;
        for (int row = 0; row < sign1.length; row++) {
            if (sign1[row] < 0) {
                inhibitoryRows++;
                for (int j = 0; j < 30; j++) assertTrue(w1[row * 30 + j] <= 0);
            } else {
                for (int j = 0; j < 30; j++) assertTrue(w1[row * 30 + j] >= 0);
            }
        }
        assertEquals(100, inhibitoryRows);
    }

    @Test
    void earlyStopFollowsTheNotebookRule() {
        Trainer trainer = new Trainer(new TrainingConfig(40, 8, 0, 10, TrainingConfig.KeepPolicy.BEST));
        double[] losses = new double[40];
        for (int e = 0; e < 40; e++) losses[e] = e <= 5 ? 1.0 - e * 0.1 : 0.5 + e * 0.01;  // minimum at e = 5
        // the window of the last 10 starts at the minimum when e = 14; e > 10 holds
        for (int e = 0; e < 14; e++) assertFalse(trainer.shouldStop(losses, e), "epoch " + e);
        assertTrue(trainer.shouldStop(losses, 14));
        double[] early = new double[40];
        java.util.Arrays.fill(early, 1.0);  // all equal: argmin is the oldest, but only once e > 10
        assertFalse(trainer.shouldStop(early, 10));
        assertTrue(trainer.shouldStop(early, 11));
        Trainer never = new Trainer(new TrainingConfig(40, 8, 0, 0, TrainingConfig.KeepPolicy.BEST));
        assertFalse(never.shouldStop(early, 30));
    }

    @Test
    void notebookKeepPolicyReturnsFinalWeightsWhenNotStoppedEarly() {
        RunSpec best = smallRun(new LayerSigns.Dale(0.5), new LayerSigns.Dale(0.5), 2, 3);
        TrainingConfig t = best.training();
        RunSpec notebook = new RunSpec(best.network(), best.stimulus(), best.layer1(), best.layer2(),
                new TrainingConfig(t.epochs(), t.batchSize(), t.shuffleSeed(), t.earlyStopWindow(), TrainingConfig.KeepPolicy.NOTEBOOK),
                best.adam(), best.trainSamples(), best.validationSamples(), best.testSamples(), best.seeds());
        ScalarBackend backend = new ScalarBackend();
        try (TrainingRun.SharedData data = TrainingRun.SharedData.generate(backend, notebook)) {
            RunOutcome outcome = TrainingRun.execute(backend, notebook, data, 1, TrainingListener.SILENT);
            assertEquals("final", outcome.training().keptWhich());
            assertEquals(2, outcome.training().keptEpoch());
        }
    }

    @Test
    void sameSeedRepeatsTheRunExactly() {
        RunSpec spec = smallRun(new LayerSigns.Dale(0.3), new LayerSigns.ExcitatoryOnly(), 1, 5);
        ScalarBackend backend = new ScalarBackend();
        RunOutcome first, second;
        try (TrainingRun.SharedData data = TrainingRun.SharedData.generate(backend, spec)) {
            first = TrainingRun.execute(backend, spec, data, 1, TrainingListener.SILENT);
        }
        try (TrainingRun.SharedData data = TrainingRun.SharedData.generate(backend, spec)) {
            second = TrainingRun.execute(backend, spec, data, 1, TrainingListener.SILENT);
        }
        assertEquals(first.training().parameters(), second.training().parameters());
        assertEquals(first.test().accuracy(), second.test().accuracy());
    }
}
