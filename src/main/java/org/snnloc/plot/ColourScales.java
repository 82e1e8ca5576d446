package org.snnloc.plot;

import org.jfree.chart.renderer.PaintScale;

import java.awt.Color;
import java.awt.Paint;

/**
 * The colour maps of the figures, as JFreeChart {@link PaintScale}s: a diverging map centred on 0
 * for weights (matplotlib's RdBu reversed: negative blue, 0 white, positive red, like the
 * notebook's "seismic"), viridis for fractions, and a hue sweep for IPDs (the notebook's "hsv").
 * Anchors are interpolated linearly in RGB.
 */
public final class ColourScales {
    private ColourScales() {}

    private static final Color[] RD_BU_REVERSED = hex("053061", "2166ac", "4393c3", "92c5de", "d1e5f0", "f7f7f7",
            "fddbc7", "f4a582", "d6604d", "b2182b", "67001f");
    private static final Color[] VIRIDIS = hex("440154", "482878", "3e4a89", "31688e", "26828e", "1f9e89",
            "35b779", "6ece58", "b5de2b", "fde725");

    /** Blue (-limit) to white (0) to red (+limit); {@code limit} is the largest magnitude shown. */
    public static PaintScale diverging(double limit) {
        double l = limit > 0 && Double.isFinite(limit) ? limit : 1;
        return new Anchored(-l, l, RD_BU_REVERSED);
    }

    /** Viridis from {@code lower} (dark purple) to {@code upper} (yellow). */
    public static PaintScale sequential(double lower, double upper) {
        return new Anchored(lower, upper > lower ? upper : lower + 1, VIRIDIS);
    }

    /** A hue sweep from red through green to violet, for colouring by IPD. */
    public static PaintScale hue(double lower, double upper) {
        Color[] anchors = new Color[9];
        for (int i = 0; i < anchors.length; i++) anchors[i] = Color.getHSBColor(0.8f * i / (anchors.length - 1), 0.85f, 0.85f);
        return new Anchored(lower, upper, anchors);
    }

    /** One colour everywhere, e.g. black for the spikes of a raster. */
    public static PaintScale constant(Color colour) {
        return new Anchored(0, 1, new Color[] {colour, colour});
    }

    /** Linear interpolation between evenly spaced anchor colours; values outside the range are clamped. */
    record Anchored(double lowerBound, double upperBound, Color[] anchors) implements PaintScale {
        @Override
        public double getLowerBound() {
            return lowerBound;
        }

        @Override
        public double getUpperBound() {
            return upperBound;
        }

        @Override
        public Paint getPaint(double value) {
            return colour(value);
        }

        Color colour(double value) {
            double t = (value - lowerBound) / (upperBound - lowerBound);
            if (!(t > 0)) t = 0;   // also NaN
            if (t > 1) t = 1;
            double position = t * (anchors.length - 1);
            int i = Math.min((int) position, anchors.length - 2);
            double f = position - i;
            Color a = anchors[i], b = anchors[i + 1];
            return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f), mix(a.getBlue(), b.getBlue(), f));
        }

        private static int mix(int a, int b, double f) {
            return (int) Math.round(a + (b - a) * f);
        }
    }

    private static Color[] hex(String... codes) {
        Color[] out = new Color[codes.length];
        for (int i = 0; i < codes.length; i++) out[i] = new Color(Integer.parseInt(codes[i], 16));
        return out;
    }
}
