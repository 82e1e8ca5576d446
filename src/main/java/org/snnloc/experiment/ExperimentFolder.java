package org.snnloc.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.snnloc.io.AtomicFiles;
import org.snnloc.io.Json;
import org.snnloc.io.LockFile;
import org.snnloc.io.RunFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder of an experiment command:
 * <pre>
 *   experiment.json   what the command asked for; a later command on this folder must ask the same
 *   runs/NAME/        one run folder per finished training (model.npz, config.json, history.csv, metrics.json)
 *   runs.csv          one row per finished run
 *   summary.json      means and standard deviations per condition
 *   figures/, index.html   written by plot and report
 * </pre>
 * While a command works in it the folder is locked ({@code .lock}), so two processes cannot mix
 * their runs; the shards of one command ({@code --shard I/N}) share the lock, each training only
 * its own runs, and record or check the plan one at a time ({@code .plan-lock}).
 */
public final class ExperimentFolder implements AutoCloseable {
    public static final String DEFINITION = "experiment.json";
    public static final String RUNS = "runs";
    private static final String LOCK = ".lock";
    private static final String PLAN_LOCK = ".plan-lock";

    private final Path root;
    private final LockFile lock;

    private ExperimentFolder(Path root, LockFile lock) {
        this.root = root;
        this.lock = lock;
    }

    /** Creates the folder if needed and locks it; fails when another process works in it. */
    public static ExperimentFolder open(Path root) throws IOException {
        return open(root, false);
    }

    /**
     * Creates the folder if needed and locks it, {@code shared} for one of several shards; fails
     * when another command works in it (an unsharded one, or shards while this one is not).
     */
    public static ExperimentFolder open(Path root, boolean shared) throws IOException {
        if (Files.isSymbolicLink(root) && !Files.isDirectory(root)) throw new ExperimentFolderException(root + " is a symbolic link to no folder");
        if (Files.exists(root) && !Files.isDirectory(root)) throw new ExperimentFolderException(root + " exists and is not a folder");
        if (Files.isDirectory(root)) refuseForeign(root);   // before the lock file, so a wrong --out is left untouched
        Files.createDirectories(root);
        LockFile lock = LockFile.tryAcquire(root.resolve(LOCK), shared);
        if (lock == null) {
            throw new ExperimentFolderException(root + " is in use by another snnloc command" + (shared ? " that is not one of its shards" : "")
                    + "; wait for it or choose another --out");
        }
        ExperimentFolder folder = new ExperimentFolder(root, lock);
        try {
            refuseForeign(root);   // again, now that no other command can change the folder
            Files.createDirectories(root.resolve(RUNS));
            return folder;
        } catch (IOException | RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    private static void refuseForeign(Path root) throws IOException {
        if (!Files.exists(root.resolve(DEFINITION)) && holdsOtherFiles(root)) {
            throw new ExperimentFolderException(root + " is not empty and holds no " + DEFINITION
                    + "; choose another --out (an experiment folder is created by the experiment commands)");
        }
    }

    /**
     * Anything besides hidden files (the locks, temporary files), an empty runs/ (what a command
     * interrupted before it recorded its plan leaves) and the job files of snnloc slurm and k8s.
     */
    private static boolean holdsOtherFiles(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                // the locks, and the temporary files of another shard's atomic writes (experiment.json while it is written)
                if (name.startsWith(".")) continue;
                if ((name.equals("slurm") || name.equals("k8s")) && Files.isDirectory(p)) continue;   // the job files of snnloc slurm and k8s
                if (name.equals(RUNS) && Files.isDirectory(p) && !isNonEmpty(p)) continue;
                return true;
            }
        }
        return false;
    }

    public Path root() {
        return root;
    }

    public Path runFolder(PlannedRun run) {
        return root.resolve(RUNS).resolve(run.name());
    }

    public Path runsCsv() {
        return root.resolve(ResultTables.RUNS_CSV);
    }

    public Path summaryJson() {
        return root.resolve(ResultTables.SUMMARY_JSON);
    }

    /** What {@link #recordOrCheck} found: a new folder, the same plan again, or a plan grown by more values or repeats. */
    public enum Recorded { NEW, RESUMED, GROWN }

