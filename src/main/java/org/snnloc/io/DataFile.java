package org.snnloc.io;

import org.snnloc.stimulus.IpdClasses;
import org.snnloc.stimulus.SpikeDataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * {@code data.npz}: a stimulus set.
 * <pre>
 *   spikes  (n, steps, inputs)  uint8 0/1 (read: uint8, bool, any integer or float type holding 0/1)
 *   ipd     (n,)                float64 radians
 *   label   (n,)                int64 class index (read: optional, computed from ipd when absent; must be ipd's class)
 * </pre>
 *
 * <p>The dense spikes of a large set are far bigger than its packed bits (a million notebook
 * samples: 20 GB against 3.2 GB), so they are streamed between the bits and the archive a chunk
 * of {@link #CHUNK_BYTES} at a time and never held whole.
 */
public final class DataFile {
    /** Dense spike bytes per write, or per read from the archive; a multiple of 8, so every dtype's elements fit whole. */
    static final int CHUNK_BYTES = 1 << 16;
    /** Words one long[] can hold. */
    private static final long MAX_WORDS = Integer.MAX_VALUE - 8;

    private DataFile() {}

    public static void write(Path file, SpikeDataset data) throws IOException {
        write(file, data, samples -> {});
    }

    /** As above; {@code samplesWritten} hears, after each chunk, how many whole samples of spikes are in the file. */
    public static void write(Path file, SpikeDataset data, IntConsumer samplesWritten) throws IOException {
        Map<String, AtomicFiles.Writer> members = new LinkedHashMap<>();
        members.put("spikes", out -> writeSpikes(data, out, samplesWritten));
        members.put("ipd", out -> Npy.write(NpyArray.ofDoubles(data.ipds(), data.size()), out));
        members.put("label", out -> Npy.write(NpyArray.ofInts(data.labels(), data.size()), out));
        Npz.writeMembers(file, members, true);
    }

    /** The spikes as .npy uint8 (samples, steps, inputs), unpacked from the bits a chunk of whole rows at a time. */
    private static void writeSpikes(SpikeDataset data, OutputStream out, IntConsumer samplesWritten) throws IOException {
        Npy.writeHeader(NpyArray.DType.UINT8, new int[] {data.size(), data.steps(), data.inputs()}, out);
        long[] bits = data.bits();
        int inputs = data.inputs(), words = data.wordsPerRow(), steps = data.steps();
        int rows = data.size() * steps;   // no overflow: the bits hold at least a word per row
        int rowsPerChunk = Math.max(1, CHUNK_BYTES / inputs);
        byte[] chunk = new byte[rowsPerChunk * inputs];
        for (int first = 0; first < rows; first += rowsPerChunk) {
            int count = Math.min(rowsPerChunk, rows - first);
            for (int r = 0; r < count; r++) {
                int row = (first + r) * words, at = r * inputs;
                for (int i = 0; i < inputs; i++) chunk[at + i] = (byte) (bits[row + (i >>> 6)] >>> i & 1L);
            }
            out.write(chunk, 0, count * inputs);
            samplesWritten.accept((first + count) / steps);
        }
    }

    public static SpikeDataset read(Path file, int classes) {
        return read(file, classes, HeapSpace::available);
    }

    /** As above, refusing a set whose arrays do not fit in {@code availableMemory} bytes before it allocates them. */
    static SpikeDataset read(Path file, int classes, LongSupplier availableMemory) {
        try (Npz.Archive archive = Npz.open(file, availableMemory); Npz.Streamed spikes = archive.stream("spikes")) {
            if (spikes == null || !archive.names().contains("ipd")) {
                String holds = archive.names().isEmpty() ? "no arrays" : String.join(", ", archive.names());
                throw new NpyFormatException(file + " needs arrays 'spikes' and 'ipd' (it holds " + holds + ")");
            }
            Npy.Header header = spikes.header();
            int[] shape = header.shape();
            if (header.rank() != 3) {
                throw new NpyFormatException(file + ": spikes must be 3-D (samples, steps, inputs), found shape " + Arrays.toString(shape));
            }
            int n = shape[0], steps = shape[1], inputs = shape[2];
            if (n == 0) throw new NpyFormatException(file + " holds no samples (spikes has shape " + Arrays.toString(shape) + ")");
            if (steps == 0 || inputs == 0) throw new NpyFormatException(file + ": spikes has an empty dimension " + Arrays.toString(shape));
            double[] ipds = ipds(file, archive.array("ipd"), n);
            int[] labels = labels(file, archive.array("label"), ipds, classes);
            long words = SpikeDataset.words(n, steps, inputs);
            if (words > MAX_WORDS) {
                throw new NpyFormatException(file + ": spikes " + Arrays.toString(shape) + " take " + words + " 64-bit words as bits, more than the "
                        + MAX_WORDS + " one array holds; split the set into files of fewer samples");
            }
            HeapSpace.shortfall(words * Long.BYTES, availableMemory).ifPresent(shortfall -> {
                throw new NpyFormatException(file + ": spikes " + Arrays.toString(shape) + " need " + shortfall);
            });
            long[] bits = new long[(int) words];
            packSpikes(spikes, inputs, bits, file);
            return new SpikeDataset(n, steps, inputs, bits, ipds, labels);
        } catch (IOException e) {
            throw Npz.failure(file, e);
        }
    }

    private static double[] ipds(Path file, NpyArray ipd, int n) {
        if (ipd.rank() != 1 || ipd.shape()[0] != n) {
            throw new NpyFormatException(file + ": ipd must have shape (" + n + ",), found " + Arrays.toString(ipd.shape()));
        }
        if (!ipd.dtype().floating) throw new NpyFormatException(file + ": ipd has dtype " + ipd.dtype().numpyName + ", expected float radians");
        double[] ipds = ipd.toDoubles();
        for (int b = 0; b < n; b++) {
            if (!(ipds[b] >= -Math.PI / 2 && ipds[b] <= Math.PI / 2)) {
                throw new NpyFormatException(file + ": ipd[" + b + "] = " + ipds[b] + " is outside [-pi/2, pi/2] radians");
            }
        }
        return ipds;
    }

    /** The labels of the file ({@code label} may be null: then each IPD's class). */
    private static int[] labels(Path file, NpyArray label, double[] ipds, int classes) {
        int n = ipds.length;
        int[] labels = new int[n];
        if (label == null) {
            for (int b = 0; b < n; b++) labels[b] = IpdClasses.classOf(ipds[b], classes);
            return labels;
        }
        if (label.rank() != 1 || label.shape()[0] != n) {
            throw new NpyFormatException(file + ": label must have shape (" + n + ",), found " + Arrays.toString(label.shape()));
        }
        for (int b = 0; b < n; b++) {
            long l = label.getLong(b);
            if (l < 0 || l >= classes) throw new NpyFormatException(file + ": label[" + b + "] = " + l + " is not a class in 0.." + (classes - 1));
            // accuracy is scored on the labels and the error in degrees on the IPDs: they must tell the same
            int ofIpd = IpdClasses.classOf(ipds[b], classes);
            if (l != ofIpd) {
                throw new NpyFormatException(file + ": label[" + b + "] = " + l + " contradicts ipd[" + b + "] = " + ipds[b] + " rad, which is class "
                        + ofIpd + " of " + classes);
            }
            labels[b] = (int) l;
        }
        return labels;
    }

    /**
     * Reads the spikes' elements a chunk at a time and sets the bit of every element that is 1,
     * refusing any value other than 0 and 1. The position in the bits moves on element by element,
     * so a chunk may end anywhere in a row.
     */
    private static void packSpikes(Npz.Streamed spikes, int inputs, long[] bits, Path file) throws IOException {
        NpyArray.DType dtype = spikes.header().dtype();
        int size = dtype.size;
        InputStream in = spikes.elements();
        byte[] chunk = new byte[CHUNK_BYTES];
        ByteBuffer view = ByteBuffer.wrap(chunk).order(spikes.header().bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int words = SpikeDataset.wordsPerRow(inputs);
        int row = 0, input = 0;   // where the next element goes: the row's first word, and the input within the row
        long flat = 0;
        for (long total = spikes.header().elements(); flat < total; ) {
            int count = (int) Math.min(CHUNK_BYTES / size, total - flat);
            Npy.readFully(in, chunk, count * size, file + ":spikes");
            for (int e = 0; e < count; e++, flat++) {
                // one-byte types (what snnloc and most notebooks write) skip the conversion to double
                boolean zero = size == 1 ? chunk[e] == 0 : dtype.valueAt(view, e * size) == 0;
                if (!zero) {
                    double v = dtype.valueAt(view, e * size);
                    if (v != 1) throw new NpyFormatException(file + ": spikes must be 0 or 1, found " + v + " at flat index " + flat);
                    bits[row + (input >>> 6)] |= 1L << input;
                }
                if (++input == inputs) {
                    input = 0;
                    row += words;
                }
            }
        }
    }
}
