package org.snnloc.backend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.snnloc.model.Parameters;
import org.snnloc.testing.Fixture;
import org.snnloc.testing.Tolerance;
import org.snnloc.train.AdamConfig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Parity with the notebook's PyTorch code on its fixture batch. Every backend's test class extends
 * this with its own {@link #backend()}.
 */
public abstract class FixtureParityContract {
    private Backend backend;
    private Engine engine;
    private PreparedData data;

    /** The backend under test; called once per test. */
    protected abstract Backend backend();

    @BeforeEach
    void open() {
        backend = backend();
        engine = backend.newEngine(Fixture.network(), AdamConfig.notebook(), 2);
        engine.setParameters(Fixture.parameters());
        data = backend.prepare(Fixture.inputs());
    }

    @AfterEach
    void close() {
        // null when open() was skipped by an assumption (a backend without its hardware)
        if (data != null) data.close();
        if (engine != null) engine.close();
        if (backend != null) backend.close();
    }

    @Test
    void hiddenSpikesAreIdenticalToPyTorch() {
        BatchTrace trace = engine.trace(data, Fixture.allSamples());
        float[] expected = Fixture.floats("hidden_spikes");
        assertEquals(1597, count(expected), "fixture spike count");
        assertArrayEquals(expected, trace.hiddenSpikes(), "hidden spikes");
    }

    @Test
    void outputsAndLossMatchPyTorch() {
        BatchTrace trace = engine.trace(data, Fixture.allSamples());
        Tolerance.assertClose("v_rec", Fixture.floats("v_rec"), trace.outputVoltage(), 1e-5);
        Tolerance.assertClose("m", Fixture.floats("m"), trace.logits(), 1e-5);
        Tolerance.assertClose("loss", Fixture.floats("loss"), new float[] {trace.loss()}, 1e-5);
    }

    @Test
    void gradientsMatchPyTorch() {
        BatchTrace trace = engine.trace(data, Fixture.allSamples());
        Tolerance.assertClose("dL/dw1", Fixture.floats("grad_w1"), trace.gradW1(), 1e-4);
        Tolerance.assertClose("dL/dw2", Fixture.floats("grad_w2"), trace.gradW2(), 1e-4);
    }

    @Test
    void threeAdamStepsMatchPyTorch() {
        float[] expectedLosses = Fixture.floats("adam_losses");
        for (int step = 1; step <= 3; step++) {
            float[] losses = engine.train(data, Fixture.allSamples(), Fixture.BATCH);
            assertEquals(1, losses.length);
            assertEquals(expectedLosses[step - 1], losses[0], 1e-5 * Math.abs(expectedLosses[step - 1]), "loss before step " + step);
            Parameters p = engine.parameters();
            assertWithin("w1 after Adam step " + step, Fixture.floats("w1_adam_step" + step), p.w1(), 1e-5);
            assertWithin("w2 after Adam step " + step, Fixture.floats("w2_adam_step" + step), p.w2(), 1e-5);
        }
    }

    @Test
    void traceAndLogitsChangeNothing() {
        Parameters before = engine.parameters();
        engine.trace(data, Fixture.allSamples());
        float[] logits = engine.logits(data);
        assertEquals(before, engine.parameters());
        Tolerance.assertClose("logits of every sample", Fixture.floats("m"), logits, 1e-5);
    }

    private static void assertWithin(String what, float[] expected, float[] actual, double absolute) {
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > absolute) {
                throw new AssertionError(what + " differs at " + i + ": expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }

    private static int count(float[] spikes) {
        int n = 0;
        for (float s : spikes) if (s != 0) n++;
        return n;
    }
}