    /**
     * Records the plan in experiment.json, or checks it against the plan recorded there. The same
     * command resumes; one that only adds values or repeats grows the plan (the recorded runs stay
     * in it); any other difference is refused, naming it. A sharded command also records its shard
     * count, which every shard must share.
     *
     * @param shards the command's shard count, or 0 when it is not sharded
     */
    public Recorded recordOrCheck(ExperimentPlan plan, int shards) throws IOException {
        try (LockFile ignored = LockFile.acquire(root.resolve(PLAN_LOCK))) {
            Path file = root.resolve(DEFINITION);
            ObjectNode wanted = (ObjectNode) asParsed(plan.describe());
            if (shards > 0) {
                wanted.put("shards", shards);
                com.fasterxml.jackson.databind.node.ArrayNode order = wanted.putArray("shard_plan");   // the order the shards split
                plan.runs().forEach(r -> order.add(r.name()));
            }
            if (!Files.exists(file)) {
                Json.write(file, wanted);
                return Recorded.NEW;
            }
            JsonNode recorded = readJson(file);
            List<String> differences = planDifferences(recorded, wanted);
            boolean sameSplit = !recorded.has("shards") || recorded.get("shards").asInt() == shards
                    && recorded.path("shard_plan").equals(wanted.path("shard_plan"));
            if (shards > 0 && !sameSplit) {
                int unfinished = 0;
                for (JsonNode name : recorded.path("shard_plan")) if (!Files.isDirectory(root.resolve(RUNS).resolve(name.asText()))) unfinished++;
                if (unfinished > 0) {
                    differences.add("the folder is split into " + recorded.get("shards").asInt() + " shards of another plan, and " + unfinished
                            + " of its runs are not finished (every shard must run the same command)");
                }
            }
            if (!differences.isEmpty()) {
                throw new ExperimentFolderException(root + " holds an experiment with other settings (" + summarise(differences)
                        + "); choose another --out, or delete the folder to start over");
            }
            List<String> runs = new ArrayList<>();
            recorded.path("runs").forEach(r -> runs.add(r.asText()));
            List<String> union = new ArrayList<>(runs);
            wanted.path("runs").forEach(r -> {
                if (!runs.contains(r.asText())) union.add(r.asText());
            });
            boolean grown = !recorded.path("experiments").equals(wanted.path("experiments")) || union.size() != runs.size();
            if (!grown && (shards == 0 || sameSplit && recorded.has("shards"))) return Recorded.RESUMED;
            // the union of both plans' runs, so that a smaller command later still lists the runs it did not ask for
            com.fasterxml.jackson.databind.node.ArrayNode names = wanted.putArray("runs");
            union.forEach(names::add);
            if (shards == 0 && recorded.has("shards")) {
                wanted.set("shards", recorded.get("shards"));
                wanted.set("shard_plan", recorded.get("shard_plan"));
            }
            Json.write(file, wanted);
            return grown ? Recorded.GROWN : Recorded.RESUMED;
        }
    }

    /**
     * What keeps {@code plan} from running in folder {@code root}, as {@link #recordOrCheck} would
     * refuse it, without touching the folder: for job files written before their jobs run.
     */
    public static void checkPlan(Path root, ExperimentPlan plan) throws IOException {
        Path file = root.resolve(DEFINITION);
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        List<String> differences = planDifferences(readJson(file), (ObjectNode) asParsed(plan.describe()));
        if (!differences.isEmpty()) {
            throw new ExperimentFolderException(root + " holds an experiment with other settings (" + summarise(differences)
                    + "); choose another folder, or delete it to start over");
        }
    }

    /** How a wanted plan differs from the recorded one, beyond more values or repeats (which grow it). */
    private static List<String> planDifferences(JsonNode recorded, ObjectNode wanted) {
        List<String> differences = new ArrayList<>();
        for (String key : List.of("kind", "seed", "run_settings")) differences.addAll(differences(key, recorded.get(key), wanted.get(key)));
        JsonNode had = recorded.path("experiments"), now = wanted.path("experiments");
        if (had.size() != now.size()) differences.add("experiments: " + shorten(had) + " there, " + shorten(now) + " now");
        for (int i = 0; i < Math.min(had.size(), now.size()); i++) {
            ObjectNode h = had.get(i).deepCopy(), n = now.get(i).deepCopy();
            if (h.has("vary") && n.has("vary")) {
                List<String> hk = new ArrayList<>(), nk = new ArrayList<>();
                h.get("vary").fieldNames().forEachRemaining(hk::add);
                n.get("vary").fieldNames().forEachRemaining(nk::add);
                if (!hk.equals(nk)) differences.add("the grid's keys: " + hk + " there, " + nk + " now");
                h.remove("vary");
                n.remove("vary");
            }
            h.remove("repeats");
            n.remove("repeats");
            differences.addAll(differences("experiments." + i, h, n));
        }
        return differences;
    }

