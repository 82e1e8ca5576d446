package org.snnloc.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnloc.model.LeakyLayer;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.SpikingLayer;
import org.snnloc.model.Parameters;
import org.snnloc.model.Surrogate;
import org.snnloc.model.WeightMap;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.testing.Fixture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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
    void dannAndLearnedSignModelsRoundTripAndNumpyWrittenOnesAreReadByTheirArrays() throws IOException {
        NetworkConfig net = NetworkConfig.notebook().withSizes(6, 4, 3, 10);
        Parameters p = Parameters.initialise(net, new org.snnloc.model.LayerSigns.Free(), new org.snnloc.model.LayerSigns.Dale(0.5),
                new WeightMap.Dann(2), new WeightMap.LearnedSigns(new WeightMap.Clamp()), new java.util.SplittableRandom(1));
        Path file = dir.resolve("model.npz");
        ModelFile.write(file, p);
        assertEquals(p, ModelFile.read(file));
        Map<String, NpyArray> arrays = new LinkedHashMap<>(Npz.read(file));
        arrays.remove(ModelFile.DESCRIPTION);
        Path numpyWritten = dir.resolve("numpy.npz");
        Npz.write(numpyWritten, arrays, false);
        ModelFile.Loaded loaded = ModelFile.load(numpyWritten);
        assertEquals(false, loaded.describesItself());
        assertEquals(new WeightMap.Dann(2), loaded.parameters().weightMap1(), "dann's arrays, NI from w1_ie's shape");
        assertEquals(new WeightMap.LearnedSigns(new WeightMap.Abs()), loaded.parameters().weightMap2(), "sign2_raw: learned signs");
        assertArrayEquals(p.effectiveW1(), loaded.parameters().effectiveW1());
        arrays.remove("w1_ei");
        Npz.write(numpyWritten, arrays, false);
        NpyFormatException missing = assertThrows(NpyFormatException.class, () -> ModelFile.load(numpyWritten));
        assertTrue(missing.getMessage().contains("w1_ei"), missing.getMessage());
        arrays.put("w1_ei", NpyArray.ofFloats(new float[] {1, 1, 1, 1, 1, -1, 1, 1}, 2, 4));
        Npz.write(numpyWritten, arrays, false);
        NpyFormatException negative = assertThrows(NpyFormatException.class, () -> ModelFile.load(numpyWritten));
        assertTrue(negative.getMessage().contains("w1_ei holds a negative value"), negative.getMessage());
    }

    @Test
    void aModelWrittenBySnnlocRebuildsExactlyItsNetwork() throws IOException {
        Parameters trained = Fixture.parameters();
        NetworkConfig net = new NetworkConfig(trained.config().inputs(), trained.config().hidden(), trained.config().classes(), 50,
                2e-3, new SpikingLayer(7.5e-3, 0.75f, new Surrogate.Sigmoid(3.5f)), new LeakyLayer(4e-3), 0.02f);
        Parameters p = new Parameters(net, trained.w1(), trained.w2(), trained.sign1(), null);
        Path file = dir.resolve("model.npz");
        ModelFile.write(file, p);
        Parameters back = ModelFile.read(file);
        assertEquals(net, back.config(), "surrogate, constants and sizes");
        assertEquals(p, back);
        assertEquals(new WeightMap.Abs(), back.weightMap1());
        assertEquals(new WeightMap.None(), back.weightMap2());
        String json = new String(toBytes(Npz.read(file).get("model_json")), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"kind\" : \"sigmoid\"") && json.contains("\"w2_map\" : {\n    \"kind\" : \"none\""), json);
    }

    @Test
    void aModelDescriptionThatContradictsTheWeightsIsRefused() throws IOException {
        Parameters p = Fixture.parameters();
        Map<String, NpyArray> arrays = new LinkedHashMap<>(ModelFile.arrays(p));
        arrays.remove("sign2");
        Path unsigned = dir.resolve("unsigned.npz");
        Npz.write(unsigned, arrays, false);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> ModelFile.read(unsigned));
        assertTrue(e.getMessage().contains("the weight map 'abs' needs 'sign2', which is missing"), e.getMessage());

        arrays = new LinkedHashMap<>(ModelFile.arrays(p));
        byte[] garbage = "{\"network\": 3".getBytes(StandardCharsets.UTF_8);
        arrays.put("model_json", NpyArray.ofUint8(garbage, garbage.length));
        Path corrupt = dir.resolve("corrupt.npz");
        Npz.write(corrupt, arrays, false);
        e = assertThrows(NpyFormatException.class, () -> ModelFile.read(corrupt));
        assertTrue(e.getMessage().contains("'model_json' is not a model description"), e.getMessage());
    }

    private static byte[] toBytes(NpyArray a) {
        byte[] out = new byte[(int) a.size()];
        for (int i = 0; i < out.length; i++) out[i] = (byte) a.getLong(i);
        return out;
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

    @Test
    void anEmptySetAndLabelsThatContradictTheirIpdsAreRefused() throws IOException {
        Path empty = dir.resolve("empty.npz");
        Npz.write(empty, new java.util.LinkedHashMap<>(Map.of("spikes", NpyArray.ofUint8(new byte[0], 0, 100, 200),
                "ipd", NpyArray.ofDoubles(new double[0], 0))), true);
        assertDataRefused(empty, "holds no samples");
        SpikeDataset data = Fixture.inputs();
        int[] labels = data.labels();
        int wrong = labels.length / 2;
        labels[wrong] = (labels[wrong] + 6) % 12;
        Path contradicting = dir.resolve("contradicting.npz");
        Map<String, NpyArray> arrays = new java.util.LinkedHashMap<>(Npz.read(writtenFixture()));
        arrays.put("label", NpyArray.ofInts(labels, labels.length));
        Npz.write(contradicting, arrays, true);
        assertDataRefused(contradicting, "label[" + wrong + "] = " + labels[wrong] + " contradicts ipd[" + wrong + "] = ");
    }

    private Path writtenFixture() throws IOException {
        Path file = dir.resolve("fixture.npz");
        DataFile.write(file, Fixture.inputs());
        return file;
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
