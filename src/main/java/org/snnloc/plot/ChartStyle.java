package org.snnloc.plot;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnitSource;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;

/** One look for every chart, as a paper figure: white background, light grid, clear fonts. */
final class ChartStyle {
    private ChartStyle() {}

    static final String FONT = Font.SANS_SERIF;
    static final Font FIGURE_TITLE = new Font(FONT, Font.BOLD, 15);
    static final Font PANEL_TITLE = new Font(FONT, Font.BOLD, 12);
    static final Font AXIS_LABEL = new Font(FONT, Font.PLAIN, 11);
    static final Font TICK_LABEL = new Font(FONT, Font.PLAIN, 10);
    static final Font NOTE = new Font(FONT, Font.PLAIN, 10);
    static final Color GRID = new Color(0xe0e0e0);

    /** Matplotlib's default cycle (tab10): blue, orange, green, red, purple. */
    static final Color BLUE = new Color(0x1f77b4);
    static final Color ORANGE = new Color(0xff7f0e);
    static final Color GREEN = new Color(0x2ca02c);
    static final Color RED = new Color(0xd62728);
    static final Color GREY = new Color(0x7f7f7f);

    static final Stroke LINE = new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final Stroke THIN = new BasicStroke(1.0f);
    static final Stroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f);

    /** Series colours in matplotlib's order, so the first series is blue and the second orange. */
    private static final Paint[] CYCLE = {BLUE, ORANGE, GREEN, RED, new Color(0x9467bd), new Color(0x8c564b),
            new Color(0xe377c2), GREY, new Color(0xbcbd22), new Color(0x17becf)};

    /** The colour of series {@code i}, repeating after ten. */
    static Paint cycle(int i) {
        return CYCLE[Math.floorMod(i, CYCLE.length)];
    }

    /** A chart of {@code plot} with a panel title (may be null), styled; a legend only when asked. */
    static JFreeChart chart(String title, Plot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, PANEL_TITLE, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 4, 4, 8));
        if (chart.getTitle() != null) chart.getTitle().setPaint(Color.BLACK);
        if (legend) {
            LegendTitle l = chart.getLegend();
            l.setItemFont(AXIS_LABEL);
            l.setFrame(BlockBorder.NONE);
            l.setBackgroundPaint(Color.WHITE);
        }
        style(plot);
        return chart;
    }

    /** Backgrounds, grid and series colours of a plot (and of the subplots of a combined plot). */
    static void style(Plot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.DARK_GRAY);
        plot.setDrawingSupplier(new DefaultDrawingSupplier(CYCLE, DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE, DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
            xy.setDomainGridlineStroke(THIN);
            xy.setRangeGridlineStroke(THIN);
            xy.setAxisOffset(RectangleInsets.ZERO_INSETS);
            if (plot instanceof CombinedDomainXYPlot combined) for (XYPlot sub : combined.getSubplots()) style(sub);
        }
    }

    /** A label on a marker line, in small grey text without a box. */
    static void label(Marker marker, String text, RectangleAnchor anchor, TextAnchor textAnchor) {
        marker.setLabel(text);
        marker.setLabelFont(NOTE);
        marker.setLabelPaint(Color.DARK_GRAY);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
        marker.setLabelAnchor(anchor);
        marker.setLabelTextAnchor(textAnchor);
        marker.setLabelOffset(new RectangleInsets(4, 4, 4, 4));
    }

    /** A second, smaller line under a chart's title. */
    static void subtitle(JFreeChart chart, String text) {
        TextTitle sub = new TextTitle(text, NOTE);
        sub.setPaint(Color.DARK_GRAY);
        chart.addSubtitle(0, sub);
    }

    /** A linear axis with a label, a fixed range and no automatic margins. */
    static NumberAxis axis(String label, double lower, double upper) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(lower, upper);
        axis.setAutoRange(false);
        axis.setLabelFont(AXIS_LABEL);
        axis.setTickLabelFont(TICK_LABEL);
        return axis;
    }

    /** A linear axis that fits its data (with JFreeChart's small margins). */
    static NumberAxis autoAxis(String label, boolean includeZero) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(includeZero);
        axis.setLabelFont(AXIS_LABEL);
        axis.setTickLabelFont(TICK_LABEL);
        return axis;
    }

    /** An axis for indices (neurons, classes): whole-number ticks only. */
    static NumberAxis indexAxis(String label, int count) {
        NumberAxis axis = axis(label, -0.5, count - 0.5);
        TickUnitSource units = NumberAxis.createIntegerTickUnits();
        axis.setStandardTickUnits(units);
        return axis;
    }

    /** A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about {@code ticks} ticks over {@code range}. */
    static double niceStep(double range, int ticks) {
        if (!(range > 0) || !Double.isFinite(range)) return 1;
        double raw = range / ticks, power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) if (m * power >= raw) return m * power;
        return 10 * power;
    }

    static void ticks(NumberAxis axis, double step) {
        axis.setTickUnit(new NumberTickUnit(step));
    }
}
