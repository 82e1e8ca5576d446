package org.snnloc.experiment;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.snnloc.io.AtomicFiles;
import org.snnloc.io.Json;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** runs.csv (one row per finished run) and summary.json (statistics per condition), both written atomically. */
public final class ResultTables {
    public static final String RUNS_CSV = "runs.csv";
    public static final String SUMMARY_JSON = "summary.json";

    static final String[] COLUMNS = {"experiment", "condition", "ratio", "repeat", "seed", "epochs_run", "early_stopped",
            "train_accuracy", "test_accuracy", "test_mae_deg", "seconds", "backend", "run"};

    private ResultTables() {}

    public static void writeRuns(Path file, List<RunResult> results) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(COLUMNS).get())) {
                for (RunResult r : results) {
                    csv.printRecord(r.experiment(), r.condition(), r.ratio(), r.repeat(), r.seed(), r.epochsRun(), r.earlyStopped(),
                            r.trainAccuracy(), r.testAccuracy(), r.testMaeDeg(), Math.round(r.seconds() * 1000) / 1000.0,
                            r.backend(), r.run());
                }
            }
        });
    }

    public static List<RunResult> readRuns(Path file) throws IOException {
        List<RunResult> results = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            for (String column : COLUMNS) {
                if (!csv.getHeaderMap().containsKey(column)) throw new IOException(file + " has no column '" + column + "'");
            }
            for (CSVRecord r : csv) {
                try {
                    results.add(new RunResult(r.get("run"), r.get("experiment"), r.get("condition"), Double.parseDouble(r.get("ratio")),
                            Integer.parseInt(r.get("repeat")), Long.parseLong(r.get("seed")), Integer.parseInt(r.get("epochs_run")),
                            Boolean.parseBoolean(r.get("early_stopped")), Double.parseDouble(r.get("train_accuracy")),
                            Double.parseDouble(r.get("test_accuracy")), Double.parseDouble(r.get("test_mae_deg")),
                            Double.parseDouble(r.get("seconds")), r.get("backend")));
                } catch (NumberFormatException e) {
                    throw new IOException(file + " line " + r.getRecordNumber() + ": " + e.getMessage(), e);
                }
            }
        }
        return results;
    }

    public static void writeSummary(Path file, Summary summary) throws IOException {
        Json.write(file, summary.describe());
    }
}
