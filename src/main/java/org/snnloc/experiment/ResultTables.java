package org.snnloc.experiment;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.snnloc.io.AtomicFiles;
import org.snnloc.io.CsvFiles;
import org.snnloc.io.Json;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** runs.csv (one row per finished run) and summary.json (statistics per condition), both written atomically. */
public final class ResultTables {
    public static final String RUNS_CSV = "runs.csv";
    public static final String SUMMARY_JSON = "summary.json";

    /** The columns before the varied keys' columns, and after them. */
    static final List<String> LEADING = List.of("experiment", "condition");
    static final List<String> TRAILING = List.of("repeat", "seed", "epochs_run", "early_stopped", "train_accuracy", "test_accuracy",
            "test_mae_deg", "seconds", "backend", "settings_hash", "run");

    private ResultTables() {}

    /**
     * runs.csv: per run its experiment and condition, one column per key any experiment varies
     * (numbers as numbers, empty where a run's experiment does not vary that key), then its results.
     */
    public static void writeRuns(Path file, List<RunResult> results) throws IOException {
        List<String> keys = keys(results);
        List<String> header = new ArrayList<>(LEADING);
        header.addAll(keys);
        header.addAll(TRAILING);
        AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
                for (RunResult r : results) {
                    List<Object> row = new ArrayList<>(List.of(r.experiment(), r.condition()));
                    // doubles as Java writes them (3.0), so that a column of them reads back, in pandas too, as floats
                    for (String key : keys) row.add(r.values().containsKey(key) ? String.valueOf(r.values().get(key)) : "");
                    row.addAll(List.of(r.repeat(), r.seed(), r.epochsRun(), r.earlyStopped(), r.trainAccuracy(), r.testAccuracy(), r.testMaeDeg(),
                            Math.round(r.seconds() * 1000) / 1000.0, r.backend(), r.settingsHash(), r.run()));
                    csv.printRecord(row);
                }
            }
        });
    }

    /** Every varied key of {@code results}, in the order they first appear. */
    public static List<String> keys(List<RunResult> results) {
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
        for (RunResult r : results) keys.addAll(r.values().keySet());
        return List.copyOf(keys);
    }

    /** runs.csv as {@link #writeRuns} writes it; a damaged file is refused naming it and the line. */
    public static List<RunResult> readRuns(Path file) throws IOException {
        return CsvFiles.read(file, java.util.stream.Stream.concat(LEADING.stream(), TRAILING.stream()).toList(), header -> {
            List<String> keys = new ArrayList<>();
            for (String column : header) if (!LEADING.contains(column) && !TRAILING.contains(column)) keys.add(column);
            return r -> {
                Map<String, Object> values = new LinkedHashMap<>();
                for (String key : keys) if (!r.get(key).isEmpty()) values.put(key, typed(r.get(key)));
                return new RunResult(r.get("run"), r.get("experiment"), r.get("condition"), values, Integer.parseInt(r.get("repeat")),
                        Long.parseLong(r.get("seed")), r.get("settings_hash"), Integer.parseInt(r.get("epochs_run")),
                        Boolean.parseBoolean(r.get("early_stopped")), Double.parseDouble(r.get("train_accuracy")),
                        Double.parseDouble(r.get("test_accuracy")), Double.parseDouble(r.get("test_mae_deg")),
                        Double.parseDouble(r.get("seconds")), r.get("backend"));
            };
        });
    }

    /** A cell as the value it spells: a whole number, a number, true or false, or text. */
    static Object typed(String cell) {
        if (cell.matches("-?[0-9]+")) {
            try {
                return Long.parseLong(cell);
            } catch (NumberFormatException e) {
                return cell;
            }
        }
        if (cell.equals("true") || cell.equals("false")) return Boolean.parseBoolean(cell);
        try {
            double d = Double.parseDouble(cell);
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException e) {
            // text
        }
        return cell;
    }

    public static void writeSummary(Path file, Summary summary) throws IOException {
        Json.write(file, summary.describe());
    }
}