    /** The run names experiment.json lists, in order: every run any command on this folder planned. */
    public List<String> recordedRuns() throws IOException {
        List<String> runs = new ArrayList<>();
        readJson(root.resolve(DEFINITION)).path("runs").forEach(r -> runs.add(r.asText()));
        return runs;
    }

    /** The shard count experiment.json records, or 0. */
    public int recordedShards() throws IOException {
        return readJson(root.resolve(DEFINITION)).path("shards").asInt(0);
    }

    /** The shard that trains each run of the sharded plan (its index there, mod the shard count); empty when the folder is not sharded. */
    public Map<String, Integer> shardOwners() throws IOException {
        JsonNode definition = readJson(root.resolve(DEFINITION));
        int shards = definition.path("shards").asInt(0), k = 0;
        Map<String, Integer> owners = new java.util.HashMap<>();
        if (shards > 0) for (JsonNode run : definition.path("shard_plan")) owners.putIfAbsent(run.asText(), k++ % shards);
        return owners;
    }

    /** Something done while no other command records or checks a plan here: the shards' table writes. */
    public interface Locked {
        void run() throws IOException;
    }

    public void whilePlanLocked(Locked action) throws IOException {
        try (LockFile ignored = LockFile.acquire(root.resolve(PLAN_LOCK))) {
            action.run();
        }
    }

    /** Staging folders of runs that were being written when an earlier command was interrupted. */
    public void removeInterruptedWrites() throws IOException {
        removeInterruptedWrites(null);
    }

