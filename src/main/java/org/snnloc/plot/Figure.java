package org.snnloc.plot;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.block.LengthConstraintType;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Size2D;
import org.jfree.data.Range;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * A figure of one or more JFreeChart panels laid out in a grid under a figure title, with an
 * optional shared legend at the bottom, like a matplotlib figure with subplots. Each panel is a
 * whole chart drawn into its cell of one Graphics2D, so the same figure renders to PNG and SVG.
 * Sizes are in points (1/72 inch); PNGs are rendered at twice that.
 */
public final class Figure {
    private final String title;
    private final double width;
    private final double height;
    private final List<Panel> panels = new ArrayList<>();
    private LegendTitle legend;

    /** A chart placed at a fraction of the figure's body (x, y, w, h in 0..1). */
    private record Panel(JFreeChart chart, double x, double y, double w, double h) {}

    public Figure(String title, double width, double height) {
        this.title = title;
        this.width = width;
        this.height = height;
    }

    public String title() {
        return title;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    /** Places {@code chart} at a fraction of the body: left, top, width, height, each 0..1. */
    public Figure add(JFreeChart chart, double x, double y, double w, double h) {
        panels.add(new Panel(chart, x, y, w, h));
        return this;
    }

    /** Places {@code charts} row by row in a grid of equal cells. */
    public Figure grid(int rows, int columns, List<JFreeChart> charts) {
        if (charts.size() > rows * columns) throw new IllegalArgumentException(charts.size() + " panels do not fit " + rows + " x " + columns);
        for (int i = 0; i < charts.size(); i++) {
            add(charts.get(i), (double) (i % columns) / columns, (double) (i / columns) / rows, 1.0 / columns, 1.0 / rows);
        }
        return this;
    }

    /** One shared legend under the panels (e.g. built from one panel's plot). */
    public Figure legend(LegendTitle shared) {
        shared.setItemFont(ChartStyle.AXIS_LABEL);
        shared.setFrame(BlockBorder.NONE);
        shared.setBackgroundPaint(Color.WHITE);
        this.legend = shared;
        return this;
    }

    /** At most {@code width} wide, any height (the only constraint JFreeChart's titles all arrange in). */
    private static RectangleConstraint upTo(double width) {
        return new RectangleConstraint(0, new Range(0, width), LengthConstraintType.RANGE, 0, null, LengthConstraintType.NONE);
    }

    /** Draws the whole figure into {@code g2}, whose user space is {@code width x height} points. */
    public void draw(Graphics2D g2) {
        g2.setPaint(Color.WHITE);
        g2.fill(new Rectangle2D.Double(0, 0, width, height));
        double top = 0;
        if (title != null && !title.isEmpty()) {
            TextTitle heading = new TextTitle(title, ChartStyle.FIGURE_TITLE);
            heading.setPaint(Color.BLACK);
            Size2D size = heading.arrange(g2, upTo(width));
            heading.draw(g2, new Rectangle2D.Double(0, 6, width, size.height));
            top = size.height + 8;
        }
        double bottom = height;
        if (legend != null) {
            Size2D size = legend.arrange(g2, upTo(width));
            bottom = height - size.height - 4;
            legend.draw(g2, new Rectangle2D.Double((width - size.width) / 2, bottom, size.width, size.height));
        }
        double bodyHeight = bottom - top;
        for (Panel p : panels) {
            Rectangle2D area = new Rectangle2D.Double(p.x() * width, top + p.y() * bodyHeight, p.w() * width, p.h() * bodyHeight);
            p.chart().draw(g2, area);
        }
    }
}
