package org.snnloc.testing;

import org.snnloc.io.Npy;
import org.snnloc.io.NpyArray;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;
import org.snnloc.stimulus.SpikeDataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The PyTorch fixture of ../shared/reference/fixture, copied into the test resources: one batch of
 * 8 samples computed by the notebook's own code (see fixture/README.md).
 */
public final class Fixture {
    public static final int BATCH = 8;

    private Fixture() {}

    public static NpyArray array(String name) {
        String resource = "/fixture/" + name + ".npy";
        try (InputStream in = Fixture.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing test resource " + resource);
            return Npy.read(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static float[] floats(String name) {
        return array(name).toFloats();
    }

    public static NetworkConfig network() {
        return NetworkConfig.notebook();
    }

    public static SpikeDataset inputs() {
        NpyArray x = array("inputs");
        int[] shape = x.shape();
        double[] ipd = array("f64/ipd").toDoubles();
        long[] labels = array("labels").toLongs();
        int[] label = new int[labels.length];
        for (int i = 0; i < label.length; i++) label[i] = (int) labels[i];
        return SpikeDataset.fromDense(shape[0], shape[1], shape[2], i -> x.getDouble(i) != 0, ipd, label);
    }

    /** The fixture's raw weights and Dale signs (one sign per row, read from the first column). */
    public static Parameters parameters() {
        NetworkConfig net = network();
        return new Parameters(net, floats("w1"), floats("w2"), rowSigns(floats("sign1"), net.hidden()),
                rowSigns(floats("sign2"), net.classes()));
    }

    private static float[] rowSigns(float[] full, int columns) {
        float[] rows = new float[full.length / columns];
        for (int r = 0; r < rows.length; r++) rows[r] = full[r * columns];
        return rows;
    }

    public static int[] allSamples() {
        int[] samples = new int[BATCH];
        for (int i = 0; i < BATCH; i++) samples[i] = i;
        return samples;
    }
}