    /** The same for the runs named in {@code own} only (null: all), so a shard leaves the others' writes alone. */
    public void removeInterruptedWrites(java.util.Collection<String> own) throws IOException {
        try (Stream<Path> entries = Files.list(root.resolve(RUNS))) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".")) continue;
                if (own == null || own.stream().anyMatch(run -> name.startsWith("." + run + "."))) AtomicFiles.deleteRecursively(p);
            }
        }
    }

    /** What is wrong with the folder of run {@code name} by the files it recorded ({@link RunFolder#damage}); empty when none or no folder. */
    public Optional<String> damage(String name) throws IOException {
        Path folder = root.resolve(RUNS).resolve(name);
        return Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? RunFolder.damage(folder) : Optional.empty();
    }

    /**
     * The result of run {@code name} when its folder is whole: empty when it is not finished, is
     * damaged (its own command trains it again) or vanished meanwhile (its shard set it aside).
     */
    public Optional<RunResult> intact(String name) throws IOException {
        try {
            return damage(name).isPresent() ? Optional.empty() : finished(name);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Moves {@code runs/NAME} (a run folder, or a run's {@code NAME.unfinished}) out of the way, to
     * {@code NAME.damaged} (or {@code NAME.damaged-2}, ...), and returns where.
     */
    public Path setAside(String name) throws IOException {
        Path folder = root.resolve(RUNS).resolve(name);
        Path aside = AtomicFiles.unusedSibling(folder, ".damaged");
        Files.move(folder, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return aside;
    }

    /**
     * The result of {@code run} when its folder is already there. Run folders appear whole (they are
     * renamed into place), so an existing folder is a finished run; one made with other settings is
     * refused rather than mixed in.
     */
    public Optional<RunResult> finished(PlannedRun run) throws IOException {
        Path folder = runFolder(run);
        if (!Files.isDirectory(folder)) return Optional.empty();
        Path configFile = folder.resolve(RunFolder.CONFIG);
        Path metricsFile = folder.resolve(RunFolder.METRICS);
        if (!Files.isRegularFile(configFile) || !Files.isRegularFile(metricsFile)) {
            throw new ExperimentFolderException(folder + " is not a complete run folder (no " + RunFolder.CONFIG + " or "
                    + RunFolder.METRICS + "); delete it and run the command again to redo the run");
        }
        JsonNode config = readJson(configFile);
        if (!config.path("run").isObject()) {
            throw new ExperimentFolderException(configFile + " has no 'run' section: it was written by an older snnloc, whose run "
                    + "descriptions this version does not read; choose another --out (or delete " + folder + " to redo the run)");
        }
        List<String> differences = differences("run", config.get("run"), Json.tree(run.spec()));
        if (!differences.isEmpty()) {
            throw new ExperimentFolderException(folder + " holds a run with other settings (" + summarise(differences)
                    + "); delete it to redo the run, or choose another --out");
        }
        JsonNode metrics = metrics(folder);
        return Optional.of(new RunResult(run.name(), run.experiment(), run.condition(), run.values(), run.repeat(),
                run.spec().seeds().seed(), Grid.settingsHash(run.spec()), metrics.get("epochs_run").asInt(), metrics.get("early_stopped").asBoolean(),
                metrics.get("train_accuracy").asDouble(), metrics.get("test_accuracy").asDouble(),
                metrics.get("test_mae_deg").asDouble(), metrics.get("wall_seconds").asDouble(),
                config.path("backend").asText("unknown")));
    }

    /** A finished run's metrics.json, with the values runs.csv takes from it, each of its type. */
    private static JsonNode metrics(Path folder) throws IOException {
        Path file = folder.resolve(RunFolder.METRICS);
        JsonNode metrics = readJson(file);
        for (String key : List.of("epochs_run", "early_stopped", "train_accuracy", "test_accuracy", "test_mae_deg", "wall_seconds")) {
            JsonNode value = metrics.get(key);
            boolean fits = value != null && (key.equals("early_stopped") ? value.isBoolean() : key.equals("epochs_run") ? value.canConvertToInt()
                    && value.isIntegralNumber() : value.isNumber());
            if (!fits) {
                throw new ExperimentFolderException(file + (value == null ? " has no '" + key + "'" : "'s '" + key + "' is " + shorten(value))
                        + "; delete " + folder + " to redo the run");
            }
        }
        return metrics;
    }

    /**
     * The result of a finished run known only by name (planned by an earlier command on this
     * folder), from its own config.json and metrics.json; empty when it has not finished.
     */
    public Optional<RunResult> finished(String name) throws IOException {
        Path folder = root.resolve(RUNS).resolve(name);
        if (!Files.isDirectory(folder)) return Optional.empty();
        RunConfig config;
        try {
            config = RunConfig.read(folder.resolve(RunFolder.CONFIG));
        } catch (IOException | RuntimeException e) {
            throw new ExperimentFolderException(folder.resolve(RunFolder.CONFIG) + " is not a run description ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "); delete " + folder + " to redo the run");
        }
        RunConfig.Placement place = config.experiment();
        if (place == null) throw new ExperimentFolderException(folder + " is not a run of an experiment (its config.json has no placement)");
        JsonNode metrics = metrics(folder);
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        if (place.values() != null) place.values().forEach((k, v) -> values.put(k, v instanceof Integer i ? (Object) i.longValue() : v));
        return Optional.of(new RunResult(name, place.experiment(), place.condition(), values, place.repeat(), config.run().seeds().seed(),
                place.settingsHash(), metrics.path("epochs_run").asInt(), metrics.path("early_stopped").asBoolean(),
                metrics.path("train_accuracy").asDouble(), metrics.path("test_accuracy").asDouble(), metrics.path("test_mae_deg").asDouble(),
                metrics.path("wall_seconds").asDouble(), config.backend()));
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }

    /**
     * A value as it reads back from its JSON text, so that it compares equal to a parsed file
     * (a long 0 and a parsed int 0 are different node types).
     */
    private static JsonNode asParsed(Object value) throws IOException {
        return Json.mapper().readTree(Json.toString(value));
    }

    private static JsonNode readJson(Path file) throws IOException {
        try {
            return Json.read(file);
        } catch (IOException e) {
            throw new ExperimentFolderException(file + " cannot be read as JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** Every leaf where two JSON trees differ, as {@code path: had there, wanted now}. */
    public static List<String> differences(String path, JsonNode had, JsonNode wanted) {
        List<String> out = new ArrayList<>();
        if (had != null && wanted != null && had.isObject() && wanted.isObject()) {
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            wanted.fieldNames().forEachRemaining(keys::add);
            had.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) out.addAll(differences(path.isEmpty() ? key : path + "." + key, had.get(key), wanted.get(key)));
        } else if (had == null || wanted == null || !had.equals(wanted)) {
            out.add(path + ": " + shorten(had) + " there, " + shorten(wanted) + " now");
        }
        return out;
    }

    private static String summarise(List<String> differences) {
        int shown = Math.min(3, differences.size());
        String text = String.join("; ", differences.subList(0, shown));
        return differences.size() > shown ? text + "; and " + (differences.size() - shown) + " more" : text;
    }

    private static String shorten(JsonNode node) {
        if (node == null) return "nothing";
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    private static boolean isNonEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isPresent();
        }
    }

    /** The folder does not fit the command (other settings, in use, not an experiment folder): invalid input. */
    public static final class ExperimentFolderException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public ExperimentFolderException(String message) {
            super(message);
        }
    }
}
