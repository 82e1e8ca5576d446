package org.snnloc.plot;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.snnloc.stimulus.IpdClasses;

import java.awt.BasicStroke;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The notebook's {@code plot_single_run}: one stimulus through the trained network, four panels on
 * one time axis: input spikes, hidden spikes, the output membrane potentials coloured by their
 * class's IPD, and their running sums (the readout is 0.01 times the final sum, so the highest
 * curve at the end is the network's answer).
 */
final class SingleSampleFigure {
    private SingleSampleFigure() {}

    static Figure of(RunAnalysis.SampleTrace trace, int classes, double dtMs, int fibresPerEar) {
        CombinedDomainXYPlot panels = new CombinedDomainXYPlot(ChartStyle.axis("Time (ms)", -0.5 * dtMs, (trace.input().length - 0.5) * dtMs));
        panels.setGap(10);

        XYPlot input = Heatmaps.raster(trace.input(), dtMs, "Input fibre");
        ChartStyle.ticks((NumberAxis) input.getRangeAxis(), 50);
        input.addRangeMarker(RunFigures.earBoundary(fibresPerEar));
        XYPlot hidden = Heatmaps.raster(trace.hidden(), dtMs, "Hidden neuron");
        ChartStyle.ticks((NumberAxis) hidden.getRangeAxis(), 10);

        PaintScale ipdColours = ColourScales.hue(-90, 90);
        double[][] voltage = trace.output();
        double[][] cumulative = new double[voltage.length][classes];
        for (int t = 0; t < voltage.length; t++) {
            for (int c = 0; c < classes; c++) cumulative[t][c] = (t == 0 ? 0 : cumulative[t - 1][c]) + voltage[t][c];
        }
        panels.add(input, 3);
        panels.add(hidden, 2);
        panels.add(traces(voltage, "Output membrane v", ipdColours, trace.predicted(), dtMs), 2);
        panels.add(traces(cumulative, "Running sum of v", ipdColours, trace.predicted(), dtMs), 2);

        JFreeChart chart = ChartStyle.chart(null, panels, false);
        chart.addSubtitle(Heatmaps.colourBar(ipdColours, "Output class IPD (deg)"));
        ChartStyle.ticks((NumberAxis) ((org.jfree.chart.title.PaintScaleLegend) chart.getSubtitle(0)).getAxis(), 30);
        double estimate = IpdClasses.midpoint(trace.predicted(), classes);
        String title = String.format("One sample through the network: true IPD %s, estimated %s (class %d; thick line)",
                RunFigures.degrees(trace.ipdRadians()), RunFigures.degrees(estimate), trace.predicted());
        return new Figure(title, 760, 820).add(chart, 0, 0, 1, 1);
    }

    /**
     * One line per output class over time, coloured by the class's IPD; drawn in order of their
     * total so the largest lie on top (as the notebook), the predicted class thicker.
     */
    private static XYPlot traces(double[][] values, String label, PaintScale colours, int predicted, double dtMs) {
        int classes = values[0].length;
        double[] totals = new double[classes];
        for (double[] row : values) for (int c = 0; c < classes; c++) totals[c] += row[c];
        Integer[] order = IntStream.range(0, classes).boxed().sorted(Comparator.comparingDouble(c -> totals[c])).toArray(Integer[]::new);
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        for (int k = 0; k < order.length; k++) {
            int c = order[k];
            XYSeries series = new XYSeries("class " + c);
            for (int t = 0; t < values.length; t++) series.add(t * dtMs, values[t][c]);
            data.addSeries(series);
            lines.setSeriesPaint(k, colours.getPaint(Math.toDegrees(IpdClasses.midpoint(c, classes))));
            lines.setSeriesStroke(k, c == predicted ? new BasicStroke(3f) : ChartStyle.THIN);
        }
        // The renderer draws series in reverse order by default; draw them in list order (largest total last, on top).
        lines.setDrawSeriesLineAsPath(true);
        XYPlot plot = new XYPlot(data, null, ChartStyle.autoAxis(label, true), lines);
        plot.setSeriesRenderingOrder(org.jfree.chart.plot.SeriesRenderingOrder.FORWARD);
        plot.addRangeMarker(new ValueMarker(0, ChartStyle.GREY, ChartStyle.THIN));
        return plot;
    }

}
