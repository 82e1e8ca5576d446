package org.snnloc.plot;

import org.jfree.chart.renderer.PaintScale;
import org.junit.jupiter.api.Test;
import org.snnloc.experiment.RunResult;

import java.awt.Color;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FigureCatalogueTest {
    private static RunResult row(String run, String experiment, String condition, double ratio, int repeat) {
        return new RunResult(run, experiment, condition, java.util.Map.of("ie-ratio", ratio), repeat, 1, "0123456789abcdef", 2, false, 50, 40, 20, 1,
                "scalar");
    }

    private final List<RunResult> all = List.of(row("baseline", "baseline", "r=0.50", 0.5, 1),
            row("sweep-r0.00-1", "sweep", "r=0.00", 0, 1), row("sweep-r0.50-1", "sweep", "r=0.50", 0.5, 1),
            row("constraints-mixed-1", "constraints", "+/-", 0.5, 1), row("constraints-mixed-2", "constraints", "+/-", 0.5, 2),
            row("constraints-w1exc-1", "constraints", "W1+", 0.5, 1));

    @Test
    void theDefaultRunsAreTheBaselineAndTheFirstRepeatOfEachConstraint() {
        assertEquals(List.of("baseline", "constraints-mixed-1", "constraints-w1exc-1"), FigureCatalogue.selectRuns(all, "default"));
        assertEquals(List.of("sweep-r0.50-1"), FigureCatalogue.selectRuns(all.subList(1, 3), "default"), "a sweep alone: its r = 0.5 run");
        assertEquals(6, FigureCatalogue.selectRuns(all, "all").size());
        assertEquals(List.of(), FigureCatalogue.selectRuns(all, "none"));
        assertEquals(List.of("sweep-r0.00-1", "baseline"), FigureCatalogue.selectRuns(all, "sweep-r0.00-1, baseline"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FigureCatalogue.selectRuns(all, "sweep-r9"));
        assertTrue(e.getMessage().contains("sweep-r9"), e.getMessage());
    }

    @Test
    void hiddenNeuronsSortByTheNotebooksWeightedMeanDelayWithWeakNeuronsLast() {
        int fibres = 3;   // inputs: left 0,1,2 (A = 0,1,2) then right 3,4,5 (A = 0,-1,-2)
        double[][] w1 = {
                // h0: left late   h1: weak      h2: right late   h3: left early
                {0.0, 0.1, 0.0, 0.9},
                {0.0, 0.1, 0.0, 0.0},
                {0.9, 0.1, 0.0, 0.0},
                {0.0, 0.1, 0.0, 0.0},
                {0.0, 0.1, 0.0, 0.0},
                {0.0, 0.1, 0.9, 0.0}};
        // keys: h0 = 2*0.9/6 = 0.3, h1 = inf (max 0.1 < 0.5), h2 = -2*0.9/6 = -0.3, h3 = 0
        assertArrayEquals(new int[] {2, 3, 0, 1}, WeightFigures.preferredDelayOrder(w1, fibres));
    }

    @Test
    void theDivergingScaleIsWhiteAtZeroBlueBelowAndRedAbove() {
        PaintScale scale = ColourScales.diverging(2);
        Color zero = (Color) scale.getPaint(0), low = (Color) scale.getPaint(-2), high = (Color) scale.getPaint(2);
        assertEquals(new Color(0xf7f7f7), zero);
        assertTrue(low.getBlue() > low.getRed(), "negative is blue");
        assertTrue(high.getRed() > high.getBlue(), "positive is red");
        assertEquals(low, scale.getPaint(-5), "values beyond the limit take the end colour");
        assertEquals(-2, scale.getLowerBound());
        assertEquals(2, scale.getUpperBound());
    }

    @Test
    void roundTickSteps() {
        assertEquals(0.5, ChartStyle.niceStep(3.0, 6), 1e-12);
        assertEquals(1, ChartStyle.niceStep(3.2, 6), 1e-12);
        assertEquals(2, ChartStyle.niceStep(11, 6), 1e-12);
        assertEquals(0.25, ChartStyle.niceStep(1.4, 6), 1e-12);
    }
}
