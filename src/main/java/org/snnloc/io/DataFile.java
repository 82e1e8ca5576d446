package org.snnloc.io;

import org.snnloc.stimulus.IpdClasses;
import org.snnloc.stimulus.SpikeDataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code data.npz}: a stimulus set.
 * <pre>
 *   spikes  (n, steps, inputs)  uint8 0/1 (read: uint8, bool, any integer or float type holding 0/1)
 *   ipd     (n,)                float64 radians
 *   label   (n,)                int64 class index (read: optional, computed from ipd when absent)
 * </pre>
 */
public final class DataFile {
    private DataFile() {}

    public static void write(Path file, SpikeDataset data) throws IOException {
        Map<String, NpyArray> a = new LinkedHashMap<>();
        a.put("spikes", NpyArray.ofUint8(data.toDenseBytes(), data.size(), data.steps(), data.inputs()));
        a.put("ipd", NpyArray.ofDoubles(data.ipds(), data.size()));
        a.put("label", NpyArray.ofInts(data.labels(), data.size()));
        Npz.write(file, a, true);
    }

    public static SpikeDataset read(Path file, int classes) {
        Map<String, NpyArray> a = Npz.read(file);
        NpyArray spikes = a.get("spikes");
        NpyArray ipd = a.get("ipd");
        if (spikes == null || ipd == null) {
            throw new NpyFormatException(file + " needs arrays 'spikes' and 'ipd' (it holds " + String.join(", ", a.keySet()) + ")");
        }
        if (spikes.rank() != 3) {
            throw new NpyFormatException(file + ": spikes must be 3-D (samples, steps, inputs), found shape " + Arrays.toString(spikes.shape()));
        }
        int n = spikes.shape()[0], steps = spikes.shape()[1], inputs = spikes.shape()[2];
        if (steps == 0 || inputs == 0) throw new NpyFormatException(file + ": spikes has an empty dimension " + Arrays.toString(spikes.shape()));
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
        int[] labels = new int[n];
        NpyArray label = a.get("label");
        if (label == null) {
            for (int b = 0; b < n; b++) labels[b] = IpdClasses.classOf(ipds[b], classes);
        } else {
            if (label.rank() != 1 || label.shape()[0] != n) {
                throw new NpyFormatException(file + ": label must have shape (" + n + ",), found " + Arrays.toString(label.shape()));
            }
            for (int b = 0; b < n; b++) {
                long l = label.getLong(b);
                if (l < 0 || l >= classes) throw new NpyFormatException(file + ": label[" + b + "] = " + l + " is not a class in 0.." + (classes - 1));
                labels[b] = (int) l;
            }
        }
        for (long i = 0, size = spikes.size(); i < size; i++) {
            double v = spikes.getDouble(i);
            if (v != 0 && v != 1) {
                throw new NpyFormatException(file + ": spikes must be 0 or 1, found " + v + " at flat index " + i);
            }
        }
        return SpikeDataset.fromDense(n, steps, inputs, index -> spikes.getDouble(index) != 0, ipds, labels);
    }
}
