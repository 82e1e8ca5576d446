package org.snnloc.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.testing.SyntheticData;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The code a data file of a million samples goes through, on sets a few chunks long: spikes are
 * streamed a chunk at a time whatever the set's size, so a chunk boundary inside a row and a last
 * partial chunk are what a large file meets too. Shapes too large for the heap are refused from
 * the header, with the memory available given by the test.
 */
class LargeDataFileTest {
    private static final int STEPS = 30, INPUTS = 74;   // rows of 74 elements never fill a chunk evenly

    @TempDir
    Path dir;

    /** 40 samples: 88,800 dense values, a chunk and a part of another. */
    private static SpikeDataset set() {
        SpikeDataset data = SyntheticData.spikes(40, STEPS, INPUTS, 12, SyntheticData.NOTEBOOK_DENSITY, 7);
        long dense = (long) data.size() * STEPS * INPUTS;
        assertTrue(dense > DataFile.CHUNK_BYTES && dense % DataFile.CHUNK_BYTES != 0 && DataFile.CHUNK_BYTES % INPUTS != 0);
        return data;
    }

    @Test
    void spikesWrittenAndReadAChunkAtATimeAreTheSet() throws IOException {
        SpikeDataset data = set();
        Path file = dir.resolve("data.npz");
        DataFile.write(file, data);
        NpyArray whole = Npz.read(file).get("spikes");   // read whole, by the general reader
        assertArrayEquals(new int[] {40, STEPS, INPUTS}, whole.shape());
        assertEquals(NpyArray.DType.UINT8, whole.dtype());
        for (int s = 0, flat = 0; s < data.size(); s++) {
            for (int t = 0; t < STEPS; t++) {
                for (int i = 0; i < INPUTS; i++, flat++) assertEquals(data.spike(s, t, i) ? 1 : 0, whole.getDouble(flat), "[" + s + ", " + t + ", " + i + "]");
            }
        }
        SpikeDataset back = DataFile.read(file, 12);
        assertArrayEquals(data.bits(), back.bits());
        assertArrayEquals(data.ipds(), back.ipds());
        assertArrayEquals(data.labels(), back.labels());
    }

    @Test
    void everyDtypeInEitherByteOrderStreamsAcrossChunks() {
        SpikeDataset data = set();
        for (String descr : new String[] {"|b1", "|i1", "<i2", ">i2", ">u4", "<i8", "<f4", ">f4", ">f8"}) {
            Path file = dir.resolve(descr.replaceAll("\\W", "_") + ".npz");
            writeSpikes(file, descr, data, -1);
            SpikeDataset back = DataFile.read(file, 12);
            assertArrayEquals(data.bits(), back.bits(), descr);
            assertArrayEquals(data.labels(), back.labels(), descr + ": labels from the IPDs");
        }
    }

