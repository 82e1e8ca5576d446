package org.snnloc.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One benchmarked size: samples per batch and hidden neurons (the rest is the notebook's network). */
public record BenchSize(int batch, int hidden) {
    public static final String DEFAULTS = "64x30,256x256,256x1024";

    public BenchSize {
        if (batch <= 0 || hidden <= 0) throw new IllegalArgumentException("batch and hidden must be positive, got " + batch + "x" + hidden);
    }

    /** Parses {@code BATCHxHIDDEN[,BATCHxHIDDEN...]}, e.g. {@code 64x30,256x1024}. */
    public static List<BenchSize> parseList(String text) {
        List<BenchSize> sizes = new ArrayList<>();
        for (String item : text.split(",")) {
            String[] parts = item.trim().toLowerCase(Locale.ROOT).split("x");
            if (parts.length != 2) throw new IllegalArgumentException("a size is BATCHxHIDDEN, e.g. 64x30; got '" + item.trim() + "'");
            try {
                sizes.add(new BenchSize(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a size is BATCHxHIDDEN, e.g. 64x30; got '" + item.trim() + "'");
            }
        }
        return sizes;
    }

    @Override
    public String toString() {
        return batch + "x" + hidden;
    }
}
