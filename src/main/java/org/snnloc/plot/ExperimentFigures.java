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
import org.snnloc.experiment.Grid;
import org.snnloc.experiment.RunResult;
import org.snnloc.experiment.Summary;

import java.awt.Color;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment figures, from runs.csv: for a sweep the accuracy against each numeric key it
 * varies (one line per value of a second key), a heat map of the mean for a two-key grid and a strip
 * plot for a categorical key; the test accuracy of each constraint condition (one dot per repeat).
 */
final class ExperimentFigures {
    private ExperimentFigures() {}

    /**
     * Mean test accuracy against the numeric key {@code key}, with a +- 1 standard deviation band
     * (population std, as the notebook) and every run's test accuracy as a dot; one line per value of
     * {@code seriesKey} (null: one line, and the training mean beside it). Runs of equal {@code key}
     * (and series) value are pooled over the other keys.
     */
    static Figure numeric(List<RunResult> runs, String key, String seriesKey, double chancePercent) {
        Map<Object, List<RunResult>> series = group(runs, seriesKey);
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        XYSeriesCollection dots = new XYSeriesCollection();
        XYSeries trainMean = new XYSeries("Training accuracy, mean");
        int maxRepeats = 0;
        for (Map.Entry<Object, List<RunResult>> s : series.entrySet()) {
            String name = seriesKey == null ? "Test accuracy, mean \u00b1 std" : seriesKey + " = " + Grid.label(s.getKey());
            YIntervalSeries band = new YIntervalSeries(name);
            XYSeries each = new XYSeries(name + ", each run", false, true);
            for (Map.Entry<Object, List<RunResult>> point : group(s.getValue(), key).entrySet()) {
                double x = ((Number) point.getKey()).doubleValue();
                Summary.Stat test = Summary.Stat.of(point.getValue(), RunResult::testAccuracy);
                band.add(x, test.mean(), test.mean() - test.std(), test.mean() + test.std());
                trainMean.add(x, Summary.Stat.of(point.getValue(), RunResult::trainAccuracy).mean());
                for (RunResult r : point.getValue()) each.add(x, r.testAccuracy());
                maxRepeats = Math.max(maxRepeats, point.getValue().size());
            }
            bands.addSeries(band);
            dots.addSeries(each);
        }
        NumberAxis x = ChartStyle.autoAxis(key, false);
        NumberAxis y = ChartStyle.axis("Accuracy (%)", 0, 100);
        ChartStyle.ticks(y, 10);
        DeviationRenderer band = new DeviationRenderer(true, true);
        band.setAlpha(0.2f);
        XYLineAndShapeRenderer dotRenderer = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < bands.getSeriesCount(); i++) {
            Paint paint = seriesKey == null ? ChartStyle.ORANGE : ChartStyle.cycle(i);
            band.setSeriesPaint(i, paint);
            band.setSeriesFillPaint(i, paint);
            band.setSeriesStroke(i, ChartStyle.LINE);
            band.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
            Color c = (Color) paint;
            dotRenderer.setSeriesPaint(i, seriesKey == null ? new Color(0, 0, 0, 110) : new Color(c.getRed(), c.getGreen(), c.getBlue(), 130));
            dotRenderer.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
            dotRenderer.setSeriesVisibleInLegend(i, false);
        }
        XYPlot plot = new XYPlot(bands, x, y, band);
        if (seriesKey == null) {
            XYLineAndShapeRenderer train = new XYLineAndShapeRenderer(true, true);
            train.setSeriesPaint(0, ChartStyle.BLUE);
            train.setSeriesStroke(0, ChartStyle.LINE);
            train.setSeriesShape(0, new Rectangle2D.Double(-3, -3, 6, 6));
            plot.setDataset(1, new XYSeriesCollection(trainMean));
            plot.setRenderer(1, train);
        }
        plot.setDataset(2, dots);
        plot.setRenderer(2, dotRenderer);
        plot.addRangeMarker(chance(chancePercent));
        JFreeChart chart = ChartStyle.chart(null, plot, true);
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        String by = seriesKey == null ? "" : ", one line per " + seriesKey;
        return new Figure("Test accuracy against " + key + by + " (" + maxRepeats + " runs a point)", 760, 480)
                .add(chart, 0, 0, 1, 1);
    }

    /** Mean test accuracy of every cell of a two-key grid, {@code xKey} across and {@code yKey} up, each cell labelled. */
    static Figure heatmap(List<RunResult> runs, String xKey, String yKey, double chancePercent) {
        List<Object> xs = new ArrayList<>(group(runs, xKey).keySet()), ys = new ArrayList<>(group(runs, yKey).keySet());
        double[][] mean = new double[ys.size()][xs.size()];
        for (double[] row : mean) java.util.Arrays.fill(row, Double.NaN);
        for (int r = 0; r < ys.size(); r++) {
            for (int c = 0; c < xs.size(); c++) {
                Object xv = xs.get(c), yv = ys.get(r);
                List<RunResult> cell = runs.stream().filter(run -> xv.equals(run.values().get(xKey)) && yv.equals(run.values().get(yKey))).toList();
                if (!cell.isEmpty()) mean[r][c] = Summary.Stat.of(cell, RunResult::testAccuracy).mean();
            }
        }
        org.jfree.chart.renderer.PaintScale scale = ColourScales.sequential(chancePercent, 100);
        SymbolAxis x = categories(xKey, xs);
        SymbolAxis y = categories(yKey, ys);
        XYPlot plot = Heatmaps.matrix(mean, 0, 1, 0, 1, x, y, scale);
        for (int r = 0; r < ys.size(); r++) {
            for (int c = 0; c < xs.size(); c++) {
                if (Double.isNaN(mean[r][c])) continue;
                org.jfree.chart.annotations.XYTextAnnotation label =
                        new org.jfree.chart.annotations.XYTextAnnotation(String.format(java.util.Locale.ROOT, "%.1f", mean[r][c]), c, r);
                label.setFont(ChartStyle.AXIS_LABEL);
                label.setPaint(mean[r][c] > (chancePercent + 100) / 2 ? Color.BLACK : Color.WHITE);
                plot.addAnnotation(label);
            }
        }
        JFreeChart chart = Heatmaps.withColourBar(null, plot, scale, "Mean test accuracy (%)");
        return new Figure("Mean test accuracy of every " + xKey + " x " + yKey + " grid point", 120 + 90 * xs.size() + 120,
                Math.max(300, 110 + 60 * ys.size())).add(chart, 0, 0, 1, 1);
    }

    /** Test accuracy for each value of a categorical key: one dot per run, the mean as a bar, and chance level. */
    static Figure strip(List<RunResult> runs, String key, double chancePercent) {
        Map<String, List<RunResult>> byValue = new LinkedHashMap<>();
        group(runs, key).forEach((value, rows) -> byValue.put(key + " = " + Grid.label(value), rows));
        return stripOf(byValue, key, "Test accuracy for each " + key, chancePercent);
    }

    private static SymbolAxis categories(String label, List<Object> values) {
        SymbolAxis axis = new SymbolAxis(label, values.stream().map(Grid::label).toArray(String[]::new));
        axis.setRange(-0.5, values.size() - 0.5);
        axis.setGridBandsVisible(false);
        axis.setLabelFont(ChartStyle.AXIS_LABEL);
        axis.setTickLabelFont(ChartStyle.AXIS_LABEL);
        return axis;
    }

    /** Runs by their value of {@code key} (all runs under one null key when key is null), values in ascending order when numeric. */
    private static Map<Object, List<RunResult>> group(List<RunResult> runs, String key) {
        Map<Object, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult r : runs) groups.computeIfAbsent(key == null ? "" : r.values().get(key), k -> new ArrayList<>()).add(r);
        if (groups.keySet().stream().allMatch(k -> k instanceof Number)) {
            Map<Object, List<RunResult>> sorted = new java.util.TreeMap<>(java.util.Comparator.comparingDouble(k -> ((Number) k).doubleValue()));
            sorted.putAll(groups);
            return new LinkedHashMap<>(sorted);
        }
        return groups;
    }

    /** Test accuracy of each constraint condition: one dot per repeat, the mean as a bar, and chance level. */
    static Figure constraints(List<RunResult> constraintRuns, double chancePercent) {
        Map<String, List<RunResult>> byCondition = new LinkedHashMap<>();
        for (RunResult r : constraintRuns) byCondition.computeIfAbsent(describeCondition(r.condition()), k -> new ArrayList<>()).add(r);
        Object ratio = constraintRuns.isEmpty() ? 0.5 : constraintRuns.getFirst().values().getOrDefault("ie-ratio", 0.5);
        return stripOf(byCondition, "Condition", String.format("Where is inhibition needed? (%.0f%% inhibitory where Dale's law applies)",
                100 * ((Number) ratio).doubleValue()), chancePercent);
    }

    /** One column per group: a dot per run (spread a little), the mean as a bar. */
    private static Figure stripOf(Map<String, List<RunResult>> groups, String axisLabel, String title, double chancePercent) {
        List<String> names = new ArrayList<>(groups.keySet());
        XYSeries runs = new XYSeries("Test accuracy, each run");
        XYSeries means = new XYSeries("Mean");
        for (int i = 0; i < names.size(); i++) {
            List<RunResult> rows = groups.get(names.get(i));
            double sum = 0;
            for (int k = 0; k < rows.size(); k++) {
                // A small fixed spread keeps repeats with similar accuracy apart.
                double jitter = rows.size() == 1 ? 0 : 0.12 * ((double) k / (rows.size() - 1) - 0.5);
                runs.add(i + jitter, rows.get(k).testAccuracy(), false);
                sum += rows.get(k).testAccuracy();
            }
            means.add(i, sum / rows.size());
        }
        SymbolAxis x = categories(axisLabel, new ArrayList<>(names));
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
        return new Figure(title, Math.max(620, 140 + 130 * names.size()), 480).add(chart, 0, 0, 1, 1);
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
