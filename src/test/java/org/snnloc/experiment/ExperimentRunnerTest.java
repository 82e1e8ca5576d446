package org.snnloc.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnloc.backend.Backend;
import org.snnloc.backend.Engine;
import org.snnloc.backend.PreparedData;
import org.snnloc.backend.scalar.ScalarBackend;
import org.snnloc.io.AtomicFiles;
import org.snnloc.io.Json;
import org.snnloc.model.NetworkConfig;
import org.snnloc.stimulus.SpikeDataset;
import org.snnloc.train.AdamConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentRunnerTest {
    @TempDir
    Path tmp;

    /** Counts the runs trained by a command and can stop it after some, as a crash would. */
    private static final class Recorder implements ExperimentListener {
        final List<String> trained = new ArrayList<>();
        final int stopAfter;

        Recorder(int stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override
        public void runFinished(RunResult result, int done, int total) {
            trained.add(result.run());
            if (trained.size() == stopAfter) throw new IllegalStateException("simulated interruption after " + stopAfter + " runs");
        }
    }

    /** The scalar backend, with methods a test can override. */
    private static class Forwarding implements Backend {
        private final Backend scalar = new ScalarBackend();

        @Override
        public String name() {
            return scalar.name();
        }

        @Override
        public String description() {
            return scalar.description();
        }

        @Override
        public PreparedData prepare(SpikeDataset data) {
            return scalar.prepare(data);
        }

        @Override
        public Engine newEngine(NetworkConfig network, AdamConfig adam, int threads) {
            return scalar.newEngine(network, adam, threads);
        }
    }

    private static List<RunResult> run(ExperimentPlan plan, Path folder, Integer jobs, ExperimentListener listener) throws IOException {
        try (Backend backend = new ScalarBackend()) {
            return new ExperimentRunner(backend, jobs, 1, listener).run(plan, folder);
        }
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
    }

    private static List<Double> testAccuracies(List<RunResult> results) {
        return results.stream().map(RunResult::testAccuracy).toList();
    }

    @Test
    void aTinySweepWritesRunsCsvSummaryJsonAndARunFolderPerRun() throws IOException {
        Path folder = tmp.resolve("sweep");
        List<RunResult> results = run(TinyExperiments.sweep(1), folder, 2, ExperimentListener.SILENT);

        List<CSVRecord> rows = csv(folder.resolve("runs.csv"));
        List<String> header = new java.util.ArrayList<>(ResultTables.LEADING);
        header.add("ie-ratio");
        header.addAll(ResultTables.TRAILING);
        assertEquals(header, List.copyOf(rows.getFirst().getParser().getHeaderNames()));
        assertEquals(6, rows.size());
        assertEquals(List.of("ie-ratio=0", "ie-ratio=0", "ie-ratio=0.5", "ie-ratio=0.5", "ie-ratio=1", "ie-ratio=1"),
                rows.stream().map(r -> r.get("condition")).toList());
        assertEquals(List.of("1", "2", "1", "2", "1", "2"), rows.stream().map(r -> r.get("repeat")).toList());
        assertEquals(List.of("0.0", "0.0", "0.5", "0.5", "1.0", "1.0"), rows.stream().map(r -> r.get("ie-ratio")).toList(), "floats, as pandas reads them");
        for (CSVRecord r : rows) {
            assertEquals("sweep", r.get("experiment"));
            assertEquals("scalar", r.get("backend"));
            assertEquals("2", r.get("epochs_run"));
            assertEquals("false", r.get("early_stopped"));
            double test = Double.parseDouble(r.get("test_accuracy"));
            assertTrue(test >= 0 && test <= 100);
            assertTrue(Double.parseDouble(r.get("seconds")) > 0);
            Path runFolder = folder.resolve("runs").resolve(r.get("run"));
            for (String file : List.of("model.npz", "config.json", "history.csv", "metrics.json")) assertTrue(Files.isRegularFile(runFolder.resolve(file)), file);
            JsonNode metrics = Json.read(runFolder.resolve("metrics.json"));
            assertEquals(metrics.get("test_accuracy").asDouble(), test, "runs.csv repeats the run's metrics.json");
            JsonNode config = Json.read(runFolder.resolve("config.json"));
            assertEquals(Long.parseLong(r.get("seed")), config.path("run").path("seeds").path("seed").asLong());
            assertEquals(r.get("condition"), config.path("experiment").path("condition").asText());
        }
        assertEquals(6, rows.stream().map(r -> r.get("seed")).distinct().count());

        JsonNode summary = Json.read(folder.resolve("summary.json"));
        assertTrue(summary.get("complete").asBoolean());
        assertEquals(6, summary.get("runs_finished").asInt());
        assertEquals(3, summary.get("conditions").size());
        for (int c = 0; c < 3; c++) {
            JsonNode condition = summary.get("conditions").get(c);
            double a = results.get(2 * c).testAccuracy(), b = results.get(2 * c + 1).testAccuracy();
            assertEquals(2, condition.get("runs").asInt());
            assertEquals((a + b) / 2, condition.path("test_accuracy").path("mean").asDouble(), 1e-12);
            assertEquals(Math.abs(a - b) / 2, condition.path("test_accuracy").path("std").asDouble(), 1e-12, "population std, as numpy");
        }
        JsonNode first = Json.read(folder.resolve("runs/sweep-ie-ratio_0-1/config.json"));
        JsonNode second = Json.read(folder.resolve("runs/sweep-ie-ratio_0.5-2/config.json"));
        assertEquals(first.at("/run/seeds/train_data"), second.at("/run/seeds/train_data"), "the sweep shares its training data");
        assertFalse(first.at("/run/seeds/test_data").equals(second.at("/run/seeds/test_data")), "each sweep run has its own test set");
        assertEquals(TinyExperiments.sweep(1).runs().stream().filter(p -> p.name().equals("sweep-ie-ratio_0.5-2")).findFirst().orElseThrow().spec(),
                RunConfig.read(folder.resolve("runs/sweep-ie-ratio_0.5-2/config.json")).run(), "config.json reads back as the run's spec");
    }

    @Test
    void theSameCommandAndSeedGiveTheSameResultsWhateverTheParallelism() throws IOException {
        List<RunResult> serial = run(TinyExperiments.sweep(5), tmp.resolve("a"), 1, ExperimentListener.SILENT);
        List<RunResult> parallel = run(TinyExperiments.sweep(5), tmp.resolve("b"), 2, ExperimentListener.SILENT);
        assertEquals(testAccuracies(serial), testAccuracies(parallel));
        assertEquals(serial.stream().map(RunResult::trainAccuracy).toList(), parallel.stream().map(RunResult::trainAccuracy).toList());
    }

    @Test
    void aDeletedRunFolderIsRedoneAndTheOthersAreKept() throws IOException {
        Path folder = tmp.resolve("sweep");
        List<RunResult> before = run(TinyExperiments.sweep(2), folder, 2, ExperimentListener.SILENT);
        AtomicFiles.deleteRecursively(folder.resolve("runs/sweep-ie-ratio_0.5-2"));

        Recorder again = new Recorder(-1);
        List<RunResult> after = run(TinyExperiments.sweep(2), folder, 2, again);
        assertEquals(List.of("sweep-ie-ratio_0.5-2"), again.trained);
        assertEquals(testAccuracies(before), testAccuracies(after), "the redone run repeats exactly");
        assertEquals(6, csv(folder.resolve("runs.csv")).size());

        Recorder nothing = new Recorder(-1);
        run(TinyExperiments.sweep(2), folder, 2, nothing);
        assertEquals(List.of(), nothing.trained, "a finished experiment trains nothing again");
    }

    @Test
    void anInterruptedSweepLosesOnlyTheRunsInFlightAndResumes() throws IOException {
        Path folder = tmp.resolve("sweep");
        Recorder interrupted = new Recorder(2);
        ExperimentFailedException e = assertThrows(ExperimentFailedException.class,
                () -> run(TinyExperiments.sweep(3), folder, 1, interrupted));
        assertTrue(e.getMessage().contains("simulated interruption"), e.getMessage());
        assertEquals(2, csv(folder.resolve("runs.csv")).size(), "runs.csv lists the saved runs");
        assertEquals(2, Json.read(folder.resolve("summary.json")).get("runs_finished").asInt());
        try (Stream<Path> entries = Files.list(folder.resolve("runs"))) {
            assertEquals(List.of("sweep-ie-ratio_0-1", "sweep-ie-ratio_0-2"), entries.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no half-written run folder is left");
        }

        Recorder resumed = new Recorder(-1);
        List<RunResult> finished = run(TinyExperiments.sweep(3), folder, 1, resumed);
        assertEquals(List.of("sweep-ie-ratio_0.5-1", "sweep-ie-ratio_0.5-2", "sweep-ie-ratio_1-1", "sweep-ie-ratio_1-2"), resumed.trained);
        List<RunResult> uninterrupted = run(TinyExperiments.sweep(3), tmp.resolve("reference"), 2, ExperimentListener.SILENT);
        assertEquals(testAccuracies(uninterrupted), testAccuracies(finished));
        assertTrue(Json.read(folder.resolve("summary.json")).get("complete").asBoolean());
    }

    @Test
    void aFailingRunStopsTheExperimentNamesTheRunAndKeepsTheRunsBeforeIt() throws IOException {
        Path folder = tmp.resolve("sweep");
        AtomicInteger engines = new AtomicInteger();
        Backend failsOnThird = new Forwarding() {
            @Override
            public Engine newEngine(NetworkConfig network, AdamConfig adam, int threads) {
                if (engines.incrementAndGet() == 3) throw new IllegalStateException("out of device memory");
                return super.newEngine(network, adam, threads);
            }
        };
        ExperimentFailedException e = assertThrows(ExperimentFailedException.class,
                () -> new ExperimentRunner(failsOnThird, 1, 1, ExperimentListener.SILENT).run(TinyExperiments.sweep(4), folder));
        assertEquals("sweep-ie-ratio_0.5-1", e.run());
        assertTrue(e.getMessage().contains("out of device memory"), e.getMessage());
        assertEquals(2, csv(folder.resolve("runs.csv")).size());
    }

    @Test
    void anotherConfigurationOnTheSameFolderIsRefusedWithTheDifference() throws IOException {
        Path folder = tmp.resolve("sweep");
        run(TinyExperiments.sweep(1), folder, 2, ExperimentListener.SILENT);
        ExperimentPlan longer = ExperimentPlan.of("sweep", TinyExperiments.template(1, 3), List.of(Grid.ofRatios(TinyExperiments.template(1, 3), List.of(0.0, 0.5, 1.0), 2)));
        ExperimentFolder.ExperimentFolderException e = assertThrows(ExperimentFolder.ExperimentFolderException.class,
                () -> run(longer, folder, 2, ExperimentListener.SILENT));
        assertTrue(e.getMessage().contains("run_settings.training.epochs: 2 there, 3 now"), e.getMessage());
        assertThrows(ExperimentFolder.ExperimentFolderException.class, () -> run(TinyExperiments.sweep(9), folder, 2, ExperimentListener.SILENT));
    }

    @Test
    void aRunFolderWithOtherSettingsIsRefusedRatherThanMixedIn() throws IOException {
        Path folder = tmp.resolve("sweep");
        run(TinyExperiments.sweep(1), folder, 2, ExperimentListener.SILENT);
        Path config = folder.resolve("runs/sweep-ie-ratio_0.5-1/config.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> edited = Json.mapper().readValue(config.toFile(), Map.class);
        ((Map<String, Object>) ((Map<String, Object>) edited.get("run")).get("seeds")).put("weights", 12345);
        Json.write(config, edited);
        Files.delete(config.resolveSibling("files.json"));   // as a folder written before files.json, which cannot tell it was edited
        ExperimentFolder.ExperimentFolderException e = assertThrows(ExperimentFolder.ExperimentFolderException.class,
                () -> run(TinyExperiments.sweep(1), folder, 2, ExperimentListener.SILENT));
        assertTrue(e.getMessage().contains("sweep-ie-ratio_0.5-1") && e.getMessage().contains("seeds.weights"), e.getMessage());
    }

    @Test
    void aFolderInUseOrHoldingOtherFilesIsRefused() throws IOException {
        Path folder = tmp.resolve("busy");
        try (ExperimentFolder held = ExperimentFolder.open(folder)) {
            ExperimentFolder.ExperimentFolderException e = assertThrows(ExperimentFolder.ExperimentFolderException.class,
                    () -> ExperimentFolder.open(folder));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "mine");
        assertThrows(ExperimentFolder.ExperimentFolderException.class, () -> ExperimentFolder.open(other));
        try (Stream<Path> entries = Files.list(other)) {
            assertEquals(List.of("notes.txt"), entries.map(p -> p.getFileName().toString()).toList(), "a refused folder is left untouched");
        }
    }

    @Test
    void leftoverStagingFoldersOfAnInterruptedWriteAreRemoved() throws IOException {
        Path folder = tmp.resolve("sweep");
        run(TinyExperiments.sweep(1), folder, 2, ExperimentListener.SILENT);
        Path staging = Files.createDirectories(folder.resolve("runs/.sweep-ie-ratio_0.5-1.12345"));
        Files.writeString(staging.resolve("model.npz"), "half");
        run(TinyExperiments.sweep(1), folder, 2, ExperimentListener.SILENT);
        assertFalse(Files.exists(staging));
    }

    /** Four epochs of runs over ratios 0 and 1: two runs long enough to be stopped or to fail between epochs. */
    private static ExperimentPlan fourEpochs() {
        RunSpec template = TinyExperiments.template(21, 4);
        return ExperimentPlan.of("sweep", template, List.of(Grid.ofRatios(template, List.of(0.0, 1.0), 1)));
    }

    private static List<RunResult> run(ExperimentPlan plan, Path folder, ExperimentListener listener, java.util.function.BooleanSupplier stop,
                                       double checkpointSeconds, Backend backend) throws IOException {
        return new ExperimentRunner(backend, 1, 1, listener, stop, checkpointSeconds).run(plan, folder);
    }

    /** Notes the runner gives, and the runs it finished. */
    private static final class Notes extends java.util.concurrent.CopyOnWriteArrayList<String> implements ExperimentListener {
        final List<String> trained = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void note(String line) {
            add(line);
        }

        @Override
        public void runFinished(RunResult result, int done, int total) {
            trained.add(result.run());
        }
    }

    private static void assertSameModels(Path expected, Path actual, List<String> runs) {
        for (String run : runs) {
            Map<String, org.snnloc.io.NpyArray> a = org.snnloc.io.Npz.read(expected.resolve("runs").resolve(run).resolve("model.npz"));
            Map<String, org.snnloc.io.NpyArray> b = org.snnloc.io.Npz.read(actual.resolve("runs").resolve(run).resolve("model.npz"));
            assertEquals(a.keySet(), b.keySet());
            for (String name : a.keySet()) {
                if (!name.equals("model_json")) assertTrue(java.util.Arrays.equals(a.get(name).toDoubles(), b.get(name).toDoubles()), run + ": " + name);
            }
        }
    }

    @Test
    void aStoppedExperimentKeepsTheRunInFlightAtItsLastEpochAndContinuesToTheBitsOfOneNeverStopped() throws IOException {
        Path whole = tmp.resolve("whole"), cut = tmp.resolve("cut");
        List<String> names = fourEpochs().runs().stream().map(PlannedRun::name).toList();
        try (Backend scalar = new ScalarBackend()) {
            run(fourEpochs(), whole, ExperimentListener.SILENT, () -> false, ExperimentRunner.CHECKPOINT_SECONDS, scalar);
            AtomicInteger polls = new AtomicInteger();
            // asked after every epoch and before each run starts: the first run stops after epoch 2, the second never starts
            ExperimentInterruptedException stopped = assertThrows(ExperimentInterruptedException.class,
                    () -> run(fourEpochs(), cut, ExperimentListener.SILENT, () -> polls.incrementAndGet() > 2, ExperimentRunner.CHECKPOINT_SECONDS, scalar));
            assertEquals(1, stopped.inFlight());
            assertFalse(Files.exists(cut.resolve("runs").resolve(names.get(0))), "an unfinished run is never a run folder");
            assertTrue(Files.isRegularFile(cut.resolve("runs").resolve(names.get(0) + ".unfinished/checkpoint.npz")),
                    "a stop writes the checkpoint the interval had not written yet");
            assertFalse(Files.exists(cut.resolve("runs").resolve(names.get(1) + ".unfinished")));

            Notes notes = new Notes();
            run(fourEpochs(), cut, notes, () -> false, ExperimentRunner.CHECKPOINT_SECONDS, scalar);
            assertEquals(List.of(names.get(0) + ": continuing from its checkpoint after epoch 2"), notes);
            assertEquals(names, notes.trained);
            assertFalse(Files.exists(cut.resolve("runs").resolve(names.get(0) + ".unfinished")), "the checkpoint goes once the run is saved");
        }
        assertSameModels(whole, cut, names);
        for (String run : names) {
            List<String> a = Files.readAllLines(whole.resolve("runs").resolve(run).resolve("history.csv"));
            List<String> b = Files.readAllLines(cut.resolve("runs").resolve(run).resolve("history.csv"));
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) assertEquals(a.get(i).substring(0, a.get(i).lastIndexOf(',')), b.get(i).substring(0, b.get(i).lastIndexOf(',')));
        }
    }

    /** The scalar backend whose engines fail in their third epoch, as a killed process would stop. */
    private static Backend failingInEpoch3() {
        return new Forwarding() {
            @Override
            public Engine newEngine(NetworkConfig network, AdamConfig adam, int threads) {
                Engine engine = super.newEngine(network, adam, threads);
                AtomicInteger epochs = new AtomicInteger();
                return new Engine() {
                    public NetworkConfig network() { return engine.network(); }
                    public void setParameters(org.snnloc.model.Parameters p) { engine.setParameters(p); }
                    public org.snnloc.model.Parameters parameters() { return engine.parameters(); }
                    public org.snnloc.train.OptimizerState optimizerState() { return engine.optimizerState(); }
                    public void restoreOptimizer(org.snnloc.train.OptimizerState state) { engine.restoreOptimizer(state); }
                    public float[] logits(PreparedData data) { return engine.logits(data); }
                    public org.snnloc.backend.BatchTrace trace(PreparedData data, int[] samples) { return engine.trace(data, samples); }
                    public void close() { engine.close(); }

                    public float[] train(PreparedData data, int[] order, int batchSize, int[] correct) {
                        if (epochs.incrementAndGet() == 3) throw new IllegalStateException("killed in epoch 3");
                        return engine.train(data, order, batchSize, correct);
                    }
                };
            }
        };
    }

    @Test
    void aRunThatDiesContinuesFromItsLastCheckpointAndACheckpointIsKeptAtMostOncePerInterval() throws IOException {
        Path whole = tmp.resolve("whole"), killed = tmp.resolve("killed"), rare = tmp.resolve("rare");
        List<String> names = fourEpochs().runs().stream().map(PlannedRun::name).toList();
        try (Backend scalar = new ScalarBackend()) {
            run(fourEpochs(), whole, ExperimentListener.SILENT, () -> false, 0, scalar);
            assertThrows(ExperimentFailedException.class, () -> run(fourEpochs(), rare, ExperimentListener.SILENT, () -> false, 1e6, failingInEpoch3()));
            assertFalse(Files.exists(rare.resolve("runs").resolve(names.get(0) + ".unfinished")), "no checkpoint before the interval has passed");
            assertThrows(ExperimentFailedException.class, () -> run(fourEpochs(), killed, ExperimentListener.SILENT, () -> false, 0, failingInEpoch3()));
            Notes notes = new Notes();
            run(fourEpochs(), killed, notes, () -> false, 0, scalar);
            assertEquals(List.of(names.get(0) + ": continuing from its checkpoint after epoch 2"), notes);
        }
        assertSameModels(whole, killed, names);
    }

    @Test
    void aCheckpointThatCannotBeReadOrIsOfOtherSettingsIsSaidAndTheRunStartsAfresh() throws IOException {
        Path whole = tmp.resolve("whole"), folder = tmp.resolve("sweep");
        List<String> names = fourEpochs().runs().stream().map(PlannedRun::name).toList();
        try (Backend scalar = new ScalarBackend()) {
            run(fourEpochs(), whole, ExperimentListener.SILENT, () -> false, 0, scalar);
            assertThrows(ExperimentFailedException.class, () -> run(fourEpochs(), folder, ExperimentListener.SILENT, () -> false, 0, failingInEpoch3()));
            Path work = folder.resolve("runs").resolve(names.get(0) + ".unfinished");
            Files.write(work.resolve("checkpoint.npz"), new byte[] {'P', 'K', 3, 4, 0});
            Notes notes = new Notes();
            run(fourEpochs(), folder, notes, () -> false, 0, scalar);
            assertEquals(1, notes.size(), notes.toString());
            assertTrue(notes.getFirst().startsWith(names.get(0) + ": its checkpoint cannot be read (")
                    && notes.getFirst().endsWith("; moved to runs/" + names.get(0) + ".unfinished.damaged, training it from the start"), notes.getFirst());
            assertTrue(Files.isRegularFile(folder.resolve("runs").resolve(names.get(0) + ".unfinished.damaged/checkpoint.npz")), "never deleted");

            Files.createDirectories(work);
            Json.write(work.resolve("run.json"), TinyExperiments.template(99, 4));
            AtomicFiles.deleteRecursively(folder.resolve("runs").resolve(names.get(0)));
            Notes other = new Notes();
            run(fourEpochs(), folder, other, () -> false, 0, scalar);
            assertTrue(other.getFirst().startsWith(names.get(0) + ": its checkpoint is of other settings (run."), other.toString());
        }
        assertSameModels(whole, folder, names);
    }

    @Test
    void aRunFolderWithAFileMissingTruncatedOrChangedIsSetAsideAndTrainedAgain() throws IOException {
        Path folder = tmp.resolve("sweep");
        List<RunResult> before = run(TinyExperiments.sweep(2), folder, 2, ExperimentListener.SILENT);
        Path runs = folder.resolve("runs");
        Path model = runs.resolve("sweep-ie-ratio_0-1/model.npz");
        Files.write(model, java.util.Arrays.copyOf(Files.readAllBytes(model), 100));
        Path metrics = runs.resolve("sweep-ie-ratio_0.5-2/metrics.json");
        Files.writeString(metrics, Files.readString(metrics).replace("\"early_stopped\" : false", "\"early_stopped\" : true "));
        Files.delete(runs.resolve("sweep-ie-ratio_1-1/history.csv"));
        Files.writeString(runs.resolve("sweep-ie-ratio_1-2/files.json"), "");   // nothing listed is no proof
        Files.writeString(runs.resolve("sweep-ie-ratio_0-2/files.json"), "{\"model.npz\": ");

        Notes notes = new Notes();
        try (Backend scalar = new ScalarBackend()) {
            run(TinyExperiments.sweep(2), folder, notes, () -> false, 0, scalar);
        }
        assertEquals(List.of("sweep-ie-ratio_0-1", "sweep-ie-ratio_0-2", "sweep-ie-ratio_0.5-2", "sweep-ie-ratio_1-1", "sweep-ie-ratio_1-2"),
                notes.trained.stream().sorted().toList());
        String all = String.join("\n", notes);
        assertTrue(all.contains("sweep-ie-ratio_0-1: model.npz is truncated (100 of "), all);
        assertTrue(all.contains("sweep-ie-ratio_0.5-2: metrics.json changed since the run wrote it"), all);
        assertTrue(all.contains("sweep-ie-ratio_1-1: history.csv is missing; moved to runs/sweep-ie-ratio_1-1.damaged, training it again"), all);
        assertTrue(all.contains("sweep-ie-ratio_1-2: files.json does not list the run's files"), all);
        assertTrue(all.contains("sweep-ie-ratio_0-2: files.json cannot be read ("), all);
        assertTrue(Files.isRegularFile(runs.resolve("sweep-ie-ratio_0-1.damaged/model.npz")), "the damaged folder is kept, out of the way");
        List<RunResult> after = run(TinyExperiments.sweep(2), folder, 2, ExperimentListener.SILENT);
        assertEquals(testAccuracies(before), testAccuracies(after));
        assertEquals(before.stream().map(RunResult::earlyStopped).toList(), after.stream().map(RunResult::earlyStopped).toList());
    }

    @Test
    void theDataPoolPreparesEachSharedSetOnceAndReleasesIt() {
        AtomicInteger prepared = new AtomicInteger();
        Backend counting = new Forwarding() {
            @Override
            public PreparedData prepare(SpikeDataset data) {
                prepared.incrementAndGet();
                return super.prepare(data);
            }
        };
        ExperimentPlan plan = TinyExperiments.sweep(1);
        List<RunSpec> specs = plan.runs().stream().map(PlannedRun::spec).toList();
        DataPool pool = new DataPool(counting, specs);
        for (RunSpec spec : specs) {
            DataPool.RunData keys = DataPool.RunData.of(spec);
            for (DataPool.Key k : keys.keys()) pool.acquire(k);
            for (DataPool.Key k : keys.keys()) pool.release(k);
        }
        assertEquals(2 + 6, prepared.get(), "one training and one validation set for all runs, a test set per run");
        assertEquals(0, pool.held());
        pool.close();
    }
}
