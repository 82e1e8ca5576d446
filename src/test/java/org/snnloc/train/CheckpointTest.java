package org.snnloc.train;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snnloc.backend.Backend;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.backend.scalar.ScalarBackend;
import org.snnloc.backend.simd.SimdProvider;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.model.WeightMap;
import org.snnloc.testing.SyntheticData;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A training stopped after an epoch and continued from its checkpoint ends with the bits of one
 * never stopped: the same parameters, the same losses, the same kept epoch.
 */
class CheckpointTest {
    private static final NetworkConfig NET = NetworkConfig.notebook().withSizes(20, 9, 4, 30);

    record Case(String name, WeightMap map1, WeightMap map2, LayerSigns signs1) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        LayerSigns dale = new LayerSigns.Dale(0.5);
        WeightMap learned = new WeightMap.LearnedSigns(new WeightMap.Clamp());
        return List.of(new Case("abs", new WeightMap.Abs(), new WeightMap.Abs(), dale), new Case("learned signs", learned, learned, dale),
                new Case("dann", new WeightMap.Dann(2), new WeightMap.Softplus(), new LayerSigns.Free()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aTrainingResumedFromItsCheckpointEndsWithTheBitsOfOneNeverStopped(Case c) {
        for (Backend backend : List.of(new ScalarBackend(), new SimdProvider().create())) {
            Parameters initial = Parameters.initialise(NET, c.signs1(), new LayerSigns.Dale(0.5), c.map1(), c.map2(), new SplittableRandom(3));
            TrainingConfig config = new TrainingConfig(6, 16, 11, 0, TrainingConfig.KeepPolicy.BEST);
            try (PreparedData train = backend.prepare(SyntheticData.spikes(64, NET.steps(), NET.inputs(), NET.classes(), 0.3, 9));
                 PreparedData validation = backend.prepare(SyntheticData.spikes(32, NET.steps(), NET.inputs(), NET.classes(), 0.3, 10))) {
                TrainingResult whole;
                try (Engine engine = backend.newEngine(NET, AdamConfig.withLearningRate(0.05), 2)) {
                    whole = new Trainer(config).train(engine, initial, train, validation, TrainingListener.SILENT);
                }
                List<Checkpoint> saved = new ArrayList<>();
                try (Engine engine = backend.newEngine(NET, AdamConfig.withLearningRate(0.05), 2)) {
                    Trainer.TrainingInterruptedException stop = assertThrows(Trainer.TrainingInterruptedException.class,
                            () -> new Trainer(config).train(engine, initial, null, train, validation, TrainingListener.SILENT, saved::add,
                                    () -> saved.size() == 3));
                    assertEquals(3, stop.epochs);
                }
                TrainingResult resumed;
                try (Engine engine = backend.newEngine(NET, AdamConfig.withLearningRate(0.05), 1)) {
                    resumed = new Trainer(config).train(engine, null, saved.getLast(), train, validation, TrainingListener.SILENT, x -> {}, () -> false);
                }
                assertEquals(whole.parameters(), resumed.parameters(), backend.name() + ": the kept parameters");
                assertEquals(whole.keptEpoch(), resumed.keptEpoch());
                assertEquals(whole.bestEpoch(), resumed.bestEpoch());
                assertEquals(losses(whole), losses(resumed), backend.name() + ": every epoch's losses");
            }
        }
    }

    private static List<Double> losses(TrainingResult r) {
        List<Double> out = new ArrayList<>();
        for (EpochRecord e : r.history()) {
            out.add(e.trainLoss());
            out.add(e.trainAccuracy());
            out.add(e.validationLoss());
            out.add(e.validationAccuracy());
            out.add((double) e.signFlipsW1());
        }
        return out;
    }
}