    @Test
    void aValueOtherThanZeroOrOneIsNamedWithItsFlatIndexInALaterChunk() {
        int at = DataFile.CHUNK_BYTES / 2 + 5;   // int16: the second chunk
        Path file = dir.resolve("bad.npz");
        writeSpikes(file, "<i2", set(), at);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> DataFile.read(file, 12));
        assertEquals(file + ": spikes must be 0 or 1, found 2.0 at flat index " + at, e.getMessage());
    }

    @Test
    void aTruncatedSpikesArrayIsRefused() {
        SpikeDataset data = set();
        Path file = dir.resolve("short.npz");
        writeMembers(file, npy("|u1", new int[] {40, STEPS, INPUTS}, new byte[DataFile.CHUNK_BYTES + 10]), data.size());
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> DataFile.read(file, 12));
        assertTrue(e.getMessage().contains(file + ":spikes is truncated"), e.getMessage());
    }

    @Test
    void aHeaderDeclaringMoreThanTheHeapHoldsIsRefusedBeforeTheBitsAreAllocated() {
        Path file = dir.resolve("huge.npz");
        writeMembers(file, npy("|u1", new int[] {300_000, 100, 200}, new byte[16]), 300_000);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> DataFile.read(file, 12, () -> 100_000_000L));
        assertTrue(e.getMessage().startsWith(file + ": spikes [300000, 100, 200] need about 960 MB of memory, 100 MB is available; give Java more with "),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
    }

    @Test
    void aShapeBeyondOneArrayOrBeyondALongIsRefusedFromTheHeader() {
        Path wide = dir.resolve("wide.npz");
        writeMembers(wide, npy("|u1", new int[] {10, 1_000_000, 1_000_000}, new byte[16]), 10);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> DataFile.read(wide, 12));
        assertTrue(e.getMessage().contains("spikes [10, 1000000, 1000000] take 156250000000 64-bit words as bits, more than the"), e.getMessage());

        Path overflowing = dir.resolve("overflowing.npz");
        int max = Integer.MAX_VALUE;
        writeMembers(overflowing, npy("<f8", new int[] {max, max, max}, new byte[16]), 10);
        e = assertThrows(NpyFormatException.class, () -> DataFile.read(overflowing, 12));
        assertEquals(overflowing + ":spikes declares shape [" + max + ", " + max + ", " + max + "], whose size in bytes overflows 64 bits", e.getMessage());
    }

    @Test
    void anArrayReadWholeIsCheckedAgainstTheHeapFirst() {
        byte[] header = npy("<f8", new int[] {1_000_000}, new byte[0]);
        NpyFormatException e = assertThrows(NpyFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(header), "x.npz:ipd", () -> 1_000L));
        assertTrue(e.getMessage().startsWith("x.npz:ipd holds float64[1000000], which needs about 8 MB of memory, 1 kB is available; "), e.getMessage());
    }

    /** An archive of {@code spikes} (a whole .npy member) with a valid ipd of {@code samples} zeros. */
    private static void writeMembers(Path file, byte[] spikes, int samples) {
        Map<String, AtomicFiles.Writer> members = new LinkedHashMap<>();
        members.put("spikes", out -> out.write(spikes));
        members.put("ipd", out -> Npy.write(NpyArray.ofDoubles(new double[samples], samples), out));
        try {
            Npz.writeMembers(file, members, false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code data}'s spikes as dtype {@code descr}, with a 2 at flat index {@code bad} (none when negative). */
    private static void writeSpikes(Path file, String descr, SpikeDataset data, int bad) {
        int size = Integer.parseInt(descr.substring(2));
        ByteBuffer elements = ByteBuffer.allocate(data.size() * STEPS * INPUTS * size)
                .order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int s = 0, flat = 0; s < data.size(); s++) {
            for (int t = 0; t < STEPS; t++) {
                for (int i = 0; i < INPUTS; i++, flat++) {
                    int v = flat == bad ? 2 : data.spike(s, t, i) ? 1 : 0;
                    switch (descr.substring(1)) {
                        case "b1", "i1" -> elements.put((byte) v);
                        case "i2" -> elements.putShort((short) v);
                        case "u4" -> elements.putInt(v);
                        case "i8" -> elements.putLong(v);
                        case "f4" -> elements.putFloat(v);
                        case "f8" -> elements.putDouble(v);
                        default -> throw new IllegalArgumentException(descr);
                    }
                }
            }
        }
        Map<String, AtomicFiles.Writer> members = new LinkedHashMap<>();
        members.put("spikes", out -> out.write(npy(descr, new int[] {data.size(), STEPS, INPUTS}, elements.array())));
        members.put("ipd", out -> Npy.write(NpyArray.ofDoubles(data.ipds(), data.size()), out));
        try {
            Npz.writeMembers(file, members, true);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A .npy file of any descr, as NumPy would write it, with the given element bytes (which need not match the shape). */
    private static byte[] npy(String descr, int[] shape, byte[] elements) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) dims.append(d).append(", ");
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims.toString().strip() + "), }\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), (byte) (header.length() >>> 8)});
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(elements);
        return out.toByteArray();
    }
}
