package org.snnloc.plot;

import org.jfree.svg.SVGGraphics2D;
import org.snnloc.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a {@link Figure} as PNG (rendered at twice its size in points, for sharp text) and as SVG. */
public final class FigureWriter {
    static {
        // Figures are drawn off-screen; without this, AWT may look for a display.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    static final int PNG_SCALE = 2;

    private FigureWriter() {}

    /** Writes {@code dir/name.png} and {@code dir/name.svg}, each atomically. */
    public static void write(Figure figure, Path dir, String name) throws IOException {
        AtomicFiles.write(dir.resolve(name + ".png"), out -> ImageIO.write(png(figure), "png", out));
        String svg = svg(figure);
        AtomicFiles.writeString(dir.resolve(name + ".svg"), svg);
    }

    static BufferedImage png(Figure figure) {
        int w = (int) Math.ceil(figure.width() * PNG_SCALE), h = (int) Math.ceil(figure.height() * PNG_SCALE);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g2.scale(PNG_SCALE, PNG_SCALE);
            figure.draw(g2);
        } finally {
            g2.dispose();
        }
        return image;
    }

    static String svg(Figure figure) {
        SVGGraphics2D g2 = new SVGGraphics2D(figure.width(), figure.height());
        // Two decimals of a point are far below what a reader can see, and keep raster figures small.
        g2.setGeomDoubleConverter(v -> trim(Math.round(v * 100) / 100.0));
        figure.draw(g2);
        // Heat maps and rasters are embedded images with one pixel per cell (MatrixImageRenderer);
        // JFreeSVG has no hint for it, so ask viewers here to scale them without smoothing.
        return g2.getSVGDocument().replace("<image ", "<image image-rendering=\"optimizeSpeed\" style=\"image-rendering:pixelated\" ");
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
