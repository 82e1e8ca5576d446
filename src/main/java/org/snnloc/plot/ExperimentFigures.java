package org.snnloc.plot;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.snnloc.experiment.RunResult;
import org.snnloc.experiment.Summary;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notebook's experiment figures, from runs.csv: accuracy against the inhibitory fraction (the
 * sweep) and the test accuracy of each constraint condition (one dot per repeat).
 */
final class ExperimentFigures {
    private ExperimentFigures() {}

    /**
     * Mean train and test accuracy per inhibitory fraction, the test mean with a +- 1 standard
     * deviation band (population std, as the notebook), every repeat's test accuracy as a dot, and
     * chance level.
     */
    static Figure sweep(List<RunResult> sweepRuns, double chancePercent) {
        Summary summary = Summary.of(sweepRuns, sweepRuns.size());
        YIntervalSeries testBand = new YIntervalSeries("Test accuracy, mean \u00b1 std");
        XYSeries trainMean = new XYSeries("Training accuracy, mean");
        XYSeries repeats = new XYSeries("Test accuracy, each run");
        int maxRepeats = 0;
        for (Summary.Condition c : summary.conditions()) {
            double x = 100 * c.ratio();
            Summary.Stat test = c.testAccuracy();
            testBand.add(x, test.mean(), test.mean() - test.std(), test.mean() + test.std());
            trainMean.add(x, c.trainAccuracy().mean());
            maxRepeats = Math.max(maxRepeats, c.runs());
        }
        for (RunResult r : sweepRuns) repeats.add(100 * r.ratio(), r.testAccuracy(), false);

        NumberAxis x = ChartStyle.axis("Inhibitory neurons in both layers (%)", -3, 103);
        ChartStyle.ticks(x, 10);
        NumberAxis y = ChartStyle.axis("Accuracy (%)", 0, 100);
        ChartStyle.ticks(y, 10);

        DeviationRenderer band = new DeviationRenderer(true, true);
        band.setSeriesPaint(0, ChartStyle.ORANGE);
        band.setSeriesFillPaint(0, ChartStyle.ORANGE);
        band.setSeriesStroke(0, ChartStyle.LINE);
        band.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        band.setAlpha(0.25f);
        YIntervalSeriesCollection bandData = new YIntervalSeriesCollection();
        bandData.addSeries(testBand);
        XYPlot plot = new XYPlot(bandData, x, y, band);

        XYLineAndShapeRenderer train = new XYLineAndShapeRenderer(true, true);
        train.setSeriesPaint(0, ChartStyle.BLUE);
        train.setSeriesStroke(0, ChartStyle.LINE);
        train.setSeriesShape(0, new Rectangle2D.Double(-3, -3, 6, 6));
        plot.setDataset(1, new XYSeriesCollection(trainMean));
        plot.setRenderer(1, train);

        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setSeriesPaint(0, new Color(0, 0, 0, 110));
        dots.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        plot.setDataset(2, new XYSeriesCollection(repeats));
        plot.setRenderer(2, dots);
        plot.addRangeMarker(chance(chancePercent));

        JFreeChart chart = ChartStyle.chart(null, plot, true);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        return new Figure("Accuracy against the fraction of inhibitory neurons (" + maxRepeats + " runs per fraction)", 760, 480)
                .add(chart, 0, 0, 1, 1);
    }

    /** Test accuracy of each constraint condition: one dot per repeat, the mean as a bar, and chance level. */
    static Figure constraints(List<RunResult> constraintRuns, double chancePercent) {
        Map<String, List<RunResult>> byCondition = new LinkedHashMap<>();
        for (RunResult r : constraintRuns) byCondition.computeIfAbsent(r.condition(), k -> new ArrayList<>()).add(r);
        List<String> names = new ArrayList<>(byCondition.keySet());
        XYSeries runs = new XYSeries("Test accuracy, each run");
        XYSeries means = new XYSeries("Mean");
        for (int i = 0; i < names.size(); i++) {
            List<RunResult> rows = byCondition.get(names.get(i));
            double sum = 0;
            for (int k = 0; k < rows.size(); k++) {
                // A small fixed spread keeps repeats with similar accuracy apart.
                double jitter = rows.size() == 1 ? 0 : 0.12 * ((double) k / (rows.size() - 1) - 0.5);
                runs.add(i + jitter, rows.get(k).testAccuracy(), false);
                sum += rows.get(k).testAccuracy();
            }
            means.add(i, sum / rows.size());
        }
        String[] labels = names.stream().map(ExperimentFigures::describeCondition).toArray(String[]::new);
        SymbolAxis x = new SymbolAxis("Condition", labels);
        x.setRange(-0.5, names.size() - 0.5);
        x.setGridBandsVisible(false);
        x.setLabelFont(ChartStyle.AXIS_LABEL);
        x.setTickLabelFont(ChartStyle.AXIS_LABEL);
        NumberAxis y = ChartStyle.axis("Test accuracy (%)", 0, 100);
        ChartStyle.ticks(y, 10);

        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setSeriesPaint(0, new Color(0, 0, 0, 128));
        dots.setSeriesShape(0, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
        XYPlot plot = new XYPlot(new XYSeriesCollection(runs), x, y, dots);
        XYLineAndShapeRenderer bars = new XYLineAndShapeRenderer(false, true);
        bars.setSeriesPaint(0, ChartStyle.RED);
        bars.setSeriesShape(0, new Rectangle2D.Double(-22, -1.5, 44, 3));
        plot.setDataset(1, new XYSeriesCollection(means));
        plot.setRenderer(1, bars);
        plot.setDomainGridlinesVisible(false);
        plot.addRangeMarker(chance(chancePercent));

        JFreeChart chart = ChartStyle.chart(null, plot, true);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        double ratio = constraintRuns.isEmpty() ? 0.5 : constraintRuns.getFirst().ratio();
        return new Figure(String.format("Where is inhibition needed? (%.0f%% inhibitory where Dale's law applies)", 100 * ratio), 620, 480)
                .add(chart, 0, 0, 1, 1);
    }

    private static String describeCondition(String condition) {
        return switch (condition) {
            case "+/-" -> "+/- (both layers mixed)";
            case "W1+" -> "W1+ (W1 excitatory)";
            case "W2+" -> "W2+ (W2 excitatory)";
            default -> condition;
        };
    }

    private static ValueMarker chance(double percent) {
        ValueMarker marker = new ValueMarker(percent, ChartStyle.GREY, ChartStyle.DASHED);
        ChartStyle.label(marker, String.format("chance (%.1f%%)", percent), RectangleAnchor.TOP_LEFT, TextAnchor.BOTTOM_LEFT);
        return marker;
    }
}
