package org.snnloc.plot;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

import java.awt.Color;

/**
 * Matrices as heat maps and spike rasters with a colour bar ({@link PaintScaleLegend}), as
 * matplotlib's {@code imshow} with {@code origin='lower'}: row 0 at the bottom.
 */
final class Heatmaps {
    private Heatmaps() {}

    /**
     * A heat map of {@code values[row][column]}: column c centred at x = x0 + c dx, row r at
     * y = y0 + r dy, coloured by {@code scale}.
     */
    static XYPlot matrix(double[][] values, double x0, double dx, double y0, double dy, NumberAxis xAxis, NumberAxis yAxis,
                         PaintScale scale) {
        int rows = values.length, columns = rows == 0 ? 0 : values[0].length;
        int[][] argb = new int[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) argb[r][c] = ((Color) scale.getPaint(values[r][c])).getRGB();
        }
        return image(argb, x0 - dx / 2, x0 + (columns - 0.5) * dx, y0 - dy / 2, y0 + (rows - 0.5) * dy, xAxis, yAxis);
    }

    /** A heat map of a matrix indexed by (row, column), with index axes. */
    static XYPlot matrix(double[][] values, String columnLabel, String rowLabel, PaintScale scale) {
        int rows = values.length, columns = rows == 0 ? 0 : values[0].length;
        return matrix(values, 0, 1, 0, 1, ChartStyle.indexAxis(columnLabel, columns), ChartStyle.indexAxis(rowLabel, rows), scale);
    }

    /** A spike raster: black where {@code spikes[step][neuron]}, white elsewhere; time in ms on x. */
    static XYPlot raster(boolean[][] spikes, double dtMs, String neuronLabel) {
        int steps = spikes.length, neurons = steps == 0 ? 0 : spikes[0].length;
        int[][] argb = new int[neurons][steps];
        for (int t = 0; t < steps; t++) {
            for (int n = 0; n < neurons; n++) argb[n][t] = spikes[t][n] ? 0xff000000 : 0xffffffff;
        }
        NumberAxis time = ChartStyle.axis("Time (ms)", -0.5 * dtMs, (steps - 0.5) * dtMs);
        return image(argb, -0.5 * dtMs, (steps - 0.5) * dtMs, -0.5, neurons - 0.5, time, ChartStyle.indexAxis(neuronLabel, neurons));
    }

    private static XYPlot image(int[][] argb, double x0, double x1, double y0, double y1, NumberAxis xAxis, NumberAxis yAxis) {
        MatrixImageRenderer renderer = new MatrixImageRenderer(argb, x0, x1, y0, y1);
        XYPlot plot = new XYPlot(renderer.extent(), xAxis, yAxis, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        return plot;
    }

    /**
     * A chart of a heat map with a colour bar on its right.
     */
    static JFreeChart withColourBar(String title, XYPlot plot, PaintScale scale, String barLabel) {
        JFreeChart chart = ChartStyle.chart(title, plot, false);
        if (scale != null) chart.addSubtitle(colourBar(scale, barLabel));
        return chart;
    }

    static PaintScaleLegend colourBar(PaintScale scale, String label) {
        NumberAxis axis = ChartStyle.axis(label, scale.getLowerBound(), scale.getUpperBound());
        ChartStyle.ticks(axis, ChartStyle.niceStep(scale.getUpperBound() - scale.getLowerBound(), 6));
        PaintScaleLegend bar = new PaintScaleLegend(scale, axis);
        bar.setPosition(RectangleEdge.RIGHT);
        bar.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        bar.setStripWidth(10);
        bar.setStripOutlineVisible(true);
        bar.setSubdivisionCount(128);
        bar.setMargin(new RectangleInsets(4, 8, 4, 0));
        bar.setPadding(new RectangleInsets(0, 0, 0, 0));
        bar.setBackgroundPaint(Color.WHITE);
        return bar;
    }
}
