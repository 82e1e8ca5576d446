package org.snnloc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snnloc.experiment.ExperimentRunner;
import org.snnloc.experiment.Grid;
import org.snnloc.experiment.PlannedRun;
import org.snnloc.experiment.ResultTables;
import org.snnloc.experiment.RunResult;
import org.snnloc.io.AtomicFiles;
import org.snnloc.io.NpyArray;
import org.snnloc.io.Npz;
import org.snnloc.model.LayerSigns;
import org.snnloc.model.Surrogate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sweeps over any run option: the grid plan, growing a folder in place, shards, merge and the cluster job writers. */
class SweepGridTest {
    private static final List<String> TINY = List.of("--hidden", "8", "--epochs", "2", "--batch-size", "32", "--train-batches", "2",
            "--validation-samples", "64", "--test-batches", "2", "--backend", "scalar", "--threads", "1");
    private static final List<String> GRID = List.of("--vary", "tau-ms=3,6", "--vary", "surrogate=sigmoid,atan", "--repeats", "2");

    @TempDir
    Path tmp;

    private static List<String> sweep(Path out, List<String> grid, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--out", out.toString(), "--no-report"));
        args.addAll(TINY);
        args.addAll(grid);
        args.addAll(List.of(extra));
        return args;
    }

    private static CliTest.Result run(List<String> args) {
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void valuesAreListsOrRangesTypedByTheirOption() {
        assertEquals(List.of(2.0, 5.0, 8.0), GridPlanner.axis("tau-ms=2:8:3").values(), "stop included");
        assertEquals(List.of(0.0, 0.1, 0.2, 0.3), GridPlanner.axis("ie-ratio=0:0.3:0.1").values(), "decimal steps land on their decimals");
        assertEquals(List.of(10L, 20L, 30L), GridPlanner.axis("hidden=10:30:10").values());
        assertEquals(List.of(10L, 40L), GridPlanner.axis("hidden=10,40").values());
        assertEquals(List.of("sigmoid:5", "atan"), GridPlanner.axis("surrogate=sigmoid:5,atan").values(), "a text value may hold a colon");
        assertEquals(List.of(true, false), GridPlanner.axis("phase-per-sample=true,false").values());
        for (String bad : List.of("hiden=1,2", "hidden=1.5", "tau-ms=5:2:1", "tau-ms=1:5:0", "tau-ms=a,b", "hidden=", "tau-ms", "hidden=4,4",
                "phase-per-sample=yes", "hidden=1:100000:1", "seed=1,2")) {
            assertThrows(InvalidInputException.class, () -> GridPlanner.axis(bad), bad);
        }
        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> GridPlanner.axis("taums=2"));
        assertTrue(unknown.getMessage().contains("tau-ms") && unknown.getMessage().contains("ie-ratio-w1"), "names the keys: " + unknown.getMessage());
    }

    @Test
    void theGridIsTheCartesianProductAndEachPointIsParsedAsTrainWouldParseIt() {
        Grid grid = GridPlanner.plan(List.of("--hidden=8", "--tau-ms=9"), List.of(GridPlanner.axis("tau-ms=3,6"),
                GridPlanner.axis("surrogate=sigmoid,atan:3"), GridPlanner.axis("ie-ratio-w1=0.2,0.4")), 2);
        assertEquals(8, grid.points().size());
        List<PlannedRun> runs = grid.runs(grid.points().getFirst().spec());
        assertEquals(16, runs.size());
        assertEquals("sweep-tau-ms_3-surrogate_sigmoid-ie-ratio-w1_0.2-1", runs.getFirst().name());
        PlannedRun last = runs.getLast();
        assertEquals(Map.of("tau-ms", 6.0, "surrogate", "atan:3", "ie-ratio-w1", 0.4), last.values());
        assertEquals(6e-3, last.spec().network().hiddenLayer().tauSeconds(), 1e-12, "the grid's value overrides --tau-ms 9");
        assertEquals(new Surrogate.Atan(3f), last.spec().network().surrogate());
        assertEquals(new LayerSigns.Dale(0.4), last.spec().layer1());
        assertEquals(new LayerSigns.Dale(0.5), last.spec().layer2());
        assertEquals(8, last.spec().network().hidden(), "the other options apply to every run");
        assertEquals(1, runs.stream().map(r -> r.spec().seeds().trainData()).distinct().count(), "one training set, as the notebook");
        assertEquals(16, runs.stream().map(r -> r.spec().seeds().weights()).distinct().count());
        InvalidInputException bad = assertThrows(InvalidInputException.class,
                () -> GridPlanner.plan(List.of(), List.of(GridPlanner.axis("dt-ms=0.3,1")), 1));
        assertTrue(bad.getMessage().startsWith("--vary dt-ms=0.3: "), "the point is named: " + bad.getMessage());
    }

