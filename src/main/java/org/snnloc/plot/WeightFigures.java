package org.snnloc.plot;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.snnloc.model.DaleMask;
import org.snnloc.model.NetworkConfig;
import org.snnloc.model.Parameters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The notebook's weight figures ({@code plot_weight_mats}, {@code plot_weight_mats_sorted}): the
 * effective weights W1 and W2 on a diverging colour map centred on 0, the same with the hidden
 * neurons sorted by their preferred delay together with W1 W2, and the W1 weights of the strong
 * hidden neurons per ear against the fibres' phase delay.
 */
final class WeightFigures {
    private WeightFigures() {}

    /** The notebook's threshold for a "strong" hidden neuron. */
    static final double STRONG = 0.5;
    /** At most this many neurons in the tuning figure (the notebook shows 15). */
    static final int TUNING_PANELS = 15;

    static Figure weights(Parameters p, int fibresPerEar) {
        NetworkConfig net = p.config();
        double[][] w1 = matrix(p.effectiveW1(), net.inputs(), net.hidden());
        double[][] w2 = matrix(p.effectiveW2(), net.hidden(), net.classes());
        JFreeChart left = heatmap("W1: input fibres \u2192 hidden neurons", w1, "Hidden neuron", "Input fibre");
        ChartStyle.subtitle(left, signs(p.sign1(), "input fibres"));
        ((XYPlot) left.getPlot()).addRangeMarker(RunFigures.earBoundaryOverWeights(fibresPerEar));
        JFreeChart right = heatmap("W2: hidden neurons \u2192 outputs", w2, "Output (IPD class)", "Hidden neuron");
        ChartStyle.subtitle(right, signs(p.sign2(), "hidden neurons"));
        return new Figure("Trained weight matrices (effective weights |w| \u00b7 sign; red excitatory, blue inhibitory)", 960, 440)
                .add(left, 0, 0, 0.5, 1).add(right, 0.5, 0, 0.5, 1);
    }

    /**
     * Hidden neurons sorted by their weighted mean preferred delay, as the notebook's
     * {@code plot_weight_mats_sorted}: with A = (0, 1, .., 99, 0, -1, .., -99) over the fibres,
     * neuron h's key is mean_i(A_i W1[i, h]); neurons whose largest W1 weight is below 0.5 go last.
     */
    static Figure sortedWeights(Parameters p, int fibresPerEar) {
        NetworkConfig net = p.config();
        double[][] w1 = matrix(p.effectiveW1(), net.inputs(), net.hidden());
        double[][] w2 = matrix(p.effectiveW2(), net.hidden(), net.classes());
        int[] order = preferredDelayOrder(w1, fibresPerEar);
        int strong = (int) Arrays.stream(order).filter(h -> columnMax(w1, h) >= STRONG).count();
        double[][] w1Sorted = new double[net.inputs()][net.hidden()];
        double[][] w2Sorted = new double[net.hidden()][];
        for (int k = 0; k < order.length; k++) {
            for (int i = 0; i < net.inputs(); i++) w1Sorted[i][k] = w1[i][order[k]];
            w2Sorted[k] = w2[order[k]];
        }
        double[][] product = new double[net.inputs()][net.classes()];
        for (int i = 0; i < net.inputs(); i++) {
            for (int h = 0; h < net.hidden(); h++) {
                for (int c = 0; c < net.classes(); c++) product[i][c] += w1[i][h] * w2[h][c];
            }
        }
        JFreeChart a = heatmap("W1 (sorted)", w1Sorted, "Hidden neuron (sorted)", "Input fibre");
        JFreeChart b = heatmap("W2 (sorted)", w2Sorted, "Output (IPD class)", "Hidden neuron (sorted)");
        JFreeChart c = heatmap("W1 W2", product, "Output (IPD class)", "Input fibre");
        ((XYPlot) a.getPlot()).addRangeMarker(RunFigures.earBoundaryOverWeights(fibresPerEar));
        ((XYPlot) c.getPlot()).addRangeMarker(RunFigures.earBoundaryOverWeights(fibresPerEar));
        if (strong < order.length) {
            ValueMarker weakX = new ValueMarker(strong - 0.5, ChartStyle.GREY, ChartStyle.DASHED);
            boolean roomOnTheRight = order.length - strong >= order.length / 3;   // else the label goes left of the line
            if (roomOnTheRight) ChartStyle.label(weakX, "max W1 < " + STRONG, RectangleAnchor.TOP_RIGHT, TextAnchor.TOP_LEFT);
            else ChartStyle.label(weakX, "right: max W1 < " + STRONG, RectangleAnchor.TOP_LEFT, TextAnchor.TOP_RIGHT);
            ((XYPlot) a.getPlot()).addDomainMarker(weakX);
            ((XYPlot) b.getPlot()).addRangeMarker(new ValueMarker(strong - 0.5, ChartStyle.GREY, ChartStyle.DASHED));
        }
        ChartStyle.subtitle(a, strong + " of " + order.length + " neurons have a W1 weight \u2265 " + STRONG);
        ChartStyle.subtitle(b, "rows in the order of W1's columns");
        ChartStyle.subtitle(c, "input fibre \u2192 output, through all hidden neurons");
        return new Figure("Weights with hidden neurons sorted by preferred delay (left minus right ear)", 1080, 420)
                .add(a, 0, 0, 0.36, 1).add(b, 0.36, 0, 0.30, 1).add(c, 0.66, 0, 0.34, 1);
    }

