package org.snnloc.plot;

import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * Draws a matrix of colours as one image stretched over its extent in data coordinates with
 * nearest-neighbour scaling, as matplotlib's {@code imshow} does. JFreeChart's
 * {@code XYBlockRenderer} draws one shape per cell, which made a figure of eight input rasters a
 * 13 MB SVG; an image keeps SVGs small (JFreeSVG embeds it as PNG) and has no seams between cells.
 *
 * <p>Into a bitmap the image goes with one pixel per cell. Into an SVG each cell becomes a block
 * of whole pixels, about two per point: SVG viewers smooth scaled images (some ignore
 * {@code image-rendering}), which would blur one-pixel cells into each other.
 */
final class MatrixImageRenderer extends AbstractXYItemRenderer {
    private static final long serialVersionUID = 1L;
    private static final double SVG_PIXELS_PER_POINT = 2;

    private final int[][] argb;   // [row][column]; row 0 is drawn at the bottom (y0)
    private final double x0, x1, y0, y1;

    /** {@code argb[row][column]} covering x in [x0, x1] and y in [y0, y1]. */
    MatrixImageRenderer(int[][] argb, double x0, double x1, double y0, double y1) {
        this.argb = argb;
        this.x0 = x0;
        this.x1 = x1;
        this.y0 = y0;
        this.y1 = y1;
    }

    /** A dataset of the extent's two corners: it gives the axes their range and the renderer one item to draw. */
    XYDataset extent() {
        XYSeries corners = new XYSeries("extent");
        corners.add(x0, y0);
        corners.add(x1, y1);
        return new XYSeriesCollection(corners);
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info, XYPlot plot,
                         ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series, int item,
                         CrosshairState crosshairState, int pass) {
        if (series != 0 || item != 0 || argb.length == 0 || argb[0].length == 0) return;
        double left = domainAxis.valueToJava2D(x0, dataArea, plot.getDomainAxisEdge());
        double right = domainAxis.valueToJava2D(x1, dataArea, plot.getDomainAxisEdge());
        double bottom = rangeAxis.valueToJava2D(y0, dataArea, plot.getRangeAxisEdge());
        double top = rangeAxis.valueToJava2D(y1, dataArea, plot.getRangeAxisEdge());
        Rectangle2D area = new Rectangle2D.Double(Math.min(left, right), Math.min(top, bottom), Math.abs(right - left), Math.abs(bottom - top));
        boolean vector = g2 instanceof SVGGraphics2D;
        BufferedImage image = image(vector ? blockSize(area.getWidth(), argb[0].length) : 1,
                vector ? blockSize(area.getHeight(), argb.length) : 1);
        Object hint = g2.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        Graphics2D g = (Graphics2D) g2.create();
        try {
            g.clip(dataArea);
            g.translate(area.getX(), area.getY());
            g.scale(area.getWidth() / image.getWidth(), area.getHeight() / image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
            if (hint != null) g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, hint);
        }
    }

    /** Whole pixels per cell so that the image has about two pixels per point. */
    private static int blockSize(double points, int cells) {
        return Math.max(1, (int) Math.ceil(SVG_PIXELS_PER_POINT * points / cells));
    }

    /** The matrix with {@code bx x by} pixels per cell, row 0 at the bottom. */
    private BufferedImage image(int bx, int by) {
        int rows = argb.length, columns = argb[0].length;
        int width = columns * bx;
        BufferedImage image = new BufferedImage(width, rows * by, BufferedImage.TYPE_INT_RGB);
        int[] line = new int[width];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) java.util.Arrays.fill(line, c * bx, (c + 1) * bx, argb[r][c]);
            for (int k = 0; k < by; k++) image.setRGB(0, (rows - 1 - r) * by + k, width, 1, line, 0, width);
        }
        return image;
    }
}
