package org.snnloc.stimulus;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The generator was rewritten for speed (shared left-ear probabilities, branch-free draws); a seed
 * must still give exactly the data the first implementation gave, so trainings and reported
 * results stay reproducible. The expected hashes were taken from that implementation.
 */
class IpdStimulusReproducibilityTest {

    @Test
    void aSeedGivesTheSameSpikesAsTheOriginalGenerator() {
        SpikeDataset shared = new IpdStimulus(StimulusConfig.notebook()).generate(300, 12345);
        assertEquals(1530692365, Arrays.hashCode(shared.bits()), "spikes, one phase offset per set");
        assertEquals(1348506, shared.spikeCount());
        assertEquals(-1193527406, Arrays.hashCode(shared.ipds()), "IPDs");
        SpikeDataset perSample = new IpdStimulus(StimulusConfig.notebook().withPhasePerSample(true)).generate(300, 12345);
        assertEquals(-1759371418, Arrays.hashCode(perSample.bits()), "spikes, one phase offset per sample");
        SpikeDataset chosen = new IpdStimulus(StimulusConfig.notebook()).generate(new double[] {-1.2, 0.0, 0.7}, 99);
        assertEquals(122158711, Arrays.hashCode(chosen.bits()), "spikes for given IPDs");
    }
}