    /**
     * W1 weights of the strong hidden neurons (largest |weight| above 0.5, at most 15, in
     * preferred-delay order), left and right ear against the fibres' phase delay.
     */
    static Figure tuning(Parameters p, int fibresPerEar, double maxPhaseDelayRadians) {
        NetworkConfig net = p.config();
        double[][] w1 = matrix(p.effectiveW1(), net.inputs(), net.hidden());
        int[] order = preferredDelayOrder(w1, fibresPerEar);
        List<Integer> shown = new ArrayList<>();
        for (int h : order) if (columnMaxAbs(w1, h) > STRONG && shown.size() < TUNING_PANELS) shown.add(h);
        String selection = "max |w| > " + STRONG;
        if (shown.isEmpty()) {   // an untrained or tiny network: show the strongest anyway, and say so
            IntStream.range(0, net.hidden()).boxed().sorted(Comparator.comparingDouble(h -> -columnMaxAbs(w1, h)))
                    .limit(TUNING_PANELS).forEach(shown::add);
            selection = "no neuron has |w| > " + STRONG + "; the strongest are shown";
        }
        double lo = 0, hi = 0;
        for (int h : shown) {
            for (double[] row : w1) {
                lo = Math.min(lo, row[h]);
                hi = Math.max(hi, row[h]);
            }
        }
        double pad = 0.05 * Math.max(1e-6, hi - lo);
        int columns = Math.min(5, shown.size()), rows = (shown.size() + columns - 1) / columns;
        List<JFreeChart> panels = new ArrayList<>();
        XYPlot first = null;
        for (int k = 0; k < shown.size(); k++) {
            int h = shown.get(k);
            XYSeries left = new XYSeries("Left ear (fibres 0-" + (fibresPerEar - 1) + ")");
            XYSeries right = new XYSeries("Right ear (fibres " + fibresPerEar + "-" + (2 * fibresPerEar - 1) + ")");
            for (int j = 0; j < fibresPerEar; j++) {
                double delay = fibresPerEar == 1 ? 0 : Math.toDegrees(maxPhaseDelayRadians) * j / (fibresPerEar - 1);
                left.add(delay, w1[j][h]);
                right.add(delay, w1[fibresPerEar + j][h]);
            }
            XYSeriesCollection data = new XYSeriesCollection(left);
            data.addSeries(right);
            XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
            lines.setSeriesPaint(0, ChartStyle.BLUE);
            lines.setSeriesPaint(1, ChartStyle.ORANGE);
            lines.setSeriesStroke(0, ChartStyle.LINE);
            lines.setSeriesStroke(1, ChartStyle.LINE);
            boolean bottom = k >= (rows - 1) * columns || k + columns >= shown.size(), leftmost = k % columns == 0;
            NumberAxis x = ChartStyle.axis(bottom ? "Phase delay (deg)" : null, 0, Math.toDegrees(maxPhaseDelayRadians));
            ChartStyle.ticks(x, 30);
            NumberAxis y = ChartStyle.axis(leftmost ? "W1 weight" : null, lo - pad, hi + pad);
            XYPlot plot = new XYPlot(data, x, y, lines);
            plot.addRangeMarker(new ValueMarker(0, ChartStyle.GREY, ChartStyle.THIN));
            if (first == null) first = plot;
            panels.add(ChartStyle.chart("Hidden neuron " + h, plot, false));
        }
        Figure figure = new Figure("W1 weights of strong hidden neurons against the fibres' phase delay (" + selection + ")",
                1000, 150 + 190 * rows).grid(rows, columns, panels);
        if (first != null) figure.legend(new LegendTitle(first));
        return figure;
    }

    /** The notebook's sort key per hidden neuron; neurons whose largest W1 weight is below 0.5 last. */
    static int[] preferredDelayOrder(double[][] w1, int fibresPerEar) {
        int inputs = w1.length, hidden = w1[0].length;
        double[] key = new double[hidden];
        for (int h = 0; h < hidden; h++) {
            double sum = 0;
            for (int i = 0; i < inputs; i++) sum += (i < fibresPerEar ? i : -(i - fibresPerEar)) * w1[i][h];
            key[h] = columnMax(w1, h) < STRONG ? Double.POSITIVE_INFINITY : sum / inputs;
        }
        return IntStream.range(0, hidden).boxed().sorted(Comparator.comparingDouble(h -> key[h])).mapToInt(Integer::intValue).toArray();
    }

    private static JFreeChart heatmap(String title, double[][] values, String columnLabel, String rowLabel) {
        double limit = 0;
        for (double[] row : values) for (double v : row) limit = Math.max(limit, Math.abs(v));
        PaintScale scale = ColourScales.diverging(limit);
        return Heatmaps.withColourBar(title, Heatmaps.matrix(values, columnLabel, rowLabel, scale), scale, "Weight");
    }

    private static String signs(float[] rowSigns, String rows) {
        if (rowSigns == null) return "no sign constraint";
        int inhibitory = DaleMask.countInhibitory(rowSigns);
        return inhibitory == 0 ? "all " + rowSigns.length + " " + rows + " excitatory"
                : inhibitory + " of " + rowSigns.length + " " + rows + " inhibitory";
    }

    static double[][] matrix(float[] flat, int rows, int columns) {
        double[][] m = new double[rows][columns];
        for (int r = 0; r < rows; r++) for (int c = 0; c < columns; c++) m[r][c] = flat[r * columns + c];
        return m;
    }

    private static double columnMax(double[][] m, int column) {
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : m) max = Math.max(max, row[column]);
        return max;
    }

    private static double columnMaxAbs(double[][] m, int column) {
        double max = 0;
        for (double[] row : m) max = Math.max(max, Math.abs(row[column]));
        return max;
    }
}