    @Test
    void aGridPointHasTheSameSeedsWhateverElseTheCommandRuns() {
        PlannedRun alone = GridPlanner.plan(List.of("--hidden=8"), List.of(GridPlanner.axis("tau-ms=6")), 1)
                .runs(GridPlanner.spec(List.of("--hidden=8"), "")).getFirst();
        Grid wide = GridPlanner.plan(List.of(), List.of(GridPlanner.axis("tau-ms=3,6"), GridPlanner.axis("hidden=8,16")), 1);
        PlannedRun same = wide.runs(GridPlanner.spec(List.of(), "")).stream()
                .filter(r -> r.values().equals(Map.of("tau-ms", 6.0, "hidden", 8L))).findFirst().orElseThrow();
        assertEquals(alone.spec(), same.spec(), "equal settings, equal seeds: the same run");
        assertEquals(Grid.settingsHash(alone.spec()), Grid.settingsHash(same.spec()));
    }

    @Test
    void runsCsvHasATypedColumnPerKeyAndTheFolderGrowsInPlace() throws IOException {
        Path out = tmp.resolve("grid");
        CliTest.Result first = run(sweep(out, GRID));
        assertEquals(0, first.code(), first.err());
        List<RunResult> rows = ResultTables.readRuns(out.resolve("runs.csv"));
        assertEquals(8, rows.size());
        String header = Files.readAllLines(out.resolve("runs.csv")).getFirst();
        assertTrue(header.startsWith("experiment,condition,tau-ms,surrogate,repeat,seed,"), header);
        assertTrue(header.contains(",settings_hash,"), header);
        assertEquals(3.0, rows.getFirst().values().get("tau-ms"));
        assertEquals("sigmoid", rows.getFirst().values().get("surrogate"));
        assertEquals(4, rows.stream().map(RunResult::settingsHash).distinct().count(), "one settings hash per grid point");

        CliTest.Result grown = run(sweep(out, List.of("--vary", "tau-ms=3,6,9", "--vary", "surrogate=sigmoid,atan", "--repeats", "3")));
        assertEquals(0, grown.code(), grown.err());
        assertTrue(grown.err().contains("10 runs to train"), "6 new points-repeats of 9, plus a third repeat of the 4 old points: " + grown.err());
        assertEquals(18, ResultTables.readRuns(out.resolve("runs.csv")).size());
        CliTest.Result smaller = run(sweep(out, GRID));
        assertEquals(0, smaller.code(), smaller.err());
        assertEquals(18, ResultTables.readRuns(out.resolve("runs.csv")).size(), "runs of a wider earlier command stay in the tables");

        CliTest.Result changed = run(sweep(out, GRID, "--lr", "0.02"));
        assertEquals(2, changed.code());
        assertTrue(changed.err().contains("run_settings.adam") && changed.err().contains("0.02"), changed.err());
        CliTest.Result otherKeys = run(sweep(out, List.of("--vary", "tau-ms=3,6")));
        assertEquals(2, otherKeys.code());
        assertTrue(otherKeys.err().contains("the grid's keys: [tau-ms, surrogate] there, [tau-ms] now"), otherKeys.err());
    }

