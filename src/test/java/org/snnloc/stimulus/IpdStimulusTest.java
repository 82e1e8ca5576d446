package org.snnloc.stimulus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpdStimulusTest {
    private final IpdStimulus notebook = new IpdStimulus(StimulusConfig.notebook());

    @Test
    void labelsAreFifteenDegreeBinsAndEstimatesTheirMidpoints() {
        assertEquals(0, IpdClasses.classOf(-Math.PI / 2, 12));
        assertEquals(0, IpdClasses.classOf(Math.toRadians(-75.01), 12));
        assertEquals(1, IpdClasses.classOf(Math.toRadians(-74.99), 12));
        assertEquals(5, IpdClasses.classOf(Math.toRadians(-0.01), 12));
        assertEquals(6, IpdClasses.classOf(0, 12));
        assertEquals(11, IpdClasses.classOf(Math.toRadians(89.99), 12));
        assertEquals(11, IpdClasses.classOf(Math.PI / 2, 12), "the closed upper end stays in the last class");
        assertEquals(-82.5, Math.toDegrees(IpdClasses.midpoint(0, 12)), 1e-9);
        assertEquals(7.5, Math.toDegrees(IpdClasses.midpoint(6, 12)), 1e-9);
        assertEquals(82.5, Math.toDegrees(IpdClasses.midpoint(11, 12)), 1e-9);
    }

    @Test
    void generatedLabelsMatchTheirIpds() {
        SpikeDataset data = notebook.generate(500, 3);
        for (int b = 0; b < data.size(); b++) {
            double ipd = data.ipd(b);
            assertTrue(ipd > -Math.PI / 2 && ipd < Math.PI / 2);
            int c = data.label(b);
            assertTrue(Math.abs(ipd - IpdClasses.midpoint(c, 12)) <= Math.PI / 24 + 1e-12);
        }
    }

    @Test
    void meanSpikeDensityIsNearPointTwoTwoFive() {
        // E[p] = 0.6 * E[(0.5 (1 + sin))^2] = 0.6 * 3/8 over a whole number of tone cycles (100 ms = 2 cycles)
        double density = notebook.generate(2048, 11).density();
        assertEquals(0.225, density, 0.003);
    }

    @Test
    void aSpontaneousRateAddsItsBaselineAndOtherStimulusParametersTakeEffect() {
        // r_max 0: only the baseline, 100 Hz at dt 1 ms, p = 0.1 everywhere.
        StimulusConfig silentTone = new StimulusConfig(50, 200, 1e-3, 20, 0, 2, Math.PI / 2, false, 12, 100);
        assertEquals(0.1, new IpdStimulus(silentTone).generate(256, 5).density(), 0.005);
        // r_max 300 Hz with envelope power 1: E[p] = 0.3 * 1/2 over whole tone cycles, plus 0.02 of 20 Hz baseline at dt 1 ms.
        StimulusConfig other = new StimulusConfig(30, 100, 1e-3, 40, 300, 1, Math.PI / 2, false, 12, 20);
        SpikeDataset data = new IpdStimulus(other).generate(512, 6);
        assertEquals(60, data.inputs());
        assertEquals(0.17, data.density(), 0.005);
        StimulusConfig notebookWithZeroBaseline = new StimulusConfig(100, 100, 1e-3, 20, 600, 2, Math.PI / 2, false, 12, 0);
        assertArrayEquals(notebook.generate(64, 9).bits(), new IpdStimulus(notebookWithZeroBaseline).generate(64, 9).bits(),
                "no baseline: the notebook's bits");
    }

    @Test
    void sameSeedGivesIdenticalDataAndAnotherSeedDoesNot() {
        SpikeDataset a = notebook.generate(64, 42);
        SpikeDataset b = notebook.generate(64, 42);
        SpikeDataset c = notebook.generate(64, 43);
        assertArrayEquals(a.bits(), b.bits());
        assertArrayEquals(a.ipds(), b.ipds());
        assertFalse(java.util.Arrays.equals(a.bits(), c.bits()));
    }

    @Test
    void onePhaseOffsetIsSharedByTheWholeSetUnlessAskedPerSample() {
        double[] sameIpd = new double[400];
        // With one offset, every sample sees the same tone phase at each step, so the spike rate averaged
        // over samples swings with the tone; with an offset per sample the swings average out.
        double shared = temporalSwingOfLeftFibre0(notebook.generate(sameIpd, 5));
        double perSample = temporalSwingOfLeftFibre0(new IpdStimulus(StimulusConfig.notebook().withPhasePerSample(true)).generate(sameIpd, 5));
        assertTrue(shared > 0.4, "shared offset: rate swings from near 0 to near 0.6, got " + shared);
        assertTrue(perSample < 0.2, "per-sample offsets: rate nearly flat, got " + perSample);
    }

    @Test
    void rightEarLagsTheLeftByTheIpd() {
        // Right fibre j sees phase delta_j + ipd; with ipd = delta_k - delta_0 it fires like left fibre k.
        IpdStimulus stimulus = notebook;
        double ipd = stimulus.phaseDelay(40);
        double[] ipds = new double[600];
        java.util.Arrays.fill(ipds, ipd);
        SpikeDataset data = stimulus.generate(ipds, 9);
        double sameProfile = 0, shiftedProfile = 0;
        for (int t = 0; t < data.steps(); t++) {
            double right0 = rate(data, t, 100), left40 = rate(data, t, 40), left0 = rate(data, t, 0);
            sameProfile += Math.abs(right0 - left40);
            shiftedProfile += Math.abs(right0 - left0);
        }
        assertTrue(sameProfile < shiftedProfile / 3, "right fibre 0 should follow left fibre 40: " + sameProfile + " vs " + shiftedProfile);
    }

    private static double rate(SpikeDataset data, int t, int input) {
        int spikes = 0;
        for (int b = 0; b < data.size(); b++) if (data.spike(b, t, input)) spikes++;
        return (double) spikes / data.size();
    }

    private static double temporalSwingOfLeftFibre0(SpikeDataset data) {
        double min = 1, max = 0;
        for (int t = 0; t < data.steps(); t++) {
            double r = rate(data, t, 0);
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        return max - min;
    }
}
