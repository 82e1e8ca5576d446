package org.snnloc.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpzTest {
    @TempDir
    Path dir;

    static Path resource(String name) {
        return Path.of("src/test/resources/numpy", name);
    }

    @Test
    void roundTripKeepsDtypeShapeAndValues() throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("f", NpyArray.ofFloats(new float[] {1.5f, -2f, Float.MIN_VALUE, 0f, 7f, 8f}, 2, 3));
        arrays.put("d", NpyArray.ofDoubles(new double[] {Math.PI, -0.0}, 2));
        arrays.put("i", NpyArray.ofLongs(new long[] {Long.MIN_VALUE, 42}, 2));
        arrays.put("u", NpyArray.ofUint8(new byte[] {0, 1, (byte) 255}, 3));
        arrays.put("scalar", NpyArray.scalarFloat64(5.0));
        for (boolean compressed : new boolean[] {false, true}) {
            Path file = dir.resolve("a" + compressed + ".npz");
            Npz.write(file, arrays, compressed);
            Map<String, NpyArray> back = Npz.read(file);
            assertEquals(arrays.keySet(), back.keySet());
            assertArrayEquals(new int[] {2, 3}, back.get("f").shape());
            assertArrayEquals(arrays.get("f").toFloats(), back.get("f").toFloats());
            assertArrayEquals(arrays.get("d").toDoubles(), back.get("d").toDoubles());
            assertArrayEquals(new long[] {Long.MIN_VALUE, 42}, back.get("i").toLongs());
            assertEquals(255.0, back.get("u").getDouble(2));
            assertEquals(0, back.get("scalar").rank());
            assertEquals(5.0, back.get("scalar").scalar());
        }
    }

    @Test
    void headerIsNumpyFormatVersion1AlignedTo64Bytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(NpyArray.ofFloats(new float[] {1, 2, 3}, 3), out);
        byte[] bytes = out.toByteArray();
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertEquals(0, (10 + headerLength) % 64);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), header);
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLength + 12, bytes.length);
    }

    @Test
    void readsWhatNumpyWrites() {
        Map<String, NpyArray> bools = Npz.read(resource("data_bool.npz"));
        assertEquals(NpyArray.DType.BOOL, bools.get("spikes").dtype());
        assertArrayEquals(new int[] {8, 100, 200}, bools.get("spikes").shape());
        assertEquals(NpyArray.DType.INT64, bools.get("label").dtype());
        Map<String, NpyArray> compressed = Npz.read(resource("data_uint8_compressed.npz"));
        assertEquals(NpyArray.DType.UINT8, compressed.get("spikes").dtype());
        for (long i = 0; i < 8 * 100 * 200; i += 997) {
            assertEquals(bools.get("spikes").getDouble(i), compressed.get("spikes").getDouble(i));
        }
        Map<String, NpyArray> scalars = Npz.read(resource("model_f64_rowsigns.npz"));
        assertEquals(0, scalars.get("tau_ms").rank());
        assertEquals(5.0, scalars.get("tau_ms").scalar());
    }

    @Test
    void readsBigEndianAndRefusesFortranOrder() {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(resource("big_endian_and_fortran.npz")));
        assertTrue(e.getMessage().contains("Fortran order"), e.getMessage());
    }

    @Test
    void bigEndianValuesAreSwapped() throws IOException {
        String header = "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(new byte[] {0x3f, (byte) 0x80, 0, 0, 0x40, 0, 0, 0}); // 1.0f, 2.0f big-endian
        NpyArray a = Npy.read(new java.io.ByteArrayInputStream(out.toByteArray()), "be");
        assertArrayEquals(new float[] {1f, 2f}, a.toFloats());
    }

    @Test
    void corruptFilesAreNamedInTheError() throws IOException {
        assertMessage(resource("not_a_zip.npz"), "not a readable .npz");
        assertMessage(resource("truncated_model.npz"), "truncated_model.npz");
        assertMessage(dir.resolve("missing.npz"), "file not found");
        assertMessage(dir, "is a folder, not a file");
        Path empty = dir.resolve("empty.npz");
        Npz.write(empty, Map.of(), false);
        assertMessage(empty, "holds no arrays");
    }

    @Test
    void unsupportedDtypeIsNamed() {
        assertMessage(resource("bad_data_complex.npz"), "dtype '<c8'");
    }

    private static void assertMessage(Path file, String expected) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npz.read(file));
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }
}
