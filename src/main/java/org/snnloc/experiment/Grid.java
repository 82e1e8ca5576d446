package org.snnloc.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.snnloc.io.Json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep over any run options: the cartesian product of its axes ({@code --vary KEY=VALUES}), several
 * repeats per grid point. The points' run settings are built by the command line (every run
 * option is a key); this record names the runs and gives them their seeds.
 *
 * <p>As in the notebook's sweep all runs train and validate on the same data (seeds derived from
 * the user's seed); every other seed of a run derives from the run's own settings and repeat, so a
 * grid point gets the same result whatever else the command runs.
 *
 * @param axes    the varied keys and their values, in the order given
 * @param repeats runs per grid point
 * @param points  every grid point in order (the first axis varies slowest), with its run settings
 */
public record Grid(List<Axis> axes, int repeats, List<Point> points) implements ExperimentDefinition {

    /** One varied key (a run option's long name without dashes) and its values: Long, Double, Boolean or String. */
    public record Axis(String key, List<Object> values) {
        public Axis {
            values = List.copyOf(values);
            if (values.isEmpty()) throw new IllegalArgumentException("--vary " + key + " has no values");
            if (values.stream().map(Grid::label).distinct().count() != values.size()) {
                throw new IllegalArgumentException("--vary " + key + " repeats a value: " + values.stream().map(Grid::label).toList());
            }
        }

        /** Whether every value is a number, so that the key can be an axis of a line plot. */
        public boolean numeric() {
            return values.stream().allMatch(v -> v instanceof Number);
        }
    }

    /** One grid point: a value per axis (in axis order) and the run settings they give. */
    public record Point(Map<String, Object> values, RunSpec spec) {
        public Point {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    public Grid {
        axes = List.copyOf(axes);
        points = List.copyOf(points);
        if (axes.isEmpty()) throw new IllegalArgumentException("a grid needs at least one axis");
        if (repeats < 1) throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        long size = 1;
        for (Axis a : axes) size = Math.multiplyExact(size, a.values().size());
        if (size != points.size()) throw new IllegalArgumentException("the grid has " + size + " points, " + points.size() + " given");
    }

    /** The notebook's sweep: Dale's law with inhibitory fraction r in both layers, for each of {@code ratios}. */
    public static Grid ofRatios(RunSpec template, List<Double> ratios, int repeats) {
        List<Point> points = new ArrayList<>();
        for (double r : ratios) {
            points.add(new Point(Map.of("ie-ratio", r), template.withSigns(new org.snnloc.model.LayerSigns.Dale(r), new org.snnloc.model.LayerSigns.Dale(r))));
        }
        return new Grid(List.of(new Axis("ie-ratio", List.copyOf(ratios))), repeats, points);
    }

    /** Every combination of the axes' values, the first axis slowest. */
    public static List<Map<String, Object>> combinations(List<Axis> axes) {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Axis axis : axes) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : out) {
                for (Object value : axis.values()) {
                    Map<String, Object> point = new LinkedHashMap<>(partial);
                    point.put(axis.key(), value);
                    next.add(point);
                }
            }
            out = next;
        }
        return out;
    }

    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public List<PlannedRun> runs(RunSpec template) {
        long userSeed = template.seeds().seed();
        Seeds shared = Seeds.from(Seeds.derive(userSeed, "sweep"));
        List<PlannedRun> runs = new ArrayList<>();
        for (Point point : points) {
            String hash = settingsHash(point.spec());
            StringBuilder name = new StringBuilder("sweep");
            List<String> condition = new ArrayList<>();
            point.values().forEach((key, value) -> {
                name.append('-').append(key).append('_').append(label(value).replaceAll("[^A-Za-z0-9.]", "_"));
                condition.add(key + "=" + label(value));
            });
            for (int repeat = 1; repeat <= repeats; repeat++) {
                Seeds seeds = shared.sharingDataWith(Seeds.derive(userSeed, "sweep/" + hash + "/" + repeat));
                runs.add(new PlannedRun(name + "-" + repeat, name(), String.join(", ", condition), point.values(), repeat,
                        point.spec().withSeeds(seeds)));
            }
        }
        return runs;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", name());
        Map<String, Object> vary = new LinkedHashMap<>();
        for (Axis a : axes) vary.put(a.key(), a.values());
        m.put("vary", vary);
        m.put("repeats", repeats);
        return m;
    }

    /** A value as labels, names and runs.csv spell it: {@code 0.2}, {@code 30}, {@code sigmoid:5}, {@code true}. */
    public static String label(Object value) {
        if (value instanceof Double d) return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        return String.valueOf(value);
    }

    /**
     * The first 16 hex digits of the SHA-256 of a run's settings without its seeds: runs with equal
     * settings have equal hashes whatever command planned them.
     */
    public static String settingsHash(RunSpec spec) {
        ObjectNode settings = (ObjectNode) Json.tree(spec);
        settings.remove("seeds");
        ((ObjectNode) settings.get("training")).remove("shuffle_seed");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.toString(settings).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
