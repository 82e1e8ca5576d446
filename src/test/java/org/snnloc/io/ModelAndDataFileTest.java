package org.snnloc.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.testing.Fixture;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelAndDataFileTest {
    @TempDir
    Path dir;

    private static Path numpy(String name) {
        return NpzTest.resource(name);
    }

    @Test
    void modelSavedFromPyTorchTakesTheNotebookDefaults() {
        Parameters p = ModelFile.read(numpy("pytorch_model.npz"));
        assertEquals(NetworkConfig.notebook(), p.config());
        Parameters fixture = Fixture.parameters();
        assertArrayEquals(fixture.w1(), p.w1());
        assertArrayEquals(fixture.sign1(), p.sign1());
        assertArrayEquals(fixture.sign2(), p.sign2());
    }

    @Test
    void float64WeightsAndPerRowSignsAreAccepted() {
        Parameters p = ModelFile.read(numpy("model_f64_rowsigns.npz"));
        assertEquals(Fixture.parameters(), p);
    }

    @Test
    void missingSignsMeanNoDaleConstraint() {
        Parameters p = ModelFile.read(numpy("model_no_dale.npz"));
        assertNull(p.sign1());
        assertNull(p.sign2());
        assertArrayEquals(p.w1(), p.effectiveW1());
    }

    @Test
    void writtenModelReadsBackIdentically() throws IOException {
        Parameters p = Fixture.parameters();
        Path file = dir.resolve("model.npz");
        ModelFile.write(file, p);
        assertEquals(p, ModelFile.read(file));
        assertArrayEquals(p.effectiveW1(), Npz.read(file).get("w1_effective").toFloats());
        assertEquals(0.01, Npz.read(file).get("readout_scale").scalar());
    }

    @Test
    void badModelsAreRefusedWithTheReason() {
        assertRefused(numpy("bad_model_shapes.npz"), "w1 has 30 hidden columns but w2 has 31 rows");
        assertRefused(numpy("bad_model_nan.npz"), "w1 holds NaN at [3, 4]");
        assertRefused(numpy("bad_model_int.npz"), "w1 has dtype int32");
        assertRefused(numpy("bad_model_mixed_signs.npz"), "sign1 row 5 mixes signs");
        assertRefused(numpy("data_bool.npz"), "has no array 'w1'");
    }

    @Test
    void dataInEveryNumpyFormReadsAsTheFixture() {
        SpikeDataset expected = Fixture.inputs();
        for (String name : new String[] {"data_bool.npz", "data_uint8_compressed.npz", "data_float32.npz"}) {
            SpikeDataset d = DataFile.read(numpy(name), 12);
            assertArrayEquals(expected.bits(), d.bits(), name);
            assertArrayEquals(expected.labels(), d.labels(), name + " labels (computed from ipd when absent)");
        }
    }

    @Test
    void writtenDataReadsBack() throws IOException {
        SpikeDataset data = Fixture.inputs();
        Path file = dir.resolve("data.npz");
        DataFile.write(file, data);
        SpikeDataset back = DataFile.read(file, 12);
        assertArrayEquals(data.bits(), back.bits());
        assertArrayEquals(data.ipds(), back.ipds());
        assertEquals(NpyArray.DType.UINT8, Npz.read(file).get("spikes").dtype());
    }

    @Test
    void badDataIsRefusedWithTheReason() {
        assertDataRefused(numpy("bad_data_values.npz"), "spikes must be 0 or 1, found 2.0");
        assertDataRefused(numpy("bad_data_2d.npz"), "spikes must be 3-D");
        assertDataRefused(numpy("pytorch_model.npz"), "needs arrays 'spikes' and 'ipd'");
    }

    private static void assertRefused(Path file, String expected) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }

    private static void assertDataRefused(Path file, String expected) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> DataFile.read(file, 12));
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }
}
