package org.snnloc.io;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.snnloc.eval.Metrics;
import org.snnloc.model.Parameters;
import org.snnloc.train.EpochRecord;
import org.snnloc.train.TrainingResult;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run folder: {@code model.npz}, {@code config.json}, {@code history.csv} and
 * {@code metrics.json}, and {@code files.json} with the size and SHA-256 of each. It is filled under a temporary name and renamed into place, so an
 * interrupted run leaves either a whole folder or none.
 */
public final class RunFolder {
    public static final String MODEL = "model.npz";
    public static final String CONFIG = "config.json";
    public static final String HISTORY = "history.csv";
    public static final String METRICS = "metrics.json";
    /** What the run wrote: each file's size and SHA-256, so a damaged run folder is found before it is trusted. */
    public static final String FILES = "files.json";
    /** The files {@link #FILES} lists. */
    private static final List<String> WRITTEN = List.of(MODEL, CONFIG, HISTORY, METRICS);

    private RunFolder() {}

    /** Fails early, before any work, when {@code target} cannot become a new run folder. */
    public static void checkWritable(Path target) {
        if (Files.isSymbolicLink(target)) throw new IllegalArgumentException("output folder " + target + " is a symbolic link; choose another --out");
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw new IllegalArgumentException("output folder " + target + " already exists; choose another --out");
        Path existing = AtomicFiles.existingAncestor(target);
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new IllegalArgumentException("cannot create output folder " + target + ": " + existing + " is not a writable folder");
        }
    }

    public static void write(Path target, Parameters parameters, Object config, TrainingResult training,
                             Map<String, Object> metrics) throws IOException {
        Path staging = AtomicFiles.stagingFolder(target);
        try {
            ModelFile.write(staging.resolve(MODEL), parameters);
            Json.write(staging.resolve(CONFIG), config);
            writeHistory(staging.resolve(HISTORY), training.history());
            Json.write(staging.resolve(METRICS), metrics);
            Map<String, Object> files = new LinkedHashMap<>();
            for (String name : WRITTEN) files.put(name, written(staging.resolve(name)));
            Json.write(staging.resolve(FILES), files);
            AtomicFiles.publish(staging, target);
        } finally {
            AtomicFiles.deleteRecursively(staging);   // nothing left once published (or kept beside a target another command took)
        }
    }

    private static Map<String, Object> written(Path file) throws IOException {
        return Map.of("bytes", Files.size(file), "sha256", InputFiles.sha256(file));
    }

    /**
     * What is wrong with run folder {@code folder} by its {@link #FILES}: a file missing, truncated
     * or changed since the run wrote it; empty when every file is as written, or when the folder
     * predates {@link #FILES} (nothing to check it against).
     */
    public static Optional<String> damage(Path folder) throws IOException {
        Path list = folder.resolve(FILES);
        if (!Files.exists(list, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        com.fasterxml.jackson.databind.JsonNode files;
        try {
            files = Json.read(list);
        } catch (IOException | RuntimeException e) {
            return Optional.of(FILES + " cannot be read (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        java.util.Set<String> listed = new java.util.TreeSet<>();
        if (files.isObject()) files.fieldNames().forEachRemaining(listed::add);
        if (!listed.equals(new java.util.TreeSet<>(WRITTEN))) return Optional.of(FILES + " does not list the run's files " + WRITTEN);
        for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> entry : files.properties()) {
            if (entry.getKey().contains("/") || entry.getKey().contains("\\") || entry.getKey().startsWith(".")) {
                return Optional.of(FILES + " names '" + entry.getKey() + "', which is not a file of a run folder");
            }
            Path file = folder.resolve(entry.getKey());
            long bytes = entry.getValue().path("bytes").asLong(-1);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return Optional.of(entry.getKey() + " is missing");
            long size = Files.size(file);
            if (size < bytes) return Optional.of(entry.getKey() + " is truncated (" + size + " of " + bytes + " bytes)");
            if (size != bytes || !InputFiles.sha256(file).equals(entry.getValue().path("sha256").asText())) {
                return Optional.of(entry.getKey() + " changed since the run wrote it (its size or SHA-256 is not the one in " + FILES + ")");
            }
        }
        return Optional.empty();
    }

    public static void writeHistory(Path file, List<EpochRecord> history) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            boolean flips = history.stream().anyMatch(EpochRecord::learnsSigns);
            String[] header = flips
                    ? new String[] {"epoch", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "seconds", "sign_flips_w1",
                                    "sign_flips_w2"}
                    : new String[] {"epoch", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "seconds"};
            try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(header).get())) {
                for (EpochRecord r : history) {
                    if (flips) {
                        csv.printRecord(r.epoch(), r.trainLoss(), r.trainAccuracy(), r.validationLoss(), r.validationAccuracy(), r.seconds(),
                                flipCell(r.signFlipsW1()), flipCell(r.signFlipsW2()));
                    } else {
                        csv.printRecord(r.epoch(), r.trainLoss(), r.trainAccuracy(), r.validationLoss(), r.validationAccuracy(), r.seconds());
                    }
                }
            }
        });
    }

    private static double inhibitoryFraction(float[] signs) {
        int inhibitory = 0;
        for (float s : signs) if (s < 0) inhibitory++;
        return (double) inhibitory / signs.length;
    }

    /** A layer with fixed signs has an empty cell, which pandas reads as NaN. */
    private static String flipCell(int flips) {
        return flips < 0 ? "" : Integer.toString(flips);
    }

    /** metrics.json content for a finished training and its scores. */
    public static Map<String, Object> metrics(TrainingResult training, Metrics train, Metrics test) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_accuracy", train.accuracy());
        m.put("test_accuracy", test.accuracy());
        m.put("train_mae_deg", train.maeDegrees());
        m.put("test_mae_deg", test.maeDegrees());
        m.put("train_loss", train.loss());
        m.put("test_loss", test.loss());
        m.put("train_samples", train.samples());
        m.put("test_samples", test.samples());
        m.put("epochs_run", training.epochsRun());
        m.put("early_stopped", training.earlyStopped());
        m.put("best_epoch", training.bestEpoch());
        m.put("kept_weights", training.keptWhich());
        m.put("kept_epoch", training.keptEpoch());
        m.put("training_seconds", training.seconds());
        Parameters kept = training.parameters();
        if (kept.sign1() != null) m.put("inhibitory_fraction_w1", inhibitoryFraction(kept.sign1()));
        if (kept.sign2() != null) m.put("inhibitory_fraction_w2", inhibitoryFraction(kept.sign2()));
        for (int layer = 1; layer <= 2; layer++) {
            int total = 0;
            boolean learns = false;
            for (EpochRecord r : training.history()) {
                int flips = layer == 1 ? r.signFlipsW1() : r.signFlipsW2();
                if (flips >= 0) {
                    learns = true;
                    total += flips;
                }
            }
            if (learns) m.put("sign_flips_w" + layer, total);
        }
        m.put("test_confusion_counts", test.confusion());
        m.put("test_confusion_normalised", test.confusionByTrueClass());
        m.put("confusion_layout", "[estimated class][true class]; normalised columns sum to 1");
        return m;
    }

    /**
     * history.csv as written by {@link #writeHistory}, its columns read by name; an empty history
     * when the file is absent. A file from before a column was written (train_accuracy,
     * validation_accuracy) reads NaN for it.
     */
    public static List<EpochRecord> readHistory(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return new ArrayList<>();
        return CsvFiles.read(file, List.of("epoch", "train_loss", "validation_loss", "seconds"), header -> r -> new EpochRecord(
                Integer.parseInt(r.get("epoch")), Double.parseDouble(r.get("train_loss")), orNaN(r, "train_accuracy"),
                Double.parseDouble(r.get("validation_loss")), orNaN(r, "validation_accuracy"), Double.parseDouble(r.get("seconds")),
                flips(r, "sign_flips_w1"), flips(r, "sign_flips_w2")));
    }

    private static double orNaN(CSVRecord r, String column) {
        return r.isMapped(column) ? Double.parseDouble(r.get(column)) : Double.NaN;
    }

    private static int flips(CSVRecord r, String column) {
        return r.isMapped(column) && !r.get(column).isEmpty() ? Integer.parseInt(r.get(column)) : -1;
    }
}