    @Test
    void shardsPartitionThePlanShareOneFolderAndMergeToTheUnshardedResult() throws IOException {
        Path sharded = tmp.resolve("sharded"), alone = tmp.resolve("alone");
        for (int shard = 0; shard < 3; shard++) {
            CliTest.Result r = run(sweep(sharded, GRID, "--shard", shard + "/3"));
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("shard " + shard + "/3 done"), r.out());
            assertEquals(shard == 2 ? 2 : 3, count(r.err(), "] sweep-"), "shard " + shard + " trains runs k with k mod 3 = " + shard + ": " + r.err());
        }
        CliTest.Result retried = run(sweep(sharded, GRID, "--shard", "1/3"));
        assertEquals(0, retried.code(), retried.err());
        assertEquals(0, count(retried.err(), "] sweep-"), "a retried shard skips its finished runs: " + retried.err());
        assertEquals(0, run(sweep(alone, GRID)).code());
        assertEquals(modelsOf(alone), modelsOf(sharded), "every model equals the unsharded sweep's");

        CliTest.Result merged = CliTest.run("merge", sharded.toString(), "--runs", "none", "--backend", "scalar");
        assertEquals(0, merged.code(), merged.err());
        assertTrue(merged.out().contains("merged 8 of 8 runs"), merged.out());
        assertTrue(Files.isRegularFile(sharded.resolve("index.html")));
        assertEquals(columnsWithoutTimings(alone), columnsWithoutTimings(sharded));

        List<String> names = ResultTables.readRuns(sharded.resolve("runs.csv")).stream().map(RunResult::run).toList();
        AtomicFiles.deleteRecursively(sharded.resolve("runs").resolve(names.get(4)));
        CliTest.Result missing = CliTest.run("merge", sharded.toString(), "--runs", "none", "--backend", "scalar");
        assertEquals(1, missing.code(), missing.out() + missing.err());
        assertTrue(missing.out().contains("1 runs are missing") && missing.out().contains(names.get(4) + "   (shard 1/3)"), missing.out());
        assertEquals(7, ResultTables.readRuns(sharded.resolve("runs.csv")).size());

