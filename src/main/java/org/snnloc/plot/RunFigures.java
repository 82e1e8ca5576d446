package org.snnloc.plot;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.ClusteredXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.snnloc.eval.Metrics;
import org.snnloc.stimulus.IpdClasses;
import org.snnloc.train.EpochRecord;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * The notebook's figures about data and training of one run: input spike rasters for several
 * IPDs ({@code show_examples}), the loss curves, and the test accuracy as IPD histograms and a
 * confusion matrix ({@code report_accuracy}).
 */
final class RunFigures {
    private RunFigures() {}

    /** A line between the ears (below the right ear's first fibre), in rasters blue, over weights dark grey. */
    static ValueMarker earBoundary(int fibresPerEar) {
        return new ValueMarker(fibresPerEar - 0.5, new Color(0x4393c3), new BasicStroke(0.8f));
    }

    static ValueMarker earBoundaryOverWeights(int fibresPerEar) {
        return new ValueMarker(fibresPerEar - 0.5, Color.DARK_GRAY, new BasicStroke(0.8f));
    }

    /**
     * Input rasters of {@code rasters.length} stimuli, [sample][step][fibre], in a grid of two
     * rows; axis labels on the outer panels only, as the notebook's {@code show_examples}.
     */
    static Figure stimulusExamples(boolean[][][] rasters, double[] ipdRadians, double dtMs, int fibresPerEar) {
        int n = rasters.length, columns = (n + 1) / 2;
        List<JFreeChart> panels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean bottomRow = i >= columns, leftColumn = i % columns == 0;
            XYPlot plot = Heatmaps.raster(rasters[i], dtMs, leftColumn ? "Input fibre" : null);
            ChartStyle.ticks((NumberAxis) plot.getRangeAxis(), 50);
            if (!bottomRow) plot.getDomainAxis().setLabel(null);
            plot.addRangeMarker(earBoundary(fibresPerEar));
            panels.add(ChartStyle.chart("True IPD = " + degrees(ipdRadians[i]), plot, false));
        }
        return new Figure("Input spike trains for " + n + " IPDs (fibres 0-" + (fibresPerEar - 1) + ": left ear, "
                + fibresPerEar + "-" + (2 * fibresPerEar - 1) + ": right ear)", 960, 460).grid(2, columns, panels);
    }

    /** Training and validation loss per epoch, with the epoch whose weights the run kept. */
    static Figure lossCurves(List<EpochRecord> history, int keptEpoch, boolean earlyStopped, String runName) {
        XYSeries train = new XYSeries("Training loss");
        XYSeries validation = new XYSeries("Validation loss");
        for (EpochRecord r : history) {
            train.add(r.epoch(), r.trainLoss());
            validation.add(r.epoch(), r.validationLoss());
        }
        XYSeriesCollection data = new XYSeriesCollection(train);
        data.addSeries(validation);
        NumberAxis epochs = ChartStyle.axis("Epoch", 0.5, Math.max(1, history.size()) + 0.5);
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        lines.setSeriesPaint(0, ChartStyle.BLUE);
        lines.setSeriesPaint(1, ChartStyle.ORANGE);
        for (int s = 0; s < 2; s++) {
            lines.setSeriesStroke(s, ChartStyle.LINE);
            lines.setSeriesShape(s, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        XYPlot plot = new XYPlot(data, epochs, ChartStyle.autoAxis("Cross-entropy loss", false), lines);
        if (keptEpoch > 0) {
            ValueMarker kept = new ValueMarker(keptEpoch, ChartStyle.GREY, ChartStyle.DASHED);
            ChartStyle.label(kept, "kept weights (epoch " + keptEpoch + ")", RectangleAnchor.TOP_LEFT, TextAnchor.TOP_RIGHT);
            plot.addDomainMarker(kept);
        }
        JFreeChart chart = ChartStyle.chart(null, plot, true);
        chart.getLegend().setPosition(RectangleEdge.TOP);
        String stop = earlyStopped ? "stopped early after epoch " + history.size() : "ran all " + history.size() + " epochs";
        return new Figure("Loss during training (" + runName + ": " + stop + ")", 640, 420).add(chart, 0, 0, 1, 1);
    }

    /**
     * The notebook's {@code report_accuracy}: true and estimated IPD histograms, and the confusion
     * matrix with each true-IPD column normalised.
     */
    static Figure accuracy(Metrics test, int classes, String setName) {
        double width = 180.0 / classes;
        HistogramDataset histograms = new HistogramDataset();
        histograms.addSeries("True IPD", toDegrees(test.trueIpd()), classes, -90, 90);
        histograms.addSeries("Estimated IPD", toDegrees(test.estimatedIpd()), classes, -90, 90);
        ClusteredXYBarRenderer bars = new ClusteredXYBarRenderer(0.15, false);
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setSeriesPaint(0, ChartStyle.BLUE);
        bars.setSeriesPaint(1, ChartStyle.ORANGE);
        NumberAxis ipdAxis = ChartStyle.axis("IPD (deg)", -90, 90);
        ChartStyle.ticks(ipdAxis, 30);
        XYPlot histogramPlot = new XYPlot(histograms, ipdAxis, ChartStyle.autoAxis("Samples", true), bars);
        JFreeChart left = ChartStyle.chart("True and estimated IPDs", histogramPlot, true);
        left.getLegend().setPosition(RectangleEdge.TOP);

        double[][] confusion = test.confusionByTrueClass();   // [estimated][true]: rows are y, columns x
        NumberAxis trueAxis = ChartStyle.axis("True IPD (deg)", -90, 90);
        NumberAxis estimatedAxis = ChartStyle.axis("Estimated IPD (deg)", -90, 90);
        ChartStyle.ticks(trueAxis, 30);
        ChartStyle.ticks(estimatedAxis, 30);
        double first = Math.toDegrees(IpdClasses.midpoint(0, classes));
        var scale = ColourScales.sequential(0, 1);
        XYPlot confusionPlot = Heatmaps.matrix(confusion, first, width, first, width, trueAxis, estimatedAxis, scale);
        JFreeChart right = Heatmaps.withColourBar("Confusion matrix", confusionPlot, scale, "Fraction of samples per true IPD");
        ChartStyle.ticks((NumberAxis) ((org.jfree.chart.title.PaintScaleLegend) right.getSubtitle(0)).getAxis(), 0.2);

        String title = String.format("%s set: accuracy %.1f%% (chance %.1f%%), mean absolute error %.1f deg, %d samples",
                setName, test.accuracy(), 100.0 / classes, test.maeDegrees(), test.samples());
        return new Figure(title, 960, 420).add(left, 0, 0, 0.5, 1).add(right, 0.5, 0, 0.5, 1);
    }

    static String degrees(double radians) {
        double d = Math.toDegrees(radians);
        return (Math.abs(d - Math.rint(d)) < 1e-9 ? Long.toString(Math.round(d)) : String.format("%.1f", d)) + "\u00b0";
    }

    private static double[] toDegrees(double[] radians) {
        double[] out = new double[radians.length];
        for (int i = 0; i < out.length; i++) out[i] = Math.toDegrees(radians[i]);
        return out;
    }
}
