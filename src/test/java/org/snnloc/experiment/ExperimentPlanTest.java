package org.snnloc.experiment;

import org.junit.jupiter.api.Test;
import org.snnloc.model.LayerSigns;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentPlanTest {
    private static final List<Double> NOTEBOOK_RATIOS = List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
    private final RunSpec template = TinyExperiments.template(7, 2);

    @Test
    void notebookSweepHas33RunsSharingTrainingAndValidationDataWithATestSetEach() {
        List<PlannedRun> runs = Grid.ofRatios(template, NOTEBOOK_RATIOS, 3).runs(template);
        assertEquals(33, runs.size());
        assertEquals("sweep-ie-ratio_0-1", runs.getFirst().name());
        assertEquals("sweep-ie-ratio_1-3", runs.getLast().name());
        assertEquals(1, runs.stream().map(r -> r.spec().seeds().trainData()).distinct().count());
        assertEquals(1, runs.stream().map(r -> r.spec().seeds().validationData()).distinct().count());
        assertEquals(33, runs.stream().map(r -> r.spec().seeds().testData()).distinct().count());
        assertEquals(33, runs.stream().map(r -> r.spec().seeds().weights()).distinct().count());
        PlannedRun r03 = runs.stream().filter(r -> r.name().equals("sweep-ie-ratio_0.3-2")).findFirst().orElseThrow();
        assertEquals(new LayerSigns.Dale(0.3), r03.spec().layer1());
        assertEquals(new LayerSigns.Dale(0.3), r03.spec().layer2());
        assertEquals("ie-ratio=0.3", r03.condition());
        assertEquals(java.util.Map.of("ie-ratio", 0.3), r03.values());
        assertEquals(r03.spec().seeds().shuffle(), r03.spec().training().shuffleSeed(), "the shuffle seed follows the run's seeds");
    }

    @Test
    void aRunHasTheSameSeedsWhateverElseTheSweepContains() {
        PlannedRun alone = Grid.ofRatios(template, List.of(0.5), 1).runs(template).getFirst();
        PlannedRun inFull = Grid.ofRatios(template, NOTEBOOK_RATIOS, 3).runs(template).stream()
                .filter(r -> r.name().equals(alone.name())).findFirst().orElseThrow();
        assertEquals(inFull.spec(), alone.spec());
    }

    @Test
    void constraintsShareAllDataAndConstrainOneLayerEach() {
        List<PlannedRun> runs = new Constraints(0.5, 3).runs(template);
        assertEquals(9, runs.size());
        assertEquals(1, runs.stream().map(r -> r.spec().seeds().testData()).distinct().count(), "one test set, as the notebook");
        assertEquals(1, runs.stream().map(r -> r.spec().seeds().trainData()).distinct().count());
        assertEquals(9, runs.stream().map(r -> r.spec().seeds().weights()).distinct().count());
        assertEquals(List.of("+/-", "W1+", "W2+"), runs.stream().map(PlannedRun::condition).distinct().toList());
        PlannedRun w1 = runs.get(3), w2 = runs.get(6), mixed = runs.get(0);
        assertEquals(new LayerSigns.ExcitatoryOnly(), w1.spec().layer1());
        assertEquals(new LayerSigns.Dale(0.5), w1.spec().layer2());
        assertEquals(new LayerSigns.Dale(0.5), w2.spec().layer1());
        assertEquals(new LayerSigns.ExcitatoryOnly(), w2.spec().layer2());
        assertEquals(new LayerSigns.Dale(0.5), mixed.spec().layer1());
        assertEquals(new LayerSigns.Dale(0.5), mixed.spec().layer2());
    }

    @Test
    void theBaselineIsTheTrainCommandsRunWithTheSameSeed() {
        PlannedRun baseline = new Baseline(0.5).runs(template).getFirst();
        assertEquals(Seeds.from(7), baseline.spec().seeds());
        assertEquals(template, baseline.spec());
    }

    @Test
    void experimentsOfOnePlanDoNotShareData() {
        ExperimentPlan plan = TinyExperiments.all(7);
        Set<Long> trainSeeds = plan.runs().stream().map(r -> r.spec().seeds().trainData()).collect(Collectors.toSet());
        assertEquals(3, trainSeeds.size(), "baseline, sweep and constraints each have their own training data");
        assertEquals(6, plan.runs().size());
    }

    @Test
    void differentUserSeedsGiveDifferentRuns() {
        PlannedRun a = Grid.ofRatios(TinyExperiments.template(1, 2), List.of(0.5), 1).runs(TinyExperiments.template(1, 2)).getFirst();
        PlannedRun b = Grid.ofRatios(TinyExperiments.template(2, 2), List.of(0.5), 1).runs(TinyExperiments.template(2, 2)).getFirst();
        assertNotEquals(a.spec().seeds(), b.spec().seeds());
    }

    @Test
    void badDefinitionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Grid.ofRatios(template, List.of(1.5), 1));
        assertThrows(IllegalArgumentException.class, () -> Grid.ofRatios(template, List.of(0.5, 0.50), 1));
        assertThrows(IllegalArgumentException.class, () -> Grid.ofRatios(template, List.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> Grid.ofRatios(template, List.of(0.5), 0));
        assertThrows(IllegalArgumentException.class, () -> new Constraints(-0.1, 3));
    }

    @Test
    void ratioLabelsKeepTwoDecimalsOrMore() {
        assertEquals("0.00", ExperimentDefinition.ratioLabel(0));
        assertEquals("0.30", ExperimentDefinition.ratioLabel(0.3));
        assertEquals("0.125", ExperimentDefinition.ratioLabel(0.125));
        assertEquals("1.00", ExperimentDefinition.ratioLabel(1));
    }

    @Test
    void theRecordedDefinitionLeavesOutPerRunSeedsAndSigns() {
        var description = TinyExperiments.sweep(3).describe();
        assertEquals("sweep", description.get("kind"));
        assertEquals(3L, description.get("seed"));
        var settings = (com.fasterxml.jackson.databind.JsonNode) description.get("run_settings");
        for (String perRun : List.of("seeds", "layer1", "layer2")) assertTrue(!settings.has(perRun), perRun);
        assertTrue(!settings.get("training").has("shuffle_seed"));
        assertEquals(8, settings.at("/network/hidden").asInt(), "the shared settings are there");
        assertEquals(6, ((List<?>) description.get("runs")).size());
    }

    @Test
    void scheduleGivesEachCoreATrainingByDefault() {
        assertEquals(new Schedule(2, 1), Schedule.choose(2, 43, null, null));
        assertEquals(new Schedule(1, 2), Schedule.choose(2, 1, null, null), "a single run gets the spare core as a thread");
        assertEquals(new Schedule(1, 2), Schedule.choose(2, 43, 1, null));
        assertEquals(new Schedule(4, 3), Schedule.choose(2, 43, 4, 3));
        assertThrows(IllegalArgumentException.class, () -> Schedule.choose(2, 43, 0, null));
    }
}