        assertEquals(2, run(sweep(sharded, GRID, "--shard", "1/4")).code(), "every shard of a folder has one shard count");
        assertEquals(2, run(sweep(tmp.resolve("x"), GRID, "--shard", "3/3")).code());
        assertEquals(2, run(sweep(tmp.resolve("x"), GRID, "--shard", "one")).code());
        assertFalse(Files.exists(tmp.resolve("x")), "nothing written");
    }

    @Test
    void aGrownShardedFolderNamesTheShardOfEachMissingRunAndSwitchesGivenAsFalseStayOff() throws IOException {
        Path out = tmp.resolve("grown");
        List<String> small = List.of("--vary", "ie-ratio=0,0.5", "--repeats", "1");
        for (int shard = 0; shard < 2; shard++) assertEquals(0, run(sweep(out, small, "--shard", shard + "/2")).code());
        CliTest.Result grown = run(sweep(out, List.of("--vary", "ie-ratio=0,0.5", "--repeats", "2"), "--shard", "0/2"));
        assertEquals(0, grown.code(), grown.err());
        CliTest.Result merged = CliTest.run("merge", out.toString(), "--runs", "none", "--backend", "scalar");
        assertEquals(1, merged.code(), merged.out());
        assertTrue(merged.out().contains("sweep-ie-ratio_0-2   (shard 1/2)") && merged.out().contains("sweep-ie-ratio_0.5-2   (shard 1/2)"),
                "the new plan's order decides the shard: " + merged.out());

        Path off = tmp.resolve("off");
        assertEquals(0, run(sweep(off, List.of("--vary", "tau-ms=3", "--repeats", "1"), "--phase-per-sample=false")).code());
        JsonNode recorded = org.snnloc.io.Json.read(off.resolve("experiment.json"));
        assertFalse(recorded.at("/run_settings/stimulus/phase_per_sample").asBoolean(), "--phase-per-sample=false stays false");
    }

    @Test
    void theShardComesFromSlurmOrKubernetesWhenNotGiven() {
        SweepCommand command = new SweepCommand();
        assertNull(command.shard(Map.of()));
        assertEquals(new ExperimentRunner.Shard(2, 4),
                command.shard(Map.of("SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_MIN", "5", "SLURM_ARRAY_TASK_COUNT", "4")));
        assertEquals(new ExperimentRunner.Shard(0, 3), command.shard(Map.of("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "3")));
        command.shards = 5;
        assertEquals(new ExperimentRunner.Shard(3, 5), command.shard(Map.of("JOB_COMPLETION_INDEX", "3")));
        assertThrows(InvalidInputException.class, () -> command.shard(Map.of()), "--shards without an index");
        assertThrows(InvalidInputException.class, () -> command.shard(Map.of("JOB_COMPLETION_INDEX", "5")));
        command.shards = null;
        command.shard = "1/2";
        assertEquals(new ExperimentRunner.Shard(1, 2), command.shard(Map.of("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "3")),
                "--shard wins");
        List<Integer> owners = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            for (int i = 0; i < 3; i++) if (new ExperimentRunner.Shard(i, 3).owns(k)) owners.add(i);
        }
        assertEquals(List.of(0, 1, 2, 0, 1, 2, 0, 1, 2, 0), owners, "every run in exactly one shard");
    }

    @Test
    void slurmAndK8sWriteJobsThatCallThisSnnlocWithTheSweepsOptions() throws IOException {
        Path dir = tmp.resolve("cluster"), data = tmp.resolve("train data.npz");
        assertEquals(0, CliTest.run("data", "--n", "64", "--out", data.toString()).code());
        String relative = Path.of("").toAbsolutePath().relativize(data).toString();
        List<String> args = new ArrayList<>(List.of("slurm", dir.toString(), "--train-data", relative));
        args.addAll(TINY);
        args.addAll(GRID);
        args.addAll(List.of("--array", "3", "--cpus-per-task", "2", "--time", "1:00:00", "--partition", "short"));
        CliTest.Result r = run(args);
        assertEquals(0, r.code(), r.err());
        String sweep = Files.readString(dir.resolve("slurm/sweep.sbatch")), merge = Files.readString(dir.resolve("slurm/merge.sbatch"));
        for (String line : List.of("#SBATCH --array=0-2", "#SBATCH --cpus-per-task=2", "#SBATCH --time=1:00:00", "#SBATCH --partition=short")) {
            assertTrue(sweep.contains(line + "\n"), line + " in\n" + sweep);
        }
        String command = sweep.lines().filter(l -> l.startsWith("exec ")).findFirst().orElseThrow();
        assertTrue(command.contains(" sweep --out " + dir.toAbsolutePath()), command);
        assertTrue(command.contains("--vary=tau-ms=3,6 --vary=surrogate=sigmoid,atan --repeats=2") && command.contains("--hidden=8"), command);
        assertFalse(command.contains("--array") || command.contains("--partition"), "the job's own options stay out: " + command);
        assertTrue(command.contains("'--train-data=" + data.toAbsolutePath() + "'"), "a file by absolute path, quoted: " + command);
        assertTrue(Path.of(command.split(" ")[1]).isAbsolute(), "snnloc by absolute path: " + command);
        assertTrue(merge.contains(" merge " + dir.toAbsolutePath()), merge);
        assertTrue(r.out().contains("sbatch --dependency=afterok:"), r.out());
        assertTrue(Files.isExecutable(dir.resolve("slurm/sweep.sbatch")));

        List<String> k8s = new ArrayList<>(List.of("k8s", dir.toString()));
        k8s.addAll(TINY);
        k8s.addAll(GRID);
        k8s.addAll(List.of("--parallel", "3", "--image", "registry.example/snnloc:1", "--claim", "experiments"));
        CliTest.Result k = run(k8s);
        assertEquals(0, k.code(), k.err());
        JsonNode job = new ObjectMapper(new YAMLFactory()).readTree(dir.resolve("k8s/sweep-job.yaml").toFile());
        assertEquals("batch/v1", job.get("apiVersion").asText());
        assertEquals("Job", job.get("kind").asText());
        assertEquals("Indexed", job.at("/spec/completionMode").asText());
        assertEquals(3, job.at("/spec/completions").asInt());
        assertEquals(3, job.at("/spec/parallelism").asInt());
        JsonNode container = job.at("/spec/template/spec/containers/0");
        assertEquals("registry.example/snnloc:1", container.get("image").asText());
        List<String> words = new ArrayList<>();
        container.get("command").forEach(w -> words.add(w.asText()));
        assertTrue(words.contains("sweep") && words.contains("--shards=3") && words.contains("--vary=tau-ms=3,6"), words.toString());
        assertEquals("experiments", job.at("/spec/template/spec/volumes/0/persistentVolumeClaim/claimName").asText());
        assertEquals("Never", job.at("/spec/template/spec/restartPolicy").asText());

        for (String[] bad : new String[][] {{"--array", "0"}, {"--array", "2", "--time", "soon"}, {"--array", "2", "--vary", "nope=1"},
                {"--array", "2", "--shard", "0/2"}}) {
            List<String> a = new ArrayList<>(List.of("slurm", tmp.resolve("bad").toString()));
            a.addAll(TINY);
            a.addAll(List.of(bad));
            assertEquals(2, run(a).code(), String.join(" ", bad));
        }
        assertFalse(Files.exists(tmp.resolve("bad")), "nothing written for a bad command");

        Path made = tmp.resolve("made");
        List<String> first = new ArrayList<>(List.of("sweep", "--out", made.toString(), "--vary", "tau-ms=3", "--repeats", "1", "--no-report"));
        first.addAll(TINY);
        assertEquals(0, run(first).code());
        List<String> other = new ArrayList<>(List.of("slurm", made.toString(), "--vary", "tau-ms=3", "--array", "2"));
        other.addAll(TINY);
        other.set(other.indexOf("--epochs") + 1, "3");
        CliTest.Result refused = run(other);
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("run_settings.training.epochs: 2 there, 3 now"), "refused now, not by every job: " + refused.err());
        assertFalse(Files.exists(made.resolve("slurm")));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) n++;
        return n;
    }

    /** Every model array of an experiment folder, by run and name. */
    private static Map<String, List<Float>> modelsOf(Path experiment) throws IOException {
        Map<String, List<Float>> arrays = new java.util.TreeMap<>();
        try (Stream<Path> runs = Files.list(experiment.resolve("runs"))) {
            for (Path run : (Iterable<Path>) runs::iterator) {
                for (Map.Entry<String, NpyArray> a : Npz.read(run.resolve("model.npz")).entrySet()) {
                    if (a.getKey().equals("model_json")) continue;
                    float[] values = a.getValue().toFloats();
                    List<Float> list = new ArrayList<>(values.length);
                    for (float v : values) list.add(v);
                    arrays.put(run.getFileName() + "/" + a.getKey(), list);
                }
            }
        }
        return arrays;
    }

    private static Set<List<String>> columnsWithoutTimings(Path experiment) throws IOException {
        Set<List<String>> rows = new HashSet<>();
        for (RunResult r : ResultTables.readRuns(experiment.resolve("runs.csv"))) {
            rows.add(Arrays.asList(r.run(), r.condition(), String.valueOf(r.values()), String.valueOf(r.seed()), r.settingsHash(),
                    String.valueOf(r.testAccuracy()), String.valueOf(r.trainAccuracy())));
        }
        return rows;
    }
}
